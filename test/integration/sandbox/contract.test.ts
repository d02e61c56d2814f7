// Contract tests: every sandbox route over HTTP, checked against the field names, envelopes and
// error shapes of Go's documentation (../shared/DOMAIN.md).
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

const invoiceFields = [
  'id', 'customerCode', 'invoiceNo', 'invoiceDate', 'dueDate', 'originalAmount', 'originalPostedAmount', 'remainingAmount', 'currencyCode', 'cID',
  'lastChanged', 'lastReminderSentDate', 'lastReminderDueDate', 'lastReminderVoucherType', 'lastReminderEmailAddress', 'invoiceEmailAddress', 'externalImportReference',
];
const caseFields = ['id', 'code', 'status', 'invoices', 'externalCaseUrl', 'balanceAgency', 'lastChanged', 'invoiceLastChanged'];
const matchedItemFields = [
  'id', 'customerCode', 'voucherDate', 'postingDate', 'voucherNo', 'voucherType', 'voucherId', 'amount', 'currencyAmount', 'currencyCode', 'cID', 'isWriteOff',
  'lastChanged', 'externalImportReference', 'matchId', 'paidFromAccount',
];

async function outgoing(invoiceNo: number) {
  const { body } = await ctx.call('GET', '/v2/OutgoingInvoices');
  return (body as { invoiceNo: number; invoiceDebtCollectionStatus: number; debtCollectionCode: string | null; balance: number; id: string; cID: string }[]).find((i) => i.invoiceNo === invoiceNo)!;
}

async function control(path: string, body: unknown, method = 'POST') {
  const res = await fetch(`${ctx.sandbox.url}/_sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('OAuth/Token', () => {
  it('issues a bearer token with expires_in for application key + client key', async () => {
    const res = await fetch(`${ctx.sandbox.url}/OAuth/Token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${ctx.creds.applicationKey}:${ctx.client.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 1200 });
    expect(typeof body['access_token']).toBe('string');
  });
  it('refuses an unknown client key, a wrong grant type and a missing token', async () => {
    await expect(getToken(ctx.sandbox.url, ctx.creds.applicationKey, 'nope')).rejects.toThrow('401');
    const wrongGrant = await fetch(`${ctx.sandbox.url}/OAuth/Token`, { method: 'POST', headers: { authorization: 'Basic eDp5', 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' });
    expect(wrongGrant.status).toBe(400);
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`)).status).toBe(401);
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
  });
  it('expires tokens after expires_in and lets a token see only its own client', async () => {
    let now = Date.parse('2026-11-28T08:00:00Z');
    const sb = createSandbox({ today: '2026-11-28', now: () => new Date(now) });
    const creds = (await (await sb.app.request('/_sandbox/credentials')).json()) as { applicationKey: string; clients: { name: string; clientKey: string }[] };
    const conecto = creds.clients.find((c) => c.name === 'Conecto AS')!;
    const tokenRes = await sb.app.request('/OAuth/Token', { method: 'POST', headers: { authorization: `Basic ${btoa(`${creds.applicationKey}:${conecto.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
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
    const available = await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices');
    expect(available.status).toBe(400);
    expect(available.body).toMatchObject({ success: false, data: null, validation: { summary: expect.any(String) } });
    const post = await ctx.call('POST', '/DebtCollection', { code: 'X1', invoices: [{ id: 'x' }] });
    expect(post.status).toBe(400);
    expect(post.body.success).toBe(false);
  });

  it('list routes take OData $filter/$top as the backend sends them, and refuse what they cannot apply', async () => {
    const all = (await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices')).body.data as { id: string; invoiceNo: number }[];
    expect(all.length).toBeGreaterThan(1);
    const one = await ctx.call('GET', `/DebtCollection/Invoices/AvailableInvoices?$filter=${encodeURIComponent(`invoiceNo eq ${all[1]!.invoiceNo}`)}`);
    expect(one.body).toMatchObject({ success: true, count: 1, data: [{ id: all[1]!.id }] });
    expect((await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices?$top=1')).body.count).toBe(1);
    const code = "K'1";
    expect((await ctx.call('POST', '/DebtCollection', { code, invoices: [{ id: all[0]!.id }] })).status).toBe(200);
    const found = await ctx.call('GET', `/DebtCollection?$filter=${encodeURIComponent(`code eq '${code.replace(/'/g, "''")}'`)}`);
    expect(found.body).toMatchObject({ success: true, count: 1, data: [{ code }] });
    const bad = await ctx.call('GET', `/DebtCollection?$filter=${encodeURIComponent("code ne 'x'")}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ success: false, data: null, validation: { summary: expect.any(String), fields: { $filter: expect.any(String) } } });
  });

  it('AvailableInvoices lists approved invoices as DebtCollectionInvoice in the { data, success, count } envelope', async () => {
    const { status, body } = await ctx.call('GET', '/DebtCollection/Invoices/AvailableInvoices');
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.count).toBe(body.data.length);
    expect(body.data.map((i: { invoiceNo: number }) => i.invoiceNo).sort()).toEqual([21, 24]);
    for (const inv of body.data) {
      expect(Object.keys(inv).sort()).toEqual([...invoiceFields].sort());
      expect(typeof inv.remainingAmount).toBe('number');
      expect(inv.currencyCode).toBe('NOK');
    }
  });

  it('creating a case exports the invoices with the case code; the ledger shows it', async () => {
    const f21 = await outgoing(21);
    const created = await ctx.call('POST', '/DebtCollection/', { code: '100001', invoices: [{ id: f21.id }], externalCaseUrl: 'http://127.0.0.1/cases/1' });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body.data).sort()).toEqual([...caseFields, 'statusText'].sort());
    expect(created.body.data).toMatchObject({ code: '100001', status: 0, externalCaseUrl: 'http://127.0.0.1/cases/1' });
    expect(await outgoing(21)).toMatchObject({ invoiceDebtCollectionStatus: 4, debtCollectionCode: '100001' });
    const ledger = await (await fetch(ctx.client.ledgerUrl)).text();
    expect(ledger).toMatch(/Faktura 21<\/td>.*<td>100001<\/td>/);
    // the same code again is refused; a missing code names the field
    expect((await ctx.call('POST', '/DebtCollection/', { code: '100001', invoices: [{ id: f21.id }] })).status).toBe(409);
    const missing = await ctx.call('POST', '/DebtCollection/', { invoices: [{ id: f21.id }] });
    expect(missing.status).toBe(400);
    expect(missing.body.validation.fields).toHaveProperty('code');
    // found by code with OData, and by id
    const byCode = await ctx.call('GET', `/DebtCollection?$filter=${encodeURIComponent("code eq '100001'")}`);
    expect(byCode.body.count).toBe(1);
    expect((await ctx.call('GET', `/DebtCollection/${created.body.data.id}`)).body.data.code).toBe('100001');
    expect((await ctx.call('GET', '/DebtCollection/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('AddInvoicesToCase, UpdateStatus, MergeCases and DELETE', async () => {
    const f21 = await outgoing(21);
    const f19 = await outgoing(19);
    const f24 = await outgoing(24);
    const a = (await ctx.call('POST', '/DebtCollection', { code: 'A1', invoices: [{ id: f21.id }] })).body.data;
    // 19 is only in Utkast: it must be approved before it can join
    expect((await ctx.call('POST', '/DebtCollection/AddInvoicesToCase', { caseId: a.id, invoiceIds: [f19.id] })).status).toBe(400);
    expect((await ctx.call('POST', '/v2/DebtCollection/Approve', { invoiceIds: [f19.id] })).status).toBe(200);
    const added = await ctx.call('POST', '/DebtCollection/AddInvoicesToCase', { caseId: a.id, invoiceIds: [f19.id] });
    expect(added.body.data.invoices).toHaveLength(2);
    const updated = await ctx.call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, statusText: 'Inkassovarsel sendt', isCaseClosed: false, updatedBalanceAgency: 421270.5 });
    expect(updated.body.data).toMatchObject({ statusText: 'Inkassovarsel sendt', balanceAgency: 421270.5, status: 0 });
    expect((await ctx.call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, isCaseClosed: 'yes' })).body.validation.fields).toHaveProperty('isCaseClosed');
    const b = (await ctx.call('POST', '/DebtCollection', { code: 'B1', invoices: [{ id: f24.id }] })).body.data;
    expect((await ctx.call('POST', '/DebtCollection', { code: 'B2', invoices: [{ id: f24.id }] })).status).toBe(400); // already exported
    const merged = await ctx.call('POST', '/DebtCollection/MergeCases', { caseIds: [a.id, b.id], caseNo: 'M1', externalCaseUrl: 'http://x/m1' });
    expect(merged.body.data.code).toBe('M1');
    expect(merged.body.data.invoices).toHaveLength(3);
    expect((await outgoing(24)).debtCollectionCode).toBe('M1');
    const closed = await ctx.call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, statusText: 'Betalt', isCaseClosed: true, updatedBalanceAgency: 0 });
    expect(closed.body.data.status).toBe(10);
    expect((await ctx.call('DELETE', `/DebtCollection/${a.id}`)).body).toEqual({ data: true, success: true });
    expect((await outgoing(21)).invoiceDebtCollectionStatus).toBe(10);
  });

  it('matched items: direct payment, credit note and write-off, filtered by lastChanged', async () => {
    const f21 = await outgoing(21);
    const f24 = await outgoing(24);
    await ctx.call('POST', '/DebtCollection', { code: 'C1', invoices: [{ id: f21.id }] });
    await ctx.call('POST', '/DebtCollection', { code: 'C2', invoices: [{ id: f24.id }] });
    const before = new Date().toISOString();
    expect((await ctx.call('GET', `/DebtCollection/GetAllMatchedItems?fromDateTime=${before}`)).body.data).toEqual([]);
    expect((await control('/payments', { clientId: 'conecto', invoiceNo: 21, amount: 1000 })).status).toBe(201);
    expect((await control('/credit-notes', { clientId: 'conecto', invoiceNo: 21, amount: 500.5 })).status).toBe(201);
    expect((await control('/write-offs', { clientId: 'conecto', invoiceNo: 24 })).status).toBe(201);
    const all = await ctx.call('GET', `/DebtCollection/GetAllMatchedItems?fromDateTime=${before}`);
    const byInvoice = Object.fromEntries(all.body.data.map((g: { invoiceNo: number; matchedItems: unknown[] }) => [g.invoiceNo, g.matchedItems]));
    expect(byInvoice[21]).toHaveLength(2);
    for (const item of byInvoice[21]) expect(Object.keys(item).sort()).toEqual([...matchedItemFields].sort());
    expect(byInvoice[21].map((i: { amount: number; voucherType: string }) => [i.voucherType, i.amount])).toEqual([['Payment', -1000], ['CreditNote', -500.5]]);
    expect(byInvoice[24]).toEqual([expect.objectContaining({ isWriteOff: true, amount: -45000 })]);
    expect((await outgoing(21)).balance).toBe(240000 - 1000 - 500.5);
    const one = await ctx.call('GET', `/DebtCollection/MatchedItems/${f21.id}`);
    expect(one.body.count).toBe(2);
    expect((await ctx.call('GET', '/DebtCollection/GetAllMatchedItems?fromDateTime=garbage')).body.validation.fields).toHaveProperty('fromDateTime');
  });

  it('GetInvoicePdf returns a PDF', async () => {
    const f21 = await outgoing(21);
    const res = await fetch(`${ctx.sandbox.url}/DebtCollection/GetInvoicePdf/${f21.id}`, { headers: ctx.headers });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode(await res.arrayBuffer()).startsWith('%PDF-1.4')).toBe(true);
  });
});

describe('v2', () => {
  it('needs the subscription key and answers 429 with Retry-After beyond 10 requests/s', async () => {
    expect((await fetch(`${ctx.sandbox.url}/v2/Customers`, { headers: { authorization: ctx.headers.authorization } })).status).toBe(401);
    const statuses = await Promise.all(Array.from({ length: 14 }, () => fetch(`${ctx.sandbox.url}/v2/VatCodes`, { headers: ctx.headers })));
    const limited = statuses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    expect(limited[0]!.headers.get('retry-after')).toBe('1');
  });

  it('Customers, GeneralLedgerAccounts, VatCodes and Customerledger/OpenItems', async () => {
    const customers = (await ctx.call('GET', '/v2/Customers')).body;
    const akkurat = customers.find((c: { name: string }) => c.name === 'Akkurat AS');
    expect(akkurat).toMatchObject({ customerNo: 10018, organizationNumber: '918649999', isPerson: false, transferToDebtCollectionAgency: true, subledgerAccountId: expect.any(Number) });
    const accounts = (await ctx.call('GET', '/v2/GeneralLedgerAccounts')).body.map((a: { accountNo: number }) => a.accountNo);
    expect(accounts).toEqual(expect.arrayContaining([1500, 1920, 2710, 6790, 7790, 8055]));
    expect((await ctx.call('GET', '/v2/VatCodes')).body.length).toBeGreaterThan(0);
    const items = (await ctx.call('GET', '/v2/Customerledger/OpenItems')).body;
    const bank = items.find((i: { customerNo: number; voucherType: string }) => i.customerNo === 10013 && i.voucherType === 'Payment');
    expect(new Set(items.map((i: { voucherType: string }) => i.voucherType))).toEqual(new Set(['OutgoingInvoice', 'Payment']));
    expect(bank).toMatchObject({ amount: -240000, balance: -240000 });
  });

  it('ManualJournals: balanced lines only, matching by customMatchingReference, refused when the reference repeats', async () => {
    const customers = (await ctx.call('GET', '/v2/Customers')).body;
    const akkurat = customers.find((c: { name: string }) => c.name === 'Akkurat AS');
    const f21 = await outgoing(21);
    const unbalanced = await ctx.call('POST', '/v2/Vouchers/ManualJournals', { currencyCode: 'NOK', voucherDate: '2026-11-28', voucherLines: [{ accountId: 1920, currencyAmount: 100 }, { accountId: 8055, currencyAmount: -99.99 }] });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body).toMatchObject({ status: 400, title: expect.stringMatching(/balanserer/) });
    const journal = {
      currencyCode: 'NOK', voucherDate: '2026-11-28', description: 'Remittering', externalImportReference: 'modhi-rem-test-1',
      voucherLines: [
        { accountId: 1920, postingDate: '2026-11-28', currencyAmount: 1000, description: 'Utbetaling' },
        { accountId: akkurat.subledgerAccountId, postingDate: '2026-11-28', currencyAmount: -1000, customMatchingReference: f21.cID, description: 'Faktura 21' },
      ],
    };
    const posted = await ctx.call('POST', '/v2/Vouchers/ManualJournals', journal);
    expect(posted.status).toBe(201);
    expect(posted.body.voucherLines[1].matched).toBe(true);
    expect((await outgoing(21)).balance).toBe(239000);
    const again = await ctx.call('POST', '/v2/Vouchers/ManualJournals', journal);
    expect(again.status).toBe(409);
    expect(again.body.existingVoucherNo).toBe(posted.body.voucherNo);
    const found = await ctx.call('GET', '/v2/Vouchers/ManualJournals?externalImportReference=modhi-rem-test-1');
    expect(found.body).toHaveLength(1);
    expect((await ctx.call('GET', '/v2/Vouchers/ManualJournals?externalImportReference=none')).body).toEqual([]);
  });

  it('OutgoingInvoices filters by lastChangedDateTimeOffsetGreaterThan', async () => {
    const all = (await ctx.call('GET', '/v2/OutgoingInvoices')).body;
    const latest = all.map((i: { lastChanged: string }) => i.lastChanged).sort().at(-1);
    expect((await ctx.call('GET', `/v2/OutgoingInvoices?lastChangedDateTimeOffsetGreaterThan=${latest}`)).body).toEqual([]);
    await control('/payments', { clientId: 'conecto', invoiceNo: 19, amount: 10 });
    const changed = (await ctx.call('GET', `/v2/OutgoingInvoices?lastChangedDateTimeOffsetGreaterThan=${latest}`)).body;
    expect(changed.map((i: { invoiceNo: number }) => i.invoiceNo)).toEqual([19]);
  });

  it('Approve refuses invoices not overdue or of excluded customers; DunningSettings decide Utkast', async () => {
    const f23 = await outgoing(23); // due in 10 days
    const notDue = await ctx.call('POST', '/v2/DebtCollection/Approve', { invoiceIds: [f23.id] });
    expect(notDue.status).toBe(400);
    expect(notDue.body.errors).toHaveProperty('not_overdue');
    const f28 = await outgoing(28); // Sørlandet Maskin, excluded
    expect((await ctx.call('POST', '/v2/DebtCollection/Approve', { invoiceIds: [f28.id] })).body.errors).toHaveProperty('excluded_customer');
    expect((await ctx.call('GET', '/v2/DunningSettings')).body).toEqual({ reminderProfile: 'none', autoApproveTransfer: false });
    expect((await ctx.call('PUT', '/v2/DunningSettings', { reminderProfile: 'sometimes', autoApproveTransfer: false })).body.errors).toHaveProperty('reminderProfile');
    await control('/invoices', { clientId: 'conecto', customerCode: '10021', amount: 500, dueDate: '2026-11-27' });
    const put = await ctx.call('PUT', '/v2/DunningSettings', { reminderProfile: 'none', autoApproveTransfer: true });
    expect(put.body.autoApproveTransfer).toBe(true);
    await control('/invoices', { clientId: 'conecto', customerCode: '10021', amount: 700, dueDate: '2026-11-26', invoiceNo: 500 });
    expect((await outgoing(500)).invoiceDebtCollectionStatus).toBe(3);
  });
});

describe('onboarding and the company register', () => {
  it('Initiate → approve in the page → Finalize returns the client key', async () => {
    const init = await fetch(`${ctx.sandbox.url}/v2/Onboarding/Initiate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ applicationKey: ctx.creds.applicationKey, orgNo: '917757046' }) });
    const { onboardingToken, url } = (await init.json()) as { onboardingToken: string; url: string };
    const early = await fetch(`${ctx.sandbox.url}/v2/Onboarding/Finalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ onboardingToken }) });
    expect(early.status).toBe(409);
    expect(await (await fetch(url)).text()).toContain('Delante AS');
    await fetch(url, { method: 'POST', redirect: 'manual' });
    const fin = await fetch(`${ctx.sandbox.url}/v2/Onboarding/Finalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ onboardingToken }) });
    const body = (await fin.json()) as { clientKey: string; orgNo: string };
    expect(body.orgNo).toBe('917757046');
    expect(await getToken(ctx.sandbox.url, ctx.creds.applicationKey, body.clientKey)).toBeTruthy();
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
    expect((await outgoing(901)).balance).toBe(200);
    const refused = await control('/invoices', { clientId: 'conecto', invoices: [{ customerCode: '10021', amount: 1, dueDate: 'i morgen' }] });
    expect(refused).toMatchObject({ status: 400, body: { error: { fields: { 'invoices[0].dueDate': expect.any(String) } } } });
    expect((await control('/invoices', { clientId: 'nope', customerCode: '10021', amount: 1, dueDate: '2026-11-01' })).status).toBe(404);
    expect((await control('/payments', { clientId: 'conecto', invoiceNo: 901, amount: 50, match: false })).status).toBe(201);
    expect((await outgoing(901)).balance).toBe(200);
    const items = (await ctx.call('GET', '/v2/Customerledger/OpenItems')).body as { voucherType: string; amount: number; customerNo: number }[];
    expect(items).toContainEqual(expect.objectContaining({ voucherType: 'Payment', amount: -50, customerNo: 10025 }));
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
    const initiated = await fetch(`${ctx.sandbox.url}/v2/Onboarding/Initiate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ applicationKey: ctx.creds.applicationKey, orgNo: '917757046', redirectUrl: 'http://127.0.0.1/cb' }) });
    const { onboardingToken } = (await initiated.json()) as { onboardingToken: string };
    expect((await control('/reset', { today: '2026-11-28' })).body).toMatchObject({ ok: true });
    // a reset forgets tokens, faults, stats and onboardings
    expect((await fetch(`${ctx.sandbox.url}/DebtCollection/IsActiveDebtCollection`, { headers: ctx.headers })).status).toBe(401);
    expect((await fetch(`${ctx.sandbox.url}/v2/Onboarding/Finalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ onboardingToken }) })).status).toBe(404);
    expect(((await (await fetch(`${ctx.sandbox.url}/_sandbox/stats`)).json()) as { total: number }).total).toBe(2);
  });
});
