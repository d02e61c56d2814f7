import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { dailyJobRequest, registerPaymentRequest } from '@shared/api';
import type { AppDeps } from '../deps';
import { canSeeCreditor, requireRole, requireUser, visibleCase, type AuthEnv } from '../http/auth';
import { apiError, validationHook } from '../http/errors';
import { audit } from '../http/audit';
import { getCase, PaymentRefused, registerAgencyPayment, runDaily, type DailyHook } from '../services/cases';

export function caseRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    .get('/:id', async (c) => {
      if (!(await visibleCase(deps, c.get('user'), c.req.param('id')))) return apiError(c, 404, 'not_found', 'Fant ikke saken / Case not found');
      return c.json((await getCase(deps, c.req.param('id')))!, 200);
    })
    .post('/:id/payments', requireRole('operations'), zValidator('json', registerPaymentRequest, validationHook), async (c) => {
      const id = c.req.param('id');
      const creditorId = await visibleCase(deps, c.get('user'), id);
      if (!creditorId) return apiError(c, 404, 'not_found', 'Fant ikke saken / Case not found');
      try {
        const { payment, created, overpaymentId } = await registerAgencyPayment(deps, id, c.req.valid('json'));
        if (created) await audit(deps, c.get('user'), creditorId, 'case.payment', { caseId: id, amountOre: payment.amountOre, reference: payment.reference, surplusOre: payment.surplusOre });
        if (overpaymentId) await audit(deps, c.get('user'), creditorId, 'overpayment.held', { overpaymentId, caseId: id, paymentId: payment.id, amountOre: payment.surplusOre });
        return c.json({ id: payment.id, created, allocation: { costsOre: payment.costsOre, interestOre: payment.interestOre, principalOre: payment.principalOre, surplusOre: payment.surplusOre }, case: (await getCase(deps, id))! }, created ? 201 : 200);
      } catch (e) {
        if (e instanceof PaymentRefused) return apiError(c, e.code === 'paid_in_future' ? 400 : 409, e.code === 'paid_in_future' ? 'validation' : e.code, e.message, e.fields);
        throw e;
      }
    });
}

export function jobRoutes(deps: AppDeps, afterCreditor?: DailyHook) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    // The agency's operations only: a firm's user never runs jobs.
    .post('/daily', requireRole('operations'), zValidator('json', dailyJobRequest, validationHook), async (c) => {
      const { date } = c.req.valid('json');
      // Another date moves every creditor's cases by that day's deadlines: only a sandbox or demo
      // (ALLOW_JOB_DATE=1) may do that; in production the run is always today's.
      if (date && !deps.config.allowJobDate) return apiError(c, 403, 'date_not_allowed', 'Dato kan bare velges i sandkasse/demo (ALLOW_JOB_DATE) / a date may only be given in a sandbox or demo', { date: 'Ikke tillatt her' });
      const result = await runDaily(deps, { ...(date ? { date } : {}), ...(afterCreditor ? { afterCreditor } : {}) });
      await audit(deps, c.get('user'), null, 'jobs.daily', { date: result.date });
      // The answer names only creditors the caller may see.
      const user = c.get('user');
      const visible = [];
      for (const r of result.creditors) if (await canSeeCreditor(deps, user, r.creditorId)) visible.push(r);
      return c.json({ date: result.date, creditors: visible }, 200);
    });
}
