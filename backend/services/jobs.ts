// Durable jobs: one row per (queue, key), taken under a lease. Two runners (the 06:00 cron on two
// instances, or the cron and the operations button) never work on the same key at once; a runner
// that dies leaves a lease that runs out, and the next run takes the job over.
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { jobs } from '../db/schema';

export type JobLease = { id: string; queue: string; key: string; attempts: number; until: string };

/** Takes (queue, key) for `leaseMs`, creating the job when new; null while another runner holds
 *  an unexpired lease. A finished or failed job is taken again: each run of it is idempotent. */
export async function claimJob(deps: Pick<AppDeps, 'db' | 'clock'>, queue: string, key: string, payload: Record<string, unknown>, leaseMs: number): Promise<JobLease | null> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  await deps.db.insert(jobs).values({ id: crypto.randomUUID(), queue, key, state: 'pending', payload, createdAt: at, updatedAt: at }).onConflictDoNothing();
  const [taken] = await deps.db
    .update(jobs)
    .set({ state: 'running', leaseUntil: until, attempts: sql`${jobs.attempts} + 1`, payload, recoveryPoint: 'started', updatedAt: at })
    .where(and(eq(jobs.queue, queue), eq(jobs.key, key), or(ne(jobs.state, 'running'), isNull(jobs.leaseUntil), lt(jobs.leaseUntil, at))))
    .returning({ id: jobs.id, attempts: jobs.attempts });
  return taken ? { id: taken.id, queue, key, attempts: taken.attempts, until } : null;
}

/** Ends the lease with the job's result; false when the lease had run out and another runner
 *  took the job over (its result is then the one that stands). */
export async function finishJob(deps: Pick<AppDeps, 'db' | 'clock'>, lease: JobLease, outcome: { ok: true; result: Record<string, unknown> } | { ok: false; error: string }): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const done = outcome.ok
    ? { state: 'done' as const, result: outcome.result, lastError: null, recoveryPoint: 'finished' }
    : { state: 'failed' as const, lastError: outcome.error.slice(0, 2000) };
  const rows = await deps.db
    .update(jobs)
    .set({ ...done, leaseUntil: null, updatedAt: at })
    .where(and(eq(jobs.id, lease.id), eq(jobs.state, 'running'), eq(jobs.leaseUntil, lease.until)))
    .returning({ id: jobs.id });
  return rows.length === 1;
}

export async function getJob(deps: Pick<AppDeps, 'db'>, queue: string, key: string) {
  const [job] = await deps.db.select().from(jobs).where(and(eq(jobs.queue, queue), eq(jobs.key, key)));
  return job ?? null;
}
