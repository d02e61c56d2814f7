// Logging in and out: the login limit (per account and address, counted before the password is
// hashed), the password check, a session token stored hashed; logout forgets it at once.
import { eq, inArray, lt, sql } from 'drizzle-orm';
import type { User } from '@shared/api';
import type { AppDeps } from '../../deps';
import { loginAttempts, sessions, users } from '../../db/schema';
import { sha256 } from '../../crypto';
import { hashPassword, needsRehash, newToken, verifyPassword } from './password';
import { authCacheFor } from '../../http/auth-cache';
import { userById } from '../../http/auth';

const sessionDays = 30;
/** Login throttling, counted before the password is hashed (so parallel guesses cannot all pass a
 *  check that reads an old count):
 *  - `pair` (account + client address) is the lock: `perPair` attempts per window, and each window
 *    that ended over the limit doubles the next one (progressive, up to 2^maxStrikes windows). A
 *    stranger guessing from their address locks only that address out of the account.
 *  - `perAddress` caps one address over every account (spraying), `perAccount` caps one account over
 *    every address (a distributed guess); both are plain windows, so neither locks anyone for good. */
export const loginLimit = { perPair: 5, perAddress: 100, perAccount: 50, windowMs: 15 * 60_000, maxStrikes: 4 };

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
