// The daily-run benchmark's Go: a sandbox on loopback with `creditors` Go clients on the
// integration, each with `debtors` customers of `invoicesPerDebtor` approved overdue invoices.
// Deterministic, so the Node and the edge run start from the same Go.
import { sandboxKeys } from '../../sandbox/seed';
import { startSandbox, type RunningSandbox } from '../../sandbox/node';
import { DcStatus, defaultAccounts, type Client } from '../../sandbox/store';

export type BenchGo = { sandbox: RunningSandbox; clients: { name: string; orgNo: string; clientKey: string }[]; invoices: number };

export async function benchGo(o: { today: string; creditors: number; debtors: number; invoicesPerDebtor: number }): Promise<BenchGo> {
  const sandbox = await startSandbox({ today: o.today, seed: 'empty' });
  const { store } = sandbox;
  const clients: BenchGo['clients'] = [];
  for (let k = 0; k < o.creditors; k++) {
    const clientKey = `edge-bench-${k}`;
    const client: Client = {
      id: `edge-${k}`, name: `Edge kreditor ${k} AS`, orgNo: `8${String(k).padStart(8, '0')}`,
      address: { line1: 'Kantveien 1', postCode: '0150', city: 'Oslo' }, bankAccount: '15038059359',
      dunning: { reminderProfile: 'none', autoApproveTransfer: true }, extensions: [], customers: [], invoices: [], vouchers: [], cases: [],
      accounts: defaultAccounts.map((a) => ({ ...a })), nextVoucherNo: 10, nextInvoiceNo: 1,
    };
    client.extensions.push({ id: `edge-${k}-modhi`, name: 'Modhi Norge Inkasso', kind: 'Inkasso', applicationKey: sandboxKeys.applicationKey, clientKey, active: true, canCreateCases: true });
    store.clients.push(client);
    for (let d = 0; d < o.debtors; d++) {
      const customer = store.addCustomer(client, { code: String(30_000 + d), name: `Skyldner ${d} AS`, orgNo: null, isPerson: d % 3 === 0, transferToDebtCollectionAgency: true, email: null });
      for (let i = 0; i < o.invoicesPerDebtor; i++) {
        const invoice = store.addInvoice(client, { customerId: customer.id, invoiceDate: '2026-09-15', dueDate: '2026-10-15', amountOre: 25_000 + ((d * 13 + i * 977) % 400_000), invoiceNo: 1 + d * o.invoicesPerDebtor + i });
        invoice.dcStatus = DcStatus.Approved;
      }
    }
    clients.push({ name: client.name, orgNo: client.orgNo, clientKey });
  }
  return { sandbox, clients, invoices: o.creditors * o.debtors * o.invoicesPerDebtor };
}
