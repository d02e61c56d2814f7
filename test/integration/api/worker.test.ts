// The Worker module without a Workers runtime (its tests in workerd are test/workers/): a bad or
// missing setting, binding or database is a 503 JSON error that names it, never a throw or a 500,
// and no secret is echoed. Nothing here leaves loopback (the database is a closed port).
import { expect, it } from 'vitest';
import worker from '@backend/worker';
import { newEncryptionKey } from '@backend/crypto';

const rateLimit = { idFromName: (n: string) => n, get: () => ({ fetch: async () => Response.json({ waitMs: 0 }) }) };
const env = () => ({ DATABASE_URL: 'http://127.0.0.1:1', DATABASE_AUTH_TOKEN: 'test-token-secret', ENCRYPTION_KEY: newEncryptionKey(), GO_RATE_LIMIT: rateLimit });

async function health(e: Record<string, unknown>) {
  const res = await worker.fetch(new Request('https://inkasso.example/health'), e);
  const text = await res.text();
  return { status: res.status, text, error: (JSON.parse(text) as { error: { code: string; message: string } }).error };
}

it('refuses edge-unfit configuration and an unreachable database with a 503 JSON error naming the cause', async () => {
  const down = await health(env());
  expect(down.status).toBe(503);
  expect(down.error.code).toBe('database_unavailable');
  expect(down.text).not.toContain('test-token-secret');
  for (const [e, name] of [
    [{ ...env(), DATABASE_URL: 'file:data/modhi.db' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'libsql://x.example', GO_RATE_LIMIT: rateLimit }, 'ENCRYPTION_KEY'],
    [{ ...env(), PORT: 'x' }, 'PORT'],
    [{ ...env(), GO_RATE_LIMIT: undefined }, 'GO_RATE_LIMIT'],
  ] as const) {
    const r = await health(e);
    expect(r.status).toBe(503);
    expect(r.error).toMatchObject({ code: 'config_invalid', message: expect.stringContaining(name) });
  }
});
