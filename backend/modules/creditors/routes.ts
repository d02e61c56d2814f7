// /creditors: the accountant's clients on the integration, their agreed settings, per-customer
// exclusion, sync and cases (the ledger lookup and taking an invoice are ledger-lookup/routes.ts and
// send/routes.ts, mounted beside these). Every route checks the firm's access (another firm's → 404).
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { caseList, creditorDetail, creditorList, creditorSettings, customerCollection as customerCollectionAnswer, customerExclusionRequest, syncRun, syncRunList } from '@shared/api';
import type { AppDeps } from '../../deps';
import { creditorAccess, creditors } from '../../db/schema';
import { requireCreditor, requireUser, type AuthEnv } from '../../http/auth';
import { access, apiRouter, idParam, jsonBody, ok } from '../../http/openapi';
import { audit } from '../../http/audit';
import { connectedCreditor, customerCollection, getCreditor, listSyncRuns, saveAgreedSettings, setCustomerExclusion } from './service';
import { listCases } from '../cases/service';
import { loadRates } from '../interest-rates/service';
import { syncCreditor } from '../sync/run';

const customerNoParam = z.object({ id: z.string(), customerNo: z.string().regex(/^\d{1,12}$/, 'customerNo må være kundenummeret i Go (bare sifre)') });

function runJson(r: Awaited<ReturnType<typeof listSyncRuns>>[number]) {
  return { ...r, errors: r.errors ?? [] };
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
    .openapi(createRoute({ method: 'get', path: '/{id}', summary: 'Kreditor med innstillinger, siste synk og saker per steg', ...access('user'), request: { params: idParam }, responses: ok(creditorDetail) }), async (c) => c.json(await getCreditor(deps, c.req.param('id')), 200))
    .openapi(createRoute({ method: 'get', path: '/{id}/settings', summary: 'Purreprofil og godkjenning', ...access('user'), request: { params: idParam }, responses: ok(creditorSettings) }), async (c) => {
      const [cr] = await deps.db.select().from(creditors).where(eq(creditors.id, c.req.param('id')));
      return c.json({ dunning: cr!.dunning, approval: cr!.approval }, 200);
    })
    .openapi(createRoute({ method: 'put', path: '/{id}/settings', summary: 'Endre avtalt purreprofil og godkjenning (Go sine Purring-innstillinger endres i Go, av utvidelsen)', ...access('user'), request: { params: idParam, body: jsonBody(creditorSettings) }, responses: ok(creditorSettings) }), async (c) => {
      // The agreed profile only: Go's own Purring page is changed by the extension, as the accountant.
      const id = c.req.param('id');
      const settings = c.req.valid('json');
      await saveAgreedSettings(deps, id, settings);
      await audit(deps, c.get('user'), id, 'settings.update', settings);
      return c.json(settings, 200);
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
    .openapi(createRoute({ method: 'post', path: '/{id}/sync', summary: 'Synkroniser nå', ...access('user'), request: { params: idParam }, responses: ok(syncRun) }), async (c) => {
      const id = c.req.param('id');
      // A creditor still onboarding has no usable Go key: say so instead of failing inside the sync.
      await connectedCreditor(deps, id);
      await loadRates(deps); // the sync books interest (matched payments): with the rates in effect
      const run = await syncCreditor(deps, id, 'manual');
      await audit(deps, c.get('user'), id, 'sync.manual', { runId: run.id });
      return c.json(runJson(run), 200);
    })
    .openapi(createRoute({ method: 'get', path: '/{id}/sync-runs', summary: 'Synkroniseringer', ...access('user'), request: { params: idParam }, responses: ok(syncRunList) }), async (c) => c.json({ items: (await listSyncRuns(deps, c.req.param('id'))).map(runJson) }, 200))
    .openapi(createRoute({ method: 'get', path: '/{id}/cases', summary: 'Inkassosaker', ...access('user'), request: { params: idParam }, responses: ok(caseList) }), async (c) => c.json({ items: await listCases(deps, c.req.param('id')) }, 200));
}
