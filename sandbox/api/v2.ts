// Go's API v2 routes the product needs, shaped as Go publishes them: PascalCase DTOs, string enums,
// plain DTOs and arrays (an empty list is 204 with no body), POST create → 201, errors as RFC 7807
// ProblemDetails, paging by PageSize/PageNumber (OData $top/$skip refused), PATCH as RFC 6902 JSON
// Patch. Every call needs the bearer token and Ocp-Apim-Subscription-Key; 10 requests/s per key,
// 429 beyond. A query parameter Go does not document for a route is refused, so nothing can come
// to rely on one. What Go offers only in its UI (approving a debt-collection draft, the client's
// Purring settings) is not here: the sandbox's pages carry it, as Go's pages do.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { SandboxError, type Account, type Client, type Customer, type Invoice, type Store, type Voucher, type VoucherLine } from '../store';
import { isDate, toKroner } from '../util';
import { requireToken, type AuthEnv, type Tokens } from './auth';

export const requestsPerSecond = 10;

type ProblemStatus = 400 | 401 | 403 | 404 | 409;

/** RFC 7807 ProblemDetails, with the lowercase member names of Go's spec examples. */
export function problem(c: Context, status: ProblemStatus, title: string, detail: string = title) {
  return c.json({ type: 'about:blank', title, status, detail, instance: new URL(c.req.url).pathname }, status);
}

/** APIM's throttling answer (RateLimitResponseDto). */
export function throttled(c: Context) {
  c.header('Retry-After', '1');
  return c.json({ statusCode: '429', message: 'Rate limit is exceeded. Try again in 1 seconds.' }, 429);
}

/** The customer's subledger account id (Go gives each customer its own reskontro account). */
export function subledgerAccountId(client: Client, customer: Customer): number {
  return 1_500_000 + client.customers.indexOf(customer) + 1;
}

/** Go's contact id for a customer (CustomerDto.Id, the path id of GET/PATCH /Customers/{id}). */
export function contactId(client: Client, customer: Customer): number {
  return 100_000 + client.customers.indexOf(customer) + 1;
}

export function customerByContactId(client: Client, id: number): Customer | undefined {
  const index = id - 100_001;
  return Number.isSafeInteger(index) && index >= 0 ? client.customers[index] : undefined;
}

/** v2 VoucherType names for the sandbox's voucher kinds. */
const v2VoucherType = { invoice: 'OutgoingInvoice', payment: 'IncomingPayments', credit_note: 'OutgoingCreditNote', journal: 'ManualJournal' } as const;
const v2VoucherTypeOf: Record<Voucher['voucherType'], string> = { Payment: 'IncomingPayments', CreditNote: 'OutgoingCreditNote', WriteOff: 'ManualJournal', ManualJournal: 'ManualJournal' };

/** ResourceParameters, sent as top-level query params on every list route. */
const resourceParameters = ['PageSize', 'PageNumber', 'Fields', 'OrderBy', 'UseDatabaseValidation'];
const defaultPageSize = 5000;
const maxPageSize = 20_000;

type Query = Map<string, string>;

/** The request's query, its names matched case-insensitively (as ASP.NET binds them) against the
 *  names Go documents for the route; an undocumented or OData parameter is a 400. */
function readQuery(c: Context, documented: string[], list: boolean): Query | Response {
  const allowed = new Map([...documented, ...(list ? resourceParameters : [])].map((n) => [n.toLowerCase(), n]));
  const out: Query = new Map();
  for (const [name, value] of new URL(c.req.url).searchParams) {
    if (name.startsWith('$')) return problem(c, 400, 'OData query options are not supported', `${name} is not supported in API v2; page with PageSize and PageNumber`);
    const known = allowed.get(name.toLowerCase());
    if (!known) return problem(c, 400, 'Unknown query parameter', `${name} is not a parameter of ${c.req.method} ${new URL(c.req.url).pathname}`);
    out.set(known, value);
  }
  return out;
}

/** A documented filter the sandbox does not model: refused, not silently ignored. */
function unsupported(c: Context, q: Query, names: string[]): Response | null {
  const name = names.find((n) => q.has(n));
  return name ? problem(c, 400, 'Filter not supported by the sandbox', `${name} is documented by Go but not modelled by the sandbox`) : null;
}

/** A plain array page (PageSize, PageNumber from 1), or 204 with no body when it holds no row. */
function page(c: Context, q: Query, rows: unknown[]): Response {
  if (q.has('Fields') || q.has('OrderBy')) return problem(c, 400, 'Not supported by the sandbox', 'Fields and OrderBy are not modelled by the sandbox');
  const size = q.has('PageSize') ? Number(q.get('PageSize')) : defaultPageSize;
  const number = q.has('PageNumber') ? Number(q.get('PageNumber')) : 1;
  if (!Number.isSafeInteger(size) || size < 1 || size > maxPageSize) return problem(c, 400, 'Invalid PageSize', `PageSize must be an integer from 1 to ${maxPageSize}`);
  if (!Number.isSafeInteger(number) || number < 1) return problem(c, 400, 'Invalid PageNumber', 'PageNumber must be an integer from 1');
  const slice = rows.slice((number - 1) * size, number * size);
  return slice.length === 0 ? c.body(null, 204) : c.json(slice);
}

function instant(c: Context, q: Query, name: string): number | Response {
  const raw = q.get(name);
  if (raw === undefined) return -Infinity;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? problem(c, 400, `Invalid ${name}`, `${name} must be a date-time`) : t;
}

function dateParam(c: Context, q: Query, name: string, required: boolean): string | null | Response {
  const raw = q.get(name);
  if (raw === undefined) return required ? problem(c, 400, `${name} is required`, `The query parameter ${name} is required`) : null;
  return isDate(raw) ? raw : problem(c, 400, `Invalid ${name}`, `${name} must be a date (YYYY-MM-DD)`);
}

function bool(c: Context, q: Query, name: string): boolean | null | Response {
  const raw = q.get(name);
  if (raw === undefined) return null;
  if (raw !== 'true' && raw !== 'false') return problem(c, 400, `Invalid ${name}`, `${name} must be true or false`);
  return raw === 'true';
}

/** Go's comma-separated number lists, with ranges: "10000-11000, 12000, 13000-". */
function numberList(c: Context, q: Query, name: string): ((n: number) => boolean) | null | Response {
  const raw = q.get(name);
  if (raw === undefined) return null;
  const parts: ((n: number) => boolean)[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d*))?$/.exec(part);
    if (!m) return problem(c, 400, `Invalid ${name}`, `${name} must be numbers or ranges separated by commas`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === '' ? Infinity : Number(m[2]);
    parts.push((n) => n >= from && n <= to);
  }
  return (n) => parts.some((p) => p(n));
}

function isResponse(x: unknown): x is Response {
  return x instanceof Response;
}

function rateLimit(store: Store): MiddlewareHandler<AuthEnv> {
  const windows = new Map<string, number[]>();
  return async (c, next) => {
    const key = c.get('grant').token;
    const now = store.now().getTime();
    const recent = (windows.get(key) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= requestsPerSecond) {
      windows.set(key, recent);
      return throttled(c);
    }
    recent.push(now);
    windows.set(key, recent);
    await next();
  };
}

export function customerDto(client: Client, cu: Customer) {
  const stamp = cu.lastChanged ?? '2020-01-01T00:00:00.000Z';
  return {
    Id: contactId(client, cu),
    Number: Number(cu.code),
    Name: cu.name,
    OrganizationNumber: cu.orgNo,
    IsPerson: cu.isPerson,
    EmailAddress: cu.email,
    InvoiceEmailAddress: cu.email,
    SubledgerAccountId: subledgerAccountId(client, cu),
    TransferToDebtCollectionAgency: cu.transferToDebtCollectionAgency,
    SendPaymentReminders: cu.sendPaymentReminders ?? true,
    InvoiceDeliveryType: 'PdfByEmail',
    ReminderDeliveryType: 'PdfByEmail',
    NoticeOfDebtCollectionDeliveryType: 'PdfByEmail',
    IsActive: true,
    IsArchived: false,
    CurrencyCode: 'NOK',
    ContactCreatedDateTimeOffset: stamp,
    CustomerCreatedDateTimeOffset: stamp,
    LastChangedDateTimeOffset: stamp,
  };
}

function invoiceDto(store: Store, client: Client, i: Invoice) {
  const customer = store.customer(client, i.customerId);
  const amount = toKroner(i.amountOre);
  return {
    Id: i.id,
    InvoiceNo: i.invoiceNo,
    CustomerId: contactId(client, customer),
    CustomerNo: Number(customer.code),
    VoucherNo: i.voucherNo,
    VoucherDate: i.invoiceDate,
    VoucherType: 'OutgoingInvoice',
    DueDate: i.dueDate,
    CurrencyCode: 'NOK',
    // The sandbox's invoices carry no VAT split: net and total are the same amount.
    NetAmount: amount,
    NetPostedAmount: amount,
    TotalAmount: amount,
    TotalPostedAmount: amount,
    Balance: toKroner(store.balance(client, i)),
    BalanceLastChangedDateTimeOffset: i.balanceLastChanged ?? i.lastChanged,
    Cid: i.cid,
    CustomMatchingReference: i.cid,
    MatchId: store.num('match', i.id),
    IsReversed: false,
    InvoiceDeliveryType: 'PdfByEmail',
    SentDateTimeOffset: `${i.invoiceDate}T08:00:00.000Z`,
    CreatedDateTimeOffset: `${i.invoiceDate}T08:00:00.000Z`,
    LastChangedDateTimeOffset: i.lastChanged,
  };
}

function accountType(accountNo: number): string {
  if (accountNo < 2000) return 'Asset';
  if (accountNo < 2100) return 'Equity';
  if (accountNo < 3000) return 'Liability';
  if (accountNo < 4000 || (accountNo >= 8000 && accountNo < 8100)) return 'Income';
  return 'Expense';
}

function accountDto(a: Account) {
  return {
    Id: a.id, AccountNo: a.accountNo, Name: a.name, IsActive: true, VatCode: a.vatCode, VatCodeId: a.vatCode === null ? null : Number(a.vatCode),
    GeneralLedgerAccountType: accountType(a.accountNo), CurrencyCode: 'NOK', LastChangedDateTimeOffset: '2020-01-01T00:00:00.000Z',
  };
}

const vatCodes = [
  { Id: 0, Code: '0', Name: 'Ingen mva-behandling', Rate: 0 },
  { Id: 1, Code: '1', Name: 'Fradrag inngående mva, høy sats', Rate: 25 },
  { Id: 3, Code: '3', Name: 'Utgående mva, høy sats', Rate: 25 },
  { Id: 5, Code: '5', Name: 'Innenlands omsetning, fritatt', Rate: 0 },
].map((v) => ({ ...v, IsActive: true, IsCustom: false, ValidFrom: '2017-01-01', ValidTo: null }));

function journalDto(client: Client, store: Store, v: Voucher) {
  const account = (l: VoucherLine) => {
    const customer = l.customerId ? client.customers.find((cu) => cu.id === l.customerId) : undefined;
    return customer ? subledgerAccountId(client, customer) : (client.accounts.find((a) => a.accountNo === l.accountNo)?.id ?? l.accountNo);
  };
  return {
    Id: v.id,
    VoucherNo: v.voucherNo,
    VoucherDate: v.voucherDate,
    Description: v.description,
    ExternalImportReference: v.externalImportReference,
    CurrencyCode: 'NOK',
    IsReversed: false,
    CreatedDateTimeOffset: v.lastChanged,
    VoucherLines: v.lines.map((l) => ({
      Id: store.num('line', l.id),
      AccountId: account(l),
      CurrencyAmount: toKroner(l.amountOre),
      CurrencyCode: 'NOK',
      CustomMatchingReference: l.customMatchingReference,
      Description: l.description,
      PostingDate: v.voucherDate,
      VatId: l.vatCode === null ? null : Number(l.vatCode),
      VatReturnSpecification: 'None',
      CreatedDateTimeOffset: v.lastChanged,
    })),
  };
}

/** The JSON body of a POST, or a 400 ProblemDetails. */
async function jsonObject(c: Context): Promise<Record<string, unknown> | Response> {
  try {
    const b: unknown = await c.req.json();
    if (b && typeof b === 'object' && !Array.isArray(b)) return b as Record<string, unknown>;
  } catch {
    // fall through
  }
  return problem(c, 400, 'Invalid JSON body', 'Expected a JSON object');
}

/** CustomerPatchDto properties the sandbox models, with their checks. A path to another documented
 *  property is refused as not modelled; an unknown one as unknown. */
const patchable: Record<string, { check: (v: unknown) => boolean; set: (cu: Customer, v: unknown) => void }> = {
  TransferToDebtCollectionAgency: { check: (v) => typeof v === 'boolean', set: (cu, v) => (cu.transferToDebtCollectionAgency = v as boolean) },
  SendPaymentReminders: { check: (v) => typeof v === 'boolean', set: (cu, v) => (cu.sendPaymentReminders = v as boolean) },
  Name: { check: (v) => typeof v === 'string' && v.trim() !== '', set: (cu, v) => (cu.name = v as string) },
  EmailAddress: { check: (v) => v === null || typeof v === 'string', set: (cu, v) => (cu.email = v as string | null) },
  OrganizationNumber: { check: (v) => v === null || (typeof v === 'string' && /^\d{9}$/.test(v)), set: (cu, v) => (cu.orgNo = v as string | null) },
  IsPerson: { check: (v) => typeof v === 'boolean', set: (cu, v) => (cu.isPerson = v as boolean) },
};
const customerPatchDtoFields = [
  'Allowance', 'BillableRate', 'ContactGroupIds', 'CurrencyCode', 'CustomerSince', 'DateOfBirth', 'DeliveryTermId', 'DepartmentId', 'DoNotAddLatePaymentFees',
  'DoNotAddLatePaymentInterest', 'DoNotAutomatePaymentNotifications', 'EmailAddress', 'ExternalImportReference', 'ExternalNumber', 'FirstName', 'InvoiceBrandingThemeId',
  'InvoiceDeliveryType', 'InvoiceEmailAddress', 'InvoiceEmailAddressCC', 'IsArchived', 'IsPerson', 'IsVatFree', 'LastName', 'LegalName', 'MailAddress', 'Name',
  'NationalIdNumber', 'NoticeOfDebtCollectionDeliveryType', 'Number', 'OrganizationNumber', 'PaymentReminderEmailAddress', 'PaymentTermId', 'PhoneNumber',
  'ReminderDeliveryType', 'SalesPersonEmployeeId', 'SendPaymentReminders', 'TransferToDebtCollectionAgency', 'UseInvoiceFee', 'WebsiteUrl',
];

type Operation = { op: string; path: string; value?: unknown };

/** Applies an RFC 6902 document to a copy-first customer: all operations or none. */
function applyCustomerPatch(cu: Customer, doc: unknown): string | null {
  if (!Array.isArray(doc)) return 'A JSON Patch document is an array of operations';
  const ops: { field: string; op: Operation }[] = [];
  for (const [index, raw] of doc.entries()) {
    const op = raw as Operation;
    if (!op || typeof op !== 'object' || typeof op.op !== 'string' || typeof op.path !== 'string') return `Operation ${index} needs op and path`;
    if (!['add', 'replace', 'remove', 'test'].includes(op.op)) return `Operation ${index}: op ${op.op} is not supported on a customer`;
    // Go's examples write paths in either casing (/phoneNumber, /ContactGroupIds).
    const name = op.path.replace(/^\//, '');
    const field = customerPatchDtoFields.find((f) => f.toLowerCase() === name.toLowerCase());
    if (!field) return `Operation ${index}: ${op.path} is not a property of CustomerPatchDto`;
    if (!patchable[field]) return `Operation ${index}: ${field} is documented by Go but not modelled by the sandbox`;
    if (op.op === 'remove') return `Operation ${index}: ${field} cannot be removed`;
    if (!('value' in op) || !patchable[field].check(op.value)) return `Operation ${index}: invalid value for ${field}`;
    ops.push({ field, op });
  }
  const current = customerDtoFields(cu);
  for (const { field, op } of ops) if (op.op === 'test' && current[field] !== op.value) return `Test failed on ${field}`;
  for (const { field, op } of ops) if (op.op !== 'test') patchable[field]!.set(cu, op.value);
  return null;
}

function customerDtoFields(cu: Customer): Record<string, unknown> {
  return { TransferToDebtCollectionAgency: cu.transferToDebtCollectionAgency, SendPaymentReminders: cu.sendPaymentReminders ?? true, Name: cu.name, EmailAddress: cu.email, OrganizationNumber: cu.orgNo, IsPerson: cu.isPerson };
}

export function v2Routes(store: Store, tokens: Tokens, subscriptionKey: string): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', async (c, next) => {
    if (c.req.header('ocp-apim-subscription-key') !== subscriptionKey) return problem(c, 401, 'Access denied due to missing or invalid subscription key.');
    await next();
  });
  app.use('*', requireToken(store, tokens, (c) => problem(c, 401, 'Unauthorized', 'The bearer token is missing, invalid or expired')));
  app.use('*', rateLimit(store));

  app.get('/Customers', (c) => {
    const client = c.get('client');
    const q = readQuery(c, ['contactGroupIds', 'customerCreatedDateTimeOffsetGreaterThan', 'customerNos', 'externalImportReference', 'externalNos', 'lastChangedDateTimeOffsetGreaterThan'], true);
    if (isResponse(q)) return q;
    const no = unsupported(c, q, ['contactGroupIds', 'externalNos']);
    if (no) return no;
    const nos = numberList(c, q, 'customerNos');
    const changed = instant(c, q, 'lastChangedDateTimeOffsetGreaterThan');
    const created = instant(c, q, 'customerCreatedDateTimeOffsetGreaterThan');
    for (const x of [nos, changed, created]) if (isResponse(x)) return x;
    const ref = q.get('externalImportReference');
    const rows = client.customers
      .map((cu) => customerDto(client, cu))
      .filter((d) => (typeof nos !== 'function' || nos(d.Number)) && Date.parse(d.LastChangedDateTimeOffset) > (changed as number) && Date.parse(d.CustomerCreatedDateTimeOffset) > (created as number) && ref === undefined);
    return page(c, q, rows);
  });

  const customerOf = (c: Context<AuthEnv>): Customer | Response => {
    const raw = c.req.param('id') ?? '';
    const id = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(id)) return problem(c, 400, 'Invalid id', 'id must be an integer (int64)');
    return customerByContactId(c.get('client'), id) ?? problem(c, 404, 'Customer not found', `No customer with id ${raw}`);
  };

  app.get('/Customers/:id', (c) => {
    const q = readQuery(c, [], false);
    if (isResponse(q)) return q;
    const cu = customerOf(c);
    return isResponse(cu) ? cu : c.json(customerDto(c.get('client'), cu));
  });

  app.patch('/Customers/:id', async (c) => {
    const q = readQuery(c, [], false);
    if (isResponse(q)) return q;
    const cu = customerOf(c);
    if (isResponse(cu)) return cu;
    if (!/^application\/json-patch\+json\b/i.test(c.req.header('content-type') ?? '')) return problem(c, 400, 'Unsupported content type', 'PATCH takes an RFC 6902 JSON Patch document (Content-Type: application/json-patch+json)');
    let doc: unknown;
    try {
      doc = await c.req.json();
    } catch {
      return problem(c, 400, 'Invalid JSON Patch document', 'The body is not JSON');
    }
    const before = { ...cu };
    const error = applyCustomerPatch(cu, doc);
    if (error) {
      Object.assign(cu, before);
      return problem(c, 400, 'Invalid JSON Patch document', error);
    }
    cu.lastChanged = store.stamp();
    return c.json(customerDto(c.get('client'), cu));
  });

  app.get('/GeneralLedgerAccounts', (c) => {
    const q = readQuery(c, ['accountNos', 'agricultureDepartments', 'lastChangedDateTimeOffsetGreaterThan'], true);
    if (isResponse(q)) return q;
    const no = unsupported(c, q, ['agricultureDepartments']);
    if (no) return no;
    const nos = numberList(c, q, 'accountNos');
    const changed = instant(c, q, 'lastChangedDateTimeOffsetGreaterThan');
    for (const x of [nos, changed]) if (isResponse(x)) return x;
    const rows = c.get('client').accounts.map(accountDto).filter((a) => (typeof nos !== 'function' || nos(a.AccountNo)) && Date.parse(a.LastChangedDateTimeOffset) > (changed as number));
    return page(c, q, rows);
  });

  app.get('/GeneralLedgerAccounts/:id', (c) => {
    const q = readQuery(c, [], false);
    if (isResponse(q)) return q;
    const a = c.get('client').accounts.find((x) => String(x.id) === c.req.param('id'));
    return a ? c.json(accountDto(a)) : problem(c, 404, 'Account not found', `No general ledger account with id ${c.req.param('id')}`);
  });

  app.get('/VatCodes', (c) => {
    const q = readQuery(c, ['includeExpired', 'isActive'], true);
    if (isResponse(q)) return q;
    const active = bool(c, q, 'isActive');
    const expired = bool(c, q, 'includeExpired');
    for (const x of [active, expired]) if (isResponse(x)) return x;
    return page(c, q, vatCodes.filter((v) => active === null || v.IsActive === active));
  });

  app.get('/Customerledger/OpenItems', (c) => {
    const client = c.get('client');
    const q = readQuery(c, ['date', 'contactGroupIds', 'createdDateTimeOffsetGreaterThan', 'customerNos', 'customMatchingReferences', 'departmentCodes', 'externalNos', 'includeSubProject', 'invoiceNos', 'lastChangedDateTimeOffsetGreaterThan', 'onlyBalancesLessThanAmount', 'onlyCreatedByCurrentIntegration', 'projectCodes', 'subLedgerNumberSeriesIds', 'voucherTypes'], true);
    if (isResponse(q)) return q;
    const no = unsupported(c, q, ['contactGroupIds', 'createdDateTimeOffsetGreaterThan', 'customMatchingReferences', 'departmentCodes', 'externalNos', 'includeSubProject', 'invoiceNos', 'lastChangedDateTimeOffsetGreaterThan', 'onlyBalancesLessThanAmount', 'onlyCreatedByCurrentIntegration', 'projectCodes', 'subLedgerNumberSeriesIds', 'voucherTypes']);
    if (no) return no;
    const date = dateParam(c, q, 'date', true);
    if (isResponse(date)) return date;
    const nos = numberList(c, q, 'customerNos');
    if (isResponse(nos)) return nos;
    const voucherOfLine = new Map<string, Voucher>();
    for (const v of client.vouchers) for (const l of v.lines) voucherOfLine.set(l.id, v);
    const items = store.ledger(client.id).flatMap((g) =>
      g.items
        .filter((i) => i.date <= date! && (typeof nos !== 'function' || nos(Number(g.customer.code))))
        .map((i) => {
          const invoice = i.invoiceId ? store.invoice(client, i.invoiceId) : null;
          const voucher = invoice ? null : voucherOfLine.get(i.id);
          const stamp = invoice?.lastChanged ?? voucher?.lastChanged ?? '2020-01-01T00:00:00.000Z';
          return {
            Id: store.num('entry', i.id),
            CustomerId: contactId(client, g.customer),
            CustomerAccountNo: Number(g.customer.code),
            CustomerName: g.customer.name,
            VoucherId: invoice?.id ?? voucher?.id ?? i.id,
            VoucherNo: i.voucherNo,
            VoucherType: v2VoucherType[i.kind],
            InvoiceNo: invoice ? String(invoice.invoiceNo) : null,
            VoucherDate: i.date,
            PostingDate: i.date,
            DueDate: i.dueDate,
            Amount: toKroner(i.amountOre),
            CurrencyAmount: toKroner(i.amountOre),
            CurrencyCode: 'NOK',
            Balance: toKroner(i.balanceOre),
            Cid: invoice?.cid ?? null,
            CustomMatchingReference: invoice?.cid ?? null,
            MatchId: invoice ? store.num('match', invoice.id) : null,
            ExternalImportReference: voucher?.externalImportReference ?? null,
            CreatedDateTimeOffset: stamp,
            LastChangedDateTimeOffset: stamp,
          };
        }),
    );
    return page(c, q, items);
  });

  app.get('/OutgoingInvoices', (c) => {
    const client = c.get('client');
    const q = readQuery(c, ['balanceLastChangedDateTimeOffsetGreaterThan', 'customerNos', 'customMatchingReferences', 'departmentCodes', 'fromDate', 'includeSubProject', 'invoiceIds', 'invoiceNos', 'onlyCreatedByCurrentIntegration', 'onlyUnpaidInvoices', 'projectCodes', 'sentDateTimeOffsetGreaterThan', 'toDate', 'voucherNos'], true);
    if (isResponse(q)) return q;
    const no = unsupported(c, q, ['customMatchingReferences', 'departmentCodes', 'includeSubProject', 'onlyCreatedByCurrentIntegration', 'projectCodes', 'sentDateTimeOffsetGreaterThan', 'voucherNos']);
    if (no) return no;
    store.refresh(client);
    const balanceSince = instant(c, q, 'balanceLastChangedDateTimeOffsetGreaterThan');
    const customers = numberList(c, q, 'customerNos');
    const invoiceNos = numberList(c, q, 'invoiceNos');
    const unpaid = bool(c, q, 'onlyUnpaidInvoices');
    const from = dateParam(c, q, 'fromDate', false);
    const to = dateParam(c, q, 'toDate', false);
    for (const x of [balanceSince, customers, invoiceNos, unpaid, from, to]) if (isResponse(x)) return x;
    const ids = q.has('invoiceIds') ? new Set(q.get('invoiceIds')!.split(',').map((s) => s.trim())) : null;
    const rows = client.invoices
      .map((i) => invoiceDto(store, client, i))
      .filter((d) =>
        Date.parse(d.BalanceLastChangedDateTimeOffset) > (balanceSince as number) &&
        (typeof customers !== 'function' || customers(d.CustomerNo)) &&
        (typeof invoiceNos !== 'function' || invoiceNos(d.InvoiceNo)) &&
        (unpaid !== true || d.Balance !== 0) &&
        (from === null || d.VoucherDate >= (from as string)) &&
        (to === null || d.VoucherDate <= (to as string)) &&
        (ids === null || ids.has(d.Id)),
      );
    return page(c, q, rows);
  });

  app.get('/OutgoingInvoices/:id', (c) => {
    const q = readQuery(c, [], false);
    if (isResponse(q)) return q;
    const client = c.get('client');
    const invoice = client.invoices.find((i) => i.id === c.req.param('id'));
    return invoice ? c.json(invoiceDto(store, client, invoice)) : problem(c, 404, 'Invoice not found', `No outgoing invoice with id ${c.req.param('id')}`);
  });

  app.post('/Vouchers/ManualJournals', async (c) => {
    const client = c.get('client');
    const q = readQuery(c, [], false);
    if (isResponse(q)) return q;
    const b = await jsonObject(c);
    if (isResponse(b)) return b;
    const voucherDate = b['VoucherDate'];
    if (!isDate(voucherDate)) return problem(c, 400, 'VoucherDate is required', 'VoucherDate is required (YYYY-MM-DD)');
    if (b['CurrencyCode'] !== 'NOK') return problem(c, 400, 'CurrencyCode is required', 'CurrencyCode is required; the sandbox books NOK only');
    const rawLines = b['VoucherLines'];
    if (!Array.isArray(rawLines) || rawLines.length < 2) return problem(c, 400, 'At least two voucher lines are required', 'VoucherLines needs at least two lines');
    const lines: Omit<VoucherLine, 'id'>[] = [];
    for (const [index, raw] of rawLines.entries()) {
      const l = (raw ?? {}) as Record<string, unknown>;
      const amount = l['CurrencyAmount'];
      if (typeof amount !== 'number' || !Number.isFinite(amount) || amount === 0 || Math.round(amount * 100) !== Number((amount * 100).toFixed(6))) {
        return problem(c, 400, 'Invalid amount', `VoucherLines[${index}].CurrencyAmount must be a non-zero amount with at most two decimals`);
      }
      if (!isDate(l['PostingDate'])) return problem(c, 400, 'PostingDate is required', `VoucherLines[${index}].PostingDate is required (YYYY-MM-DD)`);
      if (!('VatId' in l)) return problem(c, 400, 'VatId is required', `VoucherLines[${index}].VatId is required (null for none)`);
      const vatId = l['VatId'];
      if (vatId !== null && !(typeof vatId === 'number' && vatCodes.some((v) => v.Id === vatId))) return problem(c, 400, 'Unknown VatId', `VoucherLines[${index}].VatId is not a VAT code id`);
      const accountId = l['AccountId'];
      const customer = client.customers.find((cu) => subledgerAccountId(client, cu) === accountId);
      const account = customer ? client.accounts.find((a) => a.accountNo === 1500) : client.accounts.find((a) => a.id === accountId);
      if (!account) return problem(c, 400, 'Unknown account', `VoucherLines[${index}].AccountId is neither a general ledger account nor a subledger account`);
      const ref = l['CustomMatchingReference'];
      lines.push({
        accountNo: account.accountNo,
        amountOre: Math.round(amount * 100),
        customerId: customer?.id ?? null,
        matchedInvoiceId: null,
        customMatchingReference: typeof ref === 'string' && ref ? ref : null,
        description: typeof l['Description'] === 'string' ? l['Description'] : '',
        vatCode: typeof vatId === 'number' ? String(vatId) : null,
      });
    }
    const ref = typeof b['ExternalImportReference'] === 'string' && b['ExternalImportReference'] ? b['ExternalImportReference'] : null;
    // Go documents ExternalImportReference as a client-unique duplicate check; a duplicate is a 400.
    if (ref && client.vouchers.some((v) => v.externalImportReference === ref)) return problem(c, 400, 'Duplicate ExternalImportReference', `A voucher with ExternalImportReference ${ref} already exists`);
    try {
      const voucher = store.post(client, { voucherType: 'ManualJournal', voucherDate, description: typeof b['Description'] === 'string' ? b['Description'] : '', externalImportReference: ref, createdByExtensionId: c.get('extension').id, lines });
      return c.json(journalDto(client, store, voucher), 201);
    } catch (e) {
      if (e instanceof SandboxError) return problem(c, 400, 'The voucher was refused', e.message);
      throw e;
    }
  });

  app.get('/Vouchers/ManualJournals/:id', (c) => {
    const q = readQuery(c, [], false);
    if (isResponse(q)) return q;
    const client = c.get('client');
    // Only vouchers this integration created through POST /Vouchers/ManualJournals.
    const v = client.vouchers.find((x) => x.id === c.req.param('id') && x.voucherType === 'ManualJournal' && x.createdByExtensionId === c.get('extension').id);
    return v ? c.json(journalDto(client, store, v)) : problem(c, 404, 'Voucher not found', `No manual journal voucher with id ${c.req.param('id')} created by this integration`);
  });

  app.get('/JournalEntryVouchers', (c) => {
    const q = readQuery(c, ['createdDateTimeOffsetGreaterThan', 'lastChangedDateTimeOffsetGreaterThan', 'inApprovalWorkflow', 'isPosted'], true);
    if (isResponse(q)) return q;
    const created = instant(c, q, 'createdDateTimeOffsetGreaterThan');
    const changed = instant(c, q, 'lastChangedDateTimeOffsetGreaterThan');
    const inApproval = bool(c, q, 'inApprovalWorkflow');
    const posted = bool(c, q, 'isPosted');
    for (const x of [created, changed, inApproval, posted]) if (isResponse(x)) return x;
    const extensionId = c.get('extension').id;
    // Every voucher the sandbox books is posted at once; none is ever in an approval workflow.
    const rows = c
      .get('client')
      .vouchers.filter((v) => Date.parse(v.lastChanged) > (created as number) && Date.parse(v.lastChanged) > (changed as number) && inApproval !== true && posted !== false)
      .map((v) => ({ Id: v.id, VoucherType: v2VoucherTypeOf[v.voucherType], IsPosted: true, InApprovalWorkflow: false, IsCreatedByCurrentIntegration: v.createdByExtensionId === extensionId, OriginatedFromEhf: false, CreatedDateTimeOffset: v.lastChanged, LastChangedDateTimeOffset: v.lastChanged }));
    return page(c, q, rows);
  });

  app.notFound((c) => problem(c, 404, 'Resource not found', `${c.req.method} ${new URL(c.req.url).pathname} is not a route of Go's API`));
  // A refusal of the books (unknown id, unbalanced lines) is a 4xx problem, never a 500.
  app.onError((err, c) => {
    if (err instanceof SandboxError) return problem(c, err.status, err.message);
    throw err;
  });
  return app;
}
