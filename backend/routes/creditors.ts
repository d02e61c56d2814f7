// /creditors: the accountant's clients on the integration, their agreed settings, the ledger lookup,
// taking an invoice approved in Go, per-customer exclusion, sync and cases. Every route checks the firm's access (another firm's → 404).
import { createRoute } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { caseList, creditorDetail, creditorList, creditorSettings, customerCollection as customerCollectionAnswer, customerExclusionRequest, invoiceStatusRequest, invoiceStatusResponse, syncRun, syncRunList, takeInvoiceResponse, type CreditorDetail, type InvoiceStatusItem } from '@shared/api';
import { caseStages, stageLabel } from '@shared/stages';
import { today } from '@shared/clock';
import type { AppDeps } from '../deps';
import { caseInvoices, cases, creditorAccess, creditors } from '../db/schema';
import { requireCreditor, requireUser, type AuthEnv } from '../http/auth';
import { access, apiRouter, jsonBody, ok } from '../http/openapi';
import { audit } from '../http/audit';
import { connectedCreditor, customerCollection, dunningNotices, listCases, listSyncRuns, saveAgreedSettings, setCustomerExclusion, takeInvoice } from '../services/cases';
import { invoiceStatusJson } from '../services/lookup-cache';
import { withSendGuards } from '../services/send-guard';
import { markedBalance, overrides } from '../services/collection';
import { loadRates } from '../services/rates';
import type { HalfYear } from '@shared/dates';
import { lastSync, syncCreditor } from '../services/sync';

const creditorParam = z.object({ id: z.string() });
const customerNoParam = z.object({ id: z.string(), customerNo: z.string().regex(/^\d{1,12}$/, 'customerNo må være kundenummeret i Go (bare sifre)') });
const invoiceNoParam = z.object({ id: z.string(), invoiceNo: z.coerce.number().int().positive({ message: 'invoiceNo må være et positivt heltall' }) });

function runJson(r: Awaited<ReturnType<typeof listSyncRuns>>[number]) {
  return { ...r, errors: r.errors ?? [] };
}

async function detail(deps: AppDeps, id: string): Promise<CreditorDetail> {
  await loadRates(deps);
  const [cr] = await deps.db.select().from(creditors).where(eq(creditors.id, id));
  const open = await deps.db.select().from(cases).where(and(eq(cases.creditorId, id), isNull(cases.closedAt)));
  const invoices = await deps.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, id));
  const date = today(deps.clock);
  const totals = new Map<string, { count: number; balanceOre: number }>();
  let provisionalRate = false;
  const provisionalHalves = new Set<HalfYear>();
  for (const c of open) {
    const t = totals.get(c.stage) ?? { count: 0, balanceOre: 0 };
    t.count++;
    const marked = markedBalance(c, invoices.filter((i) => i.caseId === c.id), date, overrides(deps));
    t.balanceOre += marked.balanceOre;
    provisionalRate ||= marked.provisionalRate;
    for (const h of marked.provisionalHalves) provisionalHalves.add(h);
    totals.set(c.stage, t);
  }
  const run = await lastSync(deps, id);
  return {
    id: cr!.id, orgNo: cr!.orgNo, name: cr!.name, status: cr!.status, vatDeductible: cr!.vatDeductible, accounts: cr!.accounts,
    settings: { dunning: cr!.dunning, approval: cr!.approval },
    lastSync: run ? { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, ok: run.ok, summary: `${run.casesCreated} nye saker, ${run.invoicesAdded} fakturaer, ${run.matchedItems} hendelser fra Go${run.errors.length ? `, ${run.errors.length} feil` : ''}` } : null,
    stageTotals: caseStages.filter((s) => totals.has(s)).map((s) => ({ stage: s, stageLabel: stageLabel(s), ...totals.get(s)! })),
    provisionalRate, provisionalHalves: [...provisionalHalves].sort(),
    dunningNotices: await dunningNotices(deps, id),
  };
}

export function creditorRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('*', requireUser(deps));
  router.use('/:id/*', requireCreditor(deps));
  router.use('/:id', requireCreditor(deps));
  return router
    .openapi(createRoute({ method: 'get', path: '/', summary: 'Kreditorer firmaet har tilgang til', ...access('user'), responses: ok(creditorList) }), async (c) => {
      const rows = await deps.db
        .select({ id: creditors.id, orgNo: creditors.orgNo, name: creditors.name, status: creditors.status })
        .from(creditors)
        .innerJoin(creditorAccess, eq(creditorAccess.creditorId, creditors.id))
        .where(eq(creditorAccess.firmId, c.get('user').firmId))
        .orderBy(creditors.name);
      return c.json({ items: rows }, 200);
    })
    .openapi(createRoute({ method: 'get', path: '/{id}', summary: 'Kreditor med innstillinger, siste synk og saker per steg', ...access('user'), request: { params: creditorParam }, responses: ok(creditorDetail) }), async (c) => c.json(await detail(deps, c.req.param('id')), 200))
    .openapi(createRoute({ method: 'get', path: '/{id}/settings', summary: 'Purreprofil og godkjenning', ...access('user'), request: { params: creditorParam }, responses: ok(creditorSettings) }), async (c) => {
      const [cr] = await deps.db.select().from(creditors).where(eq(creditors.id, c.req.param('id')));
      return c.json({ dunning: cr!.dunning, approval: cr!.approval }, 200);
    })
    .openapi(createRoute({ method: 'put', path: '/{id}/settings', summary: 'Endre avtalt purreprofil og godkjenning (Go sine Purring-innstillinger endres i Go, av utvidelsen)', ...access('user'), request: { params: creditorParam, body: jsonBody(creditorSettings) }, responses: ok(creditorSettings) }), async (c) => {
      // The agreed profile only: Go's own Purring page is changed by the extension, as the accountant.
      const id = c.req.param('id');
      const settings = c.req.valid('json');
      await saveAgreedSettings(deps, id, settings);
      await audit(deps, c.get('user'), id, 'settings.update', settings);
      return c.json(settings, 200);
    })
    .openapi(createRoute({ method: 'post', path: '/{id}/invoice-status', summary: 'Status for fakturaer i reskontroen (ett kall per sidevisning)', ...access('user'), request: { params: creditorParam, body: jsonBody(invoiceStatusRequest) }, responses: ok(invoiceStatusResponse) }), async (c) => {
      // Answered from ready JSON (services/lookup-cache.ts); typed as the JSON it is for hc<AppType>.
      const id = c.req.param('id');
      const body = await withSendGuards(deps, id, await invoiceStatusJson(deps, id, c.req.valid('json').invoiceNos));
      return c.body(body, 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<{ items: InvoiceStatusItem[] }, 200, 'json'>;
    })
    .openapi(createRoute({ method: 'post', path: '/{id}/invoices/{invoiceNo}/take', summary: 'Ta en faktura som er godkjent i Go (Inkasso → Utkast → Godkjenn) nå: åpner eller utvider saken', ...access('user'), request: { params: invoiceNoParam }, responses: ok(takeInvoiceResponse) }), async (c) => {
      const { id, invoiceNo } = c.req.valid('param');
      const result = await takeInvoice(deps, id, invoiceNo);
      await audit(deps, c.get('user'), id, 'invoice.take', { invoiceNo, caseNo: result.case?.caseNo ?? null, notice: result.notice });
      return c.json(result, 200);
    })
    .openapi(createRoute({ method: 'get', path: '/{id}/customers/{customerNo}', summary: 'Om kunden sendes til inkasso (Go: TransferToDebtCollectionAgency)', ...access('user'), request: { params: customerNoParam }, responses: ok(customerCollectionAnswer) }), async (c) => {
      const { id, customerNo } = c.req.valid('param');
      const { goId: _goId, ...shown } = await customerCollection(deps, id, customerNo);
      return c.json(shown, 200);
    })
    .openapi(createRoute({ method: 'put', path: '/{id}/customers/{customerNo}/exclusion', summary: 'Ikke send kunden til inkasso (eller igjen): PATCH /v2/Customers/{id} i Go', ...access('user'), request: { params: customerNoParam, body: jsonBody(customerExclusionRequest) }, responses: ok(customerCollectionAnswer) }), async (c) => {
      const { id, customerNo } = c.req.valid('param');
      const { excluded } = c.req.valid('json');
      // The intent is on record before Go is written to; the result after.
      await audit(deps, c.get('user'), id, 'customer.exclusion.requested', { customerNo, excluded });
      const result = await setCustomerExclusion(deps, id, customerNo, excluded);
      await audit(deps, c.get('user'), id, 'customer.exclusion', { customerNo, excluded: result.excluded, changed: result.changed });
      return c.json({ customerNo: result.customerNo, name: result.name, excluded: result.excluded }, 200);
    })
    .openapi(createRoute({ method: 'post', path: '/{id}/sync', summary: 'Synkroniser nå', ...access('user'), request: { params: creditorParam }, responses: ok(syncRun) }), async (c) => {
      const id = c.req.param('id');
      // A creditor still onboarding has no usable Go key: say so instead of failing inside the sync.
      await connectedCreditor(deps, id);
      await loadRates(deps); // the sync books interest (matched payments): with the rates in effect
      const run = await syncCreditor(deps, id, 'manual');
      await audit(deps, c.get('user'), id, 'sync.manual', { runId: run.id });
      return c.json(runJson(run), 200);
    })
    .openapi(createRoute({ method: 'get', path: '/{id}/sync-runs', summary: 'Synkroniseringer', ...access('user'), request: { params: creditorParam }, responses: ok(syncRunList) }), async (c) => c.json({ items: (await listSyncRuns(deps, c.req.param('id'))).map(runJson) }, 200))
    .openapi(createRoute({ method: 'get', path: '/{id}/cases', summary: 'Inkassosaker', ...access('user'), request: { params: creditorParam }, responses: ok(caseList) }), async (c) => c.json({ items: await listCases(deps, c.req.param('id')) }, 200));
}
