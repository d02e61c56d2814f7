// The backend against Go's published contract, at runtime: every request the backend makes to Go
// during its real flows (registration and onboarding, sync, one-click send, status pushes,
// matched items, remittance with a crash and its recovery, the customer flag) is recorded at the
// sandbox, and each must be a documented route with documented query parameters, a body of the
// documented request type, and the subscription key on every v2 call.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createSandbox } from '../../sandbox/app';
import type { RunningSandbox } from '../../sandbox/node';
import { creditors } from '@backend/db/schema';
import { syncCreditor } from '@backend/modules/sync/run';
import type { GoClient } from '@backend/integrations/poweroffice/client';
import { makeTestBackend, type TestBackend } from '../helpers/backend';
import { check, documentedQuery, requestType, routesFor } from './contract';

type Recorded = { method: string; url: URL; headers: Headers; body: string };

const recorded: Recorded[] = [];
let t: TestBackend;
let closeServer: () => Promise<void>;

/** The sandbox on a free loopback port, recording every request before answering it. */
async function recordingSandbox(today: string): Promise<RunningSandbox> {
  const sandbox = createSandbox({ today });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: async (req: Request, env: unknown) => {
        const url = new URL(req.url);
        if (!url.pathname.startsWith('/_sandbox')) recorded.push({ method: req.method, url, headers: new Headers(req.headers), body: await req.clone().text() });
        return sandbox.app.fetch(req, env);
      },
    }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox.setBaseUrl(url);
  closeServer = () => new Promise<void>((resolve) => {
    if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
    server.close(() => resolve());
  });
  return { ...sandbox, url, close: () => closeServer() };
}

beforeAll(async () => {
  t = await makeTestBackend({ sandbox: await recordingSandbox('2026-11-28') });
});
afterAll(async () => {
  await t.close();
  await closeServer();
});

async function go(creditorId: string): Promise<GoClient> {
  const [creditor] = await t.db.select().from(creditors).where(eq(creditors.id, creditorId));
  return t.deps.goClientFor(creditor!);
}

/** What is wrong with one recorded request, against the contract. */
function problems(r: Recorded): string[] {
  const where = `${r.method} ${r.url.pathname}${r.url.search}`;
  if (r.url.pathname.startsWith('/app/') || r.url.pathname.startsWith('/onboarding/') || r.url.pathname.startsWith('/enhetsregisteret/')) return []; // Go's pages, the company register
  const routes = routesFor(r.method, r.url.pathname);
  if (routes.length === 0) return [`${where}: not a documented route`];
  const route = routes[0]!;
  const out: string[] = [];
  const allowed = documentedQuery(route);
  for (const name of r.url.searchParams.keys()) if (!allowed.includes(name)) out.push(`${where}: query parameter ${name} is not documented (${allowed.join(', ') || 'none'})`);
  const v2 = route.api === 'v2' || r.url.pathname === '/OAuth/Token';
  if (v2 && !r.headers.get('ocp-apim-subscription-key')) out.push(`${where}: no Ocp-Apim-Subscription-Key`);
  if (route.contentType && !(r.headers.get('content-type') ?? '').startsWith(route.contentType)) out.push(`${where}: content type must be ${route.contentType}`);
  const type = requestType(route);
  if (type && r.body) out.push(...check(JSON.parse(r.body), type, route.api).map((i) => `${where} body ${i}`));
  if (!type && r.body && route.requestBody !== 'form: grant_type=client_credentials') out.push(`${where}: sends a body the route does not take`);
  return out;
}

describe('the backend’s Go client', () => {
  it('calls only documented routes, with documented parameters and bodies, in every flow', async () => {
    const token = await t.login();
    // Registration: onboarding through Go's page and the callback.
    const [delante] = await t.db.select().from(creditors).where(eq(creditors.orgNo, '917757046'));
    await t.db.update(creditors).set({ status: 'pending', goClientKeyEnc: null }).where(eq(creditors.id, delante!.id));
    const other = await t.login('annen@regnskap.example', 'demo');
    const start = await t.request('POST', '/api/v1/registrations', { token: other, body: { orgNo: '917757046' } });
    const back = new URL((await fetch(start.body.goApprovalUrl, { method: 'POST', redirect: 'manual' })).headers.get('location')!);
    const fin = await t.request('POST', `/api/v1/registrations/${start.body.creditorId}/finalize`, { token: other, body: { status: back.searchParams.get('status'), token: back.searchParams.get('token') } });
    expect(fin.body.goConnected).toBe(true);

    // Sync, one-click send of an invoice approved in Go's page, status pushed the next day.
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).ok).toBe(true);
    const store = t.sandbox.store;
    const conecto = store.clients.find((c) => c.id === 'conecto')!;
    store.approve(conecto, [conecto.invoices.find((i) => i.invoiceNo === 19)!.id]);
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/19/take`, { token })).body.state).toBe('in_case');
    await t.control('/payments', { clientId: 'conecto', invoiceNo: 21, amount: 1000 });
    t.clock.advanceDays(1);
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).ok).toBe(true);

    // Remittance: a crash after Go took the voucher; the rerun finds it through documented routes.
    const list = await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token });
    const caseId = list.body.items[0].id as string;
    const ops = await t.loginOps();
    expect((await t.request('POST', `/api/v1/cases/${caseId}/payments`, { token: ops, body: { amountOre: 50_000, paidAt: '2026-11-29', reference: 'OCR-C1' } })).status).toBe(201);
    let crash = true;
    t.deps.faults = { afterGoWrite: (op) => { if (op === 'remittance' && crash) { crash = false; throw new Error('crash after post'); } } };
    await t.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} });
    t.deps.faults = {};
    await t.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} });
    const rems = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/remittances`, { token })).body.items as { status: string }[];
    expect(rems.map((r) => r.status)).toEqual(['posted']);
    expect(recorded.some((r) => r.url.pathname === '/v2/JournalEntryVouchers')).toBe(true);

    // Every other client method once: the customer flag, case lookups and changes.
    const c = await go(t.conectoId);
    const customer = (await c.customerByNo('10018'))!;
    expect((await c.customersByNos(['10018', '10013'])).map((x) => x.customerNo).sort()).toEqual(['10013', '10018']);
    expect((await c.openItems('2026-12-01', ['10013'])).every((e) => e.customerAccountNo === 10013)).toBe(true);
    expect((await c.patchCustomer(customer.id, [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: false }])).transferToDebtCollectionAgency).toBe(false);
    await c.patchCustomer(customer.id, [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: true }]);
    const cases = await c.listCases();
    await c.listCases(cases[0]!.code);
    await c.getCase(cases[0]!.id);
    await c.allMatchedItems(null);
    await c.ledgerAccounts();
    await c.outgoingInvoices(null);
    await c.isActiveDebtCollection();
    const draft = conecto.invoices.find((i) => i.dcStatus === 1);
    if (draft) store.approve(conecto, [draft.id]);
    const available = await c.availableInvoices();
    if (available.length) {
      const extra = await c.createCase({ code: 'C-X', invoiceIds: [available[0]!.id], externalCaseUrl: 'http://127.0.0.1/cases/x', balanceOre: 100 });
      await c.updateStatus({ caseId: extra.id, statusText: 'Inkassovarsel sendt', isCaseClosed: false, balanceOre: 100 });
    }

    const bad = recorded.flatMap(problems);
    expect(bad).toEqual([]);
    const routes = new Set(recorded.map((r) => `${r.method} ${r.url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|\d{5,}/g, ':id')}`));
    // The flows reached both APIs, their writes and onboarding.
    for (const r of ['POST /OAuth/Token', 'POST /v2/Onboarding/Initiate', 'POST /v2/Onboarding/Finalize', 'GET /v2/OutgoingInvoices', 'GET /v2/Customers', 'PATCH /v2/Customers/:id', 'POST /v2/Vouchers/ManualJournals', 'GET /v2/Vouchers/ManualJournals/:id', 'GET /DebtCollection/Invoices/AvailableInvoices', 'POST /DebtCollection', 'POST /DebtCollection/UpdateStatus', 'GET /DebtCollection/GetAllMatchedItems']) {
      expect(routes, r).toContain(r);
    }
  });
});
