// The Worker module without a Workers runtime: it refuses a file database and a missing key with a
// clear message, and answers /health and a missing token without touching the database.
import { expect, it } from 'vitest';
import worker from '@backend/worker';
import { newEncryptionKey } from '@backend/crypto';

const env = () => ({ DATABASE_URL: 'libsql://modhi-test.example.turso.io', DATABASE_AUTH_TOKEN: 'test-token', ENCRYPTION_KEY: newEncryptionKey() });

it('serves without touching the database until it must, and refuses edge-unfit configuration', async () => {
  const e = env();
  const first = await worker.fetch(new Request('https://inkasso.example/health'), e);
  expect(await first.json()).toEqual({ ok: true });
  const unauthorized = await worker.fetch(new Request('https://inkasso.example/api/v1/me'), e);
  expect(unauthorized.status).toBe(401);
  expect(() => worker.fetch(new Request('https://inkasso.example/health'), { ...env(), DATABASE_URL: 'file:data/modhi.db' })).toThrow(/DATABASE_URL/);
  expect(() => worker.fetch(new Request('https://inkasso.example/health'), { DATABASE_URL: 'libsql://x.example' })).toThrow(/ENCRYPTION_KEY/);
  expect(() => worker.fetch(new Request('https://inkasso.example/health'), { ...env(), PORT: 'x' })).toThrow(/PORT/);
});
