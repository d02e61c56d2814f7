// Reading cases: a creditor's case list and one case in full (claims, timeline, breakdown).
import { asc, desc, eq, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { stageLabel } from '@shared/stages';
import type { CaseDetail } from '@shared/api';
import type { AppDeps } from '../../deps';
import { agencyPayments, caseEvents, caseInvoices, cases, debtors } from '../../db/schema';
import { withCaseDates } from './process';
import { caseBalance, markedBalance, nextStep, overrides, pendingInterest } from './balance';
import { breakdownOf } from '../../domain/breakdown';
import { heldLabel } from '../../domain/claim-stages';
import { overpaymentsOf } from './overpayments';
import { loadRates } from '../interest-rates/service';
import { provisionalMark } from '../ledger-lookup/service';

export async function listCases(deps: AppDeps, creditorId: string) {
  await loadRates(deps);
  const rows = await deps.db.select().from(cases).where(eq(cases.creditorId, creditorId)).orderBy(desc(cases.openedAt), desc(cases.caseNo));
  const invoices = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
  const debtorRows = await deps.db.select().from(debtors).where(eq(debtors.creditorId, creditorId));
  const date = today(deps.clock);
  return rows.map((c) => {
    const own = invoices.filter((i) => i.caseId === c.id);
    const d = debtorRows.find((x) => x.id === c.debtorId)!;
    const marked = markedBalance(c, own, date, overrides(deps));
    return {
      id: c.id,
      caseNo: c.caseNo,
      debtor: { customerNo: d.customerNo, name: d.name, orgNo: d.orgNo },
      stage: c.stage,
      stageLabel: stageLabel(c.stage),
      balanceOre: marked.balanceOre,
      invoiceNos: own.map((i) => i.invoiceNo).sort((a, b) => a - b),
      ...provisionalMark(marked),
    };
  });
}

export async function getCase(deps: AppDeps, caseId: string): Promise<CaseDetail | null> {
  await loadRates(deps);
  const [c] = await deps.db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) return null;
  const invoices = (await deps.db.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId)).orderBy(asc(caseInvoices.dueDate), asc(caseInvoices.invoiceNo))).map((i) => withCaseDates(i, c));
  const [d] = await deps.db.select().from(debtors).where(eq(debtors.id, c.debtorId));
  // Events of one moment (the sync writes a case's opening, its invoices and their start at once)
  // in the order they were written, not in whatever order SQLite's sort leaves ties.
  const events = await deps.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.createdAt), asc(sql`rowid`));
  const payments = await deps.db.select().from(agencyPayments).where(eq(agencyPayments.caseId, caseId));
  const date = today(deps.clock);
  const pending = c.closedAt ? { ore: 0, provisional: false, provisionalHalves: [] } : pendingInterest(c, invoices, date, overrides(deps));
  const balanceOre = caseBalance(c, invoices, date, overrides(deps));
  return {
    id: c.id,
    caseNo: c.caseNo,
    creditorId: c.creditorId,
    debtor: { customerNo: d!.customerNo, name: d!.name, orgNo: d!.orgNo, kind: d!.kind },
    stage: c.stage,
    stageLabel: stageLabel(c.stage),
    balanceOre,
    invoiceNos: invoices.map((i) => i.invoiceNo),
    openedAt: c.openedAt,
    principalOre: invoices.reduce((s, i) => s + i.principalOre, 0),
    interestOre: c.interestOre + pending.ore,
    costsOre: c.costsOre,
    paidOre: payments.reduce((s, p) => s + p.amountOre, 0),
    provisionalRate: c.provisionalRate || pending.provisional,
    provisionalHalves: pending.provisionalHalves,
    overpayments: await overpaymentsOf(deps, { caseId }),
    ...nextStep(c),
    invoices: invoices.map((i) => ({ invoiceNo: i.invoiceNo, dueDate: i.dueDate, principalOre: i.principalOre, openOre: i.openOre, state: i.state })),
    timeline: events.map((e) => ({ at: e.at, kind: e.kind, text: e.text, amountOre: e.amountOre })),
    claims: invoices.map((i) => ({
      invoiceNo: i.invoiceNo, dueDate: i.dueDate, state: i.state, stage: i.claimStage, stageLabel: claimStageLabel(i),
      noticeSentAt: i.noticeSentAt, noticeDeadline: i.noticeDeadline, demandSentAt: i.demandSentAt, demandDeadline: i.demandDeadline, legalAt: i.legalAt,
      principalOre: i.principalOre, openOre: i.openOre, feeOre: i.feeOre, salaerOre: i.salaerOre,
      hold: i.hold, holdReason: i.holdReason, heldAt: i.heldAt, withdrawnAt: i.withdrawnAt,
      ...(i.state === 'open' && !i.hold && !c.closedAt ? nextStep({ stage: i.claimStage, noticeDeadline: i.noticeDeadline, demandDeadline: i.demandDeadline }) : { nextStep: null, nextStepDate: null }),
    })),
    breakdown: breakdownOf({ c, claims: invoices, events, payments, date, rates: overrides(deps), balanceOre }),
  };
}

/** A claim's own stage label, with its state when it is no longer (or not now) in the process. */
function claimStageLabel(i: ReturnType<typeof withCaseDates>): string {
  if (i.state === 'withdrawn') return 'Trukket fra inkasso';
  if (i.state !== 'open') return stageLabel(i.state === 'credited' ? 'closed' : i.state);
  if (i.hold) return `${heldLabel[i.hold]} (${stageLabel(i.claimStage).toLowerCase()})`;
  return stageLabel(i.claimStage);
}
