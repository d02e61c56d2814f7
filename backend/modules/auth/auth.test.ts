// Sessions and the login limit over time: a token expires after 30 days, five failures lock an
// email from one client address for 15 minutes (not other emails, not other addresses, not after the
// window, longer for each window that ended locked), a success clears the count, parallel guesses
// are counted before any is checked, and tokens are stored only as hashes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, loginAttempts, sessions, users } from '@backend/db/schema';
import { loginLimit } from '@backend/modules/auth/login';
import { sha256 } from '@backend/crypto';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
beforeAll(async () => {
  t = await makeTestBackend();
});
afterAll(async () => t.close());

const login = (email: string, password: string, address?: string) =>
  t.request('POST', '/api/v1/auth/login', { body: { email, password }, ...(address ? { headers: { 'x-test-client-address': address } } : {}) });

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

it('counts parallel guesses before checking any: 60 at once from one address let 5 through, the right password then waits there but not elsewhere', async () => {
  t.clock.set('2026-11-28T12:00:00Z');
  await t.db.delete(loginAttempts);
  const attacker = '198.51.100.7';
  const answers = await Promise.all(Array.from({ length: 60 }, () => login('demo@regnskap.example', 'wrong', attacker)));
  const counts = answers.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
  expect(counts).toEqual({ 401: loginLimit.perPair, 429: 60 - loginLimit.perPair });
  // The right password from the attacker's address is refused too: the guess count is what counts.
  const same = await login('demo@regnskap.example', 'demo', attacker);
  expect(same.status).toBe(429);
  expect(Number(same.headers.get('retry-after'))).toBe(15 * 60);
  // The right user from their own address is not locked out by the stranger.
  expect((await login('demo@regnskap.example', 'demo', '203.0.113.20')).status).toBe(200);
});

it('locks longer for each window that ended locked (progressive), and never for good', async () => {
  t.clock.set('2026-11-29T08:00:00Z');
  await t.db.delete(loginAttempts);
  const at = '198.51.100.8';
  for (let i = 0; i < 6; i++) await login('annen@regnskap.example', 'wrong', at);
  expect(Number((await login('annen@regnskap.example', 'annen', at)).headers.get('retry-after'))).toBe(15 * 60);
  t.clock.set('2026-11-29T08:15:00Z'); // the first window is over, and it ended locked
  for (let i = 0; i < 5; i++) expect((await login('annen@regnskap.example', 'wrong', at)).status).toBe(401);
  const second = await login('annen@regnskap.example', 'wrong', at);
  expect(second.status).toBe(429);
  expect(Number(second.headers.get('retry-after'))).toBe(30 * 60);
  t.clock.set('2026-11-29T08:45:00Z');
  expect((await login('annen@regnskap.example', 'demo', at)).status).toBe(200);
});

it('caps one address over all accounts, and one account over all addresses, for a window only', async () => {
  t.clock.set('2026-11-30T08:00:00Z');
  await t.db.delete(loginAttempts);
  const now = t.clock.now().getTime();
  // One address that already tried the limit of accounts (spraying): refused for every account there.
  await t.db.insert(loginAttempts).values({ key: 'addr:198.51.100.9', count: loginLimit.perAddress, windowStart: now });
  expect((await login('demo@regnskap.example', 'demo', '198.51.100.9')).status).toBe(429);
  expect((await login('demo@regnskap.example', 'demo', '198.51.100.10')).status).toBe(200);
  // One account guessed at from many addresses: refused from everywhere until the window ends.
  await t.db.insert(loginAttempts).values({ key: 'acct:annen@regnskap.example', count: loginLimit.perAccount, windowStart: now });
  expect((await login('annen@regnskap.example', 'demo', '198.51.100.11')).status).toBe(429);
  t.clock.set(new Date(now + loginLimit.windowMs).toISOString());
  expect((await login('annen@regnskap.example', 'demo', '198.51.100.11')).status).toBe(200);
  // A success does not use up the ceilings.
  const [acct] = await t.db.select().from(loginAttempts).where(eq(loginAttempts.key, 'acct:annen@regnskap.example'));
  expect(acct!.count).toBe(0);
});
