// The backend on Node: embedded libsql file database (WAL, migrations at start), @hono/node-server,
// and the daily run at 06:00 Europe/Oslo with croner.
import { serve } from '@hono/node-server';
import { Cron } from 'croner';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '@shared/clock';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { parseEnv, type Env } from './env';
import { buildConfig } from './config';
import { openDatabase } from './node/db';
import { newEncryptionKey } from './crypto';
import { goClientFactory } from './poweroffice/factory';
import { runDaily } from './services/cases';

/** In development a key is generated once and kept under data/, with a notice. */
function encryptionKey(env: Env): string {
  if (env.ENCRYPTION_KEY) return env.ENCRYPTION_KEY;
  const file = 'data/encryption.key';
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync('data', { recursive: true });
  const key = newEncryptionKey();
  writeFileSync(file, key, { mode: 0o600 });
  console.log(`ENCRYPTION_KEY not set: generated a development key in ${file} (set ENCRYPTION_KEY in production)`);
  return key;
}

export async function startBackend(env: Env, options: { clock?: Clock; log?: AppDeps['log'] } = {}) {
  const clock = options.clock ?? systemClock;
  const { db, close: closeDb } = await openDatabase(env.DATABASE_URL);
  const key = encryptionKey(env);
  const config = buildConfig(env, `http://127.0.0.1:${env.PORT}`);
  const deps: AppDeps = {
    db,
    clock,
    secrets: { encryptionKey: key },
    config: config.app,
    // No limiter given: the process's one bucket per subscription key (rate-limit.ts).
    goClientFor: goClientFactory({ ...config.go, encryptionKey: key, clock }),
    log: options.log ?? ((event, detail) => console.log(JSON.stringify({ at: clock.now().toISOString(), event, ...detail }))),
  };
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const daily = new Cron('0 6 * * *', { timezone: 'Europe/Oslo', protect: true }, async () => {
    const result = await runDaily(deps);
    deps.log?.('daily.done', { date: result.date, creditors: result.creditors.length, failed: result.creditors.filter((c) => !c.ok).length });
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
  const backend = await startBackend(parsed.env);
  console.log(`Backend on ${backend.url} (API docs ${backend.url}/api/v1/docs)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void backend.close().then(() => process.exit(0)));
}
