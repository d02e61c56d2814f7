// What the routes read and do with cases: the ledger lookup, case lists and details with their
// timeline, the agency's registration of a debtor's payment, one-click send, dunning settings and
// the daily run.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { compareDates } from '@shared/dates';
import { stageLabel, isClosedStage, type CaseStage } from '@shared/stages';
import type { CaseBadge, CaseDetail, CreditorSettings, InvoiceStatusItem } from '@shared/api';
import type { AppDeps } from '../deps';
import { agencyPayments, caseEvents, caseInvoices, cases, creditors, debtors, goInvoices, syncRuns } from '../db/schema';
import { GoApiError } from '../poweroffice/client';
import { accrue, advanceCase, allocate, applyAllocation, caseBalance, closeIfSettled, nextStep, overrides, pendingInterest, recordEvent, type BalanceInvoice, type CaseInvoiceRow, type CaseRow } from './collection';
import { claimJob, finishJob } from './jobs';
import { mirrorInvoices, pushStatus, syncCreditor } from './sync';
import { dailyRemittances } from './remittance/run';

export function caseUrl(deps: AppDeps, caseId: string): string {
  return `${deps.config.publicUrl.replace(/\/$/, '')}/cases/${caseId}`;
}

export function badge(deps: AppDeps, c: BadgeCase, invoices: BalanceInvoice[], date = today(deps.clock)): CaseBadge {
  return {
    id: c.id,
    caseNo: c.caseNo,
    stage: c.stage,
    stageLabel: stageLabel(c.stage),
    balanceOre: caseBalance(c, invoices, date, overrides(deps)),
    ...nextStep(c),
    url: caseUrl(deps, c.id),
  };
}

/** The columns a badge is made of. */
type BadgeCase = Pick<CaseRow, 'id' | 'caseNo' | 'stage' | 'closedAt' | 'interestOre' | 'costsOre' | 'interestThrough' | 'noticeDeadline' | 'demandDeadline'>;

/** The ledger page's one call: state of each invoice, from the database only. One query whose
 * answer is a single row of JSON arrays: libsql builds a JS object per result row, which for 500
 * invoices costs far more than the query itself (measured: 13 ms → 3 ms; lookup.bench.ts). Only the
 * columns a badge needs, as positional arrays (parsing is the larger cost after the query), the
 * CTEs materialized (else SQLite probes the index for the page's invoices once per use), and
 * today's date once per call (Intl formatting per case was measurable). */
export async function lookupInvoiceStatus(deps: AppDeps, creditorId: string, invoiceNos: number[]): Promise<InvoiceStatusItem[]> {
  return (await readInvoiceStatus(deps, creditorId, invoiceNos)).items;
}

/** The lookup's answer and the creditor's lookup version it was read at, in one statement (so one
 *  snapshot): what lookup-cache.ts keeps. */
export async function readInvoiceStatus(deps: AppDeps, creditorId: string, invoiceNos: number[]): Promise<{ version: number; items: InvoiceStatusItem[] }> {
  const requested = JSON.stringify([...new Set(invoiceNos)]);
  const [row] = await deps.db.all<{ version: number | null; linked: string; caseRows: string; caseInvoiceRows: string; mirror: string }>(sql`
    with req(no) as materialized (select value from json_each(${requested})),
      linked as materialized (select ci.invoice_no, ci.case_id from case_invoices ci where ci.creditor_id = ${creditorId} and ci.invoice_no in (select no from req)),
      case_ids as materialized (select distinct case_id from linked)
    select
      (select lookup_version from creditors where id = ${creditorId}) as version,
      (select json_group_array(json_array(invoice_no, case_id)) from linked) as linked,
      (select json_group_array(json_array(c.id, c.case_no, c.stage, c.closed_at, c.interest_ore, c.costs_ore, c.interest_through, c.notice_deadline, c.demand_deadline))
        from cases c where c.id in (select case_id from case_ids)) as caseRows,
      (select json_group_array(json_array(i.case_id, i.state, i.open_ore, i.due_date)) from case_invoices i where i.case_id in (select case_id from case_ids)) as caseInvoiceRows,
      (select json_group_array(json_array(g.invoice_no, g.dc_status)) from go_invoices g where g.creditor_id = ${creditorId} and g.invoice_no in (select no from req)) as mirror`);
  type CaseTuple = [string, string, CaseStage, string | null, number, number, string | null, string | null, string | null];
  type InvoiceTuple = [string, CaseInvoiceRow['state'], number, string];
  const invoicesByCase = new Map<string, BalanceInvoice[]>();
  for (const [caseId, state, openOre, dueDate] of JSON.parse(row!.caseInvoiceRows) as InvoiceTuple[]) {
    const list = invoicesByCase.get(caseId);
    const inv = { state, openOre, dueDate };
    if (list) list.push(inv);
    else invoicesByCase.set(caseId, [inv]);
  }
  const date = today(deps.clock);
  const badges = new Map<string, { closed: boolean; badge: CaseBadge }>();
  for (const [id, caseNo, stage, closedAt, interestOre, costsOre, interestThrough, noticeDeadline, demandDeadline] of JSON.parse(row!.caseRows) as CaseTuple[]) {
    const c = { id, caseNo, stage, closedAt, interestOre, costsOre, interestThrough, noticeDeadline, demandDeadline };
    badges.set(id, { closed: isClosedStage(stage), badge: badge(deps, c, invoicesByCase.get(id) ?? [], date) });
  }
  const caseByNo = new Map(JSON.parse(row!.linked) as [number, string][]);
  const statusByNo = new Map(JSON.parse(row!.mirror) as [number, number][]);
  const items = invoiceNos.map((invoiceNo): InvoiceStatusItem => {
    const caseId = caseByNo.get(invoiceNo);
    if (caseId) {
      const b = badges.get(caseId)!;
      return { invoiceNo, state: b.closed ? 'closed' : 'in_case', case: b.badge };
    }
    const dcStatus = statusByNo.get(invoiceNo);
    const state = dcStatus === 1 || dcStatus === 2 ? 'draft' : dcStatus === 3 ? 'approved' : 'none';
    return { invoiceNo, state };
  });
  return { version: row!.version ?? -1, items };
}

export async function listCases(deps: AppDeps, creditorId: string) {
  const rows = await deps.db.select().from(cases).where(eq(cases.creditorId, creditorId)).orderBy(desc(cases.openedAt), desc(cases.caseNo));
  const invoices = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, creditorId));
  const debtorRows = await deps.db.select().from(debtors).where(eq(debtors.creditorId, creditorId));
  const date = today(deps.clock);
  return rows.map((c) => {
    const own = invoices.filter((i) => i.caseId === c.id);
    const d = debtorRows.find((x) => x.id === c.debtorId)!;
    return {
      id: c.id,
      caseNo: c.caseNo,
      debtor: { customerNo: d.customerNo, name: d.name, orgNo: d.orgNo },
      stage: c.stage,
      stageLabel: stageLabel(c.stage),
      balanceOre: caseBalance(c, own, date, overrides(deps)),
      invoiceNos: own.map((i) => i.invoiceNo).sort((a, b) => a - b),
    };
  });
}

export async function getCase(deps: AppDeps, caseId: string): Promise<CaseDetail | null> {
  const [c] = await deps.db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) return null;
  const invoices = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId)).orderBy(asc(caseInvoices.dueDate));
  const [d] = await deps.db.select().from(debtors).where(eq(debtors.id, c.debtorId));
  const events = await deps.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.createdAt));
  const payments = await deps.db.select().from(agencyPayments).where(eq(agencyPayments.caseId, caseId));
  const date = today(deps.clock);
  const pending = c.closedAt ? { ore: 0, provisional: false } : pendingInterest(c, invoices, date, overrides(deps));
  return {
    id: c.id,
    caseNo: c.caseNo,
    creditorId: c.creditorId,
    debtor: { customerNo: d!.customerNo, name: d!.name, orgNo: d!.orgNo },
    stage: c.stage,
    stageLabel: stageLabel(c.stage),
    balanceOre: caseBalance(c, invoices, date, overrides(deps)),
    invoiceNos: invoices.map((i) => i.invoiceNo),
    openedAt: c.openedAt,
    principalOre: invoices.reduce((s, i) => s + i.principalOre, 0),
    interestOre: c.interestOre + pending.ore,
    costsOre: c.costsOre,
    paidOre: payments.reduce((s, p) => s + p.amountOre, 0),
    provisionalRate: c.provisionalRate || pending.provisional,
    ...nextStep(c),
    invoices: invoices.map((i) => ({ invoiceNo: i.invoiceNo, dueDate: i.dueDate, principalOre: i.principalOre, openOre: i.openOre, state: i.state })),
    timeline: events.map((e) => ({ at: e.at, kind: e.kind, text: e.text, amountOre: e.amountOre })),
  };
}

export class PaymentRefused extends Error {
  constructor(readonly code: 'case_closed', message: string) {
    super(message);
  }
}

/** The agency registers a debtor's payment; idempotent by (case, reference). */
export async function registerAgencyPayment(deps: AppDeps, caseId: string, input: { amountOre: number; paidAt: string; reference: string }) {
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(agencyPayments).where(and(eq(agencyPayments.caseId, caseId), eq(agencyPayments.reference, input.reference)));
    if (existing) return { payment: existing, created: false };
    const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!c) throw new Error(`unknown case ${caseId}`);
    if (c.closedAt) throw new PaymentRefused('case_closed', 'Saken er avsluttet / the case is closed');
    const invoices = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
    const accrued = await accrue(tx, c, invoices, input.paidAt, overrides(deps), now);
    const a = allocate(input.amountOre, accrued.costsOre, accrued.interestOre, invoices);
    await applyAllocation(tx, caseId, a, now);
    const [payment] = await tx
      .insert(agencyPayments)
      .values({ id: crypto.randomUUID(), caseId, creditorId: c.creditorId, amountOre: input.amountOre, paidAt: input.paidAt, reference: input.reference, costsOre: a.costsOre, interestOre: a.interestOre, principalOre: a.principalOre, principalByInvoice: a.principalByInvoice, surplusOre: a.surplusOre, createdAt: now })
      .returning();
    await recordEvent(tx, { caseId, at: input.paidAt, kind: 'payment', text: `Innbetaling til inkassobyrå (${input.reference})`, amountOre: input.amountOre, externalRef: `payment:${payment!.id}`, createdAt: now });
    await closeIfSettled(tx, caseId, input.paidAt, now);
    return { payment: payment!, created: true };
  });
  return result;
}

export type SendRefusal = 'not_overdue' | 'excluded_customer' | 'another_agency_active' | 'already_in_case' | 'not_found' | 'creditor_not_active';
export class SendRefused extends Error {
  constructor(readonly reason: SendRefusal, message: string) {
    super(message);
  }
}

const refusalText: Record<SendRefusal, string> = {
  not_overdue: 'Fakturaen har ikke forfalt / the invoice is not overdue',
  excluded_customer: 'Kunden er unntatt fra inkasso i PowerOffice GO / the customer is excluded from collection',
  another_agency_active: 'Modhi kan ikke opprette nye saker for klienten: et annet inkassobyrå har haken «Inkassobyrå kan opprette nye saker» / another agency may create cases',
  already_in_case: 'Fakturaen er allerede i en inkassosak / the invoice is already in a case',
  not_found: 'Fant ikke fakturaen i PowerOffice GO / invoice not found in Go',
  creditor_not_active: 'Klienten er ikke aktiv på integrasjonen / the creditor is not active',
};

export async function sendToCollection(deps: AppDeps, creditorId: string, invoiceNo: number): Promise<InvoiceStatusItem> {
  const refuse = (r: SendRefusal) => new SendRefused(r, refusalText[r]);
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || creditor.status !== 'active') throw refuse('creditor_not_active');
  const [already] = await lookupInvoiceStatus(deps, creditorId, [invoiceNo]);
  if (already?.case) throw refuse('already_in_case');
  const go = await deps.goClientFor(creditor);
  let [mirrored] = await deps.db.select().from(goInvoices).where(and(eq(goInvoices.creditorId, creditorId), eq(goInvoices.invoiceNo, invoiceNo)));
  if (!mirrored) {
    await mirrorInvoices(deps, go, creditorId);
    [mirrored] = await deps.db.select().from(goInvoices).where(and(eq(goInvoices.creditorId, creditorId), eq(goInvoices.invoiceNo, invoiceNo)));
  }
  if (!mirrored || mirrored.balanceOre <= 0) throw refuse('not_found');
  if (mirrored.dcStatus === 4) throw refuse(mirrored.debtCollectionCode ? 'already_in_case' : 'another_agency_active');
  if (compareDates(mirrored.dueDate, today(deps.clock)) >= 0) throw refuse('not_overdue');
  if (!(await go.isActiveDebtCollection())) throw refuse('another_agency_active');
  try {
    deps.faults?.beforeGoWrite?.('approve');
    await go.approveInvoices([mirrored.goInvoiceId]);
  } catch (e) {
    if (e instanceof GoApiError && e.status < 500) {
      const field = Object.keys(e.fields)[0];
      if (field === 'excluded_customer' || field === 'not_overdue') throw refuse(field);
      if (field === 'already_exported') throw refuse('already_in_case');
    }
    throw e;
  }
  await syncCreditor(deps, creditorId, 'send');
  const [status] = await lookupInvoiceStatus(deps, creditorId, [invoiceNo]);
  return status!;
}

/** A changed dunning choice is written to Go's Innstillinger → Purring before it is saved here.
 *  Go is read first and written only when what it has differs from what the choice means, so
 *  saving the popup unchanged (or a choice Go already has) makes no write in Go. */
export async function writeDunningSettings(deps: AppDeps, creditorId: string, settings: CreditorSettings): Promise<void> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw new Error(`unknown creditor ${creditorId}`);
  const go = await deps.goClientFor(creditor);
  const current = await go.getDunningSettings();
  // "Own reminders" keeps a reminder profile the accountant chose in Go; only "none" is replaced.
  const reminderProfile = settings.dunning === 'agency_notice' ? 'none' : current.reminderProfile === 'none' ? 'reminder' : current.reminderProfile;
  const autoApproveTransfer = settings.approval === 'automatic';
  if (current.reminderProfile !== reminderProfile || current.autoApproveTransfer !== autoApproveTransfer) {
    await go.putDunningSettings({ reminderProfile, autoApproveTransfer });
  }
  if (creditor.dunning === settings.dunning && creditor.approval === settings.approval) return;
  await deps.db.update(creditors).set({ dunning: settings.dunning, approval: settings.approval, updatedAt: deps.clock.now().toISOString() }).where(eq(creditors.id, creditorId));
}

export async function listSyncRuns(deps: AppDeps, creditorId: string, limit = 50) {
  return deps.db.select().from(syncRuns).where(eq(syncRuns.creditorId, creditorId)).orderBy(desc(syncRuns.startedAt)).limit(limit);
}

export type DailyHook = (deps: AppDeps, creditorId: string, date: string) => Promise<void>;

/** How long one creditor's daily run may take before another runner may take it over. */
const dailyLeaseMs = 30 * 60_000;

/** One creditor's part of the daily run, as a result (never thrown). */
export type CreditorDailyResult = { creditorId: string; ok: boolean; advanced: Record<string, number>; skipped?: 'running' | 'inactive'; error?: string };

/** The ids of the creditors the daily run is for: one job each (Node runs them in turn, the edge
 *  sends one queue message each). */
export async function dailyCreditorIds(deps: AppDeps): Promise<string[]> {
  const active = await deps.db.select({ id: creditors.id }).from(creditors).where(eq(creditors.status, 'active'));
  return active.map((c) => c.id);
}

/** One creditor's daily job: sync, advance stages by the clock, remittance, push status. Run under
 *  a lease (jobs queue "daily"), so overlapping runners never work on one creditor at once: the
 *  later one reports it as skipped, and a run that died is taken over once its lease has run out.
 *  The same function is the Node loop's step and the edge's queue message; running it again for the
 *  same date is idempotent (every write to Go is keyed). */
export async function runCreditorDaily(deps: AppDeps, creditorId: string, date: string, input: { afterCreditor?: DailyHook } = {}): Promise<CreditorDailyResult> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || creditor.status !== 'active') return { creditorId, ok: true, advanced: {}, skipped: 'inactive' };
  const lease = await claimJob(deps, 'daily', creditor.id, { date }, dailyLeaseMs);
  if (!lease) return { creditorId, ok: true, advanced: {}, skipped: 'running' };
  try {
    await syncCreditor(deps, creditor.id, 'daily');
    const open = await deps.db.select().from(cases).where(and(eq(cases.creditorId, creditor.id), isNull(cases.closedAt)));
    const advanced: Record<string, number> = {};
    for (const c of open) {
      const stage: CaseStage = await advanceCase(deps, c.id, date);
      if (stage !== c.stage) advanced[stage] = (advanced[stage] ?? 0) + 1;
    }
    // Remittance hook (remittance helper): settle what the agency collected, then push status so a
    // case the remittance settled is closed in Go too. A caller's own hook replaces it.
    await (input.afterCreditor ?? dailyRemittances)(deps, creditor.id, date);
    await pushStatus(deps, await deps.goClientFor(creditor), creditor.id);
    await finishJob(deps, lease, { ok: true, result: { date, advanced } });
    return { creditorId, ok: true, advanced };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.log?.('daily.error', { creditorId: creditor.id, message });
    await finishJob(deps, lease, { ok: false, error: message });
    return { creditorId, ok: false, advanced: {}, error: message };
  }
}

/** The daily run for every active creditor, one `runCreditorDaily` job after the other (Node).
 *  `afterCreditor` is where the remittance run hooks in. */
export async function runDaily(deps: AppDeps, input: { date?: string; afterCreditor?: DailyHook } = {}) {
  const date = input.date ?? today(deps.clock);
  const results: CreditorDailyResult[] = [];
  for (const creditorId of await dailyCreditorIds(deps)) results.push(await runCreditorDaily(deps, creditorId, date, input));
  return { date, creditors: results };
}
