// Remittance routes, mounted by createApp at /api/v1. Every route checks the user's firm may see
// the creditor (another firm's creditor or remittance is a 404, like every other route).
import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { today } from '@shared/clock';
import { toNorwegian } from '@shared/dates';
import type { User } from '@shared/api';
import { remittanceDetail, remittanceList, remittanceRunResult } from '@shared/api';
import type { AppDeps } from '../../deps';
import { creditors } from '../../db/schema';
import { canSeeCreditor, requireRole, requireUser, type AuthEnv } from '../../http/auth';
import { apiError } from '../../http/errors';
import { audit } from '../../http/audit';
import { GoApiError } from '../../poweroffice/client';
import { pushStatus } from '../../services/sync';
import { runRemittances, RemittancePostingError } from '../../services/remittance/run';
import { getRemittance, listRemittances, remittanceCreditor, summary } from '../../services/remittance/queries';
import { remittancesCsv, statementHtml, statementPdf } from '../../services/remittance/statement';

const uuid = /^[0-9a-f-]{36}$/;

export function remittanceRoutes(deps: AppDeps) {
  const notFound = (c: Parameters<typeof apiError>[0]) => apiError(c, 404, 'not_found', 'Fant ikke remitteringen / Remittance not found');
  const creditorNotFound = (c: Parameters<typeof apiError>[0]) => apiError(c, 404, 'not_found', 'Fant ikke kreditoren / Creditor not found');

  /** The remittance and its creditor, when the user's firm may see it. */
  async function visible(user: User, id: string) {
    if (!uuid.test(id)) return null;
    const creditorId = await remittanceCreditor(deps.db, id);
    if (!creditorId || !(await canSeeCreditor(deps, user, creditorId))) return null;
    const detail = await getRemittance(deps.db, id);
    const [creditor] = await deps.db.select({ name: creditors.name, orgNo: creditors.orgNo, vatDeductible: creditors.vatDeductible }).from(creditors).where(eq(creditors.id, creditorId));
    return detail && creditor ? { detail, creditor } : null;
  }

  return new Hono<AuthEnv>()
    .use('/creditors/:id/remittances', requireUser(deps))
    .use('/creditors/:id/remittances/*', requireUser(deps))
    .use('/creditors/:id/remittances.csv', requireUser(deps))
    .use('/remittances/*', requireUser(deps))
    .get('/creditors/:id/remittances', async (c) => {
      if (!(await canSeeCreditor(deps, c.get('user'), c.req.param('id')))) return creditorNotFound(c);
      const rows = await listRemittances(deps.db, c.req.param('id'));
      return c.json(remittanceList.parse({ items: rows.map(summary) }), 200);
    })
    .get('/creditors/:id/remittances.csv', async (c) => {
      if (!(await canSeeCreditor(deps, c.get('user'), c.req.param('id')))) return creditorNotFound(c);
      const rows = await listRemittances(deps.db, c.req.param('id'));
      c.header('Content-Disposition', `attachment; filename="remitteringer-${toNorwegian(today(deps.clock))}.csv"`);
      return c.body(remittancesCsv(rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    })
    .post('/creditors/:id/remittances/run', requireRole('operations'), async (c) => {
      const id = c.req.param('id');
      if (!(await canSeeCreditor(deps, c.get('user'), id))) return creditorNotFound(c);
      const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, id));
      if (!creditor || creditor.status === 'pending' || !creditor.goClientKeyEnc) return apiError(c, 409, 'not_connected', 'Kreditoren er ikke koblet til PowerOffice GO / the creditor is not connected to Go');
      try {
        const outcome = await runRemittances(deps, id, today(deps.clock));
        // A case whose balance reached zero is closed in Go too (UpdateStatus isCaseClosed).
        await pushStatus(deps, await deps.goClientFor(creditor), id);
        await audit(deps, c.get('user'), id, 'remittances.run', { created: outcome.created?.id ?? null, resumed: outcome.resumed.map((r) => r.id) });
        return c.json(remittanceRunResult.parse({ created: outcome.created ? summary(outcome.created) : null, resumed: outcome.resumed.map(summary) }), 200);
      } catch (e) {
        if (e instanceof RemittancePostingError) return apiError(c, 422, 'posting_refused', `Remitteringen kunne ikke bokføres / could not be posted: ${e.message}`);
        if (e instanceof GoApiError) return apiError(c, 502, 'go_error', `PowerOffice GO svarte med feil / Go answered with an error (${e.status})`);
        throw e;
      }
    })
    .get('/remittances/:id', async (c) => {
      const found = await visible(c.get('user'), c.req.param('id'));
      if (!found) return notFound(c);
      return c.json(remittanceDetail.parse(found.detail), 200);
    })
    .get('/remittances/:id/statement', async (c) => {
      const found = await visible(c.get('user'), c.req.param('id'));
      if (!found) return notFound(c);
      c.header('Cache-Control', 'private, no-store');
      return c.html(statementHtml(found.detail, found.creditor));
    })
    .get('/remittances/:id/statement.pdf', async (c) => {
      const found = await visible(c.get('user'), c.req.param('id'));
      if (!found) return notFound(c);
      const pdf = await statementPdf(found.detail, found.creditor);
      c.header('Cache-Control', 'private, no-store');
      c.header('Content-Disposition', `inline; filename="avregningsoppgave-${toNorwegian(found.detail.date)}.pdf"`);
      return c.body(pdf.slice().buffer as ArrayBuffer, 200, { 'Content-Type': 'application/pdf' });
    });
}
