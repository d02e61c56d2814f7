// The status push: Go's UpdateStatus for the cases whose label, balance or closed flag changed
// since what Go last confirmed.
import { eq, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { isClosedStage, stageLabel } from '@shared/stages';
import type { AppDeps } from '../../deps';
import { caseInvoices, cases } from '../../db/schema';
import { jsonRows, valuesList } from '../../db/batch';
import type { GoClient } from '../../integrations/poweroffice/client';
import { statusText as claimStatusText } from '../../domain/claim-stages';
import { caseBalance, overrides } from '../cases/balance';
import { openingStage } from '../cases/opening';

const pushCases = jsonRows({
  id: cases.id, goCaseId: cases.goCaseId, stage: cases.stage, dunning: cases.dunning, closedAt: cases.closedAt, interestOre: cases.interestOre, costsOre: cases.costsOre,
  interestThrough: cases.interestThrough, pushedStatusText: cases.pushedStatusText, pushedBalanceOre: cases.pushedBalanceOre, pushedClosed: cases.pushedClosed,
});
const pushClaims = jsonRows({ caseId: caseInvoices.caseId, state: caseInvoices.state, openOre: caseInvoices.openOre, dueDate: caseInvoices.dueDate, hold: caseInvoices.hold, invoiceNo: caseInvoices.invoiceNo });

/** UpdateStatus only for cases whose label, balance or closed flag changed. */
export async function pushStatus(deps: AppDeps, go: GoClient, creditorId: string): Promise<number> {
  // Only the columns the push uses, each table as one JSON value (jsonRows): it reads every case
  // and claim of the creditor on every run, and turning rows into objects is per column (the
  // profile in docs/scaling.md). The cases in the order they are stored, as Go is told.
  const [casesRead] = await deps.db.select({ rows: pushCases.sql }).from(cases).where(eq(cases.creditorId, creditorId));
  const all = pushCases.parse(casesRead!.rows);
  const date = today(deps.clock);
  const [claimsRead] = await deps.db.select({ rows: pushClaims.sql }).from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
  const claims = pushClaims.parse(claimsRead!.rows);
  const invoicesByCase = new Map<string, typeof claims>();
  for (const i of claims) {
    const list = invoicesByCase.get(i.caseId);
    if (list) list.push(i);
    else invoicesByCase.set(i.caseId, [i]);
  }
  let pushed = 0;
  // What Go has confirmed is recorded in chunks (one statement per 100, not one per case); a crash
  // loses at most the unrecorded ones, which the next run pushes again with the same values.
  const confirmed: { id: string; statusText: string; balanceOre: number; closed: boolean }[] = [];
  const record = async () => {
    const batch = confirmed.splice(0);
    if (batch.length === 0) return;
    await deps.db.run(sql`UPDATE cases SET pushed_status_text = v.column2, pushed_balance_ore = v.column3, pushed_closed = v.column4
      FROM (VALUES ${valuesList(batch.map((r) => [r.id, r.statusText, r.balanceOre, r.closed ? 1 : 0]))}) AS v WHERE cases.id = v.column1`);
  };
  try {
    for (const c of all) {
      if (!c.goCaseId) continue;
      const invoices = invoicesByCase.get(c.id) ?? [];
      // An open case says what its claims say (a disputed claim: "Bestridt – stanset").
      const statusText = isClosedStage(c.stage) ? stageLabel(c.stage) : claimStatusText(c.stage, invoices);
      const balanceOre = caseBalance(c, invoices, date, overrides(deps));
      const closed = isClosedStage(c.stage);
      if (c.pushedBalanceOre === balanceOre && c.pushedClosed === closed) {
        if (c.pushedStatusText === statusText) continue;
        // A new case is created with its balance and Go shows it Active; its opening stage's label
        // goes with its first real change (interest from the next day, a stage, a payment) rather
        // than costing a call of its own per new case.
        if (c.pushedStatusText === null && !closed && statusText === stageLabel(openingStage(c.dunning))) continue;
      }
      deps.faults?.beforeGoWrite?.('updateStatus');
      await go.updateStatus({ caseId: c.goCaseId, statusText, isCaseClosed: closed, balanceOre });
      deps.faults?.afterGoWrite?.('updateStatus');
      confirmed.push({ id: c.id, statusText, balanceOre, closed });
      pushed++;
      if (confirmed.length >= 100) await record();
    }
  } finally {
    await record();
  }
  return pushed;
}
