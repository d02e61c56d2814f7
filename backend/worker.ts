// The same app as a Cloudflare Workers module, on a remote libsql database (Turso):
// - fetch: createApp(deps), refused with a 503 JSON error while the database schema is behind the
//   migrations bundled with this release (they are applied by the deploy step, drizzle-kit migrate);
// - scheduled: the daily run. Workers' cron is UTC, so wrangler.jsonc fires at 04:00 and 05:00 UTC
//   and only the one that is 06:xx in Europe/Oslo (CEST: 04:00 UTC, CET: 05:00 UTC) goes on: it
//   sends one queue message per active creditor;
// - queue: each message is one creditor's daily job (runCreditorDaily, the same function Node's
//   runDaily calls), acked when done and retried by the queue when it failed;
// - GoRateLimitObject: the Durable Object holding Go's 10 requests/s per subscription key for every
//   isolate of the agency.
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { osloDate, systemClock } from '@shared/clock';
import { isBookDate } from '@shared/dates';
import * as schema from './db/schema';
import type { Db } from './db/client';
import journal from './db/migrations/meta/_journal.json';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { parseEnv } from './env';
import { jsonLogger } from './http/log';
import { buildConfig } from './config';
import { goClientFactory } from './integrations/poweroffice/factory';
import { DurableRateLimit, type RateLimitNamespace } from './integrations/poweroffice/rate-limit';
import { dailyCreditorIds, runCreditorDaily } from './modules/daily/service';

export { GoRateLimitObject } from './integrations/poweroffice/rate-limit';

/** The parts of the Workers bindings this module uses (no dependency on workers-types). */
export type DailyMessage = { creditorId: string; date: string };
type QueueProducer = { sendBatch(messages: { body: DailyMessage }[]): Promise<unknown> };
type QueueMessage = { id: string; body: unknown; attempts: number; ack(): void; retry(options?: { delaySeconds?: number }): void };
type MessageBatch = { queue: string; messages: readonly QueueMessage[] };
type ExecutionContext = { waitUntil(p: Promise<unknown>): void };
type ScheduledController = { scheduledTime: number; cron: string };

export type WorkerEnv = {
  [variable: string]: unknown;
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  ENCRYPTION_KEY?: string;
  DAILY_QUEUE?: QueueProducer;
  GO_RATE_LIMIT?: RateLimitNamespace;
};

class ConfigError extends Error {}

const jsonError = (status: number, code: string, message: string, fields: Record<string, string> = {}) =>
  Response.json({ error: { code, message, fields } }, { status });

type Built = { deps: AppDeps; app: ReturnType<typeof createApp>; schema: SchemaGate };

function build(env: WorkerEnv): Built {
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') strings[k] = v;
  const parsed = parseEnv(strings);
  if (!parsed.ok) throw new ConfigError(parsed.message);
  const e = parsed.env;
  if (!e.ENCRYPTION_KEY) throw new ConfigError('ENCRYPTION_KEY må være satt på edge / must be set on the edge (wrangler secret put ENCRYPTION_KEY)');
  if (!/^(libsql|https?):\/\//.test(e.DATABASE_URL)) throw new ConfigError('DATABASE_URL må være en libsql://-adresse (Turso) / must be a remote libsql URL (libsql://…, https://…), not a file');
  if (!env.GO_RATE_LIMIT) throw new ConfigError('Durable Object-bindingen GO_RATE_LIMIT mangler / the GO_RATE_LIMIT binding is missing');
  const client = createClient({ url: e.DATABASE_URL, ...(env.DATABASE_AUTH_TOKEN ? { authToken: env.DATABASE_AUTH_TOKEN } : {}) });
  const db = drizzle(client, { schema }) as unknown as Db;
  const clock = systemClock;
  const config = buildConfig(e, 'https://inkasso.modhi.example');
  const deps: AppDeps = {
    db,
    clock,
    secrets: { encryptionKey: e.ENCRYPTION_KEY },
    config: config.app,
    goClientFor: goClientFactory({ ...config.go, encryptionKey: e.ENCRYPTION_KEY, clock, limiter: new DurableRateLimit(env.GO_RATE_LIMIT) }),
    // Cloudflare sets CF-Connecting-IP itself; a client cannot.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    log: jsonLogger((line) => console.log(line), clock),
  };
  return { deps, app: createApp(deps), schema: new SchemaGate(db) };
}

// One app per isolate and env binding: the database client, Go token cache and schema check then
// live across requests instead of being rebuilt for each.
const built = new WeakMap<WorkerEnv, Built>();
function builtFor(env: WorkerEnv): Built {
  let entry = built.get(env);
  if (!entry) {
    entry = build(env);
    built.set(env, entry);
  }
  return entry;
}

/** The newest migration this bundle was built with: drizzle's migrator records each applied one in
 *  `__drizzle_migrations` with created_at = the journal's `when`, so the database is behind while
 *  its newest created_at is older than the bundle's newest `when`. */
export const bundledMigrations = { count: journal.entries.length, latest: Math.max(...journal.entries.map((e) => e.when)) };

export type SchemaState = { ok: true } | { ok: false; applied: number; expected: number };

export async function schemaState(db: Db): Promise<SchemaState> {
  let applied = 0;
  let latest = 0;
  try {
    const [row] = await db.all<{ n: number; latest: number | string | null }>(sql`select count(*) as n, max(created_at) as latest from __drizzle_migrations`);
    applied = Number(row?.n ?? 0);
    latest = Number(row?.latest ?? 0);
  } catch (e) {
    if (!/no such table/i.test(e instanceof Error ? `${e.message} ${String(e.cause ?? '')}` : String(e))) throw e;
  }
  return latest >= bundledMigrations.latest ? { ok: true } : { ok: false, applied, expected: bundledMigrations.count };
}

/** Checks the schema once per isolate while it is current; while it is behind, again at most every
 *  5 s, so the worker serves again soon after the deploy step has migrated. */
class SchemaGate {
  private current = false;
  private last: { at: number; state: SchemaState } | null = null;
  constructor(private readonly db: Db) {}
  async check(): Promise<SchemaState> {
    if (this.current) return { ok: true };
    const now = performance.now();
    if (this.last && now - this.last.at < 5_000) return this.last.state;
    const state = await schemaState(this.db);
    this.current = state.ok;
    this.last = { at: now, state };
    return state;
  }
}

function schemaBehind(state: Extract<SchemaState, { ok: false }>): Response {
  return jsonError(
    503,
    'schema_behind',
    `Databasen er ikke migrert til denne versjonen (${state.applied} av ${state.expected} migreringer); kjør «npm run db:migrate» / The database schema is behind this release (${state.applied} of ${state.expected} migrations): run the deploy's drizzle-kit migrate`,
    { database: 'schema_behind' },
  );
}

/** True when `at` is in the 06:00 hour of Europe/Oslo: the one of the two UTC crons that belongs to
 *  the Oslo morning (04:00 UTC in summer time, 05:00 UTC in winter time). */
export function isOsloDailyHour(at: Date): boolean {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' }).format(at);
  return hour === '06';
}

const dailyMessage = z.object({ creditorId: z.string().min(1), date: z.string().refine(isBookDate, 'YYYY-MM-DD') });

/** Sends the day's jobs, one message per active creditor, in batches of 100 (the queue's limit). */
export async function enqueueDaily(deps: AppDeps, queue: QueueProducer, date: string): Promise<number> {
  const ids = await dailyCreditorIds(deps, date);
  for (let i = 0; i < ids.length; i += 100) await queue.sendBatch(ids.slice(i, i + 100).map((creditorId) => ({ body: { creditorId, date } })));
  deps.log?.('daily.enqueued', { date, creditors: ids.length });
  return ids.length;
}

/** Backoff for a failed job: 30 s, 60 s, 120 s, … at most 10 min (the queue's max_retries ends it). */
const retryDelaySeconds = (attempts: number) => Math.min(600, 30 * 2 ** Math.max(0, attempts - 1));

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    let entry: Built;
    try {
      entry = builtFor(env);
    } catch (e) {
      if (e instanceof ConfigError) return jsonError(503, 'config_invalid', e.message);
      throw e;
    }
    let state: SchemaState;
    try {
      state = await entry.schema.check();
    } catch (e) {
      entry.deps.log?.('schema.check_failed', { message: e instanceof Error ? e.message : String(e) });
      return jsonError(503, 'database_unavailable', 'Databasen svarer ikke / the database does not answer');
    }
    if (!state.ok) return schemaBehind(state);
    return entry.app.fetch(request);
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const at = new Date(controller.scheduledTime);
    if (!isOsloDailyHour(at)) return; // the other of the two UTC crons: not 06:xx in Oslo today
    const { deps, schema: gate } = builtFor(env);
    if (!env.DAILY_QUEUE) throw new ConfigError('Kø-bindingen DAILY_QUEUE mangler / the DAILY_QUEUE binding is missing');
    const state = await gate.check();
    if (!state.ok) throw new Error(`daily run not started: database schema behind (${state.applied} of ${state.expected} migrations)`);
    ctx.waitUntil(enqueueDaily(deps, env.DAILY_QUEUE, osloDate(at)));
  },

  async queue(batch: MessageBatch, env: WorkerEnv): Promise<void> {
    const { deps, schema: gate } = builtFor(env);
    const state = await gate.check();
    for (const message of batch.messages) {
      if (!state.ok) {
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
        continue;
      }
      const body = dailyMessage.safeParse(message.body);
      if (!body.success) {
        deps.log?.('daily.bad_message', { id: message.id });
        message.ack(); // a malformed message never becomes valid by retrying
        continue;
      }
      try {
        const result = await runCreditorDaily(deps, body.data.creditorId, body.data.date);
        deps.log?.('daily.creditor', { ...result, attempts: message.attempts });
        if (result.ok) message.ack();
        else message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      } catch (e) {
        deps.log?.('daily.error', { creditorId: body.data.creditorId, message: e instanceof Error ? e.message : String(e) });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  },
};
