// POST /creditors/:id/invoices/:invoiceNo/take: take an invoice the accountant has just approved
// for collection in Go, mounted by createApp under /creditors beside the creditor routes. The
// firm's access to the creditor is checked first (another firm's → 404).
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { takeInvoiceResponse } from '@shared/api';
import type { AppDeps } from '../../deps';
import { requireCreditor, requireUser, type AuthEnv } from '../../http/auth';
import { access, apiRouter, ok } from '../../http/openapi';
import { audit } from '../../http/audit';
import { takeInvoice } from './service';

const invoiceNoParam = z.object({ id: z.string(), invoiceNo: z.coerce.number().int().positive({ message: 'invoiceNo må være et positivt heltall' }) });

export function sendRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('/:id/invoices/:invoiceNo/take', requireUser(deps), requireCreditor(deps));
  return router
    .openapi(createRoute({ method: 'post', path: '/{id}/invoices/{invoiceNo}/take', summary: 'Ta en faktura som er godkjent i Go (Inkasso → Utkast → Godkjenn) nå: åpner eller utvider saken', ...access('user'), request: { params: invoiceNoParam }, responses: ok(takeInvoiceResponse) }), async (c) => {
      const { id, invoiceNo } = c.req.valid('param');
      const result = await takeInvoice(deps, id, invoiceNo);
      await audit(deps, c.get('user'), id, 'invoice.take', { invoiceNo, caseNo: result.case?.caseNo ?? null, notice: result.notice });
      return c.json(result, 200);
    });
}
