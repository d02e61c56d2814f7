import { Hono } from 'hono';
import { caseDetail, dailyJobRequest, registerPaymentRequest } from '@shared/api';
import type { AppDeps } from '../deps';
import { canSeeCreditor, requireRole, requireUser, visibleCase, type AuthEnv } from '../http/auth';
import { DomainError, notFound } from '../errors';
import { doc, validated } from '../http/openapi';
import { dailyJobResponse, paymentResponse } from '../http/responses';
import { audit } from '../http/audit';
import { getCase, registerAgencyPayment, runDaily, type DailyHook } from '../services/cases';

const caseNotFound = () => notFound({ nb: 'saken', en: 'case' });

export function caseRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    .get('/:id', doc({ summary: 'Sak med tidslinje', auth: 'user', response: caseDetail }), async (c) => {
      if (!(await visibleCase(deps, c.get('user'), c.req.param('id')))) throw caseNotFound();
      return c.json((await getCase(deps, c.req.param('id')))!, 200);
    })
    .post('/:id/payments', doc({ summary: 'Registrer skyldners innbetaling til byrået (201 ny, 200 allerede registrert)', auth: 'operations', status: 201, response: paymentResponse }), requireRole('operations'), validated('json', registerPaymentRequest), async (c) => {
      const id = c.req.param('id');
      const creditorId = await visibleCase(deps, c.get('user'), id);
      if (!creditorId) throw caseNotFound();
      const { payment, created, overpaymentId } = await registerAgencyPayment(deps, id, c.req.valid('json'));
      if (created) await audit(deps, c.get('user'), creditorId, 'case.payment', { caseId: id, amountOre: payment.amountOre, reference: payment.reference, surplusOre: payment.surplusOre });
      if (overpaymentId) await audit(deps, c.get('user'), creditorId, 'overpayment.held', { overpaymentId, caseId: id, paymentId: payment.id, amountOre: payment.surplusOre });
      return c.json({ id: payment.id, created, allocation: { costsOre: payment.costsOre, interestOre: payment.interestOre, principalOre: payment.principalOre, surplusOre: payment.surplusOre }, case: (await getCase(deps, id))! }, created ? 201 : 200);
    });
}

export function jobRoutes(deps: AppDeps, afterCreditor?: DailyHook) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    // The agency's operations only: a firm's user never runs jobs.
    .post('/daily', doc({ summary: 'Kjør dagens jobb nå for alle kreditorer', auth: 'operations', response: dailyJobResponse }), requireRole('operations'), validated('json', dailyJobRequest), async (c) => {
      const { date } = c.req.valid('json');
      // Another date moves every creditor's cases by that day's deadlines: only a sandbox or demo
      // (ALLOW_JOB_DATE=1) may do that; in production the run is always today's.
      if (date && !deps.config.allowJobDate) throw new DomainError('date_not_allowed', { message: { nb: 'Dato kan bare velges i sandkasse/demo (ALLOW_JOB_DATE)', en: 'A date may only be given in a sandbox or demo (ALLOW_JOB_DATE)' }, fields: { date: { nb: 'Ikke tillatt her', en: 'Not allowed here' } } });
      const result = await runDaily(deps, { ...(date ? { date } : {}), ...(afterCreditor ? { afterCreditor } : {}) });
      await audit(deps, c.get('user'), null, 'jobs.daily', { date: result.date });
      // The answer names only creditors the caller may see.
      const user = c.get('user');
      const visible = [];
      for (const r of result.creditors) if (await canSeeCreditor(deps, user, r.creditorId)) visible.push(r);
      return c.json({ date: result.date, creditors: visible }, 200);
    });
}
