// What the routes read and do with cases: the ledger lookup, case lists and details with their
// timeline, the agency's registration of a debtor's payment, taking an invoice Go approved, the
// agreed dunning settings, per-customer exclusion and the daily run.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { compareDates, type HalfYear } from '@shared/dates';
import { formatOre } from '@shared/money';
import { stageLabel, isClosedStage, type CaseStage } from '@shared/stages';
import type { CaseBadge, CaseDetail, CreditorSettings, CustomerCollection, InvoiceStatusItem, TakeInvoiceResponse } from '@shared/api';
import type { AppDeps } from '../deps';
import { guardFindingOf } from './send-guard';
import { agencyPayments, caseEvents, caseInvoices, cases, creditors, debtors, goInvoices, syncRuns } from '../db/schema';
import type { Tx } from '../db/client';
import { accrue, allocate, applyAllocation, caseBalance, closeIfSettled, markedBalance, nextStep, overrides, pendingInterest, recordEvent, withCaseDates, type BalanceInvoice, type CaseInvoiceRow, type CaseRow } from './collection';
import { breakdownOf } from '../domain/breakdown';
import { heldLabel } from '../domain/claim-stages';
import { holdOverpayment, overpaymentsOf } from './overpayments';
import { loadRates } from './rates';
import { GoApiError } from '../poweroffice/client';
import { DomainError, invalid, notFound, type Text } from '../errors';
import { dunningMismatchEvent } from './dunning-check';
import { syncCreditor } from './sync';

export function caseUrl(deps: AppDeps, caseId: string): string {
  return `${deps.config.publicUrl}/cases/${caseId}`;
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
export class PaymentRefused extends DomainError {
  constructor(readonly reason: Exclude<PaymentRefusal, 'paid_in_future'>, message: Text, fields?: Record<string, Text>) {
    super(reason, { message, ...(fields ? { fields } : {}) });
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
  if (!c) throw notFound({ nb: 'saken', en: 'case' });
  if (c.closedAt) throw new PaymentRefused('case_closed', { nb: 'Saken er avsluttet', en: 'The case is closed' });
  const invoices = await tx.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId));
  const accrued = await accrue(tx, c, invoices, input.paidAt, overrides(deps), now);
  const a = allocate(input.amountOre, accrued.costsOre, accrued.interestOre, invoices);
  if (a.surplusOre > 0 && input.acceptOverpayment !== true) {
    const owed = input.amountOre - a.surplusOre;
    // Thrown inside the transaction: the interest booked above is rolled back with it.
    throw new PaymentRefused('overpayment', { nb: `Beløpet er ${formatOre(a.surplusOre)} kr mer enn saken skylder (${formatOre(owed)} kr per ${input.paidAt})`, en: `The amount is NOK ${formatOre(a.surplusOre)} more than the case owes (NOK ${formatOre(owed)} on ${input.paidAt})` }, {
      amountOre: { nb: `Overstiger saldo ${owed} øre med ${a.surplusOre} øre; send acceptOverpayment: true for å registrere overskuddet som overbetaling`, en: `Exceeds the balance of ${owed} øre by ${a.surplusOre} øre; send acceptOverpayment: true to hold the surplus as an overpayment` },
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
    throw invalid({ paidAt: { nb: `Innbetalingsdatoen ${input.paidAt} er etter dagens dato ${date}`, en: `The payment date ${input.paidAt} is after today ${date}` } });
  }
  await loadRates(deps);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction((tx) => applyPayment(deps, tx, caseId, input, now));
}

export type SendRefusal = 'not_overdue' | 'excluded_customer' | 'another_agency_active' | 'not_approved' | 'not_found' | 'creditor_not_active';
export class SendRefused extends DomainError {
  constructor(readonly reason: SendRefusal, message: Text, fields?: Record<string, Text>) {
    super(reason, { message, ...(fields ? { fields } : {}) });
  }
}

const refusalText: Record<SendRefusal, Text> = {
  not_overdue: { nb: 'Fakturaen har ikke forfalt', en: 'The invoice is not overdue' },
  excluded_customer: { nb: 'Kunden er unntatt fra inkasso i PowerOffice GO', en: 'The customer is excluded from collection in PowerOffice GO' },
  another_agency_active: { nb: 'Modhi kan ikke opprette nye saker for klienten: et annet inkassobyrå har haken «Inkassobyrå kan opprette nye saker»', en: 'Modhi cannot create new cases for the client: another agency has "Debt collection agency can create new cases" ticked' },
  not_approved: { nb: 'PowerOffice GO har ikke godkjent fakturaen for inkasso (Inkasso → Utkast → Godkjenn)', en: 'PowerOffice GO has not approved the invoice for collection (Inkasso → Utkast → Godkjenn)' },
  not_found: { nb: 'Fant ikke fakturaen i PowerOffice GO', en: 'Invoice not found in PowerOffice GO' },
  creditor_not_active: { nb: 'Kreditoren er ikke koblet til PowerOffice GO', en: 'The creditor is not connected to PowerOffice GO' },
};

/** The one test of "is this creditor connected": active on the integration, with a Go client key.
 *  Every route that works against the creditor's Go (sync, send, remittance) asks this. */
export async function connectedCreditor(deps: AppDeps, creditorId: string) {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || creditor.status !== 'active' || !creditor.goClientKeyEnc) throw new SendRefused('creditor_not_active', refusalText.creditor_not_active);
  return creditor;
}

/** The dunning notice recorded on a case (dunning-check.ts), if any. */
async function dunningNoticeOf(deps: AppDeps, caseId: string): Promise<string | null> {
  const [e] = await deps.db.select({ text: caseEvents.text }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, dunningMismatchEvent))).limit(1);
  return e?.text ?? null;
}

/** "Take it now": the accountant has just approved the invoice in Go's own Inkasso page (the
 *  extension did it in their session; Go has no API for it). The backend learns that only through
 *  Go's documented API: the sync for a send reads AvailableInvoices, opens the case (or adds the
 *  invoice to the debtor's open case) and writes the case number back to Go. Idempotent: an
 *  invoice already in a case answers with its badge. When the invoice is not available (not
 *  approved in Go after all, excluded, another agency), says why. */
export async function takeInvoice(deps: AppDeps, creditorId: string, invoiceNo: number): Promise<TakeInvoiceResponse> {
  const refuse = (r: SendRefusal) => new SendRefused(r, refusalText[r], r === 'creditor_not_active' ? undefined : { invoiceNo: refusalText[r] });
  await loadRates(deps);
  const creditor = await connectedCreditor(deps, creditorId);
  const answer = async (): Promise<TakeInvoiceResponse | null> => {
    const [status] = await lookupInvoiceStatus(deps, creditorId, [invoiceNo]);
    if (!status?.case) return null;
    // What the dunning check and the send guard found when the sync took the invoice over (an
    // invoice Go approved becomes a case whatever the guard finds; the accountant is told here).
    const notices = [await dunningNoticeOf(deps, status.case.id), await guardFindingOf(deps, status.case.id, invoiceNo)].filter((n): n is string => !!n);
    return { ...status, notice: notices.length ? notices.join(' ') : null };
  };
  const already = await answer();
  if (already) return already;
  const run = await syncCreditor(deps, creditorId, 'send');
  const taken = await answer();
  if (taken) return taken;
  // Go failing is not a reason about the invoice: say Go failed (the route answers 502).
  if (!run.ok) throw new GoApiError(502, { nb: run.errors.join('; '), en: run.errors.join('; ') });
  // Not taken: say why, from what the sync just read (the mirror of Go's invoices).
  const [mirrored] = await deps.db.select().from(goInvoices).where(and(eq(goInvoices.creditorId, creditorId), eq(goInvoices.invoiceNo, invoiceNo)));
  if (!mirrored || mirrored.balanceOre <= 0) throw refuse('not_found');
  if (compareDates(mirrored.dueDate, today(deps.clock)) >= 0) throw refuse('not_overdue');
  const go = await deps.goClientFor(creditor);
  if (!(await go.isActiveDebtCollection())) throw refuse('another_agency_active');
  const customer = await go.customerByNo(mirrored.customerNo);
  if (customer && !customer.transferToDebtCollectionAgency) throw refuse('excluded_customer');
  throw refuse('not_approved');
}

/** The agreed dunning profile and approval mode, kept here only: Go has no API for its Purring
 *  settings, so the extension changes those in Go's own page, as the accountant. */
export async function saveAgreedSettings(deps: AppDeps, creditorId: string, settings: CreditorSettings): Promise<void> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor) throw notFound({ nb: 'kreditoren', en: 'creditor' });
  if (creditor.dunning === settings.dunning && creditor.approval === settings.approval) return;
  await deps.db.update(creditors).set({ dunning: settings.dunning, approval: settings.approval, updatedAt: deps.clock.now().toISOString() }).where(eq(creditors.id, creditorId));
}

/** Open cases whose start differed from the agreed profile (newest first). */
export async function dunningNotices(deps: AppDeps, creditorId: string, limit = 5) {
  return deps.db
    .select({ caseId: cases.id, caseNo: cases.caseNo, at: caseEvents.at, text: caseEvents.text })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(and(eq(cases.creditorId, creditorId), isNull(cases.closedAt), eq(caseEvents.kind, dunningMismatchEvent)))
    .orderBy(desc(caseEvents.at), desc(cases.caseNo))
    .limit(limit);
}

export class CustomerNotFound extends DomainError {
  constructor(readonly customerNo: string) {
    super('not_found', { message: { nb: 'Fant ikke kunden i PowerOffice GO', en: 'Customer not found in PowerOffice GO' }, fields: { customerNo: { nb: 'ukjent kundenummer', en: 'unknown customer number' } } });
  }
}

/** A customer's collection flag as Go has it (v2 Customers, TransferToDebtCollectionAgency). */
export async function customerCollection(deps: AppDeps, creditorId: string, customerNo: string): Promise<CustomerCollection & { goId: number }> {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  const go = await deps.goClientFor(creditor!);
  const cu = await go.customerByNo(customerNo);
  if (!cu) throw new CustomerNotFound(customerNo);
  return { goId: cu.id, customerNo: cu.customerNo, name: cu.name, excluded: !cu.transferToDebtCollectionAgency };
}

/** "Ikke send denne kunden til inkasso" (and back): Go's documented PATCH /v2/Customers/{id} with
 *  a JSON Patch on TransferToDebtCollectionAgency. Idempotent: Go is read first and written only
 *  when its flag differs; a replace repeated after a lost answer sets the same value again. */
export async function setCustomerExclusion(deps: AppDeps, creditorId: string, customerNo: string, excluded: boolean): Promise<CustomerCollection & { changed: boolean }> {
  const current = await customerCollection(deps, creditorId, customerNo);
  const { goId, ...shown } = current;
  if (current.excluded === excluded) return { ...shown, changed: false };
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  const go = await deps.goClientFor(creditor!);
  deps.faults?.beforeGoWrite?.('patchCustomer');
  const after = await go.patchCustomer(goId, [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: !excluded }]);
  deps.faults?.afterGoWrite?.('patchCustomer');
  return { customerNo: shown.customerNo, name: after.name, excluded: !after.transferToDebtCollectionAgency, changed: true };
}

export async function listSyncRuns(deps: AppDeps, creditorId: string, limit = 50) {
  return deps.db.select().from(syncRuns).where(eq(syncRuns.creditorId, creditorId)).orderBy(desc(syncRuns.startedAt)).limit(limit);
}

// The daily job moved to backend/modules/sync/daily.ts; its names stay importable from here.
export { dailyCreditorIds, dailyLeaseMs, runCreditorDaily, runDaily, type DailyCreditorResult, type DailyHook } from '../modules/sync/daily';
