// /operations: what agency staff (the operations role) look after. The forsinkelsesrente in
// effect, with source and provisional flags, and entering the official rate of a half-year at run
// time; overpayments held by the agency, and resolving them (refund to the debtor, or move to
// another open case of the same creditor). Every write is audited.
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { halfYear, interestRateStatus, moveOverpaymentRequest, overpayment, overpaymentList, overpaymentStatus, refundOverpaymentRequest, setInterestRateRequest } from '@shared/api';
import type { AppDeps } from '../../deps';
import { canSeeCreditor, requireRole, requireUser, type AuthEnv } from '../../http/auth';
import { notFound } from '../../errors';
import { access, apiRouter, jsonBody, ok } from '../../http/openapi';
import { audit } from '../../http/audit';
import { enteredRate, rateStatus, setRate } from '../interest-rates/service';
import { moveOverpayment, overpaymentsOf, refundOverpayment } from '../cases/overpayments';
import { creditors, overpayments } from '../../db/schema';
import { eq } from 'drizzle-orm';

const halfParam = z.object({ half: halfYear });
const idParam = z.object({ id: z.string().uuid('Ukjent overbetaling (ikke en id)') });
const listQuery = z.object({ status: overpaymentStatus.optional() });

export function operationsRoutes(deps: AppDeps) {
  /** The creditors the user may see (the same access check as every other route). */
  async function visibleCreditorIds(user: AuthEnv['Variables']['user']): Promise<string[]> {
    const all = await deps.db.select({ id: creditors.id }).from(creditors);
    const ids: string[] = [];
    for (const { id } of all) if (await canSeeCreditor(deps, user, id)) ids.push(id);
    return ids;
  }
  async function visibleOverpayment(user: AuthEnv['Variables']['user'], id: string): Promise<string | null> {
    const [o] = await deps.db.select({ creditorId: overpayments.creditorId }).from(overpayments).where(eq(overpayments.id, id));
    return o && (await canSeeCreditor(deps, user, o.creditorId)) ? o.creditorId : null;
  }
  const overpaymentNotFound = () => notFound({ nb: 'overbetalingen', en: 'overpayment' });

  const router = apiRouter<AuthEnv>();
  router.use('*', requireUser(deps));
  router.use('*', requireRole('operations'));
  return router
    .openapi(createRoute({ method: 'get', path: '/interest-rates', summary: 'Forsinkelsesrenten: tabellen med kilde, og hvilke halvår i bruk som er foreløpige', ...access('operations'), responses: ok(interestRateStatus) }), async (c) => c.json(interestRateStatus.parse(await rateStatus(deps)), 200))
    .openapi(createRoute({ method: 'put', path: '/interest-rates/{half}', summary: 'Legg inn den offisielle forsinkelsesrenten for et halvår (gjelder straks)', ...access('operations'), request: { params: halfParam, body: jsonBody(setInterestRateRequest) }, responses: ok(interestRateStatus) }), async (c) => {
      const { half } = c.req.valid('param');
      const input = c.req.valid('json');
      const before = await enteredRate(deps, half);
      await setRate(deps, c.get('user'), half, input);
      await audit(deps, c.get('user'), null, 'interest_rate.set', { half, ratePct: input.ratePct, source: input.source, previous: before ? { ratePct: before.ratePct, source: before.source } : null });
      return c.json(interestRateStatus.parse(await rateStatus(deps)), 200);
    })
    .openapi(createRoute({ method: 'get', path: '/overpayments', summary: 'Overbetalinger holdt av byrået (?status=open|refunded|moved)', ...access('operations'), request: { query: listQuery }, responses: ok(overpaymentList) }), async (c) => {
      const { status } = c.req.valid('query');
      const items = await overpaymentsOf(deps, { creditorIds: await visibleCreditorIds(c.get('user')), ...(status ? { status } : {}) });
      return c.json(overpaymentList.parse({ items }), 200);
    })
    .openapi(createRoute({ method: 'post', path: '/overpayments/{id}/refund', summary: 'Overbetaling tilbakebetalt skyldner', ...access('operations'), request: { params: idParam, body: jsonBody(refundOverpaymentRequest) }, responses: ok(overpayment) }), async (c) => {
      const { id } = c.req.valid('param');
      const creditorId = await visibleOverpayment(c.get('user'), id);
      if (!creditorId) throw overpaymentNotFound();
      const input = c.req.valid('json');
      const o = await refundOverpayment(deps, id, c.get('user').id, input);
      await audit(deps, c.get('user'), creditorId, 'overpayment.refund', { overpaymentId: id, caseId: o.caseId, amountOre: o.amountOre, reference: input.reference, refundedAt: input.refundedAt });
      return c.json((await overpaymentsOf(deps, { creditorIds: [creditorId] })).find((o) => o.id === id)!, 200);
    })
    .openapi(createRoute({ method: 'post', path: '/overpayments/{id}/move', summary: 'Flytt overbetaling til en annen åpen sak hos samme kreditor', ...access('operations'), request: { params: idParam, body: jsonBody(moveOverpaymentRequest) }, responses: ok(overpayment) }), async (c) => {
      const { id } = c.req.valid('param');
      const creditorId = await visibleOverpayment(c.get('user'), id);
      if (!creditorId) throw overpaymentNotFound();
      const o = await moveOverpayment(deps, id, c.get('user').id, c.req.valid('json'));
      await audit(deps, c.get('user'), creditorId, 'overpayment.move', { overpaymentId: id, caseId: o.caseId, amountOre: o.amountOre, toCaseId: o.resolution.toCaseId, toPaymentId: o.resolution.toPaymentId });
      return c.json((await overpaymentsOf(deps, { creditorIds: [creditorId] })).find((o) => o.id === id)!, 200);
    });
}
