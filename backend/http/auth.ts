// Login tokens (stored hashed), the bearer middleware, roles, login rate limit and the access
// check every creditor and case route goes through: another firm's creditor is a 404.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { User } from '@shared/api';
import type { AppDeps } from '../deps';
import { cases, creditorAccess, creditors, firms, loginAttempts, sessions, users } from '../db/schema';
import { sha256 } from '../crypto';
import { hashPassword, needsRehash, newToken, verifyPassword } from '../modules/auth/password';
import { apiError } from './errors';
import { authCacheFor } from './auth-cache';

export type AuthEnv = { Variables: { user: User } };

const sessionDays = 30;
/** Login throttling, counted before the password is hashed (so parallel guesses cannot all pass a
 *  check that reads an old count):
 *  - `pair` (account + client address) is the lock: `perPair` attempts per window, and each window
 *    that ended over the limit doubles the next one (progressive, up to 2^maxStrikes windows). A
 *    stranger guessing from their address locks only that address out of the account.
 *  - `perAddress` caps one address over every account (spraying), `perAccount` caps one account over
 *    every address (a distributed guess); both are plain windows, so neither locks anyone for good. */
export const loginLimit = { perPair: 5, perAddress: 100, perAccount: 50, windowMs: 15 * 60_000, maxStrikes: 4 };

export function userFromRows(u: typeof users.$inferSelect, f: typeof firms.$inferSelect): User {
  return { id: u.id, email: u.email, name: u.name, kind: u.kind, firmId: f.id, firmName: f.name, roles: u.roles };
}

export async function userById(deps: AppDeps, id: string): Promise<User | null> {
  const [row] = await deps.db.select({ u: users, f: firms }).from(users).innerJoin(firms, eq(users.firmId, firms.id)).where(eq(users.id, id));
  return row ? userFromRows(row.u, row.f) : null;
}

let dummyHash: Promise<string> | null = null;
function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

export type LoginOutcome = { ok: true; token: string; user: User } | { ok: false; reason: 'invalid' | 'limited'; retryAfterS?: number };

/** Counts one attempt on `key` in one statement and answers the count after it: the window restarts
 *  when it has run out (a progressive key's window is windowMs × 2^strikes). */
async function countAttempt(deps: AppDeps, key: string, limit: number, now: number, progressive: boolean): Promise<{ count: number; retryAfterS: number }> {
  const w = loginLimit.windowMs;
  const len = progressive ? sql`(${w} << min(${loginAttempts.strikes}, ${loginLimit.maxStrikes}))` : sql`${w}`;
  const expired = sql`${loginAttempts.windowStart} + ${len} <= ${now}`;
  const [row] = await deps.db
    .insert(loginAttempts)
    .values({ key, count: 1, windowStart: now, strikes: 0 })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        strikes: progressive ? sql`case when ${expired} then (case when ${loginAttempts.count} > ${limit} then ${loginAttempts.strikes} + 1 else 0 end) else ${loginAttempts.strikes} end` : sql`0`,
        count: sql`case when ${expired} then 1 else ${loginAttempts.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${now} else ${loginAttempts.windowStart} end`,
      },
    })
    .returning({ count: loginAttempts.count, windowStart: loginAttempts.windowStart, strikes: loginAttempts.strikes });
  const length = progressive ? w * 2 ** Math.min(row!.strikes, loginLimit.maxStrikes) : w;
  return { count: row!.count, retryAfterS: Math.max(1, Math.ceil((row!.windowStart + length - now) / 1000)) };
}

/** A successful login: the pair starts afresh, and the attempt does not use up the ceilings. */
async function forgiveAttempt(deps: AppDeps, keys: { pair: string; others: string[] }): Promise<void> {
  await deps.db.delete(loginAttempts).where(eq(loginAttempts.key, keys.pair));
  await deps.db.update(loginAttempts).set({ count: sql`max(${loginAttempts.count} - 1, 0)` }).where(inArray(loginAttempts.key, keys.others));
}

export async function login(deps: AppDeps, email: string, password: string, address = 'unknown', options: { sessionMs?: number } = {}): Promise<LoginOutcome> {
  const key = email.trim().toLowerCase();
  const now = deps.clock.now().getTime();
  const pairKey = `pair:${key} ${address}`;
  const checks: [string, number, boolean][] = [[pairKey, loginLimit.perPair, true], [`addr:${address}`, loginLimit.perAddress, false], [`acct:${key}`, loginLimit.perAccount, false]];
  // Now and then forget windows long over, so guesses at invented emails do not pile up rows.
  if (Math.random() < 0.01) await deps.db.delete(loginAttempts).where(lt(loginAttempts.windowStart, now - loginLimit.windowMs * 2 ** (loginLimit.maxStrikes + 1)));
  const counted: string[] = [];
  for (const [k, limit, progressive] of checks) {
    const { count, retryAfterS } = await countAttempt(deps, k, limit, now, progressive);
    counted.push(k);
    if (count > limit) return { ok: false, reason: 'limited', retryAfterS };
  }
  const [row] = await deps.db.select().from(users).where(eq(users.email, key));
  // An unknown email costs the same PBKDF2 work as a wrong password, so timing does not tell which.
  const valid = await verifyPassword(password, row?.passwordHash ?? (await unknownUserHash()));
  if (!row || !valid) return { ok: false, reason: 'invalid' };
  // A hash of the first scheme (one PBKDF2 call Workers refuse) is replaced while the password is at hand.
  if (needsRehash(row.passwordHash)) await deps.db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, row.id));
  await forgiveAttempt(deps, { pair: pairKey, others: counted.filter((k) => k !== pairKey) });
  const token = newToken();
  const sessionMs = options.sessionMs ?? sessionDays * 86_400_000;
  await deps.db.insert(sessions).values({ tokenHash: await sha256(token), userId: row.id, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + sessionMs).toISOString() });
  return { ok: true, token, user: (await userById(deps, row.id))! };
}

export async function logout(deps: AppDeps, token: string): Promise<void> {
  // Forget first: from here on this token is refused even if the delete below fails.
  authCacheFor(deps).forgetSession(token);
  await deps.db.delete(sessions).where(eq(sessions.tokenHash, await sha256(token)));
}

/** The client's address from the runtime's trusted source (deps.clientAddress: the socket on Node,
 *  CF-Connecting-IP on the Worker); never from a header a client may set, such as X-Forwarded-For. */
export function clientAddress(deps: AppDeps, c: Context): string {
  return deps.clientAddress?.(c) || 'unknown';
}

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** The user a token (bearer or the case page's cookie) belongs to, while its session lasts. */
export async function sessionUser(deps: AppDeps, token: string): Promise<User | null> {
  const cache = authCacheFor(deps);
  // Keyed by the token itself, so a hit costs no hashing: WebCrypto's digest is asynchronous and
  // its round trip through the thread pool cost more than the rest of the check over HTTP.
  let session = cache.session(token);
  if (!session) {
    const tokenHash = await sha256(token);
    // One query for session, user and firm: this runs before every call, the ledger lookup included.
    const [row] = await deps.db
      .select({ expiresAt: sessions.expiresAt, u: users, f: firms })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(firms, eq(firms.id, users.firmId))
      .where(eq(sessions.tokenHash, tokenHash));
    if (row) {
      session = { user: userFromRows(row.u, row.f), expiresAt: Date.parse(row.expiresAt) };
      cache.rememberSession(token, session.user, session.expiresAt);
    }
  }
  // The session's own expiry is checked on every call, cached or not.
  if (!session || session.expiresAt <= deps.clock.now().getTime()) return null;
  return session.user;
}

export function requireUser(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token) return apiError(c, 401, 'unauthorized', { nb: 'Du må logge inn', en: 'Log in first' });
    const user = await sessionUser(deps, token);
    if (!user) return apiError(c, 401, 'unauthorized', { nb: 'Innloggingen er utløpt', en: 'Your session has expired' });
    c.set('user', user);
    await next();
  };
}

/** True for the agency's own staff with the operations role; a firm's user never is, whatever its
 *  roles say. */
export function isOperations(user: User): boolean {
  return user.kind === 'agency' && user.roles.includes('operations');
}

export function requireRole(role: 'operations' | 'accountant'): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const user = c.get('user');
    const allowed = role === 'operations' ? isOperations(user) : user.kind === 'firm' && user.roles.includes(role);
    if (!allowed) return apiError(c, 403, 'forbidden', { nb: 'Du har ikke tilgang til dette', en: 'You do not have access to this' });
    await next();
  };
}

/** A firm's user sees the creditors its firm was given; the agency's staff see every creditor. */
export async function canSeeCreditor(deps: AppDeps, user: User, creditorId: string): Promise<boolean> {
  const cache = authCacheFor(deps);
  if (cache.canSee(user.firmId, creditorId)) return true;
  const [row] = user.kind === 'agency'
    ? await deps.db.select({ id: creditors.id }).from(creditors).where(eq(creditors.id, creditorId))
    : await deps.db.select({ id: creditorAccess.creditorId }).from(creditorAccess).where(and(eq(creditorAccess.firmId, user.firmId), eq(creditorAccess.creditorId, creditorId)));
  if (row) cache.rememberAccess(user.firmId, creditorId);
  return Boolean(row);
}

/** The case's creditor id when the user's firm may see it, else null. */
export async function visibleCase(deps: AppDeps, user: User, caseId: string): Promise<string | null> {
  const [row] = await deps.db.select({ creditorId: cases.creditorId }).from(cases).where(eq(cases.id, caseId));
  if (!row) return null;
  return (await canSeeCreditor(deps, user, row.creditorId)) ? row.creditorId : null;
}

/** For routes under /creditors/:id — 404 for unknown creditors and other firms' alike. */
export function requireCreditor(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const id = c.req.param('id');
    if (!id || !(await canSeeCreditor(deps, c.get('user'), id))) return apiError(c, 404, 'not_found', { nb: 'Fant ikke kreditoren', en: 'Creditor not found' });
    await next();
  };
}
