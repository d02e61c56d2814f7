// The backend on Node: embedded libsql file database (WAL, migrations at start), @hono/node-server,
// and the daily run from 06:00 Europe/Oslo with croner (then every 5 minutes, catching up creditors
// not done yet: one another run held, one that failed, one whose run crashed).
import { serve } from '@hono/node-server';
import { Cron } from 'croner';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '@shared/clock';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { parseEnv, type Env } from './env';
import { jsonLogger } from './http/log';
import { buildConfig } from './config';
import { openDatabase } from './node/db';
import { newEncryptionKey } from './crypto';
import { goClientFactory } from './integrations/poweroffice/factory';
import { runDaily } from './modules/daily/service';

/** Where a development key is kept: the user's config directory, never beside the database it
 *  protects (a copied data/ directory must not carry its own key). */
export function devKeyFile(vars: Record<string, string | undefined> = process.env): string {
  const base = vars['XDG_CONFIG_HOME'] || join(vars['HOME'] || homedir(), '.config');
  return join(base, 'modhi-inkasso', 'dev-encryption.key');
}

export class ConfigError extends Error {}

/** The key that encrypts Go client keys at rest. Production (NODE_ENV=production) must set
 *  ENCRYPTION_KEY; development generates one once in devKeyFile() with a notice (and moves a key an
 *  older version left beside the database there, so existing development databases still open). */
export function encryptionKey(env: Env, vars: Record<string, string | undefined> = process.env, notice: (text: string) => void = (t) => console.error(t)): string {
  if (env.ENCRYPTION_KEY) return env.ENCRYPTION_KEY;
  if (env.NODE_ENV === 'production') {
    throw new ConfigError('ENCRYPTION_KEY mangler: i produksjon (NODE_ENV=production) må ENCRYPTION_KEY settes til 32 tilfeldige byte i base64 (f.eks. `openssl rand -base64 32`) / ENCRYPTION_KEY is required in production: set it to 32 random bytes, base64');
  }
  const file = devKeyFile(vars);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Where an older version kept it: beside the database (data/encryption.key by default).
  const legacy = join(dirname(env.DATABASE_URL.replace(/^file:/, '')), 'encryption.key');
  const key = existsSync(legacy) ? readFileSync(legacy, 'utf8').trim() : newEncryptionKey();
  writeFileSync(file, key, { mode: 0o600 });
  if (existsSync(legacy)) rmSync(legacy);
  notice(`ENCRYPTION_KEY er ikke satt: utviklingsnøkkelen ligger i ${file} (sett ENCRYPTION_KEY i produksjon) / development key kept in ${file}`);
  return key;
}

/** The peer address of the socket, from @hono/node-server: the client address the login limit
 *  trusts on Node (a proxy in front should then be the only peer, and is one address). */
export function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export async function startBackend(env: Env, options: { clock?: Clock; log?: AppDeps['log'] } = {}) {
  const clock = options.clock ?? systemClock;
  const key = encryptionKey(env);
  const { db, close: closeDb } = await openDatabase(env.DATABASE_URL);
  const config = buildConfig(env, `http://127.0.0.1:${env.PORT}`);
  const deps: AppDeps = {
    clientAddress: socketAddress,
    db,
    clock,
    secrets: { encryptionKey: key },
    config: config.app,
    // No limiter given: the process's one bucket per subscription key (rate-limit.ts).
    goClientFor: goClientFactory({ ...config.go, encryptionKey: key, clock }),
    // One JSON line per event on stdout, secrets scrubbed (http/log.ts).
    log: options.log ?? jsonLogger((line) => process.stdout.write(`${line}\n`), clock),
  };
  const crashAt = process.env['CRASH_AT']; // crash-point tests: "op:before|after" kills this process there
  if (crashAt) deps.faults = { beforeGoWrite: (op) => void (crashAt === `${op}:before` && process.kill(process.pid, 'SIGKILL')), afterGoWrite: (op) => void (crashAt === `${op}:after` && process.kill(process.pid, 'SIGKILL')) };
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const daily = new Cron('*/5 6-23 * * *', { timezone: 'Europe/Oslo', protect: true }, async () => {
    const result = await runDaily(deps, { pendingOnly: true });
    if (result.creditors.length === 0) return;
    deps.log?.('daily.done', { date: result.date, creditors: result.creditors.length, failed: result.creditors.filter((c) => !c.ok).length, running: result.creditors.filter((c) => c.reason === 'running').length });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    deps,
    app,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      daily.stop();
      await new Promise<void>((r) => server.close(() => r()));
      closeDb();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(1);
  }
  const backend = await startBackend(parsed.env).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
  backend.deps.log?.('backend.started', { url: backend.url, docs: `${backend.url}/api/v1/docs` });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void backend.close().then(() => process.exit(0)));
}
