// Before activation: the overdue invoices in the client's ledger and which of them the first run
// would send to collection (those Go lists as approved, AvailableInvoices), each with the send
// guard's findings, so the accountant can match payments or exclude customers first (the guide: the
// ledger must be up to date with payments). Go's Customerledger/OpenItems gives the open items.
import type { User } from '@shared/api';
import { today } from '@shared/clock';
import { kronerToOre } from '@shared/money';
import type { BookDate } from '@shared/dates';
import type { AppDeps } from '../../deps';
import { guardSend, type Finding, type LedgerItem } from '../../domain/send-guard';
import type { CustomerLedgerEntry } from '../../integrations/poweroffice/schemas';
import { RegistrationError } from './errors';
import { getRegistration } from './service';
import { creditors } from '../../db/schema';
import { eq } from 'drizzle-orm';

export type PreviewItem = {
  invoiceNo: number;
  customerNo: string;
  customerName: string;
  dueDate: string;
  balanceOre: number;
  /** Approved for collection in Go: the first run takes it. */
  approved: boolean;
  /** Approved and no blocking finding. */
  willSend: boolean;
  findings: Finding[];
};
export type Preview = { date: string; items: PreviewItem[]; willSend: number; blocked: number; notChecked: string[] };

function kindOf(e: CustomerLedgerEntry): LedgerItem['kind'] {
  switch (e.voucherType) {
    case 'OutgoingInvoice': return 'invoice';
    case 'OutgoingCreditNote': return 'credit_note';
    case 'IncomingPayments': case 'BankJournal': return 'payment';
    default: return 'other';
  }
}

export async function previewFirstRun(deps: AppDeps, user: User, creditorId: string): Promise<Preview> {
  const view = await getRegistration(deps, user, creditorId);
  if (!view.goConnected) throw new RegistrationError('not_connected', 'Koble til PowerOffice GO først (steg 2)');
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  const date = today(deps.clock);
  const go = await deps.goClientFor(creditor!);
  let entries: CustomerLedgerEntry[], approved: Awaited<ReturnType<typeof go.availableInvoices>>, customers: Awaited<ReturnType<typeof go.customers>>;
  try {
    [entries, approved, customers] = await Promise.all([go.openItems(date), go.availableInvoices(), go.customers()]);
  } catch {
    throw new RegistrationError('go_unreachable', 'Fikk ikke lest reskontroen i PowerOffice GO. Prøv igjen om litt.');
  }
  const approvedNos = new Set(approved.map((i) => i.invoiceNo));
  const customerByNo = new Map(customers.map((c) => [c.customerNo, c]));
  const byCustomer = new Map<string, LedgerItem[]>();
  for (const e of entries) {
    const no = String(e.customerAccountNo ?? '');
    const list = byCustomer.get(no) ?? [];
    list.push({ kind: kindOf(e), invoiceNo: e.invoiceNo ? Number(e.invoiceNo) : null, balanceOre: kronerToOre(e.balance), date: (e.voucherDate ?? date).slice(0, 10) as BookDate });
    byCustomer.set(no, list);
  }
  const items: PreviewItem[] = [];
  for (const e of entries) {
    if (kindOf(e) !== 'invoice' || !e.invoiceNo || !e.dueDate || e.dueDate.slice(0, 10) >= date || e.balance <= 0) continue;
    const customerNo = String(e.customerAccountNo ?? '');
    const customer = customerByNo.get(customerNo);
    const invoiceNo = Number(e.invoiceNo);
    const guard = guardSend({
      invoice: { invoiceNo, amountOre: kronerToOre(e.amount) },
      // Go's customer card as the API gives it carries no postal address: not checked here.
      customer: { isPerson: customer?.isPerson ?? false, organizationNumber: customer?.organizationNumber ?? null, nationalIdNumber: null, hasPostalAddress: true, transferToDebtCollectionAgency: customer?.transferToDebtCollectionAgency ?? true },
      openItems: byCustomer.get(customerNo) ?? [],
      disputed: false,
    });
    const isApproved = approvedNos.has(invoiceNo);
    items.push({ invoiceNo, customerNo, customerName: e.customerName ?? customer?.name ?? customerNo, dueDate: e.dueDate.slice(0, 10), balanceOre: kronerToOre(e.balance), approved: isApproved, willSend: isApproved && guard.ok, findings: guard.findings });
  }
  items.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNo - b.invoiceNo);
  return { date, items, willSend: items.filter((i) => i.willSend).length, blocked: items.filter((i) => !i.findings.every((f) => !f.blocking)).length, notChecked: ['no_address'] };
}
