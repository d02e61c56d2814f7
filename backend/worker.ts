// The same app as a Cloudflare Workers module: fetch + the daily cron, with a remote libsql
// database (Turso). Migrations are applied by the deploy step (drizzle-kit migrate), not here.
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql';
import { systemClock } from '@shared/clock';
import * as schema from './db/schema';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { corsOriginsFrom, parseEnv } from './env';
import { jsonLogger } from './http/log';
import { goClientFactory } from './poweroffice/factory';
import { runDaily } from './services/cases';

type WorkerEnv = Record<string, string | undefined> & { DATABASE_AUTH_TOKEN?: string };

function depsFor(source: WorkerEnv): AppDeps {
  const parsed = parseEnv(source);
  if (!parsed.ok) throw new Error(parsed.message);
  const env = parsed.env;
  if (!env.ENCRYPTION_KEY) throw new Error('ENCRYPTION_KEY must be set on the edge');
  if (!/^(libsql|https?|wss?):\/\//.test(env.DATABASE_URL)) throw new Error('DATABASE_URL must be a remote libsql URL (libsql://…) on the edge, not a file');
  const client = createClient({ url: env.DATABASE_URL, ...(source.DATABASE_AUTH_TOKEN ? { authToken: source.DATABASE_AUTH_TOKEN } : {}) });
  const clock = systemClock;
  return {
    // Cloudflare sets CF-Connecting-IP itself; a client cannot.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    log: jsonLogger((line) => console.log(line), clock),
    db: drizzle(client, { schema }),
    clock,
    secrets: { encryptionKey: env.ENCRYPTION_KEY },
    config: { publicUrl: env.PUBLIC_URL ?? 'https://inkasso.modhi.example', defaultCommissionBp: env.COMMISSION_BP, defaultCommissionMinOre: env.COMMISSION_MIN_ORE, interestRateOverrides: env.INTEREST_RATE_OVERRIDES,
      allowJobDate: env.ALLOW_JOB_DATE, corsOrigins: corsOriginsFrom(env),
      onboarding: { v2Url: env.GO_V2_URL, applicationKey: env.GO_APPLICATION_KEY, companyRegisterUrl: env.COMPANY_REGISTER_URL, subscriptionKey: env.GO_SUBSCRIPTION_KEY },
    },
    goClientFor: goClientFactory({ apiUrl: env.GO_API_URL, v2Url: env.GO_V2_URL, applicationKey: env.GO_APPLICATION_KEY, subscriptionKey: env.GO_SUBSCRIPTION_KEY, encryptionKey: env.ENCRYPTION_KEY, clock }),
  };
}

// One app per isolate and env binding: the database client, Go token cache and the 10 requests/s
// limit then live across requests instead of being rebuilt for each.
const built = new WeakMap<WorkerEnv, { deps: AppDeps; app: ReturnType<typeof createApp> }>();
function appFor(env: WorkerEnv) {
  let entry = built.get(env);
  if (!entry) {
    const deps = depsFor(env);
    entry = { deps, app: createApp(deps) };
    built.set(env, entry);
  }
  return entry;
}

export default {
  fetch(request: Request, env: WorkerEnv): Response | Promise<Response> {
    return appFor(env).app.fetch(request);
  },
  async scheduled(_event: unknown, env: WorkerEnv, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<void> {
    // The cron trigger fires from 06:00 every few minutes; each run does only the creditors whose day
    // is not done yet, so the first does the day and the rest catch up what was held or failed.
    ctx.waitUntil(runDaily(appFor(env).deps, { pendingOnly: true }));
  },
};
