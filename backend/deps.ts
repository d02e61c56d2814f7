// What createApp(deps) and every service is built from. Tests build these with a temp database,
// a fixed clock and a sandbox; node.ts and worker.ts build them from the validated env.
import type { Context } from 'hono';
import type { Clock } from '@shared/clock';
import type { Db } from './db/client';
import type { GoClient } from './integrations/poweroffice/client';
import type { AuthCacheOptions } from './http/auth-cache';

export type CreditorKeyRef = { id: string; goClientKeyEnc: string | null };

/** Builds a Go client for one creditor (decrypting its client key); one per creditor per run. */
export type GoClientFactory = (creditor: CreditorKeyRef) => Promise<GoClient>;

export type AppConfig = {
  /** Where the backend is reached, for links (externalCaseUrl, the case page). */
  publicUrl: string;
  /** Default commission agreement for new creditors: basis points of collected principal, minimum per payment. */
  defaultCommissionBp: number;
  defaultCommissionMinOre: number;
  /** Official forsinkelsesrente rows set by operations, overriding provisional ones: { "2026H2": 12.0 }. */
  interestRateOverrides: Record<string, number>;
  /** Sandbox/demo only (ALLOW_JOB_DATE=1): operations may run the daily job for another date. */
  allowJobDate?: boolean;
  /** Origins CORS answers (extension origins and Go's); default: our extension's Chrome id and Go. */
  corsOrigins?: string[];
  /** Registering a new creditor: Go's onboarding (v2) and the company register. */
  /** The agency's onboarding contact shown to existing customers with more than 10 open cases
   *  (default: the user guide's). */
  agencyOnboardingContact?: { name: string; email: string; phone: string };
  onboarding?: { v2Url: string; applicationKey: string; companyRegisterUrl: string; /** Ocp-Apim-Subscription-Key, which Go's onboarding needs too. */ subscriptionKey?: string };
};

export type Secrets = {
  /** 32-byte key (base64) for AES-GCM encryption of Go client keys at rest. */
  encryptionKey: string;
};

export type AppDeps = {
  db: Db;
  clock: Clock;
  goClientFor: GoClientFactory;
  secrets: Secrets;
  config: AppConfig;
  /** Test hooks to crash right before or after a write to Go (idempotency tests). */
  faults?: { beforeGoWrite?(op: string): void; afterGoWrite?(op: string): void };
  /** How long sessions and creditor access are remembered in memory (default 5 s; see http/auth-cache.ts). */
  authCache?: AuthCacheOptions;
  /** The client's address from a source the runtime vouches for (Node: the socket; Worker:
   *  CF-Connecting-IP), for the login limit per address. Without it every client is "unknown". */
  clientAddress?: (c: Context) => string | undefined;
  /** Self-registration's bot challenge (pluggable; none in tests and the demo): true lets the
   *  answer through. */
  registrationChallenge?: (answer: string | undefined, address: string) => Promise<boolean>;
  /** Structured log sink; never receives secrets. */
  log?: (event: string, detail?: Record<string, unknown>) => void;
};
