// The agency side of a case: stages with dates, interest at forsinkelsesrente, fees and salær,
// and payments allocated costs → interest → principal.
import { and, eq, getTableColumns, getTableName, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { addDays, compareDates, type HalfYear } from '@shared/dates';
import { interest, type RateOverrides } from '@shared/interest';
import { noticeFee, salaer } from '@shared/fees';
import { stageLabel, type CaseStage } from '@shared/stages';
import { today } from '@shared/clock';
import type { AppDeps } from '../deps';
import { GoApiError, type GoClient } from '../poweroffice/client';
import type { Db, Tx } from '../db/client';
import { caseEvents, caseInvoices, cases, creditors, debtors, letters } from '../db/schema';
import { chunks, insertValues, jsonRows, valuesList } from '../db/batch';
import { currentRates } from './rates';
import { resumedDeadline, type ClaimStage } from '../domain/claim-stages';
import { letterContent } from '../domain/letter-content';
import { follow, planClaims, withCaseDates as claimWithCaseDates, type CaseChange, type Plan, type PlanContext } from '../domain/start-plan';
import { storeLetter } from './letters';
import { DomainError, notFound, type Text } from '../errors';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInvoiceRow = typeof caseInvoices.$inferSelect;
/** What a balance is computed from; the ledger lookup reads only these columns. */
export type BalanceCase = Pick<CaseRow, 'closedAt' | 'interestOre' | 'costsOre' | 'interestThrough'>;
export type BalanceInvoice = Pick<CaseInvoiceRow, 'state' | 'openOre' | 'dueDate'>;

export { noticeDays, demandDays, heavyAfterDays } from '../domain/claim-stages';

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
  if (!c) throw notFound({ nb: 'saken', en: 'case' });
  const [creditor] = await tx.select().from(creditors).where(eq(creditors.id, c.creditorId));
  const [debtor] = await tx.select().from(debtors).where(eq(debtors.id, c.debtorId));
  const rows = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
  // Before per-claim stages tungt salær was one event per case: its claims have had it.
  const [legacyHeavy] = rows.some((i) => i.claimStage === null) ? await tx.select({ at: caseEvents.at }).from(caseEvents).where(eq(caseEvents.externalRef, `fee:${caseId}:heavy`)) : [];
  const invoices = rows.map((i) => ({ ...withCaseDates(i, c), ...(legacyHeavy && i.claimStage === null ? { heavyAt: legacyHeavy.at } : {}) }));
  return { c, creditor: creditor!, debtor: debtor!, invoices };
}

export { toClaim } from '../domain/start-plan';

/** A claim stored before per-claim stages (claimStage null) takes its case's stage and dates
 *  (domain/start-plan.ts withCaseDates), for a stored row. */
export function withCaseDates(i: CaseInvoiceRow, c: Pick<CaseRow, 'stage' | 'noticeSentAt' | 'noticeDeadline' | 'demandSentAt' | 'demandDeadline' | 'legalAt'>): CaseInvoiceRow & { claimStage: ClaimStage } {
  return claimWithCaseDates(i, c);
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
 *  creates it (POST DebtCollection with balanceAgency), before startCase books it. */
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

/** Starts the claims the case took over and Go has linked (state 'approved'): each its own
 *  inkassovarsel and deadline (or, with the creditor's own reminders, its betalingsoppfordring).
 *  Where Go itself sent the inkassovarsel (dunning-check.ts recorded it on the case), the claims
 *  take Go's notice and deadline: no second notice, no fee, the demand after Go's deadline.
 *  The rules are domain/start-plan.ts planClaims; this is startCases for one case. */
export async function startCase(tx: Tx, caseId: string, date: string, now: string, rates: RateOverrides = {}): Promise<void> {
  await startCases(tx, [caseId], date, now, rates);
}

/** Starts the claims of many cases at once (the sync's commit, a hundred cases at a time): their
 *  contexts read in a few statements, each case planned (planClaims, the same rules as startCase),
 *  all of it written as a few multi-row statements inside the caller's transaction.
 *  `linked`: claims Go has linked just now (the commit's), marked linked in Go in the same update
 *  that starts them, rather than each claim's row rewritten by an update of its own first. */
export async function startCases(tx: Tx, caseIds: readonly string[], date: string, now: string, rates: RateOverrides = {}, linked: readonly string[] = []): Promise<void> {
  const contexts = await planContexts(tx, caseIds);
  const toLink = new Set(linked);
  const linkedNow: string[] = [];
  for (const ctx of contexts) {
    for (const claim of ctx.claims) {
      if (!toLink.delete(claim.id) || claim.linkedInGo) continue;
      claim.linkedInGo = true;
      linkedNow.push(claim.id);
    }
  }
  // A claim of none of these cases is still marked, as the caller asked.
  for (const part of chunks([...toLink], 500)) await tx.update(caseInvoices).set({ linkedInGo: true }).where(inArray(caseInvoices.id, part));
  await applyPlans(tx, contexts.map((ctx) => planClaims(ctx, { mode: 'start', date, now, rates })), now, linkedNow);
}

/** Moves a case's claims on by the clock, each by its own deadlines: notice deadline passed →
 *  betalingsoppfordring (salær); its deadline passed → legal recovery; missed by more than 28
 *  days → tungt salær. A disputed or held claim makes no step. */
export async function advanceCase(deps: AppDeps, caseId: string, date: string): Promise<CaseStage> {
  const now = deps.clock.now().toISOString();
  const rates = overrides(deps);
  return deps.db.transaction(async (tx) => {
    const [ctx] = await planContexts(tx, [caseId]);
    if (!ctx) throw notFound({ nb: 'saken', en: 'case' });
    const plan = planClaims(ctx, { mode: 'advance', date, now, rates });
    await applyPlans(tx, [plan], now);
    return plan.stage;
  });
}

/** The columns planClaims reads (PlanCase, PlanClaim), and what the contexts are joined by. The
 *  sync's commit reads a hundred cases and their claims at a time, and turning rows into objects
 *  costs per column (docs/scaling.md), so the rest of the rows is left unread. */
const planCaseColumns = {
  id: cases.id, creditorId: cases.creditorId, debtorId: cases.debtorId, stage: cases.stage, dunning: cases.dunning, noticeSentAt: cases.noticeSentAt, noticeDeadline: cases.noticeDeadline,
  demandSentAt: cases.demandSentAt, demandDeadline: cases.demandDeadline, legalAt: cases.legalAt, closedAt: cases.closedAt, costsOre: cases.costsOre,
};
const planClaimColumns = {
  id: caseInvoices.id, caseId: caseInvoices.caseId, invoiceNo: caseInvoices.invoiceNo, invoiceDate: caseInvoices.invoiceDate, dueDate: caseInvoices.dueDate, principalOre: caseInvoices.principalOre,
  openOre: caseInvoices.openOre, state: caseInvoices.state, claimStage: caseInvoices.claimStage, noticeSentAt: caseInvoices.noticeSentAt, noticeDeadline: caseInvoices.noticeDeadline,
  demandSentAt: caseInvoices.demandSentAt, demandDeadline: caseInvoices.demandDeadline, legalAt: caseInvoices.legalAt, heavyAt: caseInvoices.heavyAt, feeOre: caseInvoices.feeOre,
  salaerOre: caseInvoices.salaerOre, hold: caseInvoices.hold, linkedInGo: caseInvoices.linkedInGo,
};
/** The chunk's cases and claims each read as one JSON value (db/batch.ts jsonRows): five hundred
 *  claims as row objects cost about five times the query. The cases in the order their ids are
 *  looked up in, each case's claims in the order they were stored, as the row reads had them. */
const planCasesJson = jsonRows(planCaseColumns, cases.id);
const planClaimsJson = jsonRows(planClaimColumns);

/** What planClaims needs for these cases, read in a few statements however many cases (each
 *  table once per 500 cases). A case id not found is left out. */
export async function planContexts(tx: Tx, caseIds: readonly string[]): Promise<PlanContext[]> {
  const out: PlanContext[] = [];
  for (const ids of chunks([...new Set(caseIds)], 500)) {
    const [casesRead] = await tx.select({ rows: planCasesJson.sql }).from(cases).where(inArray(cases.id, ids));
    const caseRows = planCasesJson.parse(casesRead!.rows);
    if (caseRows.length === 0) continue;
    const [claimsRead] = await tx.select({ rows: planClaimsJson.sql }).from(caseInvoices).where(inArray(caseInvoices.caseId, ids));
    const claimRows = planClaimsJson.parse(claimsRead!.rows);
    const creditorRows = await tx.select({ id: creditors.id, name: creditors.name, orgNo: creditors.orgNo, vatDeductible: creditors.vatDeductible }).from(creditors).where(inArray(creditors.id, [...new Set(caseRows.map((c) => c.creditorId))]));
    const debtorRows = await tx.select({ id: debtors.id, name: debtors.name, customerNo: debtors.customerNo, orgNo: debtors.orgNo, kind: debtors.kind }).from(debtors).where(inArray(debtors.id, [...new Set(caseRows.map((c) => c.debtorId))]));
    const claimsOf = new Map<string, typeof claimRows>();
    for (const r of claimRows) {
      const list = claimsOf.get(r.caseId);
      if (list) list.push(r);
      else claimsOf.set(r.caseId, [r]);
    }
    // Before per-claim stages tungt salær was one event per case: its claims have had it.
    const legacy = caseRows.filter((c) => (claimsOf.get(c.id) ?? []).some((i) => i.claimStage === null)).map((c) => `fee:${c.id}:heavy`);
    const heavyAt = new Map(legacy.length ? (await tx.select({ ref: caseEvents.externalRef, at: caseEvents.at }).from(caseEvents).where(inArray(caseEvents.externalRef, legacy))).map((e) => [e.ref, e.at]) : []);
    const creditorById = new Map(creditorRows.map((c) => [c.id, c]));
    const debtorById = new Map(debtorRows.map((d) => [d.id, d]));
    for (const c of caseRows) {
      out.push({ case: c, claims: claimsOf.get(c.id) ?? [], creditor: creditorById.get(c.creditorId)!, debtor: debtorById.get(c.debtorId)!, legacyHeavyAt: heavyAt.get(`fee:${c.id}:heavy`) ?? null });
    }
  }
  return out;
}

/** Rows changed each by its own values: one `UPDATE … FROM (VALUES …)` per set of columns (and
 *  per 100 rows), whatever the number of rows. */
async function updateRows<T extends typeof cases | typeof caseInvoices>(tx: Tx, table: T, rows: { id: string; set: Partial<Record<keyof T['$inferSelect'], unknown>> }[]): Promise<void> {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const keys = Object.keys(r.set).filter((k) => r.set[k as keyof typeof r.set] !== undefined).sort();
    if (keys.length === 0) continue;
    const key = keys.join(',');
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const name = sql.identifier(getTableName(table));
  for (const [key, group] of groups) {
    const keys = key.split(',');
    const sets = sql.join(keys.map((k, j) => sql`${sql.identifier(columns[k]!.name)} = v.${sql.raw(`column${j + 2}`)}`), sql`, `);
    for (const part of chunks(group, 100)) {
      const values = valuesList(part.map((r) => [r.id, ...keys.map((k) => {
        const v = r.set[k as keyof typeof r.set];
        return v === null ? null : columns[k]!.mapToDriverValue(v);
      })]));
      await tx.run(sql`UPDATE ${name} SET ${sets} FROM (VALUES ${values}) AS v WHERE ${name}.id = v.column1`);
    }
  }
}

/** Writes plans (planClaims): the claims' changes, events and letters as multi-row statements
 *  (events and letters once, by their unique references), tungt salær step by step (charged only
 *  when its event is new), then the cases' costs and stages. `linked`: claims to mark linked in Go
 *  in the same update (startCases). */
export async function applyPlans(tx: Tx, plans: readonly Plan[], now: string, linked: readonly string[] = []): Promise<void> {
  const claimSets = new Map<string, Partial<Record<keyof CaseInvoiceRow, unknown>>>(plans.flatMap((p) => p.claims.map((c) => [c.id, c.change] as const)));
  for (const id of linked) claimSets.set(id, { ...claimSets.get(id), linkedInGo: true });
  await updateRows(tx, caseInvoices, [...claimSets].map(([id, set]) => ({ id, set })));
  // The rows as .values() would write them (insertValues): drizzle's insert renders every value
  // through its type checks, which cost more than storing the rows.
  const events = plans.flatMap((p) => p.events);
  for (const part of chunks(events, 200)) await tx.insert(caseEvents).select(insertValues(caseEvents, part.map((e) => ({ id: crypto.randomUUID(), ...e })))).onConflictDoNothing();
  const written = plans.flatMap((p) => p.letters);
  for (const part of chunks(written, 50)) await tx.insert(letters).select(insertValues(letters, part.map((l) => ({ id: crypto.randomUUID(), ...l })))).onConflictDoNothing();
  const caseSets: { id: string; set: CaseChange }[] = [];
  for (const p of plans) {
    let costs = p.costsOre;
    for (const h of p.heavy) {
      if (await recordEvent(tx, h.event)) {
        costs += h.extraOre;
        await tx.update(caseInvoices).set(h.change).where(eq(caseInvoices.id, h.claimId));
      }
    }
    const set: CaseChange = { ...(costs !== p.costsBeforeOre ? { costsOre: costs, updatedAt: now } : {}), ...p.follow };
    if (Object.keys(set).length > 0) caseSets.push({ id: p.caseId, set });
  }
  await updateRows(tx, cases, caseSets);
}

/** The case row follows its claims (domain/start-plan.ts follow): the most advanced open claim's
 *  stage and dates, so Go's status text, the ledger badge and nextStep read one case. */
export async function followClaims(tx: Tx, caseId: string, now: string): Promise<CaseStage> {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!c) return 'approved';
  const f = follow(c, await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId)));
  if (f.change) await tx.update(cases).set({ ...f.change, updatedAt: now }).where(eq(cases.id, caseId));
  return f.stage;
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

export type ClaimAction = 'dispute' | 'hold' | 'resume' | 'withdraw';
export type ClaimRefusal = 'claim_not_found' | 'case_closed' | 'claim_not_open' | 'not_held';
/** A claim action refused, in domain words (app.ts's table: claim_not_found 404, the rest 409). */
export class ClaimActionRefused extends DomainError {
  constructor(code: ClaimRefusal, message: Text) {
    super(code, { message, fields: { invoiceNo: message } });
  }
}

const refusals: Record<ClaimRefusal, Text> = {
  claim_not_found: { nb: 'Fant ikke kravet i saken', en: 'Claim not found in the case' },
  case_closed: { nb: 'Saken er avsluttet', en: 'The case is closed' },
  claim_not_open: { nb: 'Kravet er ikke lenger under inndriving', en: 'The claim is no longer being collected' },
  not_held: { nb: 'Kravet er ikke bestridt eller stanset', en: 'The claim is not disputed or on hold' },
};

/**
 * Disputes (innsigelse), holds, resumes or withdraws one claim, by a firm user or operations, with
 * a reason; every step is a case event naming who and why. A held claim makes no step and gets no
 * letter or cost (advanceCase skips it); interest keeps running by law (forsinkelsesrenteloven)
 * and is shown as it accrues. Resume: a letter whose deadline ran out during the stop is renewed
 * with a full deadline from the resumption, without a new fee. Withdraw: the claim leaves
 * collection with its unpaid costs; a case with no claim left is rejected (and Go told: rejectInGo).
 * Repeating a step that is already in effect changes nothing (`changed: false`).
 */
export async function claimAction(deps: AppDeps, caseId: string, invoiceNo: number, action: ClaimAction, input: { reason: string; by: { name: string; email: string } }): Promise<{ changed: boolean }> {
  const now = deps.clock.now().toISOString();
  const date = today(deps.clock);
  const rates = overrides(deps);
  return deps.db.transaction(async (tx) => {
    const { c, creditor, debtor, invoices } = await caseContext(tx, caseId);
    const inv = invoices.find((i) => i.invoiceNo === invoiceNo);
    if (!inv) throw new ClaimActionRefused('claim_not_found', refusals.claim_not_found);
    if (action === 'withdraw' && inv.state === 'withdrawn') return { changed: false };
    if (c.closedAt) throw new ClaimActionRefused('case_closed', refusals.case_closed);
    const who = `${input.by.name} (${input.by.email})`;
    const event = (kind: string, text: string, amountOre: number | null = null) =>
      recordEvent(tx, { caseId, at: date, kind, text: `${text}. Av ${who}: ${input.reason}`, amountOre, externalRef: `claim:${inv.id}:${kind}:${now}:${crypto.randomUUID()}`, createdAt: now });
    if (action === 'dispute' || action === 'hold') {
      if (inv.state !== 'open') throw new ClaimActionRefused('claim_not_open', refusals.claim_not_open);
      const hold = action === 'dispute' ? 'disputed' : 'on_hold';
      if (inv.hold === hold) return { changed: false };
      await tx.update(caseInvoices).set({ hold, holdReason: input.reason, heldAt: date }).where(eq(caseInvoices.id, inv.id));
      await event(action === 'dispute' ? 'claim_disputed' : 'claim_held', action === 'dispute' ? `Faktura ${invoiceNo} bestridt (innsigelse): inndrivingen er stanset` : `Faktura ${invoiceNo} satt på vent: inndrivingen er stanset`);
      await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseId));
      return { changed: true };
    }
    if (action === 'resume') {
      if (inv.state !== 'open') throw new ClaimActionRefused('claim_not_open', refusals.claim_not_open);
      if (!inv.hold) throw new ClaimActionRefused('not_held', refusals.not_held);
      const resumed = resumedDeadline(inv, date);
      // The claim's stage and dates are written out (a claim from before per-claim stages had none).
      const set = {
        hold: null, holdReason: null, heldAt: null, claimStage: inv.claimStage,
        noticeSentAt: resumed?.renewed && resumed.kind === 'notice' ? date : inv.noticeSentAt,
        noticeDeadline: resumed?.renewed && resumed.kind === 'notice' ? resumed.deadline : inv.noticeDeadline,
        demandSentAt: resumed?.renewed && resumed.kind === 'demand' ? date : inv.demandSentAt,
        demandDeadline: resumed?.renewed && resumed.kind === 'demand' ? resumed.deadline : inv.demandDeadline,
        legalAt: inv.legalAt,
      };
      await tx.update(caseInvoices).set(set).where(eq(caseInvoices.id, inv.id));
      const text = resumed?.renewed
        ? `Inndrivingen av faktura ${invoiceNo} gjenopptatt: fristen løp ut under stansen, ny ${resumed.kind === 'notice' ? 'inkassovarsel' : 'betalingsoppfordring'} med frist ${resumed.deadline} (uten nytt gebyr)`
        : `Inndrivingen av faktura ${invoiceNo} gjenopptatt${resumed ? `, frist ${resumed.deadline} står` : ''}`;
      await event('claim_resumed', text);
      if (resumed?.renewed) {
        const [fresh] = await tx.select().from(caseInvoices).where(eq(caseInvoices.id, inv.id));
        await storeLetter(tx, {
          caseId, creditorId: c.creditorId, kind: resumed.kind, sentAt: date, deadline: resumed.deadline, now, invoiceNos: [invoiceNo], externalRef: `letter:${caseId}:${resumed.kind}:${date}:${inv.id}:renewed`,
          content: letterContent({
            kind: resumed.kind, sentAt: date, deadline: resumed.deadline,
            creditor: { name: creditor.name, orgNo: creditor.orgNo },
            debtor: { name: debtor.name, customerNo: debtor.customerNo, orgNo: debtor.orgNo, kind: debtor.kind },
            claims: [{ invoiceNo, invoiceDate: fresh!.invoiceDate, dueDate: fresh!.dueDate, openOre: fresh!.openOre }],
            feesOre: fresh!.feeOre, salaerOre: fresh!.salaerOre, rates,
          }),
        });
      }
      await followClaims(tx, caseId, now);
      return { changed: true };
    }
    // withdraw
    if (inv.state !== 'open') throw new ClaimActionRefused('claim_not_open', refusals.claim_not_open);
    const dropped = Math.min(c.costsOre, inv.feeOre + inv.salaerOre);
    await tx.update(caseInvoices).set({ state: 'withdrawn', withdrawnAt: date, hold: null }).where(eq(caseInvoices.id, inv.id));
    await tx.update(cases).set({ costsOre: c.costsOre - dropped, updatedAt: now }).where(eq(cases.id, caseId));
    await event('claim_withdrawn', `Faktura ${invoiceNo} trukket fra inkasso (åpen hovedstol ${inv.openOre / 100} kr og kravets kostnader ${dropped / 100} kr faller bort)`, inv.openOre + dropped);
    const rest = invoices.filter((i) => i.id !== inv.id);
    if (rest.every((i) => i.state === 'withdrawn')) {
      await tx.update(cases).set({ stage: 'rejected', closedAt: date, updatedAt: now }).where(eq(cases.id, caseId));
      await recordEvent(tx, { caseId, at: date, kind: 'rejected', text: `${stageLabel('rejected')}: ingen krav igjen i saken`, externalRef: `stage:${caseId}:rejected`, createdAt: now });
      // The key for Go's DELETE, stored before the call (rejectInGo).
      if (c.goCaseId) await recordEvent(tx, { caseId, at: date, kind: 'go_reject_requested', text: 'Saken avvises i PowerOffice GO', externalRef: `go-reject:${caseId}`, createdAt: now });
    } else {
      await closeIfSettled(tx, caseId, date, now);
      await followClaims(tx, caseId, now);
    }
    return { changed: true };
  });
}

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
