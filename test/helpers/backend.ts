// A backend for tests: temp-file libsql database, a movable clock, the real sandbox over HTTP, and
// the demo seed (demo firm with Conecto AS; another firm with Delante AS for isolation tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@shared/clock';
import { createApp, type AppOptions } from '@backend/app';
import type { AppDeps } from '@backend/deps';
import type { AuthCacheOptions } from '@backend/http/auth-cache';
import { openDatabase } from '@backend/node/db';
import { newEncryptionKey } from '@backend/crypto';
import { goClientFactory } from '@backend/integrations/poweroffice/factory';
import { defaultOperationsEmail as operationsEmail, seedDemo } from '@backend/seed';
import { startSandbox, type RunningSandbox } from '../../sandbox/node';
import { startCompanyRegister } from '../../sandbox/company-register/node';
import type { Credentials } from './sandbox';

export type TestBackend = Awaited<ReturnType<typeof makeTestBackend>>;

export async function makeTestBackend(opts: { today?: string; appOptions?: AppOptions; sandbox?: RunningSandbox; authCache?: AuthCacheOptions } = {}) {
  const today = opts.today ?? '2026-11-28';
  const clock = fixedClock(`${today}T09:00:00Z`);
  const sandbox = opts.sandbox ?? (await startSandbox({ today }));
  const creds = (await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as Credentials;
  const companyRegister = await startCompanyRegister();
  const dir = mkdtempSync(join(tmpdir(), 'modhi-test-'));
  const dbUrl = `file:${join(dir, 'test.db')}`;
  const { db, close: closeDb } = await openDatabase(dbUrl);
  const encryptionKey = newEncryptionKey();
  const logs: { event: string; detail?: Record<string, unknown> }[] = [];
  const deps: AppDeps = {
    db,
    clock,
    // app.request has no socket: tests say which client they are with this header (the real
    // resolvers are the socket on Node and CF-Connecting-IP on the Worker).
    clientAddress: (c) => c.req.header('x-test-client-address') ?? '192.0.2.1',
    secrets: { encryptionKey },
    config: { publicUrl: 'http://127.0.0.1:8787', defaultCommissionBp: 1000, defaultCommissionMinOre: 5000, interestRateOverrides: {},
      allowJobDate: true,
      onboarding: { v2Url: `${sandbox.url}/v2`, applicationKey: creds.applicationKey, companyRegisterUrl: companyRegister.lookupUrl, subscriptionKey: creds.subscriptionKey },
    },
    // Backoff and Retry-After waits are real but short in tests: the sandbox answers at once.
    goClientFor: goClientFactory({ apiUrl: `${sandbox.url}/`, v2Url: `${sandbox.url}/v2`, applicationKey: creds.applicationKey, subscriptionKey: creds.subscriptionKey, encryptionKey, clock, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) }),
    log: (event, detail) => logs.push({ event, ...(detail ? { detail } : {}) }),
    ...(opts.authCache ? { authCache: opts.authCache } : {}),
  };
  const conecto = creds.clients.find((c) => c.name === 'Conecto AS')!;
  const delante = creds.clients.find((c) => c.name === 'Delante AS')!;
  const seeded = await seedDemo(deps, {
    demoEmail: 'demo@regnskap.example',
    demoPassword: 'demo',
    passwordIterations: 1000,
    creditors: [
      { name: conecto.name, orgNo: conecto.orgNo, clientKey: conecto.clientKey!, firm: 'demo' },
      { name: delante.name, orgNo: delante.orgNo, clientKey: delante.clientKey!, firm: 'other' },
    ],
  });
  const app = createApp(deps, opts.appOptions);
  const request = async (method: string, path: string, o: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...o.headers, ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined || o.raw !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : o.raw !== undefined ? { body: o.raw } : {}),
    });
    const text = await res.text();
    let json: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  };
  const login = async (email = 'demo@regnskap.example', password = 'demo') => {
    const r = await request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (r.status !== 200) throw new Error(`login ${r.status}`);
    return r.body.token as string;
  };
  /** The agency's operations login (a different kind of account from the firms' users). */
  const loginOps = () => login(operationsEmail, 'demo');
  const control = async (path: string, body: unknown = {}, method = 'POST') => {
    const res = await fetch(`${sandbox.url}/_sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    app, deps, db, dbUrl, clock, sandbox, creds, companyRegister, logs, request, login, loginOps, control,
    conectoId: seeded.creditorIds[conecto.orgNo]!,
    delanteId: seeded.creditorIds[delante.orgNo]!,
    clientKeys: [conecto.clientKey!, delante.clientKey!],
    close: async () => {
      closeDb();
      if (!opts.sandbox) await sandbox.close();
      await companyRegister.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
