// The environment, read once at start-up and validated; a bad value stops the process with a
// message that names the variable.
import { z } from 'zod';
import { chromeExtensionId } from '@shared/extension-id';

const rateOverrides = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const out: Record<string, number> = {};
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(\d{4}H[12])=(\d{1,2}(?:\.\d{1,2})?)$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${part}" er ikke på formen 2026H2=12.0` });
        return z.NEVER;
      }
      out[m[1]!] = Number(m[2]);
    }
    return out;
  });

const flag = z.enum(['0', '1', 'true', 'false', '']).default('0').transform((v) => v === '1' || v === 'true');
const list = z.string().default('').transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean));

export const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787), // 0: any free port
  DATABASE_URL: z.string().min(1).default('file:data/modhi.db'),
  PUBLIC_URL: z.url().optional(),
  GO_API_URL: z.url().default('http://127.0.0.1:8788/'),
  GO_V2_URL: z.url().default('http://127.0.0.1:8788/v2'),
  GO_APPLICATION_KEY: z.string().min(1).default('6d6f6468-6900-4000-8000-000000000001'),
  COMPANY_REGISTER_URL: z.url().default('http://127.0.0.1:8788/enhetsregisteret/api/enheter'),
  GO_SUBSCRIPTION_KEY: z.string().min(1).default('modhi-sandbox-subscription-key'),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => {
      try {
        return atob(v).length === 32;
      } catch {
        return false;
      }
    }, 'må være 32 byte i base64 / must be 32 bytes, base64')
    .optional(),
  DEMO_EMAIL: z.email().default('demo@regnskap.example'),
  DEMO_PASSWORD: z.string().min(1).default('demo'),
  DEMO_OPERATIONS_EMAIL: z.email().default('drift@modhi.example'),
  /** Sandbox/demo only: lets operations run the daily job for another date. Refused otherwise. */
  ALLOW_JOB_DATE: flag,
  /** Browser extension ids allowed by CORS (Chrome ids and Firefox gecko ids); default: ours. */
  ALLOWED_EXTENSION_IDS: list.refine((ids) => ids.every((id) => /^[a-p]{32}$/.test(id) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)), 'Chrome-id (32 bokstaver a–p) eller Firefox-UUID, kommaseparert / Chrome id or Firefox UUID, comma-separated'),
  /** Web origins allowed by CORS besides the extension (Go's own pages). */
  ALLOWED_ORIGINS: z.string().default('https://go.poweroffice.net').transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean)),
  COMMISSION_BP: z.coerce.number().int().min(0).max(10_000).default(1000),
  COMMISSION_MIN_ORE: z.coerce.number().int().min(0).default(5000),
  INTEREST_RATE_OVERRIDES: rateOverrides,
});

export type Env = z.infer<typeof envSchema>;

/** The origins CORS allows: each configured extension id as its origin (a 32-letter a–p id is
 *  Chrome's, a UUID is a Firefox install's moz-extension host), default our Chrome extension's id,
 *  and the configured web origins. */
export function corsOriginsFrom(env: Pick<Env, 'ALLOWED_EXTENSION_IDS' | 'ALLOWED_ORIGINS'>): string[] {
  const ids = env.ALLOWED_EXTENSION_IDS.length ? env.ALLOWED_EXTENSION_IDS : [chromeExtensionId];
  return [...ids.map((id) => (/^[a-p]{32}$/.test(id) ? `chrome-extension://${id}` : `moz-extension://${id}`)), ...env.ALLOWED_ORIGINS];
}

export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: Env } | { ok: false; message: string } {
  const result = envSchema.safeParse(source);
  if (result.success) return { ok: true, env: result.data };
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  return { ok: false, message: `Ugyldig konfigurasjon / invalid configuration:\n${lines.join('\n')}` };
}
