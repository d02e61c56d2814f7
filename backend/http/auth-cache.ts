// A few seconds' memory of "this token is user U" and "firm F may see creditor C", so the ledger
// lookup (one call per page view, every few seconds while an accountant works) does not pay two
// database round trips before its own query (lookup.bench.ts: about 2 ms of 7.6 ms).
//
// What may be stale, and for how long:
// - Logout forgets the token at once in this process (`forgetSession`), so a logged-out token is
//   refused on the next call. Another process or Worker isolate that cached it keeps it for at
//   most `ttlMs`; the session row is gone, so it is refused there when the entry expires.
// - A session's own expiry is checked on every call against the business clock, cached or not.
// - Only positive answers are kept: a newly granted access or a new login is seen at once; a
//   revoked access or a deleted user is seen within `ttlMs` (or at once after `forgetAll`).
// Expiry runs on a monotonic timer, not the business clock: tests move the business clock by days,
// and a cache must not live for ever under a fixed clock.
// Sessions are keyed by the bearer token itself (the request holds it anyway); it lives only in
// this process's memory for at most ttlMs and is never logged. The database keeps only its hash.
import type { User } from '@shared/api';

export type AuthCacheOptions = {
  /** How long a positive answer is reused; 0 turns the cache off. */
  ttlMs?: number;
  /** Monotonic milliseconds (performance.now by default); tests pass their own. */
  now?: () => number;
};

type SessionEntry = { user: User; expiresAt: number; until: number };

const maxEntries = 10_000;

export class AuthCache {
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly sessions = new Map<string, SessionEntry>();
  private readonly access = new Map<string, number>();

  constructor(options: AuthCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The cached session of a token, or undefined when unknown or older than ttlMs. */
  session(token: string): { user: User; expiresAt: number } | undefined {
    const e = this.sessions.get(token);
    if (!e) return undefined;
    if (e.until <= this.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return e;
  }

  rememberSession(token: string, user: User, expiresAt: number): void {
    if (this.ttlMs <= 0) return;
    bound(this.sessions);
    this.sessions.set(token, { user, expiresAt, until: this.now() + this.ttlMs });
  }

  forgetSession(token: string): void {
    this.sessions.delete(token);
  }

  canSee(firmId: string, creditorId: string): boolean {
    const key = `${firmId}\u0000${creditorId}`;
    const until = this.access.get(key);
    if (until === undefined) return false;
    if (until <= this.now()) {
      this.access.delete(key);
      return false;
    }
    return true;
  }

  rememberAccess(firmId: string, creditorId: string): void {
    if (this.ttlMs <= 0) return;
    bound(this.access);
    this.access.set(`${firmId}\u0000${creditorId}`, this.now() + this.ttlMs);
  }

  /** For whoever changes users or access outside the normal routes (operations, tests). */
  forgetAll(): void {
    this.sessions.clear();
    this.access.clear();
  }
}

/** A full map is simply emptied: entries live seconds, so this only guards memory against floods. */
function bound(map: Map<string, unknown>): void {
  if (map.size >= maxEntries) map.clear();
}

const caches = new WeakMap<object, AuthCache>();

/** One cache per database handle, so every app and route built on the same database shares it
 * (a logout through one forgets the token for all). */
export function authCacheFor(deps: { db: object; authCache?: AuthCacheOptions }): AuthCache {
  let cache = caches.get(deps.db);
  if (!cache) {
    cache = new AuthCache(deps.authCache);
    caches.set(deps.db, cache);
  }
  return cache;
}
