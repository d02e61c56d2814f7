// Telling Go that a case left without claims is rejected (DELETE DebtCollection), idempotently.
import { and, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import { stageLabel } from '@shared/stages';
import type { AppDeps } from '../../deps';
import { GoApiError, type GoClient } from '../../integrations/poweroffice/client';
import { caseEvents, cases, creditors } from '../../db/schema';
import { recordEvent } from './process';

/** Rejects in Go a case withdrawn from collection (DELETE /DebtCollection/{id}, which sets its
 *  invoices to Rejected). Idempotent: the request's key is stored first (claimAction), its success
 *  is recorded, and a refusal on a retry for a case Go no longer lists means Go has already done it.
 *  `given`: the caller's Go client for the case's creditor (the daily job's), else one is made. */
export async function rejectInGo(deps: AppDeps, caseId: string, given?: GoClient): Promise<boolean> {
  const [c] = await deps.db.select().from(cases).where(eq(cases.id, caseId));
  if (!c || c.stage !== 'rejected' || !c.goCaseId) return false;
  const events = await deps.db.select({ externalRef: caseEvents.externalRef }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), inArray(caseEvents.externalRef, [`go-reject:${caseId}`, `go-rejected:${caseId}`])));
  const refs = new Set(events.map((e) => e.externalRef));
  if (!refs.has(`go-reject:${caseId}`) || refs.has(`go-rejected:${caseId}`)) return false;
  let go = given;
  if (!go) {
    const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, c.creditorId));
    go = await deps.goClientFor(creditor!);
  }
  try {
    deps.faults?.beforeGoWrite?.('deleteCase');
    await go.deleteCase(c.goCaseId);
    deps.faults?.afterGoWrite?.('deleteCase');
  } catch (e) {
    // Go's legacy API refuses an unknown case inside a 200 envelope (a 4xx here): on a retry after a
    // DELETE whose answer was lost, Go no longer listing the case's code means it is done.
    if (!(e instanceof GoApiError && e.status >= 400 && e.status < 500)) throw e;
    if ((await go.listCases(c.caseNo)).length > 0) throw e;
  }
  const now = deps.clock.now().toISOString();
  await deps.db.transaction(async (tx) => {
    await recordEvent(tx, { caseId, at: c.closedAt ?? now.slice(0, 10), kind: 'go_rejected', text: 'Saken er avvist i PowerOffice GO', externalRef: `go-rejected:${caseId}`, createdAt: now });
    // Go no longer has the case: nothing left to push with UpdateStatus.
    await tx.update(cases).set({ pushedStatusText: stageLabel('rejected'), pushedBalanceOre: 0, pushedClosed: true, updatedAt: now }).where(eq(cases.id, caseId));
  });
  return true;
}

/** Cases withdrawn whose rejection Go has not confirmed (a crash or a Go failure between the
 *  withdrawal and the DELETE): the daily run finishes them, so none is left open in Go. */
export async function rejectPendingInGo(deps: AppDeps, creditorId: string, go?: GoClient): Promise<number> {
  const rejected = await deps.db.select({ id: cases.id }).from(cases).where(and(eq(cases.creditorId, creditorId), eq(cases.stage, 'rejected'), isNotNull(cases.goCaseId), or(isNull(cases.pushedClosed), eq(cases.pushedClosed, false))));
  let n = 0;
  for (const c of rejected) if (await rejectInGo(deps, c.id, go)) n++;
  return n;
}
