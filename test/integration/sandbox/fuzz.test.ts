// Whatever a client sends, the sandbox answers like Go: a 2xx or a 4xx in the route's error shape,
// never a 500 (a 500 from the sandbox would look like a Go outage to the backend's retries).
// /_sandbox/faults is left out: a random body could switch on injected 500s, which are meant.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSandbox } from '../../../sandbox/app';

const bodyRoutes: [string, string][] = [
  ['POST', '/DebtCollection'],
  ['POST', '/DebtCollection/AddInvoicesToCase'],
  ['POST', '/DebtCollection/MergeCases'],
  ['POST', '/DebtCollection/UpdateStatus'],
  ['POST', '/v2/Vouchers/ManualJournals'],
  ['PATCH', '/v2/Customers/100001'],
  ['POST', '/v2/Onboarding/Initiate'],
  ['POST', '/v2/Onboarding/Finalize'],
  ['POST', '/_sandbox/invoices'],
  ['POST', '/_sandbox/payments'],
  ['POST', '/_sandbox/credit-notes'],
  ['POST', '/_sandbox/write-offs'],
  ['POST', '/_sandbox/clock'],
];

const getRoutes = [
  '/DebtCollection/{x}',
  '/DebtCollection/MatchedItems/{x}',
  '/DebtCollection/GetInvoicePdf/{x}',
  '/DebtCollection/GetAllMatchedItems?fromDateTime={x}',
  '/DebtCollection?$filter={x}&$top={x}',
  '/v2/OutgoingInvoices?balanceLastChangedDateTimeOffsetGreaterThan={x}',
  '/v2/OutgoingInvoices?invoiceNos={x}&PageSize={x}',
  '/v2/Customers/{x}',
  '/v2/Customers?customerNos={x}&PageNumber={x}',
  '/v2/Customerledger/OpenItems?date={x}',
  '/v2/Vouchers/ManualJournals/{x}',
  '/v2/JournalEntryVouchers?createdDateTimeOffsetGreaterThan={x}&isPosted={x}',
  '/enhetsregisteret/api/enheter/{x}',
];

async function setup() {
  let now = Date.parse('2026-11-28T09:00:00Z');
  const sandbox = createSandbox({ today: '2026-11-28', now: () => new Date(now) });
  const creds = (await (await sandbox.app.request('/_sandbox/credentials')).json()) as { applicationKey: string; subscriptionKey: string; clients: { clientKey: string }[] };
  const res = await sandbox.app.request('/OAuth/Token', {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${creds.applicationKey}:${creds.clients[0]!.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': creds.subscriptionKey },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await res.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': creds.subscriptionKey, 'content-type': 'application/json' };
  // Each request a second apart: the rate limit is not what is under test here.
  const call = (method: string, path: string, body?: string) => {
    now += 1000;
    return sandbox.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  };
  return { sandbox, call };
}

/** Ids that exist in the seed mixed with junk, so the fuzz reaches past the "unknown id" checks. */
async function knownIds(call: Awaited<ReturnType<typeof setup>>['call']): Promise<string[]> {
  const invoices = (await (await call('GET', '/v2/OutgoingInvoices')).json()) as { Id: string }[];
  return invoices.map((i) => i.Id);
}

describe('sandbox fuzz', () => {
  it('never answers 500 to any JSON or non-JSON body', async () => {
    const { call } = await setup();
    const ids = await knownIds(call);
    const id = fc.oneof(fc.constantFrom(...ids), fc.string(), fc.integer());
    const value = fc.oneof(id, fc.boolean(), fc.constant(null), fc.double(), fc.array(id, { maxLength: 3 }), fc.array(fc.record({ id }), { maxLength: 3 }));
    const field = fc.constantFrom(
      'code', 'invoices', 'caseId', 'invoiceIds', 'caseIds', 'caseNo', 'statusText', 'isCaseClosed', 'updatedBalanceAgency', 'voucherDate', 'voucherLines',
      'ExternalImportReference', 'CurrencyCode', 'VoucherDate', 'VoucherLines', 'ApplicationKey', 'ClientOrganizationNo', 'RedirectUri', 'OnboardingToken', 'clientId',
      'customerCode', 'amount', 'dueDate', 'invoiceNo', 'invoiceId', 'rate', 'kinds', 'today',
    );
    const body = fc.oneof(
      fc.dictionary(field, value, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
      fc.json(),
      fc.string(),
      fc.record({ CurrencyCode: fc.constant('NOK'), VoucherDate: fc.constant('2026-11-28'), VoucherLines: fc.array(fc.record({ AccountId: fc.oneof(fc.integer(), fc.string()), PostingDate: fc.constant('2026-11-28'), VatId: fc.oneof(fc.constant(null), fc.integer()), CurrencyAmount: fc.oneof(fc.double(), fc.integer(), fc.string()), CustomMatchingReference: fc.string() }), { maxLength: 4 }) }).map((o) => JSON.stringify(o)),
      fc.array(fc.record({ op: fc.constantFrom('add', 'replace', 'remove', 'test', 'move'), path: fc.constantFrom('/TransferToDebtCollectionAgency', '/name', '/Nope', ''), value: value }), { maxLength: 3 }).map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bodyRoutes), body, async ([method, path], b) => {
        const res = await call(method, path, b);
        expect(res.status, `${method} ${path} ${b}`).toBeLessThan(500);
        // every answer is JSON in the route's shape, not a stack trace
        expect(res.headers.get('content-type') ?? '').toContain('json');
      }),
      { numRuns: 400 },
    );
  });

  it('never answers 500 to odd ids and query values', async () => {
    const { call } = await setup();
    const ids = await knownIds(call);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...getRoutes), fc.oneof(fc.constantFrom(...ids), fc.string(), fc.constant('2026-11-28T00:00:00Z'), fc.constant('%')), async (route, x) => {
        const res = await call('GET', route.replaceAll('{x}', encodeURIComponent(x)));
        expect(res.status, `${route} ${x}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });

  it('merging a case with itself or creating one with an invoice twice keeps each invoice once', async () => {
    const { call } = await setup();
    const available = ((await (await call('GET', '/DebtCollection/Invoices/AvailableInvoices')).json()) as { data: { id: string; customerCode: number }[] }).data;
    const inv = available[0]!;
    const created = await call('POST', '/DebtCollection', JSON.stringify({ code: 'S-1', invoices: [{ id: inv.id }, { id: inv.id }] }));
    expect(created.status).toBe(200);
    const dc = ((await created.json()) as { data: { id: string; invoices: unknown[] } }).data;
    expect(dc.invoices).toHaveLength(1);
    const merged = await call('POST', '/DebtCollection/MergeCases', JSON.stringify({ caseIds: [dc.id, dc.id], caseNo: 'S-2' }));
    expect(merged.status).toBe(200);
    expect(((await merged.json()) as { success: boolean }).success).toBe(false);
    const after = ((await (await call('GET', `/DebtCollection/${dc.id}`)).json()) as { data: { code: string; invoices: unknown[] } }).data;
    expect(after).toMatchObject({ code: 'S-1' });
    expect(after.invoices).toHaveLength(1);
  });
});
