// The environment, read once at start-up and validated; a bad value stops the process with a
// message that names the variable.
import { z } from 'zod';

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

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
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
  COMMISSION_BP: z.coerce.number().int().min(0).max(10_000).default(1000),
  COMMISSION_MIN_ORE: z.coerce.number().int().min(0).default(5000),
  INTEREST_RATE_OVERRIDES: rateOverrides,
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): { ok: true; env: Env } | { ok: false; message: string } {
  const result = envSchema.safeParse(source);
  if (result.success) return { ok: true, env: result.data };
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  return { ok: false, message: `Ugyldig konfigurasjon / invalid configuration:\n${lines.join('\n')}` };
}
