// POST /creditors/:id/invoice-status: the ledger page's one call per view (every invoice's state
// and badge), mounted by createApp under /creditors beside the creditor routes. The firm's access
// to the creditor is checked first (another firm's → 404).
import { Hono, type TypedResponse } from 'hono';
import { invoiceStatusRequest, invoiceStatusResponse, type InvoiceStatusItem } from '@shared/api';
import type { AppDeps } from '../../deps';
import { requireCreditor, requireUser, type AuthEnv } from '../../http/auth';
import { doc, validated } from '../../http/openapi';
import { invoiceStatusJson } from './cache';
import { withSendGuards } from '../send/guard';

export function ledgerLookupRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('/:id/invoice-status', requireUser(deps), requireCreditor(deps))
    .post('/:id/invoice-status', doc({ summary: 'Status for fakturaer i reskontroen (ett kall per sidevisning)', auth: 'user', response: invoiceStatusResponse }), validated('json', invoiceStatusRequest), async (c) => {
      // Answered from ready JSON (cache.ts); typed as the JSON it is for hc<AppType>.
      const id = c.req.param('id');
      const body = await withSendGuards(deps, id, await invoiceStatusJson(deps, id, c.req.valid('json').invoiceNos));
      return c.body(body, 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<{ items: InvoiceStatusItem[] }, 200, 'json'>;
    });
}
