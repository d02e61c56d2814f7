// Demo data from the user guide, with due dates relative to the sandbox's today.
import { DcStatus, defaultAccounts, Store, type Client, type Customer } from './store';
import { addDays } from './util';

export const sandboxKeys = {
  /** Modhi Norge's integration (the agency the backend acts for); Go's application keys are uuids. */
  applicationKey: '6d6f6468-6900-4000-8000-000000000001',
  subscriptionKey: 'modhi-sandbox-subscription-key',
  /** The old agency in the switching story. */
  oldAgencyApplicationKey: '706f696e-6b00-4000-8000-000000000002',
} as const;

function newClient(store: Store, input: Pick<Client, 'name' | 'orgNo' | 'address' | 'bankAccount'> & { id: string }): Client {
  const client: Client = {
    ...input,
    dunning: { reminderProfile: 'none', autoApproveTransfer: false },
    extensions: [],
    customers: [],
    invoices: [],
    vouchers: [],
    cases: [],
    accounts: defaultAccounts.map((a) => ({ ...a })),
    nextVoucherNo: 10,
    nextInvoiceNo: 1,
  };
  store.clients.push(client);
  return client;
}

const kr = (n: number) => Math.round(n * 100);

export function seedDemo(store: Store): void {
  const today = store.today;
  const d = (days: number) => addDays(today, days);

  const conecto = newClient(store, {
    id: 'conecto',
    name: 'Conecto AS',
    orgNo: '923456783',
    address: { line1: 'Industriveien 7', postCode: '1337', city: 'Sandvika' },
    bankAccount: '15038059359',
  });
  conecto.extensions.push({
    id: 'conecto-modhi', name: 'Modhi Norge Inkasso', kind: 'Inkasso', applicationKey: sandboxKeys.applicationKey,
    clientKey: '4f0c2d7e-9b1a-4c35-8e6f-2a7d5b9c1e03', active: true, canCreateCases: true,
  });
  conecto.extensions.push({
    id: 'conecto-bank', name: 'Bankintegrasjon', kind: 'Annet', applicationKey: 'bank-sandbox-application-key',
    clientKey: '0b6e1f2a-7c3d-4e5f-9a8b-1c2d3e4f5a6b', active: true, canCreateCases: false,
  });
  const customer = (code: string, name: string, orgNo: string | null, extra: Partial<Customer> = {}) =>
    store.addCustomer(conecto, { code, name, orgNo, isPerson: false, transferToDebtCollectionAgency: true, email: `post@${code}.example`, ...extra });
  const akkurat = customer('10018', 'Akkurat AS', '918649999');
  const breidablikk = customer('10013', 'BreidaBlikk & Ventilasjon AS', '374644730');
  const fjord = customer('10021', 'Fjordkraft Bygg AS', '934567897');
  const nordlys = customer('10025', 'Nordlys Design AS', '987654325');
  const ola = customer('10030', 'Ola Nordmann', null, { isPerson: true, email: 'ola@nordmann.example' });
  const sorland = customer('10040', 'Sørlandet Maskin AS', '812345672', { transferToDebtCollectionAgency: false });

  const inv = (c: Customer, invoiceNo: number, invoiceDays: number, dueDays: number, amount: number, description = '') =>
    store.addInvoice(conecto, { customerId: c.id, invoiceNo, invoiceDate: d(invoiceDays), dueDate: d(dueDays), amountOre: kr(amount), description });

  // The user guide's ledger: Akkurat AS with Faktura 19 and 21, BreidaBlikk with Faktura 14 and a part payment.
  const f14 = inv(breidablikk, 14, -95, -65, 380_000, 'Ventilasjonsanlegg');
  inv(akkurat, 19, -70, -40, 180_000, 'Regnskapsbistand');
  const f21 = inv(akkurat, 21, -45, -15, 240_000, 'Årsoppgjør');
  store.registerPayment(conecto, { customerId: breidablikk.id, amountOre: kr(240_000), date: d(-50), match: false });
  void f14;
  inv(fjord, 22, -40, -10, 12_500, 'Konsulenttimer');
  inv(fjord, 23, -20, 10, 8_750.5, 'Konsulenttimer');
  inv(nordlys, 24, -50, -20, 45_000, 'Nettside');
  const f25 = inv(nordlys, 25, -35, -5, 9_990, 'Lisens');
  inv(ola, 26, -30, -3, 1_250, 'Service');
  inv(ola, 27, -10, 20, 2_400, 'Service');
  inv(sorland, 28, -60, -30, 67_800, 'Maskinleie');
  inv(akkurat, 29, -5, 25, 32_000, 'Rådgivning');
  store.creditNote(conecto, { invoiceId: f25.id, amountOre: kr(990), date: d(-4) });

  // Overdue invoices land in Utkast; the accountant has already approved two of them.
  store.refresh(conecto);
  f21.dcStatus = DcStatus.Approved;
  const f24 = conecto.invoices.find((i) => i.invoiceNo === 24);
  if (f24) f24.dcStatus = DcStatus.Approved;

  const delante = newClient(store, {
    id: 'delante',
    name: 'Delante AS',
    orgNo: '917757046',
    address: { line1: 'Smedstusvingen 18', postCode: '1480', city: 'Slattum' },
    bankAccount: '15038059359',
  });
  delante.dunning = { reminderProfile: 'reminder', autoApproveTransfer: false };
  delante.extensions.push({
    id: 'delante-poinkasso', name: 'PoInkasso', kind: 'Inkasso', applicationKey: sandboxKeys.oldAgencyApplicationKey,
    clientKey: 'e5889bb1-25a2-4860-b73f-2842f5c5cade', active: true, canCreateCases: true,
  });
  delante.extensions.push({
    id: 'delante-modhi', name: 'Modhi Norge Inkasso', kind: 'Inkasso', applicationKey: sandboxKeys.applicationKey,
    clientKey: '7a3e9c1b-5d2f-4b8a-9e6c-3f1a2b4c5d6e', active: true, canCreateCases: true,
  });
  const kunde = store.addCustomer(delante, { code: '20001', name: 'Tangen Elektro AS', orgNo: '918649999', isPerson: false, transferToDebtCollectionAgency: true, email: null });
  store.addInvoice(delante, { customerId: kunde.id, invoiceNo: 1001, invoiceDate: d(-80), dueDate: d(-50), amountOre: kr(15_400) });
  store.addInvoice(delante, { customerId: kunde.id, invoiceNo: 1002, invoiceDate: d(-10), dueDate: d(20), amountOre: kr(6_200) });
}
