// Node side of the workerd tests: the Go sandbox and the Hrana test server (Turso's stand-in) on
// loopback, the deploy step (drizzle-kit migrate over HTTP, as against Turso) and the demo seed
// written through the same HTTP protocol. What the tests inside workerd need is provided as "edge".
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { osloDate, systemClock } from '@shared/clock';
import * as schema from '@backend/db/schema';
import type { Db } from '@backend/db/client';
import type { AppDeps } from '@backend/deps';
import { newEncryptionKey } from '@backend/crypto';
import { goClientFactory } from '@backend/integrations/poweroffice/factory';
import { seedDemo } from '@backend/seed';
import { startSandbox } from '../../sandbox/node';
import { startHranaServer } from '../helpers/hrana-server';
import type { Credentials } from '../helpers/sandbox';

export type EdgeContext = {
  databaseUrl: string;
  authToken: string;
  encryptionKey: string;
  sandboxUrl: string;
  applicationKey: string;
  subscriptionKey: string;
  today: string;
  conectoId: string;
  delanteId: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    edge: EdgeContext;
  }
}

export default async function setup(project: TestProject) {
  const today = osloDate(systemClock.now());
  const sandbox = await startSandbox({ today });
  const creds = (await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as Credentials;
  const dir = mkdtempSync(join(tmpdir(), 'modhi-edge-'));
  const authToken = `test-${crypto.randomUUID()}`;
  const hrana = await startHranaServer({ file: join(dir, 'turso.db'), authToken });

  // The deploy step, as `npm run db:migrate` runs it against Turso.
  await promisify(execFile)(process.execPath, ['node_modules/drizzle-kit/bin.cjs', 'migrate', '--config', 'drizzle.deploy.config.ts'], {
    env: { ...process.env, DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: authToken },
  });

  const client = createClient({ url: hrana.url, authToken });
  const encryptionKey = newEncryptionKey();
  const clock = systemClock;
  const deps: AppDeps = {
    db: drizzle(client, { schema }) as Db,
    clock,
    secrets: { encryptionKey },
    config: { publicUrl: 'http://127.0.0.1:8787', defaultCommissionBp: 1000, defaultCommissionMinOre: 5000, interestRateOverrides: {} },
    goClientFor: goClientFactory({ apiUrl: sandbox.url, v2Url: `${sandbox.url}/v2`, applicationKey: creds.applicationKey, subscriptionKey: creds.subscriptionKey, encryptionKey, clock }),
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
  client.close();

  project.provide('edge', {
    databaseUrl: hrana.url, authToken, encryptionKey, sandboxUrl: sandbox.url, applicationKey: creds.applicationKey, subscriptionKey: creds.subscriptionKey, today,
    conectoId: seeded.creditorIds[conecto.orgNo]!, delanteId: seeded.creditorIds[delante.orgNo]!,
  });

  return async () => {
    await hrana.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
