// The send guard against Go's live ledger: for the invoices a ledger page shows that are not in a
// case, read the customer's open items (GET /v2/Customerledger/OpenItems?customerNos=…) and card
// (GET /v2/Customers?customerNos=…) and run the pure rules of domain/send-guard.ts. The ledger shows
// the first blocking finding on the row instead of a send button that cannot work; a take of an
// invoice Go has already approved records the findings on the case for the accountant.
import { and, eq, inArray } from 'drizzle-orm';
import type { InvoiceStatusItem, SendGuard } from '@shared/api';
import { today } from '@shared/clock';
import type { BookDate } from '@shared/dates';
import { kronerToOre } from '@shared/money';
import type { AppDeps } from '../../deps';
import { caseEvents, caseInvoices, creditors, goInvoices } from '../../db/schema';
import { guardSend, type LedgerItem } from '../../domain/send-guard';
import type { CustomerLedgerEntry, GoCustomer } from '../../integrations/poweroffice/schemas';
import { customerNosPerQuery, type GoClient } from '../../integrations/poweroffice/client';
import { recordEvent } from '../cases/process';

type InvoiceStatusResponse = { items: InvoiceStatusItem[] };

export function ledgerItemKind(e: CustomerLedgerEntry): LedgerItem['kind'] {
  switch (e.voucherType) {
    case 'OutgoingInvoice': return 'invoice';
    case 'OutgoingCreditNote': return 'credit_note';
    case 'IncomingPayments': case 'BankJournal': return 'payment';
    default: return 'other';
  }
}

export function toLedgerItem(e: CustomerLedgerEntry, date: BookDate): LedgerItem {
  return { kind: ledgerItemKind(e), invoiceNo: e.invoiceNo ? Number(e.invoiceNo) : null, balanceOre: kronerToOre(e.balance), date: (e.voucherDate ?? date).slice(0, 10) as BookDate };
}

function guardCustomer(c: GoCustomer | null) {
  // Go's customer DTO as we read it carries no postal address field: not checked here.
  return { isPerson: c?.isPerson ?? false, organizationNumber: c?.organizationNumber ?? null, nationalIdNumber: null, hasPostalAddress: true, transferToDebtCollectionAgency: c?.transferToDebtCollectionAgency ?? true };
}

/**
 * The guard for each of `invoiceNos` that is overdue, open in our mirror of Go and not in a case.
 * Go unreachable or the creditor not connected: no guard (the ledger then shows what it knows, and
 * the take re-checks with Go). `cardsRead`, when given, receives the customer cards read from Go, so
 * the sync's take-over does not ask Go for them again.
 */
export async function sendGuards(deps: AppDeps, creditorId: string, invoiceNos: readonly number[], client?: GoClient, cardsRead?: Map<string, GoCustomer>): Promise<Map<number, SendGuard>> {
  const out = new Map<number, SendGuard>();
  if (invoiceNos.length === 0) return out;
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || creditor.status !== 'active' || !creditor.goClientKeyEnc) return out;
  const date = today(deps.clock);
  const mirror = (await deps.db.select({ invoiceNo: goInvoices.invoiceNo, customerNo: goInvoices.customerNo, dueDate: goInvoices.dueDate, balanceOre: goInvoices.balanceOre, amountOre: goInvoices.amountOre }).from(goInvoices).where(and(eq(goInvoices.creditorId, creditorId), inArray(goInvoices.invoiceNo, [...invoiceNos])))).filter((i) => i.dueDate < date && i.balanceOre > 0);
  const customerNos = [...new Set(mirror.map((i) => i.customerNo))];
  if (customerNos.length === 0) return out;
  let entries: CustomerLedgerEntry[];
  let cards: GoCustomer[];
  try {
    const go = client ?? (await deps.goClientFor(creditor));
    entries = [];
    cards = [];
    // Two reads per listing of customers, whatever the page holds: their open items and their cards.
    for (let i = 0; i < customerNos.length; i += customerNosPerQuery) {
      const chunk = customerNos.slice(i, i + customerNosPerQuery);
      const [items, found] = await Promise.all([go.openItems(date, chunk), go.customersByNos(chunk)]);
      entries.push(...items);
      cards.push(...found);
    }
  } catch (e) {
    deps.log?.('send_guard.go_unavailable', { level: 'warn', creditorId, message: e instanceof Error ? e.message : String(e) });
    return out;
  }
  // Each customer's open items and card, found once per customer (the sync guards hundreds of
  // invoices at once; filtering every entry for every invoice cost more than reading them).
  const entriesByCustomer = new Map<string, CustomerLedgerEntry[]>();
  for (const e of entries) {
    const key = String(e.customerAccountNo ?? '');
    const list = entriesByCustomer.get(key);
    if (list) list.push(e);
    else entriesByCustomer.set(key, [e]);
  }
  const itemsByCustomer = new Map<string, LedgerItem[]>();
  const cardByNo = new Map<string, GoCustomer>();
  for (const c of cards) if (!cardByNo.has(c.customerNo)) cardByNo.set(c.customerNo, c);
  for (const [no, c] of cardByNo) cardsRead?.set(no, c);
  for (const inv of mirror) {
    let items = itemsByCustomer.get(inv.customerNo);
    if (!items) itemsByCustomer.set(inv.customerNo, (items = (entriesByCustomer.get(inv.customerNo) ?? []).map((e) => toLedgerItem(e, date))));
    const card = cardByNo.get(inv.customerNo) ?? null;
    out.set(inv.invoiceNo, guardSend({ invoice: { invoiceNo: inv.invoiceNo, amountOre: inv.amountOre }, customer: guardCustomer(card), openItems: items, disputed: false }));
  }
  return out;
}

/** The lookup's ready JSON with the guard added to each invoice not in a case: unchanged (no Go
 *  call) when every invoice on the page is in a case. */
export async function withSendGuards(deps: AppDeps, creditorId: string, json: string): Promise<string> {
  // Our own cached answer (ledger-lookup/cache.ts), not input: typed, not re-validated on the hot path.
  const parsed = JSON.parse(json) as InvoiceStatusResponse;
  const outside = parsed.items.filter((i) => !i.case).map((i) => i.invoiceNo);
  if (outside.length === 0) return json;
  const guards = await sendGuards(deps, creditorId, outside);
  if (guards.size === 0) return json;
  return JSON.stringify({ items: parsed.items.map((i) => (guards.has(i.invoiceNo) && !i.case ? { ...i, guard: guards.get(i.invoiceNo) } : i)) });
}

/** After the take-over: each approved invoice with findings that is now in a case gets them on the
 *  case's timeline, once (the event's reference is unique per case and invoice). */
export async function flagTakenOver(deps: AppDeps, creditorId: string, guards: Map<number, SendGuard>): Promise<number> {
  const flagged = [...guards].filter(([, g]) => g.findings.length > 0);
  if (flagged.length === 0) return 0;
  const rows = await deps.db.select({ invoiceNo: caseInvoices.invoiceNo, caseId: caseInvoices.caseId }).from(caseInvoices).where(and(eq(caseInvoices.creditorId, creditorId), inArray(caseInvoices.invoiceNo, flagged.map(([no]) => no))));
  let n = 0;
  for (const r of rows) if (await flagGuardFindings(deps, r.caseId, r.invoiceNo, guards.get(r.invoiceNo)!)) n++;
  return n;
}

/** Records the guard's findings on the case an approved invoice joined (once per claim); the text. */
async function flagGuardFindings(deps: AppDeps, caseId: string, invoiceNo: number, guard: SendGuard): Promise<string | null> {
  if (guard.findings.length === 0) return null;
  const text = `Faktura ${invoiceNo}: ${guard.findings.map((f) => f.message.nb).join(' ')}`;
  await recordEvent(deps.db, { caseId, at: today(deps.clock), kind: 'guard_finding', text, amountOre: null, externalRef: `guard:${caseId}:${invoiceNo}`, createdAt: deps.clock.now().toISOString() });
  return text;
}

/** The guard's findings recorded for an invoice on its case, or null. */
export async function guardFindingOf(deps: AppDeps, caseId: string, invoiceNo: number): Promise<string | null> {
  const [row] = await deps.db.select({ text: caseEvents.text }).from(caseEvents).where(eq(caseEvents.externalRef, `guard:${caseId}:${invoiceNo}`));
  return row?.text ?? null;
}
