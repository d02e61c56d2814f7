// Remittance routes, mounted by createApp at /api/v1. Every route checks the user's firm may see
// the creditor (another firm's creditor or remittance is a 404, like every other route).
import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { today } from '@shared/clock';
import { toNorwegian } from '@shared/dates';
import type { User } from '@shared/api';
import { remittanceDetail, remittanceList, remittanceRunResult } from '@shared/api';
import { notFound } from '../../errors';
import { access, apiRouter, idParam, file, ok } from '../../http/openapi';
import type { AppDeps } from '../../deps';
import { creditors } from '../../db/schema';
import { canSeeCreditor, requireRole, requireUser, type AuthEnv } from '../../http/auth';
import { audit } from '../../http/audit';
import { pushStatus } from '../sync/status';
import { runRemittances } from './run';
import { connectedCreditor } from '../creditors/service';
import { getRemittance, listRemittances, remittanceCreditor, summary } from './queries';
import { remittancesCsv, statementHtml, statementPdf } from './statement';

const uuid = /^[0-9a-f-]{36}$/;
export function remittanceRoutes(deps: AppDeps) {
  const remittanceNotFound = () => notFound({ nb: 'remitteringen', en: 'remittance' });
  const creditorNotFound = () => notFound({ nb: 'kreditoren', en: 'creditor' });

  /** The remittance and its creditor, when the user's firm may see it. */
  async function visible(user: User, id: string) {
    if (!uuid.test(id)) return null;
    const creditorId = await remittanceCreditor(deps.db, id);
    if (!creditorId || !(await canSeeCreditor(deps, user, creditorId))) return null;
    const detail = await getRemittance(deps.db, id);
    const [creditor] = await deps.db.select({ name: creditors.name, orgNo: creditors.orgNo, vatDeductible: creditors.vatDeductible }).from(creditors).where(eq(creditors.id, creditorId));
    return detail && creditor ? { detail, creditor } : null;
  }

  const router = apiRouter<AuthEnv>();
  router.use('/creditors/:id/remittances', requireUser(deps));
  router.use('/creditors/:id/remittances/*', requireUser(deps));
  router.use('/creditors/:id/remittances.csv', requireUser(deps));
  router.use('/remittances/*', requireUser(deps));
  return router
    .openapi(createRoute({ method: 'get', path: '/creditors/{id}/remittances', summary: 'Avregninger for kreditoren', ...access('user'), request: { params: idParam }, responses: ok(remittanceList) }), async (c) => {
      if (!(await canSeeCreditor(deps, c.get('user'), c.req.param('id')))) throw creditorNotFound();
      const rows = await listRemittances(deps.db, c.req.param('id'));
      return c.json(remittanceList.parse({ items: rows.map(summary) }), 200);
    })
    .openapi(createRoute({ method: 'get', path: '/creditors/{id}/remittances.csv', summary: 'Avregninger som CSV', ...access('user'), request: { params: idParam }, responses: file('text/csv') }), async (c) => {
      if (!(await canSeeCreditor(deps, c.get('user'), c.req.param('id')))) throw creditorNotFound();
      const rows = await listRemittances(deps.db, c.req.param('id'));
      c.header('Content-Disposition', `attachment; filename="remitteringer-${toNorwegian(today(deps.clock))}.csv"`);
      return c.body(remittancesCsv(rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    })
    .openapi(createRoute({ method: 'post', path: '/creditors/{id}/remittances/run', summary: 'Kjør avregning nå (bokføres i Go som bilag, matchet mot fakturaene)', ...access('operations'), middleware: [requireRole('operations')] as const, request: { params: idParam }, responses: ok(remittanceRunResult) }), async (c) => {
      const id = c.req.param('id');
      if (!(await canSeeCreditor(deps, c.get('user'), id))) throw creditorNotFound();
      const creditor = await connectedCreditor(deps, id);
      const outcome = await runRemittances(deps, id, today(deps.clock));
      // A case whose balance reached zero is closed in Go too (UpdateStatus isCaseClosed).
      await pushStatus(deps, await deps.goClientFor(creditor), id);
      await audit(deps, c.get('user'), id, 'remittances.run', { created: outcome.created?.id ?? null, resumed: outcome.resumed.map((r) => r.id) });
      return c.json(remittanceRunResult.parse({ created: outcome.created ? summary(outcome.created) : null, resumed: outcome.resumed.map(summary) }), 200);
    })
    .openapi(createRoute({ method: 'get', path: '/remittances/{id}', summary: 'Avregning med linjer, innbetalinger og saker', ...access('user'), request: { params: idParam }, responses: ok(remittanceDetail) }), async (c) => {
      const found = await visible(c.get('user'), c.req.param('id'));
      if (!found) throw remittanceNotFound();
      return c.json(remittanceDetail.parse(found.detail), 200);
    })
    .openapi(createRoute({ method: 'get', path: '/remittances/{id}/statement', summary: 'Avregningsoppgave (HTML)', ...access('user'), request: { params: idParam }, responses: file('text/html') }), async (c) => {
      const found = await visible(c.get('user'), c.req.param('id'));
      if (!found) throw remittanceNotFound();
      c.header('Cache-Control', 'private, no-store');
      return c.html(await statementHtml(found.detail, found.creditor));
    })
    .openapi(createRoute({ method: 'get', path: '/remittances/{id}/statement.pdf', summary: 'Avregningsoppgave (PDF)', ...access('user'), request: { params: idParam }, responses: file('application/pdf') }), async (c) => {
      const found = await visible(c.get('user'), c.req.param('id'));
      if (!found) throw remittanceNotFound();
      const pdf = await statementPdf(found.detail, found.creditor);
      c.header('Cache-Control', 'private, no-store');
      c.header('Content-Disposition', `inline; filename="avregningsoppgave-${toNorwegian(found.detail.date)}.pdf"`);
      return c.body(pdf.slice().buffer as ArrayBuffer, 200, { 'Content-Type': 'application/pdf' });
    });
}
