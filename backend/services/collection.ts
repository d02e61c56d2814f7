// The agency side of a case: stages with dates, interest at forsinkelsesrente, fees and salær,
// and payments allocated costs → interest → principal.
import { and, eq, inArray } from 'drizzle-orm';
import { addDays, compareDates, toNorwegian, type HalfYear } from '@shared/dates';
import { interest, type RateOverrides } from '@shared/interest';
import { noticeFee, salaer } from '@shared/fees';
import { stageLabel, type CaseStage } from '@shared/stages';
import type { AppDeps } from '../deps';
import type { Db, Tx } from '../db/client';
import { caseEvents, caseInvoices, cases, creditors, debtors } from '../db/schema';
import { currentRates } from './rates';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInvoiceRow = typeof caseInvoices.$inferSelect;
/** What a balance is computed from; the ledger lookup reads only these columns. */
export type BalanceCase = Pick<CaseRow, 'closedAt' | 'interestOre' | 'costsOre' | 'interestThrough'>;
export type BalanceInvoice = Pick<CaseInvoiceRow, 'state' | 'openOre' | 'dueDate'>;

export const noticeDays = 14;
export const demandDays = 14;
/** Tungt salær once the betalingsoppfordring deadline is missed by more than this. */
export const heavyAfterDays = 28;

/** The official rates in effect (env and operations' entries; services/rates.ts). */
export function overrides(deps: AppDeps): RateOverrides {
  return currentRates(deps);
}

type Accrued = { interestOre: number; provisional: boolean; provisionalHalves: HalfYear[] };
const memo = new Map<string, Accrued>();
const memoLimit = 50_000;

/** interest() is pure in (principal, from, to, rates), and the ledger lookup asks for the same open
 * invoices on every page view, so the answers are memoised (a full memo is simply emptied). The
 * rates are part of the key by value, so a changed override is never answered from the memo. */
function accruedInterest(principalOre: number, from: string, date: string, rates: RateOverrides, ratesKey: string): Accrued {
  const key = `${principalOre}|${from}|${date}|${ratesKey}`;
  let r = memo.get(key);
  if (!r) {
    const { interestOre, provisional, provisionalHalves } = interest({ principalOre, dueDate: from, paidDate: date, overrides: rates });
    r = { interestOre, provisional, provisionalHalves };
    if (memo.size >= memoLimit) memo.clear();
    memo.set(key, r);
  }
  return r;
}

/** Interest accrued on open principal from `interestThrough` (or due) to `date`, not yet booked. */
export function pendingInterest(c: Pick<CaseRow, 'interestThrough'>, invoices: BalanceInvoice[], date: string, rates: RateOverrides): { ore: number; provisional: boolean; provisionalHalves: HalfYear[] } {
  let ore = 0;
  let provisional = false;
  let halves: HalfYear[] = [];
  const ratesKey = JSON.stringify(rates);
  for (const inv of invoices) {
    if (inv.state !== 'open' || inv.openOre <= 0) continue;
    const from = c.interestThrough && compareDates(c.interestThrough, inv.dueDate) > 0 ? c.interestThrough : inv.dueDate;
    if (compareDates(date, from) <= 0) continue;
    const r = accruedInterest(inv.openOre, from, date, rates, ratesKey);
    ore += r.interestOre;
    if (r.provisional) {
      provisional = true;
      for (const h of r.provisionalHalves) if (!halves.includes(h)) halves = [...halves, h];
    }
  }
  return { ore, provisional, provisionalHalves: halves.sort() };
}

/** The balance with its provisional mark: true when the case booked interest at a provisional rate
 *  or today's interest uses one; `provisionalHalves` are the half-years today's interest uses. */
export function markedBalance(c: BalanceCase & Partial<Pick<CaseRow, 'provisionalRate'>>, invoices: BalanceInvoice[], date: string, rates: RateOverrides): { balanceOre: number; provisionalRate: boolean; provisionalHalves: HalfYear[] } {
  if (c.closedAt) return { balanceOre: 0, provisionalRate: false, provisionalHalves: [] };
  const pending = pendingInterest(c, invoices, date, rates);
  return { balanceOre: openPrincipal(invoices) + c.interestOre + pending.ore + c.costsOre, provisionalRate: Boolean(c.provisionalRate) || pending.provisional, provisionalHalves: pending.provisionalHalves };
}

export function openPrincipal(invoices: BalanceInvoice[]): number {
  return invoices.reduce((s, i) => s + (i.state === 'open' ? i.openOre : 0), 0);
}

/** What the debtor owes the agency today: open principal + interest + unpaid costs. */
export function caseBalance(c: BalanceCase, invoices: BalanceInvoice[], date: string, rates: RateOverrides): number {
  if (c.closedAt) return 0;
  return openPrincipal(invoices) + c.interestOre + pendingInterest(c, invoices, date, rates).ore + c.costsOre;
}

export function nextStep(c: Pick<CaseRow, 'stage' | 'noticeDeadline' | 'demandDeadline'>): { nextStep: string | null; nextStepDate: string | null } {
  if (c.stage === 'notice_sent' && c.noticeDeadline) return { nextStep: stageLabel('demand_sent'), nextStepDate: addDays(c.noticeDeadline, 1) };
  if (c.stage === 'demand_sent' && c.demandDeadline) return { nextStep: stageLabel('legal'), nextStepDate: addDays(c.demandDeadline, 1) };
  return { nextStep: null, nextStepDate: null };
}

/** Records an event once: its external reference is unique, so a rerun never repeats its effect. */
export async function recordEvent(tx: Tx | Db, e: { caseId: string; at: string; kind: string; text: string; amountOre?: number | null; externalRef?: string | null; createdAt: string }): Promise<boolean> {
  const inserted = await tx
    .insert(caseEvents)
    .values({ id: crypto.randomUUID(), caseId: e.caseId, at: e.at, kind: e.kind, text: e.text, amountOre: e.amountOre ?? null, externalRef: e.externalRef ?? null, createdAt: e.createdAt })
    .onConflictDoNothing()
    .returning({ id: caseEvents.id });
  return inserted.length > 0;
}

async function caseContext(tx: Tx, caseId: string) {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw new Error(`unknown case ${caseId}`);
  const [creditor] = await tx.select().from(creditors).where(eq(creditors.id, c.creditorId));
  const [debtor] = await tx.select().from(debtors).where(eq(debtors.id, c.debtorId));
  const invoices = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
  return { c, creditor: creditor!, debtor: debtor!, invoices };
}

/** Books interest accrued up to `date` onto the case. */
async function accrue(tx: Tx, c: CaseRow, invoices: CaseInvoiceRow[], date: string, rates: RateOverrides, now: string): Promise<CaseRow> {
  const pending = pendingInterest(c, invoices, date, rates);
  const through = c.interestThrough && compareDates(c.interestThrough, date) > 0 ? c.interestThrough : date;
  const [updated] = await tx
    .update(cases)
    .set({ interestOre: c.interestOre + pending.ore, interestThrough: through, provisionalRate: c.provisionalRate || pending.provisional, updatedAt: now })
    .where(eq(cases.id, c.id))
    .returning();
  return updated!;
}

function claimOf(invoices: Pick<CaseInvoiceRow, 'principalOre'>[]): number {
  return invoices.reduce((s, i) => s + i.principalOre, 0);
}

/** Sets the stage a new case starts in, by the creditor's dunning profile. */
/** The stage a case opens at and the cost that comes with it: the agency's inkassovarsel (notice
 *  fee), or, when the creditor sent its own reminders and notice from Go, the betalingsoppfordring
 *  with lett salær. Pure, so the sync can tell Go a new case's balance in the same call that
 *  creates it (POST DebtCollection with balanceAgency), before startPlan books it. */
export function opening(input: {
  dunning: CaseRow['dunning'];
  invoices: Pick<CaseInvoiceRow, 'dueDate' | 'principalOre'>[];
  date: string;
  debtorKind: 'business' | 'consumer';
  vatDeductible: boolean;
  /** The inkassovarsel Go sent (own reminders): until its deadline has run the case waits at
   *  notice_sent, with no cost of ours; the demand may come only after it. */
  goNotice?: { sentAt: string; deadline: string } | null;
}): { stage: 'notice_sent' | 'demand_sent'; feeOre: number } {
  const { dunning, invoices, date } = input;
  if (dunning === 'own_reminders' && input.goNotice && compareDates(date, input.goNotice.deadline) <= 0) return { stage: 'notice_sent', feeOre: 0 };
  if (dunning === 'agency_notice') {
    const earliestDue = invoices.map((i) => i.dueDate).sort()[0] ?? date;
    return { stage: 'notice_sent', feeOre: noticeFee({ dueDate: earliestDue, date }) };
  }
  return { stage: 'demand_sent', feeOre: salaer({ claimOre: claimOf(invoices), date, debtor: input.debtorKind, vatDeductible: input.vatDeductible, heavy: false }) };
}

/** The label of a case's opening stage: Go is not told it on its own (see pushStatus). */
export function openingStage(dunning: CaseRow['dunning']): 'notice_sent' | 'demand_sent' {
  return dunning === 'agency_notice' ? 'notice_sent' : 'demand_sent';
}

/** What the debtor owes on a case that opens today with these invoices (principal, interest
 *  since due, the opening cost): the balance Go is given when the case is created. */
export function openingBalance(input: Omit<Parameters<typeof opening>[0], 'invoices'> & { invoices: (BalanceInvoice & Pick<CaseInvoiceRow, 'principalOre'>)[]; rates: RateOverrides }): number {
  const { feeOre } = opening(input);
  return caseBalance({ closedAt: null, interestOre: 0, costsOre: feeOre, interestThrough: null }, input.invoices, input.date, input.rates);
}

/** What starting a case writes, decided from what it is (pure, so the sync can start a chunk of
 *  cases in one batch): the stage it opens at with its dates, the cost that comes with it, and the
 *  timeline event (its externalRef makes it once per case). Null when the case has started. */
export function startPlan(
  c: Pick<CaseRow, 'id' | 'stage' | 'dunning' | 'noticeSentAt' | 'noticeDeadline'>,
  ctx: { invoices: Pick<CaseInvoiceRow, 'dueDate' | 'principalOre'>[]; date: string; debtorKind: 'business' | 'consumer'; vatDeductible: boolean },
): { set: Partial<Pick<CaseRow, 'stage' | 'noticeSentAt' | 'noticeDeadline' | 'demandSentAt' | 'demandDeadline'>>; feeOre: number; event: { at: string; kind: string; text: string; amountOre: number | null; externalRef: string } } | null {
  if (c.stage !== 'approved') return null;
  const { date } = ctx;
  const goNotice = c.dunning === 'own_reminders' && c.noticeSentAt && c.noticeDeadline ? { sentAt: c.noticeSentAt, deadline: c.noticeDeadline } : null;
  const { stage, feeOre: fee } = opening({ dunning: c.dunning, invoices: ctx.invoices, date, debtorKind: ctx.debtorKind, vatDeductible: ctx.vatDeductible, goNotice });
  if (goNotice && stage === 'notice_sent') {
    // Go sent the inkassovarsel (dunning-check.ts): no second one; the demand after its deadline.
    return { set: { stage: 'notice_sent' }, feeOre: 0, event: { at: date, kind: 'notice_sent', text: `${stageLabel('notice_sent')} fra PowerOffice GO ${toNorwegian(goNotice.sentAt)}, frist ${toNorwegian(goNotice.deadline)}`, amountOre: null, externalRef: `stage:${c.id}:notice_sent` } };
  }
  if (stage === 'notice_sent') {
    return { set: { stage: 'notice_sent', noticeSentAt: date, noticeDeadline: addDays(date, noticeDays) }, feeOre: fee, event: { at: date, kind: 'notice_sent', text: `${stageLabel('notice_sent')}, frist ${addDays(date, noticeDays)}`, amountOre: fee, externalRef: `stage:${c.id}:notice_sent` } };
  }
  // The creditor already sent reminders and the inkassovarsel from Go: the agency starts with the demand.
  return { set: { stage: 'demand_sent', demandSentAt: date, demandDeadline: addDays(date, demandDays) }, feeOre: fee, event: { at: date, kind: 'demand_sent', text: `${stageLabel('demand_sent')}, frist ${addDays(date, demandDays)} (salær)`, amountOre: fee, externalRef: `stage:${c.id}:demand_sent` } };
}

/** Moves a case on by the clock: notice deadline passed → demand (lett salær); demand deadline
 *  passed → legal recovery; missed by more than 28 days → tungt salær. */
export async function advanceCase(deps: AppDeps, caseId: string, date: string): Promise<CaseStage> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction(async (tx) => {
    const { c, creditor, debtor, invoices } = await caseContext(tx, caseId);
    if (c.closedAt) return c.stage;
    if (c.stage === 'notice_sent' && c.noticeDeadline && compareDates(date, c.noticeDeadline) > 0) {
      const at = addDays(c.noticeDeadline, 1);
      const fee = salaer({ claimOre: claimOf(invoices), date: at, debtor: debtor.kind, vatDeductible: creditor.vatDeductible, heavy: false });
      await tx.update(cases).set({ stage: 'demand_sent', demandSentAt: at, demandDeadline: addDays(at, demandDays), costsOre: c.costsOre + fee, updatedAt: now }).where(eq(cases.id, caseId));
      await recordEvent(tx, { caseId, at, kind: 'demand_sent', text: `${stageLabel('demand_sent')}, frist ${addDays(at, demandDays)} (salær)`, amountOre: fee, externalRef: `stage:${caseId}:demand_sent`, createdAt: now });
      return 'demand_sent';
    }
    if (c.stage === 'demand_sent' && c.demandDeadline && compareDates(date, c.demandDeadline) > 0) {
      const at = addDays(c.demandDeadline, 1);
      await tx.update(cases).set({ stage: 'legal', legalAt: at, updatedAt: now }).where(eq(cases.id, caseId));
      await recordEvent(tx, { caseId, at, kind: 'legal', text: stageLabel('legal'), externalRef: `stage:${caseId}:legal`, createdAt: now });
      return 'legal';
    }
    if (c.stage === 'legal' && c.demandDeadline && compareDates(date, addDays(c.demandDeadline, heavyAfterDays)) > 0) {
      const at = addDays(c.demandDeadline, heavyAfterDays + 1);
      const args = { claimOre: claimOf(invoices), date: c.demandSentAt ?? at, debtor: debtor.kind, vatDeductible: creditor.vatDeductible };
      const extra = salaer({ ...args, heavy: true }) - salaer({ ...args, heavy: false });
      if (await recordEvent(tx, { caseId, at, kind: 'heavy_fee', text: 'Tungt salær (fristen oversittet med mer enn 28 dager)', amountOre: extra, externalRef: `fee:${caseId}:heavy`, createdAt: now })) {
        await tx.update(cases).set({ costsOre: c.costsOre + extra, updatedAt: now }).where(eq(cases.id, caseId));
      }
    }
    return c.stage;
  });
}

/** Closes the case in our books when nothing is owed: paid, or written off when Go wrote it off. */
export async function closeIfSettled(tx: Tx, caseId: string, date: string, now: string): Promise<void> {
  const { c, invoices } = await caseContext(tx, caseId);
  if (c.closedAt) return;
  if (invoices.some((i) => i.state === 'open' && i.openOre > 0)) return;
  const writtenOff = invoices.some((i) => i.state === 'written_off');
  if (!writtenOff && c.costsOre + c.interestOre > 0) return; // principal settled, costs still owed
  const stage: CaseStage = writtenOff ? 'written_off' : 'paid';
  await tx.update(cases).set({ stage, closedAt: date, updatedAt: now }).where(eq(cases.id, caseId));
  await recordEvent(tx, { caseId, at: date, kind: stage, text: stageLabel(stage), externalRef: `stage:${caseId}:${stage}`, createdAt: now });
}

export type Allocation = { costsOre: number; interestOre: number; principalOre: number; surplusOre: number; principalByInvoice: { caseInvoiceId: string; principalOre: number }[] };

/** costs → interest → principal (oldest due first); anything beyond is surplus. */
export function allocate(amountOre: number, costsOre: number, interestOre: number, invoices: CaseInvoiceRow[]): Allocation {
  let left = amountOre;
  const take = (owed: number) => {
    const t = Math.min(left, Math.max(0, owed));
    left -= t;
    return t;
  };
  const costs = take(costsOre);
  const int = take(interestOre);
  const principalByInvoice: Allocation['principalByInvoice'] = [];
  for (const inv of [...invoices].filter((i) => i.state === 'open').sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNo - b.invoiceNo)) {
    const t = take(inv.openOre);
    if (t > 0) principalByInvoice.push({ caseInvoiceId: inv.id, principalOre: t });
  }
  return { costsOre: costs, interestOre: int, principalOre: principalByInvoice.reduce((s, p) => s + p.principalOre, 0), surplusOre: left, principalByInvoice };
}

/** Applies a payment's allocation to the case (inside the caller's transaction). */
export async function applyAllocation(tx: Tx, caseId: string, a: Allocation, now: string): Promise<void> {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
  await tx.update(cases).set({ costsOre: c!.costsOre - a.costsOre, interestOre: c!.interestOre - a.interestOre, updatedAt: now }).where(eq(cases.id, caseId));
  for (const p of a.principalByInvoice) {
    const [inv] = await tx.select().from(caseInvoices).where(eq(caseInvoices.id, p.caseInvoiceId));
    const open = inv!.openOre - p.principalOre;
    await tx.update(caseInvoices).set({ openOre: open, state: open === 0 ? 'paid' : 'open' }).where(eq(caseInvoices.id, p.caseInvoiceId));
  }
}

export { accrue, caseContext };

export async function casesOf(db: Db, creditorId: string, ids?: string[]) {
  const where = ids ? and(eq(cases.creditorId, creditorId), inArray(cases.id, ids)) : eq(cases.creditorId, creditorId);
  return db.select().from(cases).where(where);
}
