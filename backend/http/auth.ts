// Login tokens (stored hashed), the bearer middleware, roles, login rate limit and the access
// check every creditor and case route goes through: another firm's creditor is a 404.
import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import type { User } from '@shared/api';
import type { AppDeps } from '../deps';
import { cases, creditorAccess, firms, loginFailures, sessions, users } from '../db/schema';
import { sha256 } from '../crypto';
import { hashPassword, newToken, verifyPassword } from '../auth/password';
import { apiError } from './errors';
import { authCacheFor } from './auth-cache';

export type AuthEnv = { Variables: { user: User } };

const sessionDays = 30;
export const loginLimit = { failures: 5, windowMs: 15 * 60_000 };

export async function userById(deps: AppDeps, id: string): Promise<User | null> {
  const [row] = await deps.db.select({ u: users, f: firms }).from(users).innerJoin(firms, eq(users.firmId, firms.id)).where(eq(users.id, id));
  if (!row) return null;
  return { id: row.u.id, email: row.u.email, name: row.u.name, firmId: row.f.id, firmName: row.f.name, roles: row.u.roles };
}

let dummyHash: Promise<string> | null = null;
function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

export type LoginOutcome = { ok: true; token: string; user: User } | { ok: false; reason: 'invalid' | 'limited'; retryAfterS?: number };

export async function login(deps: AppDeps, email: string, password: string): Promise<LoginOutcome> {
  const key = email.trim().toLowerCase();
  const now = deps.clock.now().getTime();
  const [failures] = await deps.db.select().from(loginFailures).where(eq(loginFailures.key, key));
  const windowStart = failures ? Date.parse(failures.windowStart) : 0;
  if (failures && now - windowStart < loginLimit.windowMs && failures.count >= loginLimit.failures) {
    return { ok: false, reason: 'limited', retryAfterS: Math.ceil((windowStart + loginLimit.windowMs - now) / 1000) };
  }
  const [row] = await deps.db.select().from(users).where(eq(users.email, key));
  // An unknown email costs the same PBKDF2 work as a wrong password, so timing does not tell which.
  const valid = await verifyPassword(password, row?.passwordHash ?? (await unknownUserHash()));
  if (!row || !valid) {
    const fresh = !failures || now - windowStart >= loginLimit.windowMs;
    const value = { key, count: fresh ? 1 : failures.count + 1, windowStart: fresh ? new Date(now).toISOString() : failures.windowStart };
    await deps.db.insert(loginFailures).values(value).onConflictDoUpdate({ target: loginFailures.key, set: value });
    return { ok: false, reason: 'invalid' };
  }
  await deps.db.delete(loginFailures).where(eq(loginFailures.key, key));
  const token = newToken();
  await deps.db.insert(sessions).values({ tokenHash: await sha256(token), userId: row.id, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + sessionDays * 86_400_000).toISOString() });
  return { ok: true, token, user: (await userById(deps, row.id))! };
}

export async function logout(deps: AppDeps, token: string): Promise<void> {
  // Forget first: from here on this token is refused even if the delete below fails.
  authCacheFor(deps).forgetSession(token);
  await deps.db.delete(sessions).where(eq(sessions.tokenHash, await sha256(token)));
}

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

export function requireUser(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token) return apiError(c, 401, 'unauthorized', 'Du må logge inn / Log in first');
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
        session = { user: { id: row.u.id, email: row.u.email, name: row.u.name, firmId: row.f.id, firmName: row.f.name, roles: row.u.roles }, expiresAt: Date.parse(row.expiresAt) };
        cache.rememberSession(token, session.user, session.expiresAt);
      }
    }
    // The session's own expiry is checked on every call, cached or not.
    if (!session || session.expiresAt <= deps.clock.now().getTime()) return apiError(c, 401, 'unauthorized', 'Innloggingen er utløpt / Your session has expired');
    c.set('user', session.user);
    await next();
  };
}

export function requireRole(role: 'operations' | 'accountant'): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!c.get('user').roles.includes(role)) return apiError(c, 403, 'forbidden', 'Du har ikke tilgang til dette / You do not have access to this');
    await next();
  };
}

export async function canSeeCreditor(deps: AppDeps, user: User, creditorId: string): Promise<boolean> {
  const cache = authCacheFor(deps);
  if (cache.canSee(user.firmId, creditorId)) return true;
  const [row] = await deps.db.select({ firmId: creditorAccess.firmId }).from(creditorAccess).where(and(eq(creditorAccess.firmId, user.firmId), eq(creditorAccess.creditorId, creditorId)));
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
    if (!id || !(await canSeeCreditor(deps, c.get('user'), id))) return apiError(c, 404, 'not_found', 'Fant ikke kreditoren / Creditor not found');
    await next();
  };
}
