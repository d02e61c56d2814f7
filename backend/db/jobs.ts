// Durable jobs: one row per (queue, key), taken under a lease. Two runners (the 06:00 cron on two
// instances, or the cron and the operations button) never work on the same key at once; a runner
// that dies leaves a lease that runs out, and the next run takes the job over. Leases are short
// (a minute) and renewed while their holder works (keepLease), so a crash blocks a key for about a
// minute, not for the longest a run could take.
//
// Only runs are jobs here: the daily run of each creditor (queue 'daily'). A registration under
// way and a company waiting for the agency are domain state, in their own tables (onboardings,
// activation_requests), not rows that pretend to be work to do.
//
// A job row says only who holds a key and how its last run ended; it is not where recovery lives.
// What a run that stopped half-way left undone is found again from the domain's own columns:
// case invoices not yet linked in Go (case_invoices.linked_in_go, cases.go_case_id) are linked by
// the next sync (sync.ts recoverPending), a remittance left 'posting' is looked up in Go by its
// ExternalImportReference before it is posted again (remittance/run.ts), and every write to Go
// is keyed so a repeat is harmless. Rerunning a job is therefore always safe.
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { jobs } from './schema';

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
    .set({ state: 'running', leaseUntil: until, attempts: sql`${jobs.attempts} + 1`, payload, updatedAt: at })
    .where(and(eq(jobs.queue, queue), eq(jobs.key, key), or(ne(jobs.state, 'running'), isNull(jobs.leaseUntil), lt(jobs.leaseUntil, at))))
    .returning({ id: jobs.id, attempts: jobs.attempts });
  return taken ? { id: taken.id, queue, key, attempts: taken.attempts, until } : null;
}

/** Ends the lease with the job's result; false when the lease had run out and another runner
 *  took the job over (its result is then the one that stands). */
export async function finishJob(deps: Pick<AppDeps, 'db' | 'clock'>, lease: JobLease, outcome: { ok: true; result: Record<string, unknown> } | { ok: false; error: string }): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const done = outcome.ok
    ? { state: 'done' as const, result: outcome.result, lastError: null }
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

/** Moves a held lease on to now + leaseMs; false when it had run out and another runner took the job. */
export async function renewJob(deps: Pick<AppDeps, 'db' | 'clock'>, lease: JobLease, leaseMs: number): Promise<boolean> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const rows = await deps.db
    .update(jobs)
    .set({ leaseUntil: until, updatedAt: now.toISOString() })
    .where(and(eq(jobs.id, lease.id), eq(jobs.state, 'running'), eq(jobs.leaseUntil, lease.until)))
    .returning({ id: jobs.id });
  if (rows.length !== 1) return false;
  lease.until = until;
  return true;
}

export class LeaseLost extends Error {
  constructor(readonly lease: JobLease) {
    super(`Jobben ${lease.queue}/${lease.key} ble tatt over av en annen kjøring / lease lost`);
  }
}

export type LeaseKeeper = {
  /** Renews when half the lease is used by the business clock; throws LeaseLost when it was lost.
   *  Called by the holder between steps. */
  checkpoint(): Promise<void>;
  /** Stops renewing; resolves once a renewal in flight has landed (so finishJob sees its lease). */
  stop(): Promise<void>;
};

/** Keeps `lease` alive while its holder works: at every checkpoint (by the business clock) and on a
 *  timer every `everyMs` real milliseconds (for one long step, e.g. a slow call to Go). */
export function keepLease(deps: Pick<AppDeps, 'db' | 'clock'>, lease: JobLease, leaseMs: number, everyMs = leaseMs / 3): LeaseKeeper {
  let lost = false;
  let stopped = false;
  let renewing: Promise<void> | null = null;
  const renew = (force: boolean): Promise<void> => {
    if (lost || stopped) return Promise.resolve();
    const left = Date.parse(lease.until) - deps.clock.now().getTime();
    if (!force && left > leaseMs / 2) return Promise.resolve();
    renewing ??= renewJob(deps, lease, leaseMs)
      .then((ok) => {
        if (!ok) lost = true;
      })
      .catch(() => undefined) // a failed renewal is tried again; the lease still has time left
      .finally(() => {
        renewing = null;
      });
    return renewing;
  };
  const timer = setInterval(() => void renew(true), everyMs);
  (timer as { unref?: () => void }).unref?.();
  return {
    async checkpoint() {
      await renew(false);
      if (lost) throw new LeaseLost(lease);
    },
    async stop() {
      clearInterval(timer);
      stopped = true;
      await renewing;
    },
  };
}
