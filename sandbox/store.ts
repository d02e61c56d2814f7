// The books behind the sandbox: per Go client, customers, invoices and vouchers. Open items and
// balances are never stored: they follow from the postings (an invoice's balance is its amount
// plus every voucher line matched to it), so they cannot drift from the vouchers.
import { addDays, kidFor } from './util';

export const DcStatus = { None: 0, Draft: 1, OnHold: 2, Approved: 3, Exported: 4, Rejected: 10 } as const;
export type DcStatusValue = (typeof DcStatus)[keyof typeof DcStatus];

export type ReminderProfile = 'none' | 'fee_free_reminder' | 'reminder' | 'reminder_and_notice';
export type PurringSettings = { reminderProfile: ReminderProfile; autoApproveTransfer: boolean };

export type Extension = {
  id: string;
  name: string;
  kind: 'Inkasso' | 'Annet';
  /** The agency integration's application key, used with the client key for tokens. */
  applicationKey: string;
  clientKey: string;
  active: boolean;
  canCreateCases: boolean;
};

export type Customer = {
  id: string;
  code: string;
  name: string;
  orgNo: string | null;
  isPerson: boolean;
  transferToDebtCollectionAgency: boolean;
  email: string | null;
  /** Go's per-customer "send payment reminders" flag (v2 SendPaymentReminders); default true. */
  sendPaymentReminders?: boolean;
  /** When the customer record last changed (v2 LastChangedDateTimeOffset); set by addCustomer. */
  lastChanged?: string;
};

export type Invoice = {
  id: string;
  invoiceNo: number;
  customerId: string;
  invoiceDate: string;
  dueDate: string;
  amountOre: number;
  voucherNo: number;
  cid: string;
  description: string;
  dcStatus: DcStatusValue;
  /** "Fjern" in Utkast: Go stops proposing this invoice for collection. */
  removedFromDraft: boolean;
  debtCollectionCode: string | null;
  debtCollectionCaseStatus: number | null;
  /** The last reminder Go sent on this invoice: 71 purring, 72 inkassovarsel (legacy VoucherType). */
  lastReminder: { sentDate: string; dueDate: string; voucherType: 71 | 72 } | null;
  lastChanged: string;
  /** When the invoice's open balance last changed (v2 BalanceLastChangedDateTimeOffset). */
  balanceLastChanged?: string;
};

export type VoucherType = 'Payment' | 'CreditNote' | 'WriteOff' | 'ManualJournal';

export type VoucherLine = {
  id: string;
  accountNo: number;
  /** Debit positive, credit negative, in øre. */
  amountOre: number;
  customerId: string | null;
  matchedInvoiceId: string | null;
  customMatchingReference: string | null;
  description: string;
  vatCode: string | null;
};

export type Voucher = {
  id: string;
  voucherNo: number;
  voucherType: VoucherType;
  voucherDate: string;
  description: string;
  externalImportReference: string | null;
  lines: VoucherLine[];
  lastChanged: string;
  /** The extension whose API call posted it (Go's IsCreatedByCurrentIntegration), if any. */
  createdByExtensionId?: string | null;
};

export type DebtCollectionCase = {
  id: string;
  extensionId: string;
  code: string;
  status: 0 | 10;
  invoiceIds: string[];
  externalCaseUrl: string | null;
  statusText: string | null;
  balanceAgencyOre: number | null;
  lastChanged: string;
};

export type Account = { id: number; accountNo: number; name: string; vatCode: string | null };

export type Client = {
  id: string;
  name: string;
  orgNo: string;
  address: { line1: string; postCode: string; city: string };
  bankAccount: string;
  dunning: PurringSettings;
  extensions: Extension[];
  customers: Customer[];
  invoices: Invoice[];
  vouchers: Voucher[];
  cases: DebtCollectionCase[];
  accounts: Account[];
  nextVoucherNo: number;
  nextInvoiceNo: number;
};

export type LedgerItem = {
  kind: 'invoice' | 'credit_note' | 'payment' | 'journal';
  id: string;
  invoiceId: string | null;
  date: string;
  text: string;
  description: string;
  dueDate: string;
  voucherNo: number;
  amountOre: number;
  balanceOre: number;
  debtCollectionCode: string | null;
};

export type LedgerGroup = { customer: Customer; items: LedgerItem[]; sumAmountOre: number; sumBalanceOre: number };

/** NS 4102 accounts the sandbox's clients start with. */
export const defaultAccounts: Account[] = [
  { id: 1500, accountNo: 1500, name: 'Kundefordringer', vatCode: null },
  { id: 1920, accountNo: 1920, name: 'Bankinnskudd', vatCode: null },
  { id: 1950, accountNo: 1950, name: 'Interimskonto', vatCode: null },
  { id: 2400, accountNo: 2400, name: 'Leverandørgjeld', vatCode: null },
  { id: 2700, accountNo: 2700, name: 'Utgående merverdiavgift', vatCode: null },
  { id: 2710, accountNo: 2710, name: 'Inngående merverdiavgift', vatCode: '1' },
  { id: 3000, accountNo: 3000, name: 'Salgsinntekt, avgiftspliktig', vatCode: '3' },
  { id: 6790, accountNo: 6790, name: 'Annen fremmed tjeneste', vatCode: null },
  { id: 7790, accountNo: 7790, name: 'Annen kostnad', vatCode: null },
  { id: 7830, accountNo: 7830, name: 'Tap på fordringer', vatCode: null },
  { id: 8050, accountNo: 8050, name: 'Annen renteinntekt', vatCode: null },
  { id: 8055, accountNo: 8055, name: 'Renteinntekt kundefordringer', vatCode: null },
];

export type StoreOptions = { today: string; now?: () => Date };

export class SandboxError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class Store {
  clients: Client[] = [];
  today: string;
  /** The real clock, for lastChanged instants and token expiry. */
  readonly now: () => Date;
  private seq = 0;
  private tick = 0;
  private numbers = new Map<string, number>();

  constructor(options: StoreOptions) {
    this.today = options.today;
    this.now = options.now ?? (() => new Date());
  }

  id(prefix = ''): string {
    this.seq++;
    return `${prefix}${crypto.randomUUID()}`;
  }

  /** Go's integer ids (ledger entries, voucher lines, match ids) for records the sandbox keys by
   *  uuid: the same record gets the same number for the store's lifetime. */
  num(kind: string, id: string): number {
    const key = `${kind}:${id}`;
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = 10_000 + this.numbers.size + 1;
      this.numbers.set(key, n);
    }
    return n;
  }

  /** Strictly increasing instants, so "changed since" filters never lose an item in the same ms. */
  stamp(): string {
    const t = Math.max(this.now().getTime(), this.tick + 1);
    this.tick = t;
    return new Date(t).toISOString();
  }

  client(clientId: string): Client {
    const client = this.clients.find((c) => c.id === clientId);
    if (!client) throw new SandboxError(404, `Ukjent klient ${clientId}`);
    return client;
  }

  customer(client: Client, customerId: string): Customer {
    const c = client.customers.find((x) => x.id === customerId);
    if (!c) throw new SandboxError(404, `Ukjent kunde ${customerId}`, 'customerId');
    return c;
  }

  invoice(client: Client, invoiceId: string): Invoice {
    const inv = client.invoices.find((x) => x.id === invoiceId);
    if (!inv) throw new SandboxError(404, `Ukjent faktura ${invoiceId}`, 'invoiceId');
    return inv;
  }

  // --- the books -------------------------------------------------------------------------------

  addCustomer(client: Client, input: Omit<Customer, 'id'>): Customer {
    if (client.customers.some((c) => c.code === input.code)) throw new SandboxError(409, `Kundenummer ${input.code} finnes`, 'code');
    const customer: Customer = { id: this.id(), sendPaymentReminders: true, lastChanged: this.stamp(), ...input };
    client.customers.push(customer);
    return customer;
  }

  addInvoice(client: Client, input: { customerId: string; invoiceDate: string; dueDate: string; amountOre: number; invoiceNo?: number; description?: string }): Invoice {
    const customer = this.customer(client, input.customerId);
    if (!Number.isSafeInteger(input.amountOre) || input.amountOre <= 0) throw new SandboxError(400, 'Beløp må være positivt', 'amount');
    const invoiceNo = input.invoiceNo ?? client.nextInvoiceNo;
    if (client.invoices.some((i) => i.invoiceNo === invoiceNo)) throw new SandboxError(409, `Fakturanummer ${invoiceNo} finnes`, 'invoiceNo');
    client.nextInvoiceNo = Math.max(client.nextInvoiceNo, invoiceNo + 1);
    const invoice: Invoice = {
      id: this.id(),
      invoiceNo,
      customerId: customer.id,
      invoiceDate: input.invoiceDate,
      dueDate: input.dueDate,
      amountOre: input.amountOre,
      voucherNo: client.nextVoucherNo++,
      cid: kidFor(customer.code, invoiceNo),
      description: input.description ?? '',
      dcStatus: DcStatus.None,
      removedFromDraft: false,
      lastReminder: null,
      debtCollectionCode: null,
      debtCollectionCaseStatus: null,
      lastChanged: this.stamp(),
    };
    invoice.balanceLastChanged = invoice.lastChanged;
    client.invoices.push(invoice);
    return invoice;
  }

  /** The open balance of an invoice: its amount plus every line matched to it. */
  balance(client: Client, invoice: Invoice): number {
    let balance = invoice.amountOre;
    for (const v of client.vouchers) for (const l of v.lines) if (l.matchedInvoiceId === invoice.id) balance += l.amountOre;
    return balance;
  }

  /** Posts a voucher. Lines must balance; a customer line with a matching reference equal to an
   *  open invoice's KID (or one naming the invoice) is matched against it at once. */
  post(client: Client, input: { voucherType: VoucherType; voucherDate: string; description: string; externalImportReference?: string | null; createdByExtensionId?: string | null; lines: Omit<VoucherLine, 'id'>[] }): Voucher {
    const sum = input.lines.reduce((s, l) => s + l.amountOre, 0);
    if (sum !== 0) throw new SandboxError(400, `Bilaget balanserer ikke (differanse ${sum} øre)`, 'voucherLines');
    if (input.lines.length < 2) throw new SandboxError(400, 'Et bilag må ha minst to linjer', 'voucherLines');
    for (const l of input.lines) {
      if (!Number.isSafeInteger(l.amountOre)) throw new SandboxError(400, 'Beløp må være i hele øre', 'voucherLines.currencyAmount');
      if (!client.accounts.some((a) => a.accountNo === l.accountNo)) throw new SandboxError(400, `Ukjent konto ${l.accountNo}`, 'voucherLines.accountId');
      if (l.accountNo === 1500 && !l.customerId) throw new SandboxError(400, 'Kundefordringer krever kunde (reskontro)', 'voucherLines.accountId');
    }
    const ref = input.externalImportReference ?? null;
    if (ref && client.vouchers.some((v) => v.externalImportReference === ref)) throw new SandboxError(409, `Bilag med externalImportReference ${ref} er allerede importert`, 'externalImportReference');
    const stamp = this.stamp();
    const voucher: Voucher = {
      id: this.id(),
      voucherNo: client.nextVoucherNo++,
      voucherType: input.voucherType,
      voucherDate: input.voucherDate,
      description: input.description,
      externalImportReference: ref,
      lines: input.lines.map((l) => ({ ...l, id: this.id() })),
      lastChanged: stamp,
      createdByExtensionId: input.createdByExtensionId ?? null,
    };
    for (const line of voucher.lines) {
      if (line.matchedInvoiceId || !line.customerId || !line.customMatchingReference) continue;
      const invoice = client.invoices.find((i) => i.customerId === line.customerId && (i.cid === line.customMatchingReference || String(i.invoiceNo) === line.customMatchingReference));
      if (invoice && line.amountOre < 0 && this.balance(client, invoice) >= -line.amountOre) line.matchedInvoiceId = invoice.id;
    }
    client.vouchers.push(voucher);
    for (const line of voucher.lines) {
      if (!line.matchedInvoiceId) continue;
      const invoice = this.invoice(client, line.matchedInvoiceId);
      invoice.lastChanged = stamp;
      invoice.balanceLastChanged = stamp;
    }
    return voucher;
  }

  /** The debtor pays the creditor directly ("Bank"), matched to the invoice unless told otherwise. */
  registerPayment(client: Client, input: { invoiceId?: string; customerId?: string; amountOre: number; date?: string; match?: boolean }): Voucher {
    const invoice = input.invoiceId ? this.invoice(client, input.invoiceId) : null;
    const customerId = invoice?.customerId ?? input.customerId;
    if (!customerId) throw new SandboxError(400, 'Faktura eller kunde må oppgis', 'invoiceId');
    if (!(input.amountOre > 0)) throw new SandboxError(400, 'Beløp må være positivt', 'amount');
    if (invoice && input.match !== false && input.amountOre > this.balance(client, invoice)) throw new SandboxError(400, 'Beløpet er større enn saldo', 'amount');
    const v = this.post(client, {
      voucherType: 'Payment',
      voucherDate: input.date ?? this.today,
      description: 'Bank',
      lines: [
        { accountNo: 1920, amountOre: input.amountOre, customerId: null, matchedInvoiceId: null, customMatchingReference: null, description: 'Innbetaling', vatCode: null },
        { accountNo: 1500, amountOre: -input.amountOre, customerId, matchedInvoiceId: invoice && input.match !== false ? invoice.id : null, customMatchingReference: null, description: 'Bank', vatCode: null },
      ],
    });
    return v;
  }

  creditNote(client: Client, input: { invoiceId: string; amountOre: number; date?: string }): Voucher {
    const invoice = this.invoice(client, input.invoiceId);
    if (!(input.amountOre > 0) || input.amountOre > this.balance(client, invoice)) throw new SandboxError(400, 'Kreditnota kan ikke overstige saldo', 'amount');
    const noteNo = client.nextInvoiceNo++;
    return this.post(client, {
      voucherType: 'CreditNote',
      voucherDate: input.date ?? this.today,
      description: `Kreditnota ${noteNo}`,
      lines: [
        { accountNo: 3000, amountOre: input.amountOre, customerId: null, matchedInvoiceId: null, customMatchingReference: null, description: `Kreditnota ${noteNo}`, vatCode: '3' },
        { accountNo: 1500, amountOre: -input.amountOre, customerId: invoice.customerId, matchedInvoiceId: invoice.id, customMatchingReference: null, description: `Kreditnota ${noteNo} til faktura ${invoice.invoiceNo}`, vatCode: null },
      ],
    });
  }

  /** Go's "Avskriv": the remaining balance to loss on receivables, matched to the invoice. */
  writeOff(client: Client, invoiceId: string, date?: string): Voucher {
    const invoice = this.invoice(client, invoiceId);
    const balance = this.balance(client, invoice);
    if (balance <= 0) throw new SandboxError(400, 'Fakturaen har ingen åpen saldo', 'invoiceId');
    return this.post(client, {
      voucherType: 'WriteOff',
      voucherDate: date ?? this.today,
      description: `Avskrevet faktura ${invoice.invoiceNo}`,
      lines: [
        { accountNo: 7830, amountOre: balance, customerId: null, matchedInvoiceId: null, customMatchingReference: null, description: 'Tap på fordringer', vatCode: null },
        { accountNo: 1500, amountOre: -balance, customerId: invoice.customerId, matchedInvoiceId: invoice.id, customMatchingReference: null, description: `Avskriv faktura ${invoice.invoiceNo}`, vatCode: null },
      ],
    });
  }

  // --- debt collection state ------------------------------------------------------------------

  /**
   * The day an overdue invoice lands in Utkast under the client's dunning settings:
   * none → day 1 after due; a fee-free reminder goes out on day 14 with no new deadline → day 14;
   * a reminder (sent day 14 with a 14-day deadline) → the day after that deadline (due + 29);
   * reminder and inkassovarsel (notice sent on the reminder's deadline, 14 more days) → due + 43.
   */
  draftDate(client: Client, invoice: Invoice): string {
    switch (client.dunning.reminderProfile) {
      case 'none':
        return addDays(invoice.dueDate, 1);
      case 'fee_free_reminder':
        return addDays(invoice.dueDate, 14);
      case 'reminder':
        return addDays(invoice.dueDate, 29);
      case 'reminder_and_notice':
        return addDays(invoice.dueDate, 43);
    }
  }

  /** What Go sent before the invoice landed in Utkast, by the same schedule as draftDate. */
  reminderSent(client: Client, invoice: Invoice): Invoice['lastReminder'] {
    switch (client.dunning.reminderProfile) {
      case 'none':
        return invoice.lastReminder;
      case 'fee_free_reminder':
        return { sentDate: addDays(invoice.dueDate, 14), dueDate: addDays(invoice.dueDate, 14), voucherType: 71 };
      case 'reminder':
        return { sentDate: addDays(invoice.dueDate, 14), dueDate: addDays(invoice.dueDate, 28), voucherType: 71 };
      case 'reminder_and_notice':
        return { sentDate: addDays(invoice.dueDate, 29), dueDate: addDays(invoice.dueDate, 43), voucherType: 72 };
    }
  }

  /** Moves overdue invoices into Utkast (or straight to Godkjent with automatic approval) by today. */
  refresh(client: Client): void {
    for (const invoice of client.invoices) {
      if (invoice.dcStatus !== DcStatus.None || invoice.removedFromDraft) continue;
      const customer = this.customer(client, invoice.customerId);
      if (!customer.transferToDebtCollectionAgency) continue;
      if (this.balance(client, invoice) <= 0) continue;
      if (this.draftDate(client, invoice) > this.today) continue;
      invoice.lastReminder = this.reminderSent(client, invoice);
      invoice.dcStatus = client.dunning.autoApproveTransfer ? DcStatus.Approved : DcStatus.Draft;
      invoice.lastChanged = this.stamp();
    }
  }

  approve(client: Client, invoiceIds: string[]): Invoice[] {
    this.refresh(client);
    const invoices = invoiceIds.map((id) => this.invoice(client, id));
    for (const invoice of invoices) {
      const customer = this.customer(client, invoice.customerId);
      if (!customer.transferToDebtCollectionAgency) throw new SandboxError(400, `Kunden ${customer.name} er unntatt fra inkasso`, 'excluded_customer');
      if (invoice.dcStatus === DcStatus.Exported) throw new SandboxError(409, `Faktura ${invoice.invoiceNo} er allerede hos inkassobyrå`, 'already_exported');
      if (invoice.dcStatus === DcStatus.Approved) continue;
      if (invoice.dueDate >= this.today) throw new SandboxError(400, `Faktura ${invoice.invoiceNo} er ikke forfalt`, 'not_overdue');
      if (this.balance(client, invoice) <= 0) throw new SandboxError(400, `Faktura ${invoice.invoiceNo} har ingen åpen saldo`, 'not_open');
    }
    const stamp = this.stamp();
    for (const invoice of invoices) {
      if (invoice.dcStatus === DcStatus.Approved) continue;
      invoice.dcStatus = DcStatus.Approved;
      invoice.removedFromDraft = false;
      invoice.lastChanged = stamp;
    }
    return invoices;
  }

  removeFromDraft(client: Client, invoiceId: string): void {
    const invoice = this.invoice(client, invoiceId);
    if (invoice.dcStatus !== DcStatus.Draft && invoice.dcStatus !== DcStatus.Approved) throw new SandboxError(400, 'Bare fakturaer i Utkast eller Godkjent kan fjernes', 'invoiceId');
    invoice.dcStatus = DcStatus.None;
    invoice.removedFromDraft = true;
    invoice.lastChanged = this.stamp();
  }

  collectionView(clientId: string): { draft: Invoice[]; approved: Invoice[]; exported: Invoice[] } {
    const client = this.client(clientId);
    this.refresh(client);
    const by = (s: number) => client.invoices.filter((i) => i.dcStatus === s).sort((a, b) => a.invoiceNo - b.invoiceNo);
    return { draft: by(DcStatus.Draft), approved: by(DcStatus.Approved), exported: by(DcStatus.Exported) };
  }

  // --- settings Go's pages change (Go's API has no route for them) ---------------------------

  getPurringSettings(clientId: string): PurringSettings {
    return { ...this.client(clientId).dunning };
  }

  /** Innstillinger → Purring. Invoices already in Utkast stay there; the new rule applies from now. */
  setPurringSettings(clientId: string, settings: PurringSettings): PurringSettings {
    const client = this.client(clientId);
    client.dunning = { reminderProfile: settings.reminderProfile, autoApproveTransfer: settings.autoApproveTransfer };
    this.refresh(client);
    return { ...client.dunning };
  }

  listExtensions(clientId: string): Extension[] {
    return this.client(clientId).extensions;
  }

  /** Innstillinger → Utvidelser → Rediger: Aktiv and "Inkassobyrå kan opprette nye saker". */
  updateExtension(clientId: string, extensionId: string, patch: { active?: boolean; canCreateCases?: boolean }): Extension {
    const extension = this.client(clientId).extensions.find((e) => e.id === extensionId);
    if (!extension) throw new SandboxError(404, `Ukjent utvidelse ${extensionId}`, 'extensionId');
    if (patch.active !== undefined) extension.active = patch.active;
    if (patch.canCreateCases !== undefined) extension.canCreateCases = patch.canCreateCases;
    return extension;
  }

  /** The collection agency extension that may create cases, found by its client key. */
  extensionByKey(client: Client, clientKey: string): Extension | undefined {
    return client.extensions.find((e) => e.clientKey === clientKey);
  }

  // --- the ledger ------------------------------------------------------------------------------

  /** Open items grouped by customer, as Kundereskontro shows them. */
  ledger(clientId: string): LedgerGroup[] {
    const client = this.client(clientId);
    this.refresh(client);
    const groups: LedgerGroup[] = [];
    for (const customer of client.customers) {
      const items: LedgerItem[] = [];
      for (const invoice of client.invoices) {
        if (invoice.customerId !== customer.id) continue;
        const balance = this.balance(client, invoice);
        if (balance === 0) continue;
        items.push({
          kind: 'invoice', id: invoice.id, invoiceId: invoice.id, date: invoice.invoiceDate, text: `Faktura ${invoice.invoiceNo}`,
          description: invoice.description, dueDate: invoice.dueDate, voucherNo: invoice.voucherNo, amountOre: invoice.amountOre,
          balanceOre: balance, debtCollectionCode: invoice.debtCollectionCode,
        });
      }
      for (const voucher of client.vouchers) {
        for (const line of voucher.lines) {
          if (line.customerId !== customer.id || line.matchedInvoiceId) continue;
          items.push({
            kind: voucher.voucherType === 'Payment' ? 'payment' : voucher.voucherType === 'CreditNote' ? 'credit_note' : 'journal',
            id: line.id, invoiceId: null, date: voucher.voucherDate, text: voucher.description, description: line.description,
            dueDate: voucher.voucherDate, voucherNo: voucher.voucherNo, amountOre: line.amountOre, balanceOre: line.amountOre, debtCollectionCode: null,
          });
        }
      }
      if (items.length === 0) continue;
      items.sort((a, b) => a.date.localeCompare(b.date) || a.voucherNo - b.voucherNo);
      groups.push({ customer, items, sumAmountOre: items.reduce((s, i) => s + i.amountOre, 0), sumBalanceOre: items.reduce((s, i) => s + i.balanceOre, 0) });
    }
    return groups;
  }

  /** A generated ledger of `rows` invoice rows for benchmarks (not part of the books). */
  largeLedger(clientId: string, rows: number): LedgerGroup[] {
    const client = this.client(clientId);
    const groups: LedgerGroup[] = [];
    const perCustomer = 10;
    for (let g = 0; g * perCustomer < rows; g++) {
      const customer: Customer = { id: `bench-c${g}`, code: String(50_000 + g), name: `Kunde ${g} AS`, orgNo: null, isPerson: false, transferToDebtCollectionAgency: true, email: null };
      const items: LedgerItem[] = [];
      for (let i = 0; i < perCustomer && g * perCustomer + i < rows; i++) {
        const n = 100_000 + g * perCustomer + i;
        const amount = 100_000 + ((n * 7919) % 900_000);
        items.push({
          kind: 'invoice', id: `bench-${n}`, invoiceId: null, date: addDays(this.today, -60 - (i % 30)), text: `Faktura ${n}`, description: '',
          dueDate: addDays(this.today, -30 - (i % 30)), voucherNo: n, amountOre: amount, balanceOre: amount, debtCollectionCode: null,
        });
      }
      groups.push({ customer, items, sumAmountOre: items.reduce((s, i) => s + i.amountOre, 0), sumBalanceOre: items.reduce((s, i) => s + i.balanceOre, 0) });
    }
    void client;
    return groups;
  }
}
