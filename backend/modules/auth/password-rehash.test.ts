// A user whose hash is of the first scheme (one PBKDF2 call, which Cloudflare Workers refuse above
// 100 000 iterations) logs in as before, and the login replaces the hash with the chained scheme;
// a wrong password changes nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { b64 } from '@backend/crypto';
import { users } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
beforeAll(async () => {
  t = await makeTestBackend();
});
afterAll(async () => t.close());

async function legacyHash(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  return `pbkdf2$${iterations}$${b64(salt)}$${b64(new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256)))}`;
}

const storedHash = async () => (await t.db.select({ h: users.passwordHash }).from(users).where(eq(users.email, 'demo@regnskap.example')))[0]!.h;

it('logs in with a hash of the first scheme and replaces it with the chained one', async () => {
  const old = await legacyHash('demo', 210_000);
  await t.db.update(users).set({ passwordHash: old }).where(eq(users.email, 'demo@regnskap.example'));
  const wrong = await t.request('POST', '/api/v1/auth/login', { body: { email: 'demo@regnskap.example', password: 'feil' } });
  expect(wrong.status).toBe(401);
  expect(await storedHash()).toBe(old);
  await t.login();
  const now = await storedHash();
  expect(now).toMatch(/^pbkdf2-sha256\$6x100000\$/);
  await t.login(); // the new hash verifies
  expect(await storedHash()).toBe(now);
});
