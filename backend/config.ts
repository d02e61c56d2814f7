// The backend's configuration, built once from the validated environment (env.ts) by both entries:
// node.ts (embedded database, croner) and worker.ts (Turso, cron + queue). Every URL is kept without
// a trailing slash, so the two runtimes build the same links and Go addresses from the same env.
import type { AppConfig } from './deps';
import { corsOriginsFrom, type Env } from './env';

/** What the Go client factory needs besides the encryption key and the clock. */
export type GoConfig = { apiUrl: string; v2Url: string; applicationKey: string; subscriptionKey: string };

export type BackendConfig = { app: AppConfig; go: GoConfig };

/** `https://x/` → `https://x`; `https://x/v2/` → `https://x/v2`. */
export function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The app's and the Go client's settings from the environment. `publicUrl` falls back to
 *  `fallbackPublicUrl` (Node: its own loopback address; the edge: the deployed host). */
export function buildConfig(env: Env, fallbackPublicUrl: string): BackendConfig {
  return {
    app: {
      publicUrl: normaliseUrl(env.PUBLIC_URL ?? fallbackPublicUrl),
      defaultCommissionBp: env.COMMISSION_BP,
      defaultCommissionMinOre: env.COMMISSION_MIN_ORE,
      interestRateOverrides: env.INTEREST_RATE_OVERRIDES,
      allowJobDate: env.ALLOW_JOB_DATE,
      corsOrigins: corsOriginsFrom(env),
      onboarding: { v2Url: normaliseUrl(env.GO_V2_URL), applicationKey: env.GO_APPLICATION_KEY, companyRegisterUrl: normaliseUrl(env.COMPANY_REGISTER_URL), subscriptionKey: env.GO_SUBSCRIPTION_KEY },
    },
    go: { apiUrl: normaliseUrl(env.GO_API_URL), v2Url: normaliseUrl(env.GO_V2_URL), applicationKey: env.GO_APPLICATION_KEY, subscriptionKey: env.GO_SUBSCRIPTION_KEY },
  };
}
