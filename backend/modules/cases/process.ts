// The collection process of a case: events recorded once, claims started and moved on by their
// deadlines (domain/start-plan.ts planClaims), the case following its claims, closed when settled.
import { eq, getTableColumns, getTableName, inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { compareDates } from '@shared/dates';
import type { RateOverrides } from '@shared/interest';
import { stageLabel, type CaseStage } from '@shared/stages';
import type { AppDeps } from '../../deps';
import type { Db, Tx } from '../../db/client';
import { caseEvents, caseInvoices, cases, creditors, debtors, letters } from '../../db/schema';
import { chunks, insertValues, jsonRows, valuesList } from '../../db/batch';
import type { ClaimStage } from '../../domain/claim-stages';
import { follow, planClaims, withCaseDates as claimWithCaseDates, type CaseChange, type Plan, type PlanContext } from '../../domain/start-plan';
import { notFound } from '../../errors';
import { overrides, pendingInterest, type CaseInvoiceRow, type CaseRow } from './balance';
import { rowId } from '../../db/ids';

/** Records an event once: its external reference is unique, so a rerun never repeats its effect. */
export async function recordEvent(tx: Tx | Db, e: { caseId: string; at: string; kind: string; text: string; amountOre?: number | null; externalRef?: string | null; createdAt: string }): Promise<boolean> {
  const inserted = await tx
    .insert(caseEvents)
    .values({ id: rowId(e.createdAt), caseId: e.caseId, at: e.at, kind: e.kind, text: e.text, amountOre: e.amountOre ?? null, externalRef: e.externalRef ?? null, createdAt: e.createdAt })
    .onConflictDoNothing()
    .returning({ id: caseEvents.id });
  return inserted.length > 0;
}

export async function caseContext(tx: Tx, caseId: string) {
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

/** A claim stored before per-claim stages (claimStage null) takes its case's stage and dates
 *  (domain/start-plan.ts withCaseDates), for a stored row. */
export function withCaseDates(i: CaseInvoiceRow, c: Pick<CaseRow, 'stage' | 'noticeSentAt' | 'noticeDeadline' | 'demandSentAt' | 'demandDeadline' | 'legalAt'>): CaseInvoiceRow & { claimStage: ClaimStage } {
  return claimWithCaseDates(i, c);
}

/** Books interest accrued up to `date` onto the case. */
export async function accrue(tx: Tx, c: CaseRow, invoices: CaseInvoiceRow[], date: string, rates: RateOverrides, now: string): Promise<CaseRow> {
  const pending = pendingInterest(c, invoices, date, rates);
  const through = c.interestThrough && compareDates(c.interestThrough, date) > 0 ? c.interestThrough : date;
  const [updated] = await tx
    .update(cases)
    .set({ interestOre: c.interestOre + pending.ore, interestThrough: through, provisionalRate: c.provisionalRate || pending.provisional, updatedAt: now })
    .where(eq(cases.id, c.id))
    .returning();
  return updated!;
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
 *  claims as row objects cost about five times the query. The cases by id (as the primary-key
 *  lookup of the row reads returned them), each case's claims in the order they were stored. */
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
  for (const part of chunks(events, 200)) await tx.insert(caseEvents).select(insertValues(caseEvents, part.map((e) => ({ id: rowId(now), ...e })))).onConflictDoNothing();
  const written = plans.flatMap((p) => p.letters);
  for (const part of chunks(written, 50)) await tx.insert(letters).select(insertValues(letters, part.map((l) => ({ id: rowId(now), ...l })))).onConflictDoNothing();
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
