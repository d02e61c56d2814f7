// The in-memory session and access cache (backend/http/auth-cache.ts) must never let a request
// through that the database would refuse for longer than it promises: a logged-out token is
// refused at once, a session past its expiry at once, a removed session, user or access within the
// cache's lifetime (here on a hand-moved monotonic timer), and a new access is seen at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { creditorAccess, sessions, users } from '@backend/db/schema';
import { authCacheFor } from '@backend/http/auth-cache';
import { sha256 } from '@backend/crypto';
import { makeTestBackend, type TestBackend } from '../../test/helpers/backend';

let t: TestBackend;
let monotonic = 0;
const ttlMs = 5_000;
beforeAll(async () => {
  t = await makeTestBackend({ authCache: { ttlMs, now: () => monotonic } });
});
afterAll(async () => t.close());

const settings = (token: string, id = t.conectoId) => t.request('GET', `/api/v1/creditors/${id}/settings`, { token });

it('refuses a logged-out token on the very next call, though it was cached a moment before', async () => {
  const token = await t.login();
  expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
  expect(authCacheFor(t.deps).session(token)).toBeDefined();
  expect((await t.request('POST', '/api/v1/auth/logout', { token })).status).toBe(200);
  const after = await t.request('GET', '/api/v1/me', { token });
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe('unauthorized');
  expect((await settings(token)).status).toBe(401);
});

it('checks a cached session against its expiry on every call', async () => {
  t.clock.set('2026-11-28T09:00:00Z');
  const token = await t.login();
  expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
  t.clock.set('2026-12-28T09:00:01Z');
  expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(401);
  t.clock.set('2026-11-28T09:00:00Z');
});

it('forgets a session removed behind its back once the cache lifetime has passed', async () => {
  const token = await t.login();
  expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
  await t.db.delete(sessions).where(eq(sessions.tokenHash, await sha256(token)));
  // Within the lifetime the cached answer stands (this is the documented staleness) …
  monotonic += ttlMs - 1;
  expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(200);
  // … and not a moment longer.
  monotonic += 1;
  expect((await t.request('GET', '/api/v1/me', { token })).status).toBe(401);
});

it('serves the user’s current name after the lifetime, not the cached one', async () => {
  const token = await t.login();
  const [demo] = await t.db.select().from(users).where(eq(users.email, 'demo@regnskap.example'));
  expect((await t.request('GET', '/api/v1/me', { token })).body.name).toBe(demo!.name);
  await t.db.update(users).set({ name: 'Nytt Navn' }).where(eq(users.id, demo!.id));
  monotonic += ttlMs;
  expect((await t.request('GET', '/api/v1/me', { token })).body.name).toBe('Nytt Navn');
  await t.db.update(users).set({ name: demo!.name }).where(eq(users.id, demo!.id));
});

it('refuses a creditor whose access was revoked once the lifetime has passed, and sees new access at once', async () => {
  const token = await t.login();
  const [demo] = await t.db.select().from(users).where(eq(users.email, 'demo@regnskap.example'));
  expect((await settings(token)).status).toBe(200);
  await t.db.delete(creditorAccess).where(and(eq(creditorAccess.firmId, demo!.firmId), eq(creditorAccess.creditorId, t.conectoId)));
  monotonic += ttlMs;
  const revoked = await settings(token);
  expect(revoked.status).toBe(404);
  expect(revoked.body.error.code).toBe('not_found');
  // Refusals are not cached: access granted again is seen on the next call.
  await t.db.insert(creditorAccess).values({ firmId: demo!.firmId, creditorId: t.conectoId });
  expect((await settings(token)).status).toBe(200);
  // Another firm's creditor stays hidden whatever the demo firm has cached.
  expect((await settings(token, t.delanteId)).status).toBe(404);
});

it('forgetAll drops every cached answer at once (for operations changing access by hand)', async () => {
  const token = await t.login();
  const [demo] = await t.db.select().from(users).where(eq(users.email, 'demo@regnskap.example'));
  expect((await settings(token)).status).toBe(200);
  await t.db.delete(creditorAccess).where(and(eq(creditorAccess.firmId, demo!.firmId), eq(creditorAccess.creditorId, t.conectoId)));
  authCacheFor(t.deps).forgetAll();
  expect((await settings(token)).status).toBe(404);
  await t.db.insert(creditorAccess).values({ firmId: demo!.firmId, creditorId: t.conectoId });
});
