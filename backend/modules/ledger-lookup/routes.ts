// POST /creditors/:id/invoice-status: the ledger page's one call per view (every invoice's state
// and badge), mounted by createApp under /creditors beside the creditor routes. The firm's access
// to the creditor is checked first (another firm's → 404).
import { createRoute } from '@hono/zod-openapi';
import type { TypedResponse } from 'hono';
import { invoiceStatusRequest, invoiceStatusResponse, type InvoiceStatusItem } from '@shared/api';
import type { AppDeps } from '../../deps';
import { requireCreditor, requireUser, type AuthEnv } from '../../http/auth';
import { access, apiRouter, idParam, jsonBody, ok } from '../../http/openapi';
import { invoiceStatusJson } from './cache';
import { withSendGuards } from '../send/guard';

export function ledgerLookupRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('/:id/invoice-status', requireUser(deps), requireCreditor(deps));
  return router
    .openapi(createRoute({ method: 'post', path: '/{id}/invoice-status', summary: 'Status for fakturaer i reskontroen (ett kall per sidevisning)', ...access('user'), request: { params: idParam, body: jsonBody(invoiceStatusRequest) }, responses: ok(invoiceStatusResponse) }), async (c) => {
      // Answered from ready JSON (cache.ts); typed as the JSON it is for hc<AppType>.
      const id = c.req.param('id');
      const body = await withSendGuards(deps, id, await invoiceStatusJson(deps, id, c.req.valid('json').invoiceNos));
      return c.body(body, 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<{ items: InvoiceStatusItem[] }, 200, 'json'>;
    });
}
