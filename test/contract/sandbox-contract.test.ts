// The sandbox's API against Go's published contract: every route it serves (all but its own
// /_sandbox control routes and its pages, which stand for Go's UI) is documented, and every answer
// it gives on the seeded sandbox, called over HTTP, has only documented fields, the required ones,
// each of the documented type.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../sandbox/store';
import { UiSessions } from '../../sandbox/ui-session';
import { Onboardings } from '../../sandbox/api/onboarding';
import { pagesRoutes } from '../../sandbox/pages/index';
import { sandboxWithToken } from '../helpers/sandbox';
import { check, contract, contractPath, normalizePath, routesFor, servedPath } from './contract';

type Ctx = Awaited<ReturnType<typeof sandboxWithToken>>;
let ctx: Ctx;
beforeAll(async () => {
  ctx = await sandboxWithToken('2026-11-28');
});
afterAll(async () => ctx.sandbox.close());

/** The project's contract file beside the repository (../shared/go-api/contract.json), if present. */
function projectContract(): string | null {
  let dir = dirname(fileURLToPath(new URL('../../package.json', import.meta.url)));
  for (let i = 0; i < 3; i++) {
    dir = dirname(dir);
    const candidate = join(dir, 'shared', 'go-api', 'contract.json');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The sandbox's Go API routes: Hono's route table, less middleware, control routes, Go's pages
 *  and the company register (Brønnøysund's, not Go's). */
function servedRoutes(): { method: string; path: string }[] {
  const pages = new Set(pagesRoutes(new Store({ today: '2026-11-28' }), { onboardings: new Onboardings(), sessions: new UiSessions() }).routes.map((r) => `${r.method} ${r.path}`));
  const seen = new Set<string>();
  const out: { method: string; path: string }[] = [];
  for (const r of ctx.sandbox.app.routes) {
    if (r.method === 'ALL' || pages.has(`${r.method} ${r.path}`) || r.path.startsWith('/_sandbox') || r.path.startsWith('/enhetsregisteret/')) continue;
    const key = `${r.method} ${normalizePath(r.path)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: normalizePath(r.path) });
  }
  return out;
}

describe('the contract file', () => {
  it('is the project’s contract, copied unchanged', () => {
    const original = projectContract();
    if (original) expect(readFileSync(contractPath, 'utf8')).toBe(readFileSync(original, 'utf8'));
    expect(contract.routes.length).toBeGreaterThan(40);
  });

  it('the checker refuses what the contract does not document', () => {
    expect(check({ Id: 1, SubledgerAccountId: 2, Number: 3 }, 'CustomerDto', 'v2')).toEqual([]);
    expect(check({ Id: '1' }, 'CustomerDto', 'v2')).toEqual(['$.Id: "1" is not integer(int64)']);
    expect(check({ id: 1 }, 'CustomerDto', 'v2')).toEqual(['$.id: not a documented field']);
    expect(check({ Id: null }, 'CustomerDto', 'v2')).toEqual(['$.Id: null where integer(int64) is not nullable']);
    expect(check({ InvoiceDeliveryType: 'Fax' }, 'CustomerDto', 'v2')).toHaveLength(1);
    expect(check({ Id: 'x', InvoiceDebtCollectionStatus: 3 }, 'OutgoingInvoiceDto', 'v2')).toHaveLength(2);
    expect(check({ CurrencyCode: 'NOK' }, 'ManualVoucherPostDto', 'v2')).toEqual(['$.VoucherDate: required but missing']);
    expect(check({ data: { status: 'Active' }, success: true }, 'Envelope<DebtCollectionCase>', 'legacy')).toEqual(['$.data.status: "Active" is not DebtCollectionCaseStatus']);
    expect(check({ data: [], success: true }, 'DataPage<DebtCollectionCase>', 'legacy')).toEqual(['$.count: required but missing']);
  });
});

describe('routes the sandbox serves', () => {
  it('are all documented by Go', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(25);
    const undocumented = served.filter((r) => !contract.routes.some((d) => d.method === r.method && servedPath(d) === r.path));
    expect(undocumented).toEqual([]);
  });

  it('answer only documented fields of the documented types, called over HTTP on the seeded sandbox', async () => {
    const store = ctx.sandbox.store;
    const conecto = store.clients.find((c) => c.id === 'conecto')!;
    const called = new Set<string>();
    const issues: string[] = [];
    /** Calls a route and checks the answer against the documented response (or error) type. */
    const call = async (method: string, path: string, body?: unknown, o: { expectStatus?: number; contentType?: string; raw?: boolean } = {}) => {
      const [route] = routesFor(method, path.split('?')[0]!);
      if (!route) throw new Error(`not documented: ${method} ${path}`);
      called.add(`${method} ${servedPath(route)}`);
      let res: Response;
      for (;;) {
        res = await fetch(ctx.sandbox.url + path, {
          method,
          headers: { ...ctx.headers, ...(o.contentType ? { 'content-type': o.contentType } : {}) },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
        if (res.status !== 429) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (o.raw) return { status: res.status, body: null, res };
      const text = await res.text();
      const json: unknown = text ? JSON.parse(text) : null;
      const where = `${method} ${path} (${res.status})`;
      if (route.api === 'v2' && res.status >= 400) {
        issues.push(...check(json, 'ProblemDetails', 'v2').map((i) => `${where} ${i}`));
      } else if (route.api === 'legacy' && (json as { success?: boolean } | null)?.success === false) {
        issues.push(...check(json, 'Envelope<object>', 'legacy').filter((i) => !i.endsWith('.data: required but missing')).map((i) => `${where} ${i}`));
      } else if (res.status === 204) {
        if (route.emptyStatus !== '204' || text !== '') issues.push(`${where}: 204 only for an empty documented list, with no body`);
      } else {
        if (route.api === 'v2' && String(res.status) !== route.status) issues.push(`${where}: documented status ${route.status}`);
        if (route.api === 'legacy' && res.status !== 200) issues.push(`${where}: the legacy API answers HTTP 200`);
        const type = route.response === '{access_token: string, token_type: "bearer", expires_in: number}' ? 'TokenResponseDto' : route.response;
        if (type) issues.push(...check(json, type, route.api).map((i) => `${where} ${i}`));
      }
      if (o.expectStatus !== undefined && res.status !== o.expectStatus) issues.push(`${where}: expected ${o.expectStatus}`);
      return { status: res.status, body: json as any, res }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };

    // Token
    const tokenRes = await fetch(`${ctx.sandbox.url}/OAuth/Token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${ctx.creds.applicationKey}:${ctx.client.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': ctx.creds.subscriptionKey },
      body: 'grant_type=client_credentials',
    });
    issues.push(...check(await tokenRes.json(), 'TokenResponseDto', 'v2').map((i) => `POST /OAuth/Token ${i}`));
    const badToken = await fetch(`${ctx.sandbox.url}/OAuth/Token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': ctx.creds.subscriptionKey }, body: 'grant_type=client_credentials' });
    issues.push(...check(await badToken.json(), 'OAuthErrorResponseDto', 'v2').map((i) => `POST /OAuth/Token (400) ${i}`));
    called.add('POST /OAuth/Token');

    // v2 reads
    const customers = (await call('GET', '/v2/Customers')).body as { Id: number; Number: number; SubledgerAccountId: number }[];
    await call('GET', '/v2/Customers?customerNos=10018-10021&PageSize=2&PageNumber=1');
    await call('GET', '/v2/Customers?PageSize=2&PageNumber=999', undefined, { expectStatus: 204 });
    await call('GET', '/v2/Customers?$top=1', undefined, { expectStatus: 400 });
    await call('GET', `/v2/Customers/${customers[0]!.Id}`);
    await call('GET', '/v2/Customers/999999', undefined, { expectStatus: 404 });
    await call('PATCH', `/v2/Customers/${customers[0]!.Id}`, [{ op: 'replace', path: '/SendPaymentReminders', value: false }], { contentType: 'application/json-patch+json', expectStatus: 200 });
    await call('PATCH', `/v2/Customers/${customers[0]!.Id}`, [{ op: 'replace', path: '/SendPaymentReminders', value: true }], { contentType: 'application/json-patch+json' });
    await call('PATCH', `/v2/Customers/${customers[0]!.Id}`, { SendPaymentReminders: true }, { expectStatus: 400 });
    const accounts = (await call('GET', '/v2/GeneralLedgerAccounts')).body as { Id: number }[];
    await call('GET', `/v2/GeneralLedgerAccounts/${accounts[0]!.Id}`);
    await call('GET', '/v2/VatCodes?isActive=true');
    await call('GET', '/v2/Customerledger/OpenItems?date=2026-11-28');
    await call('GET', '/v2/Customerledger/OpenItems', undefined, { expectStatus: 400 });
    const invoices = (await call('GET', '/v2/OutgoingInvoices')).body as { Id: string; InvoiceNo: number; Cid: string }[];
    await call('GET', '/v2/OutgoingInvoices?onlyUnpaidInvoices=true&customerNos=10018');
    await call('GET', `/v2/OutgoingInvoices/${invoices[0]!.Id}`);
    const byNo = (no: number) => invoices.find((i) => i.InvoiceNo === no)!;

    // legacy debt collection
    await call('GET', '/DebtCollection/IsActiveDebtCollection');
    await call('GET', '/DebtCollection/Invoices/AvailableInvoices');
    await call('GET', `/DebtCollection/Invoices/AvailableInvoices?$filter=${encodeURIComponent('InvoiceNo eq 21')}`);
    await call('GET', '/DebtCollection/Invoices/AvailableInvoices?$filter=nonsense');
    const a = (await call('POST', '/DebtCollection', { code: 'K-1', invoices: [{ id: byNo(21).Id }], externalCaseUrl: 'http://127.0.0.1/cases/1', balanceAgency: 2400 })).body.data as { id: string };
    const b = (await call('POST', '/DebtCollection', { code: 'K-2', invoices: [{ id: byNo(24).Id }] })).body.data as { id: string };
    await call('GET', '/DebtCollection');
    await call('GET', `/DebtCollection?$filter=${encodeURIComponent("Code eq 'K-1'")}&$orderby=Code&$top=1&$skip=0`);
    await call('GET', `/DebtCollection/${a.id}`);
    store.approve(conecto, [byNo(19).Id]); // in Go's page
    await call('POST', '/DebtCollection/AddInvoicesToCase', { caseId: a.id, invoiceIds: [byNo(19).Id] });
    await call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id, statusText: 'Inkassovarsel sendt', isCaseClosed: false, updatedBalanceAgency: 2500.5 });
    await call('POST', '/DebtCollection/UpdateStatus', { caseId: a.id });
    store.registerPayment(conecto, { invoiceId: byNo(21).Id, amountOre: 10_000 });
    store.creditNote(conecto, { invoiceId: byNo(21).Id, amountOre: 5_000 });
    store.writeOff(conecto, byNo(24).Id);
    await call('GET', '/DebtCollection/GetAllMatchedItems?fromDateTime=2026-01-01T00:00:00Z');
    await call('GET', `/DebtCollection/MatchedItems/${byNo(21).Id}`);
    const pdf = await call('GET', `/DebtCollection/GetInvoicePdf/${byNo(21).Id}`, undefined, { raw: true });
    expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
    await call('POST', '/DebtCollection/MergeCases', { caseIds: [a.id, b.id], caseNo: 'K-3', externalCaseUrl: 'http://127.0.0.1/cases/3' });
    await call('DELETE', `/DebtCollection/${a.id}`);

    // v2 writes
    const akkurat = customers.find((c) => c.Number === 10018)!;
    const journal = {
      CurrencyCode: 'NOK', VoucherDate: '2026-11-28', Description: 'Remittering', ExternalImportReference: 'contract-1',
      VoucherLines: [
        { AccountId: 1920, PostingDate: '2026-11-28', VatId: null, CurrencyAmount: 100, Description: 'Bank' },
        { AccountId: akkurat.SubledgerAccountId, PostingDate: '2026-11-28', VatId: null, CurrencyAmount: -100, CustomMatchingReference: byNo(19).Cid, Description: 'Faktura 19' },
      ],
    };
    issues.push(...check(journal, 'ManualVoucherPostDto', 'v2').map((i) => `request ${i}`));
    const posted = (await call('POST', '/v2/Vouchers/ManualJournals', journal, { expectStatus: 201 })).body as { Id: string };
    await call('POST', '/v2/Vouchers/ManualJournals', journal, { expectStatus: 400 });
    await call('GET', `/v2/Vouchers/ManualJournals/${posted.Id}`);
    await call('GET', '/v2/JournalEntryVouchers?isPosted=true&createdDateTimeOffsetGreaterThan=2026-01-01T00:00:00Z');

    // onboarding (subscription key, no bearer)
    const initiated = (await call('POST', '/v2/Onboarding/Initiate', { ApplicationKey: ctx.creds.applicationKey, ClientOrganizationNo: '917757046', RedirectUri: 'http://127.0.0.1:9/register' })).body as { TemporaryUrl: string };
    const token = new URL(initiated.TemporaryUrl).pathname.split('/').at(-1);
    await call('POST', '/v2/Onboarding/Finalize', { OnboardingToken: token }, { expectStatus: 400 });
    const approved = await fetch(initiated.TemporaryUrl, { method: 'POST', redirect: 'manual' });
    expect(new URL(approved.headers.get('location')!).searchParams.get('status')).toBe('Success');
    await call('POST', '/v2/Onboarding/Finalize', { OnboardingToken: token }, { expectStatus: 200 });

    expect(issues).toEqual([]);
    // Every route the sandbox serves was called and checked here.
    expect(servedRoutes().map((r) => `${r.method} ${r.path}`).filter((r) => !called.has(r))).toEqual([]);
  });
});
