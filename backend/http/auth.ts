// Sessions, the bearer middleware, roles and the access check every creditor and case route goes
// through: another firm's creditor is a 404. Logging in and out is modules/auth/login.ts.
import { and, eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import type { User } from '@shared/api';
import type { AppDeps } from '../deps';
import { cases, creditorAccess, creditors, firms, sessions, users } from '../db/schema';
import { sha256 } from '../crypto';
import { apiError } from './errors';
import { authCacheFor } from './auth-cache';

export type AuthEnv = { Variables: { user: User } };

export function userFromRows(u: typeof users.$inferSelect, f: typeof firms.$inferSelect): User {
  return { id: u.id, email: u.email, name: u.name, kind: u.kind, firmId: f.id, firmName: f.name, roles: u.roles };
}

export async function userById(deps: AppDeps, id: string): Promise<User | null> {
  const [row] = await deps.db.select({ u: users, f: firms }).from(users).innerJoin(firms, eq(users.firmId, firms.id)).where(eq(users.id, id));
  return row ? userFromRows(row.u, row.f) : null;
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
