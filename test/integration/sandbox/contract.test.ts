// The sandbox's behaviour route by route over HTTP: Go's legacy API (camelCase, {data, success}
// envelope, refusals as HTTP 200 with success=false), v2 (PascalCase, ProblemDetails, 204 for an
// empty list, PageSize/PageNumber, JSON Patch), onboarding and the control routes. Field sets
// against Go's published contract are checked in test/contract/.
import { Store } from '../../../sandbox/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../../sandbox/app';
import { sandboxWithToken, getToken } from '../../helpers/sandbox';

type Ctx = Awaited<ReturnType<typeof sandboxWithToken>>;
let ctx: Ctx;

beforeEach(async () => {
  ctx = await sandboxWithToken('2026-11-28');
});
afterEach(async () => {
  await ctx.sandbox.close();
});

async function outgoing(invoiceNo: number) {
  const { body } = await ctx.call('GET', `/v2/OutgoingInvoices?invoiceNos=${invoiceNo}`);
  return (body as { InvoiceNo: number; Balance: number; Id: string; Cid: string; BalanceLastChangedDateTimeOffset: string }[])[0]!;
}

/** What Go's pages show of an invoice's debt-collection state (v2 documents none). */
function inGo(invoiceNo: number) {
  const store: Store = ctx.sandbox.store;
  const client = store.clients.find((c) => c.id === 'conecto')!;
  const i = client.invoices.find((x) => x.invoiceNo === invoiceNo)!;
  return { dcStatus: i.dcStatus as number, code: i.debtCollectionCode, approve: () => store.approve(client, [i.id]) };
}

async function control(path: string, body: unknown, method = 'POST') {
  const res = await fetch(`${ctx.sandbox.url}/_sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('OAuth/Token', () => {
  it('issues a bearer token with expires_in for application key + client key', async () => {
    const res = await fetch(`${ctx.sandbox.url}/OAuth/Token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${ctx.creds.applicationKey}:${ctx.client.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': ctx.creds.subscriptionKey },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 1200 });
    expect(typeof body['access_token']).toBe('string');
  });
  it('refuses an unknown client key, a wrong grant type and a missing token', async () => {
    await expect(getToken(ctx.sandbox.url, ctx.creds.applicationKey, 'nope', ctx.creds.subscriptionKey)).rejects.toThrow('400');
    await expect(getToken(ctx.sandbox.url, ctx.creds.applicationKey, ctx.client.clientKey!, 'wrong-key')).rejects.toThrow('401');
    const wrongGrant = await fetch(`${ctx.sandbox.url}/OAuth/Token`, { method: 'POST', headers: { authorization: 'Basic eDp5', 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': ctx.creds.subscriptionKey }, body: 'grant_type=password' });
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toEqual({ error: 'unsupported_grant_type', error_description: expect.any(String) });
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`)).status).toBe(401);
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
  });
  it('expires tokens after expires_in and lets a token see only its own client', async () => {
    let now = Date.parse('2026-11-28T08:00:00Z');
    const sb = createSandbox({ today: '2026-11-28', now: () => new Date(now) });
    const creds = (await (await sb.app.request('/_sandbox/credentials')).json()) as { applicationKey: string; subscriptionKey: string; clients: { name: string; clientKey: string }[] };
    const conecto = creds.clients.find((c) => c.name === 'Conecto AS')!;
    const tokenRes = await sb.app.request('/OAuth/Token', { method: 'POST', headers: { authorization: `Basic ${btoa(`${creds.applicationKey}:${conecto.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': creds.subscriptionKey }, body: 'grant_type=client_credentials' });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const list = async () => sb.app.request('/DebtCollection/Invoices/AvailableInvoices', { headers: { authorization: `Bearer ${access_token}` } });
    const invoices = ((await (await list()).json()) as { data: { customerCode: number }[] }).data;
    expect(invoices.every((i) => String(i.customerCode).startsWith('100'))).toBe(true); // Conecto's customers only
    now += 1199_000;
    expect((await list()).status).toBe(200);
    now += 2_000;
    expect((await list()).status).toBe(401);
  });
});

describe('DebtCollection', () => {
  it('IsActiveDebtCollection follows "Inkassobyrå kan opprette nye saker"; when false, AvailableInvoices and POST refuse', async () => {
    expect((await ctx.call('GET', '/DebtCollection/IsActiveDebtCollection')).body).toEqual({ data: true, success: true });
    // Unticked in Go's Utvidelser page, as the accountant (a page POST in their session).
    const session = ctx.sandbox.sessions.open();
    const form = new URLSearchParams({ extensionId: 'conecto-modhi', active: 'true', __RequestVerificationToken: session.token });
    await fetch(`${ctx.sandbox.url}/app/conecto/innstillinger/utvidelser`, { method: 'POST', body: form, headers: { cookie: session.cookie }, redirect: 'manual' });
    expect((await ctx.call('GET', '/DebtCollection/IsActiveDebtCollection')).body).toEqual({ data: false, success: true });
    // Go's legacy API refuses with HTTP 200, success=false and a validation result, no data.
    const available = await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices');
    expect(available.status).toBe(200);
    expect(available.body).toEqual({ success: false, validation: { summary: expect.any(String), errorLogReference: expect.any(String), fields: {} } });
    const post = await ctx.call('POST', '/DebtCollection', { code: 'X1', invoices: [{ id: 'x' }] });
    expect(post.status).toBe(200);
    expect(post.body.success).toBe(false);
  });

  it('list routes take OData $filter (PascalCase fields), $orderby, $top and $skip, and refuse what they cannot apply', async () => {
    const all = (await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices')).body.data as { id: string; invoiceNo: number }[];
    expect(all.length).toBeGreaterThan(1);
    const one = await ctx.call('GET', `/DebtCollection/Invoices/AvailableInvoices?$filter=${encodeURIComponent(`InvoiceNo eq ${all[1]!.invoiceNo}`)}`);
    expect(one.body).toMatchObject({ success: true, count: 1, data: [{ id: all[1]!.id }] });
    // count is every match, before $skip/$top
    expect((await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices?$orderby=InvoiceNo&$top=1')).body).toMatchObject({ count: all.length, data: [expect.anything()] });
    expect((await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices?$top=1')).body.success).toBe(false);
    const code = "K'1";
    expect((await ctx.call('POST', '/DebtCollection', { code, invoices: [{ id: all[0]!.id }] })).body.success).toBe(true);
    const found = await ctx.call('GET', `/DebtCollection?$filter=${encodeURIComponent(`Code eq '${code.replace(/'/g, "''")}'`)}`);
    expect(found.body).toMatchObject({ success: true, count: 1, data: [{ code }] });
    for (const filter of ["Code ne 'x'", "code eq 'x'"]) {
      const bad = await ctx.call('GET', `/DebtCollection?$filter=${encodeURIComponent(filter)}`);
      expect(bad.status).toBe(200);
      expect(bad.body).toMatchObject({ success: false, validation: { summary: expect.any(String), fields: { $filter: expect.any(String) } } });
    }
  });

  it('AvailableInvoices lists approved invoices as DebtCollectionInvoice in the { data, success, count } envelope', async () => {
    const { status, body } = await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices');
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.count).toBe(body.data.length);
    expect(body.data.map((i: { invoiceNo: number }) => i.invoiceNo).sort()).toEqual([21, 24]);
    for (const inv of body.data) {
      expect(typeof inv.remainingAmount).toBe('number');
      expect(inv.currencyCode).toBe('NOK');
    }
  });

  it('AvailableInvoices tells what Go’s own dunning sent before the invoice reached Utkast: none, a reminder (71) or a notice (72)', async () => {
    const last = async (no: number) => ((await ctx.call('GET', `/DebtCollection/Invoices/AvailableInvoices?$filter=${encodeURIComponent(`InvoiceNo eq ${no}`)}`)).body.data[0] as Record<string, unknown>);
    // A seeded invoice approved with the "none" profile: Go sent nothing.
    expect(await last(21)).toMatchObject({ lastReminderSentDate: null, lastReminderVoucherType: null });
    // With "Purring og inkassovarsel" and automatic approval, an invoice due 2026-10-01 got Go's
    // reminder on day 14, its notice on day 29 (deadline day 43), then landed in Utkast and Godkjent.
    ctx.sandbox.store.setPurringSettings('conecto', { reminderProfile: 'reminder_and_notice', autoApproveTransfer: true });
    expect((await control('/invoices', { clientId: 'conecto', customerCode: '10018', amount: 1000, dueDate: '2026-10-01', invoiceNo: 801 })).status).toBe(201);
    expect(await last(801)).toMatchObject({ lastReminderSentDate: '2026-10-30', lastReminderDueDate: '2026-11-13', lastReminderVoucherType: 72 });
    // With "Purring": the reminder on day 14, deadline day 28.
    ctx.sandbox.store.setPurringSettings('conecto', { reminderProfile: 'reminder', autoApproveTransfer: true });
    expect((await control('/invoices', { clientId: 'conecto', customerCode: '10018', amount: 1000, dueDate: '2026-10-01', invoiceNo: 802 })).status).toBe(201);
    expect(await last(802)).toMatchObject({ lastReminderSentDate: '2026-10-15', lastReminderDueDate: '2026-10-29', lastReminderVoucherType: 71 });
    ctx.sandbox.store.setPurringSettings('conecto', { reminderProfile: 'none', autoApproveTransfer: false });
  });

  it('creating a case exports the invoices with the case code; the ledger shows it', async () => {
    const f21 = await outgoing(21);
    const created = await ctx.call('POST', '/DebtCollection/', { code: '100001', invoices: [{ id: f21.Id }], externalCaseUrl: 'http://127.0.0.1/cases/1' });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ code: '100001', status: 0, externalCaseUrl: 'http://127.0.0.1/cases/1' });
    expect(created.body.data).not.toHaveProperty('statusText');
    expect(inGo(21)).toMatchObject({ dcStatus: 4, code: '100001' });
    const ledger = await (await fetch(ctx.client.ledgerUrl)).text();
    expect(ledger).toMatch(/Faktura 21<\/td>.*<td>100001<\/td>/);
    // the same code again is refused; a missing code names the field
    expect((await ctx.call('POST', '/DebtCollection/', { code: '100001', invoices: [{ id: f21.Id }] })).body.success).toBe(false);
    const missing = await ctx.call('POST', '/DebtCollection/', { invoices: [{ id: f21.Id }] });
    expect(missing.status).toBe(200);
    expect(missing.body.validation.fields).toHaveProperty('code');
    // found by code with OData, and by id
    const byCode = await ctx.call('GET', `/DebtCollection?$filter=${encodeURIComponent("Code eq '100001'")}`);
    expect(byCode.body.count).toBe(1);
    expect((await ctx.call('GET', `/DebtCollection/${created.body.data.id}`)).body.data.code).toBe('100001');
    expect((await ctx.call('GET', '/DebtCollection/00000000-0000-0000-0000-000000000000')).body).toMatchObject({ success: false });
  });

  it('AddInvoicesToCase, UpdateStatus, MergeCases and DELETE', async () => {
    const f21 = await outgoing(21);
    const f19 = await outgoing(19);
    const f24 = await outgoing(24);
    const a = (await ctx.call('POST', '/DebtCollection', { code: 'A1', invoices: [{ id: f21.Id }] })).body.data;
    // 19 is only in Utkast: it must be approved (in Go's page) before it can join
    expect((await ctx.call('POST', '/DebtCollection/AddInvoicesToCase', { caseId: a.id, invoiceIds: [f19.Id] })).body.success).toBe(false);
    inGo(19).approve();
    const added = await ctx.call('POST', '/DebtCollection/AddInvoicesToCase', { caseId: a.id, invoiceIds: [f19.Id] });
    expect(added.body.data.invoices).toHaveLength(2);
    const updated = await ctx.call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, statusText: 'Inkassovarsel sendt', isCaseClosed: false, updatedBalanceAgency: 421270.5 });
    expect(updated.body.data).toMatchObject({ balanceAgency: 421270.5, status: 0 });
    expect(ctx.sandbox.store.clients[0]!.cases.find((c) => c.id === a.id)!.statusText).toBe('Inkassovarsel sendt');
    expect((await ctx.call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, statusText: 'x', isCaseClosed: 'yes' })).body.validation.fields).toHaveProperty('isCaseClosed');
    expect((await ctx.call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, isCaseClosed: false })).body.validation.fields).toHaveProperty('statusText');
    const b = (await ctx.call('POST', '/DebtCollection', { code: 'B1', invoices: [{ id: f24.Id }] })).body.data;
    expect((await ctx.call('POST', '/DebtCollection', { code: 'B2', invoices: [{ id: f24.Id }] })).body.success).toBe(false); // already exported
    const merged = await ctx.call('POST', '/DebtCollection/MergeCases', { caseIds: [a.id, b.id], caseNo: 'M1', externalCaseUrl: 'http://x/m1' });
    expect(merged.body.data.code).toBe('M1');
    expect(merged.body.data.invoices).toHaveLength(3);
    expect(inGo(24).code).toBe('M1');
    const closed = await ctx.call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, statusText: 'Betalt', isCaseClosed: true, updatedBalanceAgency: 0 });
    expect(closed.body.data.status).toBe(10);
    expect((await ctx.call('DELETE', `/DebtCollection/${a.id}`)).body).toEqual({ data: { data: null, success: true }, success: true });
    expect(inGo(21).dcStatus).toBe(10);
  });

  it('matched items: direct payment, credit note and write-off, filtered by lastChanged', async () => {
    const f21 = await outgoing(21);
    const f24 = await outgoing(24);
    await ctx.call('POST', '/DebtCollection', { code: 'C1', invoices: [{ id: f21.Id }] });
    await ctx.call('POST', '/DebtCollection', { code: 'C2', invoices: [{ id: f24.Id }] });
    const before = new Date().toISOString();
    expect((await ctx.call('GET', `/DebtCollection/GetAllMatchedItems?fromDateTime=${before}`)).body.data).toEqual([]);
    expect((await control('/payments', { clientId: 'conecto', invoiceNo: 21, amount: 1000 })).status).toBe(201);
    expect((await control('/credit-notes', { clientId: 'conecto', invoiceNo: 21, amount: 500.5 })).status).toBe(201);
    expect((await control('/write-offs', { clientId: 'conecto', invoiceNo: 24 })).status).toBe(201);
    const all = await ctx.call('GET', `/DebtCollection/GetAllMatchedItems?fromDateTime=${before}`);
    // DebtCollectionCaseWithMatches documents only matchedItems: the items name their invoice by KID.
    const byKid = Object.fromEntries(all.body.data.map((g: { matchedItems: { cID: string }[] }) => [g.matchedItems[0]!.cID, g.matchedItems]));
    expect(byKid[f21.Cid]).toHaveLength(2);
    // Legacy VoucherType is numeric: 16 IncomingPayments, 5 OutgoingCreditNote, 11 ManualJournal
    expect(byKid[f21.Cid].map((i: { amount: number; voucherType: number }) => [i.voucherType, i.amount])).toEqual([[16, -1000], [5, -500.5]]);
    expect(byKid[f24.Cid]).toEqual([expect.objectContaining({ isWriteOff: true, amount: -45000, voucherType: 11, id: expect.any(Number), matchId: expect.any(Number) })]);
    expect((await outgoing(21)).Balance).toBe(240000 - 1000 - 500.5);
    const one = await ctx.call('GET', `/DebtCollection/MatchedItems/${f21.Id}`);
    expect(one.body.count).toBe(2);
    expect((await ctx.call('GET', '/DebtCollection/GetAllMatchedItems?fromDateTime=garbage')).body.validation.fields).toHaveProperty('fromDateTime');
  });

  it('GetInvoicePdf returns a PDF', async () => {
    const f21 = await outgoing(21);
    const res = await fetch(`${ctx.sandbox.url}/DebtCollection/GetInvoicePdf/${f21.Id}`, { headers: ctx.headers });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(await res.arrayBuffer()).startsWith('%PDF-1.4')).toBe(true);
  });
});

describe('v2', () => {
  it('needs the subscription key and answers 429 with Retry-After beyond 10 requests/s', async () => {
    const noKey = await fetch(`${ctx.sandbox.url}/v2/Customers`, { headers: { authorization: ctx.headers.authorization } });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ status: 401, title: expect.any(String) });
    const statuses = await Promise.all(Array.from({ length: 14 }, () => fetch(`${ctx.sandbox.url}/v2/VatCodes`, { headers: ctx.headers })));
    const limited = statuses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    expect(limited[0]!.headers.get('retry-after')).toBe('1');
    expect(await limited[0]!.json()).toEqual({ statusCode: '429', message: expect.stringMatching(/Rate limit/) });
  });

  it('PascalCase DTOs, string enums, ProblemDetails, paging by PageSize/PageNumber, 204 for an empty list', async () => {
    const customers = (await ctx.call('GET', '/v2/Customers')).body;
    const akkurat = customers.find((c: { Name: string }) => c.Name === 'Akkurat AS');
    expect(akkurat).toMatchObject({ Id: expect.any(Number), Number: 10018, OrganizationNumber: '918649999', IsPerson: false, TransferToDebtCollectionAgency: true, SubledgerAccountId: expect.any(Number), ReminderDeliveryType: 'PdfByEmail' });
    const accounts = (await ctx.call('GET', '/v2/GeneralLedgerAccounts')).body.map((a: { AccountNo: number }) => a.AccountNo);
    expect(accounts).toEqual(expect.arrayContaining([1500, 1920, 2710, 6790, 7790, 8055]));
    expect((await ctx.call('GET', '/v2/GeneralLedgerAccounts?accountNos=1900-1999')).body.map((a: { AccountNo: number }) => a.AccountNo)).toEqual([1920, 1950]);
    expect((await ctx.call('GET', '/v2/VatCodes')).body.length).toBeGreaterThan(0);
    // paging
    const page1 = (await ctx.call('GET', '/v2/Customers?PageSize=2&PageNumber=1')).body;
    const page2 = (await ctx.call('GET', '/v2/Customers?pagesize=2&pagenumber=2')).body;
    expect([...page1, ...page2].map((c: { Id: number }) => c.Id)).toEqual(customers.slice(0, 4).map((c: { Id: number }) => c.Id));
    const empty = await fetch(`${ctx.sandbox.url}/v2/Customers?PageSize=2&PageNumber=99`, { headers: ctx.headers });
    expect([empty.status, await empty.text()]).toEqual([204, '']);
    for (const q of ['$top=1', '$skip=1', 'PageSize=0', 'PageSize=20001', 'PageNumber=0', 'externalImportReferenceX=1', 'lastChangedDateTimeOffsetGreaterThan=garbage']) {
      const bad = await ctx.call('GET', `/v2/Customers?${q}`);
      expect([q, bad.status]).toEqual([q, 400]);
      expect(bad.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: 400, detail: expect.any(String) });
    }
    // open items at a date (required)
    expect((await ctx.call('GET', '/v2/Customerledger/OpenItems')).status).toBe(400);
    const items = (await ctx.call('GET', '/v2/Customerledger/OpenItems?date=2026-11-28')).body;
    const bank = items.find((i: { CustomerAccountNo: number; VoucherType: string }) => i.CustomerAccountNo === 10013 && i.VoucherType === 'IncomingPayments');
    expect(new Set(items.map((i: { VoucherType: string }) => i.VoucherType))).toEqual(new Set(['OutgoingInvoice', 'IncomingPayments']));
    expect(bank).toMatchObject({ Amount: -240000, Balance: -240000 });
  });

  it('routes Go does not document are 404 ProblemDetails: no Approve, no PurringSettings, no voucher list by reference', async () => {
    for (const [method, path] of [['POST', '/v2/DebtCollection/Approve'], ['GET', '/v2/PurringSettings'], ['PUT', '/v2/PurringSettings'], ['GET', '/v2/Vouchers/ManualJournals']]) {
      const res = await ctx.call(method!, path!, method === 'GET' ? undefined : {});
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.body).toMatchObject({ status: 404, title: expect.any(String) });
    }
    const invoice = (await ctx.call('GET', '/v2/OutgoingInvoices')).body[0];
    for (const field of ['invoiceDebtCollectionStatus', 'debtCollectionCode', 'debtCollectionCaseStatus', 'InvoiceDebtCollectionStatus', 'DebtCollectionCode']) expect(invoice).not.toHaveProperty(field);
  });

  it('GET and PATCH /Customers/{id}: RFC 6902 JSON Patch only, all operations or none', async () => {
    const customers = (await ctx.call('GET', '/v2/Customers')).body as { Id: number; Name: string }[];
    const akkurat = customers.find((c) => c.Name === 'Akkurat AS')!;
    expect((await ctx.call('GET', `/v2/Customers/${akkurat.Id}`)).body).toMatchObject({ Id: akkurat.Id, TransferToDebtCollectionAgency: true });
    expect((await ctx.call('GET', '/v2/Customers/999')).status).toBe(404);
    expect((await ctx.call('GET', '/v2/Customers/abc')).status).toBe(400);
    const patch = async (body: unknown, contentType = 'application/json-patch+json') => {
      for (;;) {
        const res = await fetch(`${ctx.sandbox.url}/v2/Customers/${akkurat.Id}`, { method: 'PATCH', headers: { ...ctx.headers, 'content-type': contentType }, body: JSON.stringify(body) });
        if (res.status !== 429) return res;
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    // merge-patch is not JSON Patch
    expect((await patch({ TransferToDebtCollectionAgency: false }, 'application/json')).status).toBe(400);
    expect((await patch({ TransferToDebtCollectionAgency: false })).status).toBe(400);
    for (const bad of [[{ op: 'replace', path: '/Nope', value: 1 }], [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: 'no' }], [{ op: 'move', path: '/Name', from: '/Name' }], [{ op: 'replace', path: '/PhoneNumber', value: '1' }]]) {
      const res = await patch(bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ status: 400, detail: expect.any(String) });
    }
    // a failing test op leaves everything as it was
    expect((await patch([{ op: 'replace', path: '/SendPaymentReminders', value: false }, { op: 'test', path: '/Name', value: 'Someone else' }])).status).toBe(400);
    expect((await ctx.call('GET', `/v2/Customers/${akkurat.Id}`)).body.SendPaymentReminders).toBe(true);
    const ok = await patch([{ op: 'test', path: '/Name', value: 'Akkurat AS' }, { op: 'replace', path: '/transferToDebtCollectionAgency', value: false }]);
    expect(ok.status).toBe(200);
    const after = (await ok.json()) as { TransferToDebtCollectionAgency: boolean; LastChangedDateTimeOffset: string };
    expect(after.TransferToDebtCollectionAgency).toBe(false);
    // Go's own data changed: the customer's invoices no longer go to Utkast
    expect(ctx.sandbox.store.clients[0]!.customers.find((c) => c.name === 'Akkurat AS')!.transferToDebtCollectionAgency).toBe(false);
    expect((await ctx.call('GET', `/v2/Customers?lastChangedDateTimeOffsetGreaterThan=${encodeURIComponent(new Date(Date.parse(after.LastChangedDateTimeOffset) - 1).toISOString())}`)).body.map((c: { Id: number }) => c.Id)).toEqual([akkurat.Id]);
  });

  it('Vouchers/ManualJournals: PascalCase, balanced lines only, matching by CustomMatchingReference, a repeated reference is a 400; read back by id and found through JournalEntryVouchers', async () => {
    const customers = (await ctx.call('GET', '/v2/Customers')).body;
    const akkurat = customers.find((c: { Name: string }) => c.Name === 'Akkurat AS');
    const f21 = await outgoing(21);
    const unbalanced = await ctx.call('POST', '/v2/Vouchers/ManualJournals', { CurrencyCode: 'NOK', VoucherDate: '2026-11-28', VoucherLines: [{ AccountId: 1920, PostingDate: '2026-11-28', VatId: null, CurrencyAmount: 100 }, { AccountId: 8055, PostingDate: '2026-11-28', VatId: null, CurrencyAmount: -99.99 }] });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body).toMatchObject({ status: 400, detail: expect.stringMatching(/balanserer/) });
    const missingVat = await ctx.call('POST', '/v2/Vouchers/ManualJournals', { CurrencyCode: 'NOK', VoucherDate: '2026-11-28', VoucherLines: [{ AccountId: 1920, PostingDate: '2026-11-28', CurrencyAmount: 100 }, { AccountId: 8055, PostingDate: '2026-11-28', VatId: null, CurrencyAmount: -100 }] });
    expect(missingVat.body.detail).toMatch(/VatId/);
    const before = ctx.sandbox.store.stamp();
    const journal = {
      CurrencyCode: 'NOK', VoucherDate: '2026-11-28', Description: 'Remittering', ExternalImportReference: 'modhi-rem-test-1',
      VoucherLines: [
        { AccountId: 1920, PostingDate: '2026-11-28', VatId: null, CurrencyAmount: 1000, Description: 'Utbetaling' },
        { AccountId: akkurat.SubledgerAccountId, PostingDate: '2026-11-28', VatId: null, CurrencyAmount: -1000, CustomMatchingReference: f21.Cid, Description: 'Faktura 21' },
      ],
    };
    const posted = await ctx.call('POST', '/v2/Vouchers/ManualJournals', journal);
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ Id: expect.any(String), VoucherNo: expect.any(Number), ExternalImportReference: 'modhi-rem-test-1', VoucherLines: [expect.objectContaining({ AccountId: 1920 }), expect.objectContaining({ AccountId: akkurat.SubledgerAccountId })] });
    expect((await outgoing(21)).Balance).toBe(239000);
    const again = await ctx.call('POST', '/v2/Vouchers/ManualJournals', journal);
    expect(again.status).toBe(400);
    expect(again.body.detail).toMatch(/ExternalImportReference/);
    expect((await ctx.call('GET', `/v2/Vouchers/ManualJournals/${posted.body.Id}`)).body.VoucherNo).toBe(posted.body.VoucherNo);
    const listed = (await ctx.call('GET', `/v2/JournalEntryVouchers?createdDateTimeOffsetGreaterThan=${encodeURIComponent(before)}&isPosted=true`)).body;
    expect(listed).toEqual([expect.objectContaining({ Id: posted.body.Id, VoucherType: 'ManualJournal', IsCreatedByCurrentIntegration: true, IsPosted: true })]);
    // another voucher type Go booked (a payment): listed, but not ours to read as a manual journal
    await control('/payments', { clientId: 'conecto', invoiceNo: 19, amount: 10 });
    const both = (await ctx.call('GET', `/v2/JournalEntryVouchers?createdDateTimeOffsetGreaterThan=${encodeURIComponent(before)}`)).body as { Id: string; IsCreatedByCurrentIntegration: boolean }[];
    const theirs = both.find((v) => !v.IsCreatedByCurrentIntegration)!;
    expect((await ctx.call('GET', `/v2/Vouchers/ManualJournals/${theirs.Id}`)).status).toBe(404);
  });

  it('OutgoingInvoices filters by balanceLastChangedDateTimeOffsetGreaterThan and invoiceNos', async () => {
    const all = (await ctx.call('GET', '/v2/OutgoingInvoices')).body;
    const latest = all.map((i: { BalanceLastChangedDateTimeOffset: string }) => i.BalanceLastChangedDateTimeOffset).sort().at(-1);
    expect((await ctx.call('GET', `/v2/OutgoingInvoices?balanceLastChangedDateTimeOffsetGreaterThan=${latest}`)).status).toBe(204);
    await control('/payments', { clientId: 'conecto', invoiceNo: 19, amount: 10 });
    const changed = (await ctx.call('GET', `/v2/OutgoingInvoices?balanceLastChangedDateTimeOffsetGreaterThan=${latest}`)).body;
    expect(changed.map((i: { InvoiceNo: number }) => i.InvoiceNo)).toEqual([19]);
    expect((await ctx.call('GET', '/v2/OutgoingInvoices?lastChangedDateTimeOffsetGreaterThan=2026-01-01T00:00:00Z')).status).toBe(400);
  });
});

describe('onboarding and the company register', () => {
  const post = (path: string, body: unknown, key = ctx.creds.subscriptionKey) =>
    fetch(`${ctx.sandbox.url}/v2/Onboarding/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': key }, body: JSON.stringify(body) });

  it('Initiate → approve in the page → back to RedirectUri with status and token → Finalize returns the client key', async () => {
    expect((await post('Initiate', { ApplicationKey: ctx.creds.applicationKey, ClientOrganizationNo: '917757046' }, 'wrong')).status).toBe(401);
    const init = await post('Initiate', { ApplicationKey: ctx.creds.applicationKey, ClientOrganizationNo: '917757046', RedirectUri: 'http://127.0.0.1:9/cb?creditor=x' });
    const { TemporaryUrl, ValidUntilDateTimeOffset } = (await init.json()) as { TemporaryUrl: string; ValidUntilDateTimeOffset: string };
    expect(Date.parse(ValidUntilDateTimeOffset)).toBeGreaterThan(Date.now());
    expect(await (await fetch(TemporaryUrl)).text()).toContain('Delante AS');
    const approved = await fetch(TemporaryUrl, { method: 'POST', redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    expect(Object.fromEntries(back.searchParams)).toEqual({ creditor: 'x', status: 'Success', token: expect.any(String) });
    const token = back.searchParams.get('token');
    expect((await post('Finalize', { OnboardingToken: 'nope' })).status).toBe(400);
    const fin = await post('Finalize', { OnboardingToken: token });
    const body = (await fin.json()) as { OnboardedClientsInformation: { ClientKey: string; ClientOrganizationNumber: string }[] };
    expect(body.OnboardedClientsInformation[0]!.ClientOrganizationNumber).toBe('917757046');
    expect(await getToken(ctx.sandbox.url, ctx.creds.applicationKey, body.OnboardedClientsInformation[0]!.ClientKey, ctx.creds.subscriptionKey)).toBeTruthy();
  });

  it('Finalize before the approval is a 400 ProblemDetails', async () => {
    const init = await post('Initiate', { ApplicationKey: ctx.creds.applicationKey, ClientOrganizationNo: '917757046' });
    const token = new URL(((await init.json()) as { TemporaryUrl: string }).TemporaryUrl).pathname.split('/').at(-1);
    const early = await post('Finalize', { OnboardingToken: token });
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ status: 400, title: expect.any(String) });
  });

  it('enhetsregisteret lookup', async () => {
    const ok = await fetch(`${ctx.sandbox.url}/enhetsregisteret/api/enheter/917757046`);
    expect(await ok.json()).toMatchObject({ organisasjonsnummer: '917757046', navn: 'DELANTE AS', forretningsadresse: { postnummer: '1480', poststed: 'SLATTUM', adresse: ['Smedstusvingen 18'] } });
    expect((await fetch(`${ctx.sandbox.url}/enhetsregisteret/api/enheter/374644730`)).status).toBe(400);
    expect((await fetch(`${ctx.sandbox.url}/enhetsregisteret/api/enheter/918649999`)).status).toBe(404);
  });
});

describe('control', () => {
  it('adds invoices one by one or in a batch, and a payment left unmatched', async () => {
    const batch = await control('/invoices', { clientId: 'conecto', invoices: [
      { customerCode: '10021', amount: 100.5, dueDate: '2026-11-01' },
      { customerCode: '10025', amount: 200, dueDate: '2026-12-20', invoiceNo: 901 },
    ] });
    expect(batch.status).toBe(201);
    const created = batch.body['invoices'] as { id: string; invoiceNo: number; cid: string; status: number }[];
    expect(created.map((i) => [i.invoiceNo, i.status])).toEqual([[expect.any(Number), 1], [901, 0]]);
    expect((await outgoing(901)).Balance).toBe(200);
    const refused = await control('/invoices', { clientId: 'conecto', invoices: [{ customerCode: '10021', amount: 1, dueDate: 'i morgen' }] });
    expect(refused).toMatchObject({ status: 400, body: { error: { fields: { 'invoices[0].dueDate': expect.any(String) } } } });
    expect((await control('/invoices', { clientId: 'nope', customerCode: '10021', amount: 1, dueDate: '2026-11-01' })).status).toBe(404);
    expect((await control('/payments', { clientId: 'conecto', invoiceNo: 901, amount: 50, match: false })).status).toBe(201);
    expect((await outgoing(901)).Balance).toBe(200);
    const items = (await ctx.call('GET', '/v2/Customerledger/OpenItems?date=2026-11-28')).body as { VoucherType: string; Amount: number; CustomerAccountNo: number }[];
    expect(items).toContainEqual(expect.objectContaining({ VoucherType: 'IncomingPayments', Amount: -50, CustomerAccountNo: 10025 }));
  });

  it('injects faults with a seed, counts calls, moves the clock and resets', async () => {
    await control('/faults', { rate: 1, kinds: ['429'], seed: 7 });
    const limited = await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: ctx.headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    await control('/faults', { rate: 1, kinds: ['500'], seed: 7 });
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: ctx.headers })).status).toBe(500);
    await control('/faults', { rate: 1, kinds: ['drop'], seed: 7 });
    await expect(fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: ctx.headers })).rejects.toThrow();
    await control('/faults', {}, 'DELETE');
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: ctx.headers })).status).toBe(200);
    const stats = (await (await fetch(`${ctx.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number> };
    expect(stats.calls['GET /DebtCollection/IsActiveDebtCollection']).toBe(4);
    expect((await control('/clock', { today: '2027-13-01' })).status).toBe(400);
    expect((await control('/clock', { today: '2026-12-31' })).body).toEqual({ today: '2026-12-31' });
    const initiated = await fetch(`${ctx.sandbox.url}/v2/Onboarding/Initiate`, { method: 'POST', headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': ctx.creds.subscriptionKey }, body: JSON.stringify({ ApplicationKey: ctx.creds.applicationKey, ClientOrganizationNo: '917757046', RedirectUri: 'http://127.0.0.1/cb' }) });
    const token = new URL(((await initiated.json()) as { TemporaryUrl: string }).TemporaryUrl).pathname.split('/').at(-1);
    expect((await control('/reset', { today: '2026-11-28' })).body).toMatchObject({ ok: true });
    // a reset forgets tokens, faults, stats and onboardings
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: ctx.headers })).status).toBe(401);
    const fin = await fetch(`${ctx.sandbox.url}/v2/Onboarding/Finalize`, { method: 'POST', headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': ctx.creds.subscriptionKey }, body: JSON.stringify({ OnboardingToken: token }) });
    expect(((await fin.json()) as { title: string }).title).toBe('Unknown OnboardingToken');
    expect(((await (await fetch(`${ctx.sandbox.url}/_sandbox/stats`)).json()) as { total: number }).total).toBe(2);
  });
});
