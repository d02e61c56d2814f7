// What the routes read and do with cases: the ledger lookup, case lists and details with their
// timeline, the agency's registration of a debtor's payment, one-click send, dunning settings and
// the daily run.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { compareDates, type HalfYear } from '@shared/dates';
import { formatOre } from '@shared/money';
import { stageLabel, isClosedStage, type CaseStage } from '@shared/stages';
import type { CaseBadge, CaseDetail, CreditorSettings, InvoiceStatusItem } from '@shared/api';
import type { AppDeps } from '../deps';
import { agencyPayments, caseEvents, caseInvoices, cases, creditors, debtors, goInvoices, syncRuns } from '../db/schema';
import { GoApiError } from '../poweroffice/client';
import type { Tx } from '../db/client';
import { accrue, advanceCase, allocate, applyAllocation, caseBalance, closeIfSettled, markedBalance, nextStep, overrides, pendingInterest, recordEvent, withCaseDates, type BalanceInvoice, type CaseInvoiceRow, type CaseRow } from './collection';
import { breakdownOf } from '../domain/breakdown';
import { heldLabel } from '../domain/claim-stages';
import { holdOverpayment, overpaymentsOf } from './overpayments';
import { loadRates } from './rates';
import { claimJob, finishJob } from './jobs';
import { mirrorInvoices, pushStatus, syncCreditor } from './sync';
import { dailyRemittances } from './remittance/run';

export function caseUrl(deps: AppDeps, caseId: string): string {
  return `${deps.config.publicUrl.replace(/\/$/, '')}/cases/${caseId}`;
}

/** `provisionalRate: true` and the half-years, only on a figure built on a provisional rate. */
export function provisionalMark(m: { provisionalRate: boolean; provisionalHalves: HalfYear[] }): { provisionalRate?: true; provisionalHalves?: HalfYear[] } {
  return m.provisionalRate ? { provisionalRate: true, provisionalHalves: m.provisionalHalves } : {};
}

export function badge(deps: AppDeps, c: BadgeCase, invoices: BalanceInvoice[], date = today(deps.clock)): CaseBadge {
  const marked = markedBalance(c, invoices, date, overrides(deps));
  return {
    id: c.id,
    caseNo: c.caseNo,
    stage: c.stage,
    stageLabel: stageLabel(c.stage),
    balanceOre: marked.balanceOre,
    ...nextStep(c),
    url: caseUrl(deps, c.id),
    ...provisionalMark(marked),
  };
}

/** The columns a badge is made of. */
type BadgeCase = Pick<CaseRow, 'id' | 'caseNo' | 'stage' | 'closedAt' | 'interestOre' | 'costsOre' | 'interestThrough' | 'noticeDeadline' | 'demandDeadline' | 'provisionalRate'>;

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
  await loadRates(deps);
  const [row] = await deps.db.all<{ version: number | null; linked: string; caseRows: string; caseInvoiceRows: string; mirror: string }>(sql`
    with req(no) as materialized (select value from json_each(${requested})),
      linked as materialized (select ci.invoice_no, ci.case_id from case_invoices ci where ci.creditor_id = ${creditorId} and ci.invoice_no in (select no from req)),
      case_ids as materialized (select distinct case_id from linked)
    select
      (select lookup_version from creditors where id = ${creditorId}) as version,
      (select json_group_array(json_array(invoice_no, case_id)) from linked) as linked,
      (select json_group_array(json_array(c.id, c.case_no, c.stage, c.closed_at, c.interest_ore, c.costs_ore, c.interest_through, c.notice_deadline, c.demand_deadline, c.provisional_rate))
        from cases c where c.id in (select case_id from case_ids)) as caseRows,
      (select json_group_array(json_array(i.case_id, i.state, i.open_ore, i.due_date)) from case_invoices i where i.case_id in (select case_id from case_ids)) as caseInvoiceRows,
      (select json_group_array(json_array(g.invoice_no, g.dc_status)) from go_invoices g where g.creditor_id = ${creditorId} and g.invoice_no in (select no from req)) as mirror`);
  type CaseTuple = [string, string, CaseStage, string | null, number, number, string | null, string | null, string | null, number];
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
  for (const [id, caseNo, stage, closedAt, interestOre, costsOre, interestThrough, noticeDeadline, demandDeadline, provisionalRate] of JSON.parse(row!.caseRows) as CaseTuple[]) {
    const c = { id, caseNo, stage, closedAt, interestOre, costsOre, interestThrough, noticeDeadline, demandDeadline, provisionalRate: provisionalRate === 1 };
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
  const events = await deps.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.createdAt));
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

export type PaymentRefusal = 'case_closed' | 'overpayment' | 'paid_in_future';
export class PaymentRefused extends Error {
  constructor(readonly code: PaymentRefusal, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

export type PaymentInput = { amountOre: number; paidAt: string; reference: string; acceptOverpayment?: boolean };

/** Books a payment onto a case inside the caller's transaction: interest to the day of payment,
 *  costs → interest → principal, the rest an overpayment, refused unless `acceptOverpayment` (the
 *  caller has seen it is more than the case balance). Idempotent by (case, reference). */
export async function applyPayment(deps: AppDeps, tx: Tx, caseId: string, input: PaymentInput, now: string) {
  const [existing] = await tx.select().from(agencyPayments).where(and(eq(agencyPayments.caseId, caseId), eq(agencyPayments.reference, input.reference)));
  if (existing) return { payment: existing, created: false, overpaymentId: null };
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw new Error(`unknown case ${caseId}`);
  if (c.closedAt) throw new PaymentRefused('case_closed', 'Saken er avsluttet / the case is closed');
  const invoices = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
  const accrued = await accrue(tx, c, invoices, input.paidAt, overrides(deps), now);
  const a = allocate(input.amountOre, accrued.costsOre, accrued.interestOre, invoices);
  if (a.surplusOre > 0 && input.acceptOverpayment !== true) {
    const owed = input.amountOre - a.surplusOre;
    // Thrown inside the transaction: the interest booked above is rolled back with it.
    throw new PaymentRefused('overpayment', `Beløpet er ${formatOre(a.surplusOre)} kr mer enn saken skylder (${formatOre(owed)} kr per ${input.paidAt}) / the amount exceeds the case balance`, {
      amountOre: `Overstiger saldo ${owed} øre med ${a.surplusOre} øre; send acceptOverpayment: true for å registrere overskuddet som overbetaling / exceeds the balance; send acceptOverpayment: true to hold the surplus as an overpayment`,
    });
  }
  await applyAllocation(tx, caseId, a, now);
  const [payment] = await tx
    .insert(agencyPayments)
    .values({ id: crypto.randomUUID(), caseId, creditorId: c.creditorId, amountOre: input.amountOre, paidAt: input.paidAt, reference: input.reference, costsOre: a.costsOre, interestOre: a.interestOre, principalOre: a.principalOre, principalByInvoice: a.principalByInvoice, surplusOre: a.surplusOre, createdAt: now })
    .returning();
  await recordEvent(tx, { caseId, at: input.paidAt, kind: 'payment', text: `Innbetaling til inkassobyrå (${input.reference})`, amountOre: input.amountOre, externalRef: `payment:${payment!.id}`, createdAt: now });
  const overpaymentId = a.surplusOre > 0 ? await holdOverpayment(tx, payment!, now) : null;
  await closeIfSettled(tx, caseId, input.paidAt, now);
  return { payment: payment!, created: true, overpaymentId };
}

/** The agency registers a debtor's payment; idempotent by (case, reference). */
export async function registerAgencyPayment(deps: AppDeps, caseId: string, input: PaymentInput) {
  const date = today(deps.clock);
  if (compareDates(input.paidAt, date) > 0) {
    throw new PaymentRefused('paid_in_future', 'Ugyldig forespørsel / Invalid request', { paidAt: `Innbetalingsdatoen ${input.paidAt} er etter dagens dato ${date} / the payment date is after today` });
  }
  await loadRates(deps);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction((tx) => applyPayment(deps, tx, caseId, input, now));
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
  await loadRates(deps);
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

/** The daily run for every active creditor: sync, advance stages by the clock, push status.
 *  `afterCreditor` is where the remittance run hooks in. Each creditor is run under a lease (jobs
 *  queue "daily"), so overlapping runs never work on one creditor at once: the later one reports
 *  it as skipped, and a run that died is taken over once its lease has run out. */
export async function runDaily(deps: AppDeps, input: { date?: string; afterCreditor?: DailyHook } = {}) {
  const date = input.date ?? today(deps.clock);
  await loadRates(deps);
  const active = await deps.db.select().from(creditors).where(eq(creditors.status, 'active'));
  const results: { creditorId: string; ok: boolean; advanced: Record<string, number>; skipped?: 'running'; error?: string }[] = [];
  for (const creditor of active) {
    const lease = await claimJob(deps, 'daily', creditor.id, { date }, dailyLeaseMs);
    if (!lease) {
      results.push({ creditorId: creditor.id, ok: true, advanced: {}, skipped: 'running' });
      continue;
    }
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
      results.push({ creditorId: creditor.id, ok: true, advanced });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      deps.log?.('daily.error', { creditorId: creditor.id, message });
      await finishJob(deps, lease, { ok: false, error: message });
      results.push({ creditorId: creditor.id, ok: false, advanced: {}, error: message });
    }
  }
  return { date, creditors: results };
}
