// The backend as it runs on Node: configuration checked before anything starts, the server over
// loopback HTTP against the sandbox, CORS for the extension only, and the demo seed (idempotent,
// keys encrypted at rest).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@shared/clock';
import { corsOriginsFrom, parseEnv } from '@backend/env';
import { chromeExtensionId } from '@shared/extension-id';
import { devKeyFile, encryptionKey, startBackend } from '@backend/node';
import { newEncryptionKey } from '@backend/crypto';
import { auditLog, creditors, firms, users } from '@backend/db/schema';
import { seedDemo } from '@backend/seed';
import { startSandbox, type RunningSandbox } from '../../../sandbox/node';
import type { Credentials } from '../../helpers/sandbox';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const parsed = parseEnv({});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.env).toMatchObject({ PORT: 8787, DATABASE_URL: 'file:data/modhi.db', DEMO_EMAIL: 'demo@regnskap.example', COMMISSION_BP: 1000, COMMISSION_MIN_ORE: 5000, INTEREST_RATE_OVERRIDES: {} });
  });

  it('reads rate overrides and names every bad variable', () => {
    const good = parseEnv({ INTEREST_RATE_OVERRIDES: '2026H2=12.0, 2027H1=12.75' });
    expect(good.ok && good.env.INTEREST_RATE_OVERRIDES).toEqual({ '2026H2': 12, '2027H1': 12.75 });
    const bad = parseEnv({ PORT: 'abc', ENCRYPTION_KEY: btoa('too short'), INTEREST_RATE_OVERRIDES: '2026=12', GO_V2_URL: 'not a url', COMMISSION_BP: '-1' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    for (const name of ['PORT', 'ENCRYPTION_KEY', 'INTEREST_RATE_OVERRIDES', 'GO_V2_URL', 'COMMISSION_BP']) expect(bad.message).toContain(name);
    expect(bad.message).not.toContain('too short');
  });

  it('stops the Node entry point with exit code 1 and a message naming the variable', () => {
    const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'backend/node.ts'], {
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'file:/nonexistent/never-opened.db' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/PORT/);
  }, 70_000);
});

describe('encryption key', () => {
  const devEnv = (db = 'file:/nonexistent/modhi.db') => {
    const parsed = parseEnv({ NODE_ENV: 'development', DATABASE_URL: db });
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.env;
  };

  it('a production start without ENCRYPTION_KEY fails with a message saying what to set', () => {
    const parsed = parseEnv({ NODE_ENV: 'production' });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(() => encryptionKey(parsed.env, {})).toThrow(/ENCRYPTION_KEY.*produksjon|production/);
    const given = newEncryptionKey();
    expect(encryptionKey({ ...parsed.env, ENCRYPTION_KEY: given }, {})).toBe(given);
  });

  it('stops the production Node entry point with exit code 1 when the key is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'modhi-prod-'));
    try {
      const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'backend/node.ts'], {
        env: { ...process.env, NODE_ENV: 'production', ENCRYPTION_KEY: '', PORT: '0', DATABASE_URL: `file:${join(dir, 'never.db')}`, XDG_CONFIG_HOME: dir },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/ENCRYPTION_KEY/);
      expect(existsSync(join(dir, 'never.db'))).toBe(false); // stopped before the database was opened
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 70_000);

  it('in development keeps the generated key in the user’s config directory, never beside the database', () => {
    const home = mkdtempSync(join(tmpdir(), 'modhi-home-'));
    const notices: string[] = [];
    try {
      const vars = { XDG_CONFIG_HOME: join(home, 'config'), HOME: home };
      const key = encryptionKey(devEnv(), vars, (n) => notices.push(n));
      const file = devKeyFile(vars);
      expect(file).toBe(join(home, 'config', 'modhi-inkasso', 'dev-encryption.key'));
      expect(readFileSync(file, 'utf8')).toBe(key);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(atob(key)).toHaveLength(32);
      expect(notices.join('')).toContain(file);
      expect(readdirSync(home)).toEqual(['config']); // nothing but the config directory
      // The same key on the next start, without a notice.
      expect(encryptionKey(devEnv(), vars, (n) => notices.push(n))).toBe(key);
      expect(notices).toHaveLength(1);
      // Without XDG_CONFIG_HOME: ~/.config.
      expect(devKeyFile({ HOME: home })).toBe(join(home, '.config', 'modhi-inkasso', 'dev-encryption.key'));
      // A key an older version left beside the database moves to the config directory.
      const old = { XDG_CONFIG_HOME: join(home, 'config2'), HOME: home };
      mkdirSync(join(home, 'data'));
      const legacyKey = newEncryptionKey();
      writeFileSync(join(home, 'data', 'encryption.key'), legacyKey);
      expect(encryptionKey(devEnv(`file:${join(home, 'data', 'modhi.db')}`), old, () => {})).toBe(legacyKey);
      expect(existsSync(join(home, 'data', 'encryption.key'))).toBe(false);
      expect(readFileSync(devKeyFile(old), 'utf8')).toBe(legacyKey);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('logs of the Node process', () => {
  it('node backend/node.ts writes one JSON line per event on stdout (requests with id, route, status, ms), no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modhi-log-'));
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'backend/node.ts'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', DATABASE_URL: `file:${join(dir, 'modhi.db')}`, ENCRYPTION_KEY: newEncryptionKey() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    try {
      const started = performance.now();
      while (!out.includes('backend.started')) {
        if (performance.now() - started > 60_000 || child.exitCode !== null) throw new Error(`no start line: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const url = (JSON.parse(out.split('\n').find((l) => l.includes('backend.started'))!) as { url: string }).url;
      await fetch(`${url}/health`);
      await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@example.no', password: 'hunter2-process-secret' }) });
      await fetch(`${url}/api/v1/me`, { headers: { authorization: 'Bearer sekret-process-token' } });
      while (out.split('\n').filter((l) => l.includes('http.request')).length < 3) await new Promise((r) => setTimeout(r, 20));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
    const lines = out.split('\n').filter(Boolean);
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>); // every line is JSON
    for (const e of events) expect(e).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), at: expect.any(String), event: expect.any(String) });
    const requests = events.filter((e) => e['event'] === 'http.request');
    expect(requests.map((e) => [e['route'], e['status']])).toEqual([['/health', 200], ['/api/v1/auth/login', 401], ['/api/v1/me', 401]]);
    for (const r of requests) expect(r).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), durationMs: expect.any(Number), method: expect.any(String) });
    expect(out).not.toContain('hunter2-process-secret');
    expect(out).not.toContain('sekret-process-token');
  }, 90_000);
});

describe('on Node over loopback', () => {
  let sandbox: RunningSandbox;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let creds: Credentials;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ today: '2026-11-28' });
    creds = (await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as Credentials;
    dir = mkdtempSync(join(tmpdir(), 'modhi-node-'));
    const parsed = parseEnv({ DATABASE_URL: `file:${join(dir, 'modhi.db')}`, ENCRYPTION_KEY: newEncryptionKey(), GO_API_URL: `${sandbox.url}/`, GO_V2_URL: `${sandbox.url}/v2` });
    if (!parsed.ok) throw new Error(parsed.message);
    backend = await startBackend({ ...parsed.env, PORT: 0 }, { clock: fixedClock('2026-11-28T08:00:00Z'), log: () => {} });
  });
  afterAll(async () => {
    await backend?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seedInput = () => {
    const conecto = creds.clients.find((c) => c.name === 'Conecto AS')!;
    return { demoEmail: 'Demo@Regnskap.example', demoPassword: 'demo', passwordIterations: 1000, creditors: [{ name: conecto.name, orgNo: conecto.orgNo, clientKey: conecto.clientKey!, firm: 'demo' as const }] };
  };

  it('seeds once however often it runs, with the client key encrypted', async () => {
    const first = await seedDemo(backend.deps, seedInput());
    const second = await seedDemo(backend.deps, seedInput());
    expect(second).toEqual(first);
    // Two accounting firms and the agency's own organisation, whose one user is of the agency kind.
    expect(await backend.deps.db.$count(firms)).toBe(3);
    expect((await backend.deps.db.select().from(users)).map((u) => [u.email, u.kind, u.roles]).sort()).toEqual([
      ['annen@regnskap.example', 'firm', ['accountant']],
      ['demo@regnskap.example', 'firm', ['accountant']],
      ['drift@modhi.example', 'agency', ['operations']],
    ]);
    const rows = await backend.deps.db.select().from(creditors).orderBy(creditors.name);
    // Conecto from Go for the demo firm; the other firm's own creditor, still onboarding.
    expect(rows.map((r) => [r.name, r.status])).toEqual([['Conecto AS', 'active'], ['Nordlys Bygg AS', 'pending']]);
    expect(rows[1]!.goClientKeyEnc).toBeNull();
    expect(rows[0]!.goClientKeyEnc).not.toContain(seedInput().creditors[0]!.clientKey);
    expect(rows[0]!.accounts).toMatchObject({ bank: '1920', customerLedger: '1500', interestIncome: '8055', commission: '6790', collectionFee: '7790', inputVat: '2710' });
  });

  it('serves health, login and a sync over HTTP, and audit-logs the writes without secrets', async () => {
    expect(await (await fetch(`${backend.url}/health`)).json()).toEqual({ ok: true });
    const login = await fetch(`${backend.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo@regnskap.example', password: 'demo' }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const auth = { authorization: `Bearer ${token}` };
    const list = (await (await fetch(`${backend.url}/api/v1/creditors`, { headers: auth })).json()) as { items: { id: string }[] };
    expect(list.items).toHaveLength(1);
    const sync = await fetch(`${backend.url}/api/v1/creditors/${list.items[0]!.id}/sync`, { method: 'POST', headers: auth });
    const run = (await sync.json()) as { ok: boolean; casesCreated: number };
    expect(sync.status).toBe(200);
    expect(run.ok).toBe(true);
    expect(run.casesCreated).toBeGreaterThan(0);
    const entries = await backend.deps.db.select().from(auditLog);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['login', 'sync.manual']));
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(seedInput().creditors[0]!.clientKey);
  });

  it('answers CORS only for our extension’s id and Go’s origin; any other extension gets no CORS headers', async () => {
    const preflight = (origin: string, url = backend.url) =>
      fetch(`${url}/api/v1/me`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    for (const origin of [`chrome-extension://${chromeExtensionId}`, 'https://go.poweroffice.net']) {
      const r = await preflight(origin);
      expect(r.status).toBe(204);
      expect(r.headers.get('access-control-allow-origin')).toBe(origin);
      expect(r.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    }
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://4b1d0c5e-1111-4222-8333-944455556666', 'https://evil.example', 'https://go.poweroffice.net.evil.example', 'null']) {
      const r = await preflight(origin);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
      const get = await fetch(`${backend.url}/api/v1/me`, { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    }
    // The extension can read Retry-After on a 429.
    const limited = await fetch(`${backend.url}/api/v1/me`, { headers: { origin: `chrome-extension://${chromeExtensionId}` } });
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('allows exactly the configured extension ids (a Firefox install’s UUID, another Chrome id) when ALLOWED_EXTENSION_IDS is set', () => {
    const firefox = '4b1d0c5e-1111-4222-8333-944455556666';
    const parsed = parseEnv({ ALLOWED_EXTENSION_IDS: `abcdefghijklmnopabcdefghijklmnop, ${firefox}`, ALLOWED_ORIGINS: 'https://go.poweroffice.net' });
    expect(parsed.ok && corsOriginsFrom(parsed.env)).toEqual(['chrome-extension://abcdefghijklmnopabcdefghijklmnop', `moz-extension://${firefox}`, 'https://go.poweroffice.net']);
    const defaults = parseEnv({});
    expect(defaults.ok && corsOriginsFrom(defaults.env)).toEqual([`chrome-extension://${chromeExtensionId}`, 'https://go.poweroffice.net']);
    const bad = parseEnv({ ALLOWED_EXTENSION_IDS: 'chrome-extension://x' });
    expect(!bad.ok && bad.message).toContain('ALLOWED_EXTENSION_IDS');
  });

  it('refuses a body over 256 kB before parsing it', async () => {
    const big = JSON.stringify({ email: 'demo@regnskap.example', password: 'x'.repeat(300 * 1024) });
    const r = await fetch(`${backend.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: { code: string; fields: Record<string, string> } }).error).toMatchObject({ code: 'too_large', fields: { body: expect.any(String) } });
    // A body sent in chunks states no length: it is counted as it streams, and refused the same.
    const chunks = [big.slice(0, 100_000), big.slice(100_000, 200_000), big.slice(200_000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await fetch(`${backend.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    // A small body stated with its length passes the check and reaches the route.
    const small = await fetch(`${backend.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'demo@regnskap.example', password: 'wrong' }) });
    expect(small.status).toBe(401);
  });
});
