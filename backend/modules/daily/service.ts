// The daily job, one creditor at a time: sync → advance the claims by the clock → remittance →
// withdrawn cases rejected in Go → push status once (→ a winding-down creditor without open cases
// ended), with one Go client, under a short lease. Node runs every creditor's job in
// turn (runDaily); the edge runs one queue message per creditor (worker.ts). Both call
// runCreditorDaily.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { today } from '@shared/clock';
import type { CaseStage } from '@shared/stages';
import type { AppDeps } from '../../deps';
import { cases, creditors, jobs } from '../../db/schema';
import type { GoClient } from '../../integrations/poweroffice/client';
import { advanceCase } from '../cases/process';
import { rejectPendingInGo } from '../cases/go-rejection';
import { claimJob, finishJob, keepLease, LeaseLost } from '../../db/jobs';
import { loadRates } from '../interest-rates/service';
import { dailyRemittances } from '../remittance/run';
import { closeIfDone } from '../registration/ending';
import { syncCreditor } from '../sync/run';
import { pushStatus } from '../sync/status';

/** What the daily job runs after the stages moved (the remittance run unless a caller gives its
 *  own), with the job's Go client. */
export type DailyHook = (deps: AppDeps, creditorId: string, date: string, go: GoClient) => Promise<void>;

/** A creditor's daily lease: short, and renewed while the run works (db/jobs.ts keepLease), so a run
 *  that crashed holds its creditor for about a minute. */
export const dailyLeaseMs = 60_000;

/** How long a creditor whose daily run failed waits before a catch-up run tries it again. */
const failedRetryMs = 30 * 60_000;

/** One creditor's part of the daily run, as a result (never thrown). A creditor another runner
 *  holds is not done (`ok: false, reason: 'running'`), and is caught up later: by a `pendingOnly`
 *  run on Node, by the queue's retry on the edge. */
export type DailyCreditorResult = { creditorId: string; ok: boolean; advanced: Record<string, number>; reason?: 'running' | 'lease_lost' | 'inactive'; error?: string };

/** The ids of the creditors the daily run is for: one job each (Node runs them in turn, the edge
 *  sends one queue message each). `pendingOnly`: only those whose day is not done (not done for
 *  this date, and not failed within the last half hour); `creditorIds`: only those (the caller's view). */
export async function dailyCreditorIds(deps: AppDeps, date: string, input: { pendingOnly?: boolean; creditorIds?: readonly string[] } = {}): Promise<string[]> {
  // A winding-down creditor (ended, open cases left) still gets its status, balances and remittances.
  let ids = (await deps.db.select({ id: creditors.id }).from(creditors).where(inArray(creditors.status, ['active', 'winding_down']))).map((c) => c.id);
  if (input.creditorIds) {
    const only = new Set(input.creditorIds);
    ids = ids.filter((id) => only.has(id));
  }
  if (input.pendingOnly) {
    const retryAfter = deps.clock.now().getTime() - failedRetryMs;
    const settled = new Set((await deps.db.select({ key: jobs.key, state: jobs.state, result: jobs.result, updatedAt: jobs.updatedAt }).from(jobs).where(eq(jobs.queue, 'daily')))
      .filter((j) => (j.state === 'done' && j.result?.['date'] === date) || (j.state === 'failed' && Date.parse(j.updatedAt) > retryAfter)).map((j) => j.key));
    ids = ids.filter((id) => !settled.has(id));
  }
  return ids;
}

/** One creditor's daily job: sync, advance stages by the clock, remittance, reject withdrawn cases in Go, push status once. Run under
 *  a short lease (jobs queue "daily") renewed at every step, so overlapping runners never work on
 *  one creditor at once and a runner that died frees it within a minute. The same function is the
 *  Node loop's step and the edge's queue message; running it again for the same date is idempotent
 *  (every write to Go is keyed). */
export async function runCreditorDaily(deps: AppDeps, creditorId: string, date: string, input: { afterCreditor?: DailyHook } = {}): Promise<DailyCreditorResult> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || (creditor.status !== 'active' && creditor.status !== 'winding_down')) return { creditorId, ok: true, advanced: {}, reason: 'inactive' };
  const lease = await claimJob(deps, 'daily', creditor.id, { date }, dailyLeaseMs);
  if (!lease) return { creditorId, ok: false, advanced: {}, reason: 'running' };
  const keeper = keepLease(deps, lease, dailyLeaseMs);
  try {
    await loadRates(deps);
    // One Go client for the whole job (one token), and the status pushed once, at the end.
    const go = await deps.goClientFor(creditor);
    await syncCreditor(deps, creditor.id, 'daily', { go, push: false });
    await keeper.checkpoint();
    const open = await deps.db.select().from(cases).where(and(eq(cases.creditorId, creditor.id), isNull(cases.closedAt)));
    const advanced: Record<string, number> = {};
    for (const c of open) {
      await keeper.checkpoint();
      const stage: CaseStage = await advanceCase(deps, c.id, date);
      if (stage !== c.stage) advanced[stage] = (advanced[stage] ?? 0) + 1;
    }
    await keeper.checkpoint();
    // Settle what the agency collected, then push status so a case the remittance settled is
    // closed in Go too. A caller's own hook replaces the remittance.
    await (input.afterCreditor ?? dailyRemittances)(deps, creditor.id, date, go);
    await keeper.checkpoint();
    // Withdrawn cases Go has not confirmed rejected (a crash or a Go failure after the withdrawal)
    // are rejected in Go before the push, so none is left open there.
    await rejectPendingInGo(deps, creditor.id, go);
    await pushStatus(deps, go, creditor.id);
    if (creditor.status === 'winding_down') await closeIfDone(deps, creditor.id);
    await keeper.stop();
    await finishJob(deps, lease, { ok: true, result: { date, advanced } });
    return { creditorId, ok: true, advanced };
  } catch (e) {
    await keeper.stop();
    const message = e instanceof Error ? e.message : String(e);
    deps.log?.('daily.error', { creditorId: creditor.id, message });
    // A lost lease belongs to the runner that took it over: leave its job alone.
    if (e instanceof LeaseLost) return { creditorId, ok: false, advanced: {}, reason: 'lease_lost', error: message };
    await finishJob(deps, lease, { ok: false, error: message });
    return { creditorId, ok: false, advanced: {}, error: message };
  }
}

/** The daily run on Node: every creditor's `runCreditorDaily`, one after the other. `pendingOnly`
 *  runs (node.ts: every 5 minutes after 06:00) catch up the creditors whose day is not done. */
export async function runDaily(deps: AppDeps, input: { date?: string; afterCreditor?: DailyHook; pendingOnly?: boolean; creditorIds?: readonly string[] } = {}) {
  const date = input.date ?? today(deps.clock);
  const results: DailyCreditorResult[] = [];
  for (const creditorId of await dailyCreditorIds(deps, date, input)) results.push(await runCreditorDaily(deps, creditorId, date, input));
  return { date, creditors: results };
}
