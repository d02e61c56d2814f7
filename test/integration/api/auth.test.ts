// Sessions and the login limit over time: a token expires after 30 days, five failures lock an
// email for 15 minutes (not other emails, not after the window), a success clears the count, and
// tokens are stored only as hashes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, sessions, users } from '@backend/db/schema';
import { sha256 } from '@backend/crypto';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
beforeAll(async () => {
  t = await makeTestBackend();
});
afterAll(async () => t.close());

const login = (email: string, password: string) => t.request('POST', '/api/v1/auth/login', { body: { email, password } });

it('stores only the token’s hash and expires the session after 30 days', async () => {
  t.clock.set('2026-11-28T09:00:00Z');
  const token = await t.login();
  const rows = await t.db.select().from(sessions);
  expect(rows.some((r) => r.tokenHash === token)).toBe(false);
  const hash = await sha256(token);
  expect(rows.some((r) => r.tokenHash === hash)).toBe(true);
  t.clock.set('2026-12-27T08:59:00Z');
  expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
  t.clock.set('2026-12-28T09:00:01Z');
  const expired = await t.request('GET', '/api/v1/me', { token });
  expect(expired.status).toBe(401);
  expect(expired.body.error.code).toBe('unauthorized');
  t.clock.set('2026-11-28T09:00:00Z');
});

it('locks one email for 15 minutes after five failures; a success resets the count', async () => {
  t.clock.set('2026-11-28T10:00:00Z');
  for (let i = 0; i < 4; i++) expect((await login('demo@regnskap.example', 'wrong')).status).toBe(401);
  expect((await login('DEMO@regnskap.example', 'demo')).status).toBe(200);
  for (let i = 0; i < 5; i++) expect((await login('demo@regnskap.example', 'wrong')).status).toBe(401);
  const locked = await login('demo@regnskap.example', 'demo');
  expect(locked.status).toBe(429);
  expect(Number(locked.headers.get('retry-after'))).toBe(15 * 60);
  expect(locked.body.error.code).toBe('rate_limited');
  // Another user is not locked out by someone guessing the demo user's password.
  expect((await login('annen@regnskap.example', 'demo')).status).toBe(200);
  t.clock.set('2026-11-28T10:14:00Z');
  expect((await login('demo@regnskap.example', 'demo')).status).toBe(429);
  t.clock.set('2026-11-28T10:15:01Z');
  expect((await login('demo@regnskap.example', 'demo')).status).toBe(200);
});

it('audit-logs logins and logouts by user, never with the token', async () => {
  const token = await t.login();
  await t.request('POST', '/api/v1/auth/logout', { token });
  const [demo] = await t.db.select().from(users).where(eq(users.email, 'demo@regnskap.example'));
  const actions = (await t.db.select().from(auditLog).where(eq(auditLog.userId, demo!.id))).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['login', 'logout']));
  expect(JSON.stringify(await t.db.select().from(auditLog))).not.toContain(token);
});
