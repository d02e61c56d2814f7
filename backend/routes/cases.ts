import { Hono, type Context } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { claimActionRequest, dailyJobRequest, registerPaymentRequest, type ClaimActionRequest } from '@shared/api';
import type { AppDeps } from '../deps';
import { canSeeCreditor, requireRole, requireUser, visibleCase, type AuthEnv } from '../http/auth';
import { apiError, validationHook } from '../http/errors';
import { audit } from '../http/audit';
import { claimAction, ClaimActionRefused, rejectInGo, type ClaimAction } from '../services/collection';
import { letterById, letterPdf, lettersOf } from '../services/letters';
import type { LetterContent } from '../domain/letter-content';
import { getCase, PaymentRefused, registerAgencyPayment, runDaily, type DailyHook } from '../services/cases';

export function caseRoutes(deps: AppDeps) {
  // A firm user of the creditor's firm (the accountant) or operations: dispute, hold, resume or
  // withdraw one claim, with a reason. Other firms' cases are 404 like unknown ones.
  const claimRoute = (action: ClaimAction) => [zValidator('json', claimActionRequest, validationHook), async (c: Context<AuthEnv, '/:id/claims/:invoiceNo', { in: { json: ClaimActionRequest }; out: { json: ClaimActionRequest } }>) => {
    const id = c.req.param('id');
    const creditorId = await visibleCase(deps, c.get('user'), id);
    if (!creditorId) return apiError(c, 404, 'not_found', 'Fant ikke saken / Case not found');
    const invoiceNo = Number(c.req.param('invoiceNo'));
    if (!/^[1-9][0-9]{0,9}$/.test(c.req.param('invoiceNo'))) return apiError(c, 400, 'validation', 'Ugyldig fakturanummer / invalid invoice number', { invoiceNo: 'Fakturanummeret må være et positivt heltall / must be a positive integer' });
    const user = c.get('user');
    const { reason } = c.req.valid('json');
    try {
      const { changed } = await claimAction(deps, id, invoiceNo, action, { reason, by: { name: user.name, email: user.email } });
      if (changed) await audit(deps, user, creditorId, `case.claim.${action}`, { caseId: id, invoiceNo, reason });
    } catch (e) {
      if (e instanceof ClaimActionRefused) return apiError(c, e.code === 'claim_not_found' ? 404 : 409, e.code, e.message, { invoiceNo: e.message });
      throw e;
    }
    // Tell Go a case left without claims is rejected; a failure is retried by the same call again.
    if (action === 'withdraw') await rejectInGo(deps, id);
    return c.json((await getCase(deps, id))!, 200);
  }] as const;
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    .get('/:id', async (c) => {
      if (!(await visibleCase(deps, c.get('user'), c.req.param('id')))) return apiError(c, 404, 'not_found', 'Fant ikke saken / Case not found');
      return c.json((await getCase(deps, c.req.param('id')))!, 200);
    })
    .get('/:id/letters', async (c) => {
      if (!(await visibleCase(deps, c.get('user'), c.req.param('id')))) return apiError(c, 404, 'not_found', 'Fant ikke saken / Case not found');
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await lettersOf(deps, c.req.param('id')) }, 200);
    })
    .post('/:id/claims/:invoiceNo/dispute', ...claimRoute('dispute'))
    .post('/:id/claims/:invoiceNo/hold', ...claimRoute('hold'))
    .post('/:id/claims/:invoiceNo/resume', ...claimRoute('resume'))
    .post('/:id/claims/:invoiceNo/withdraw', ...claimRoute('withdraw'))
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

export function letterRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    // `/letters/<id>.pdf`
    .get('/:file', async (c) => {
      const file = /^([0-9a-f-]{36})\.pdf$/.exec(c.req.param('file'));
      if (!file) return apiError(c, 404, 'not_found', 'Fant ikke brevet / Letter not found');
      const id = file[1]!;
      const letter = await letterById(deps, id);
      if (!letter || !(await canSeeCreditor(deps, c.get('user'), letter.creditorId))) return apiError(c, 404, 'not_found', 'Fant ikke brevet / Letter not found');
      const bytes = await letterPdf(letter.content as LetterContent);
      return c.body(bytes.slice().buffer as ArrayBuffer, 200, { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store', 'Content-Disposition': `inline; filename="${letter.kind === 'notice' ? 'inkassovarsel' : 'betalingsoppfordring'}-${letter.sentAt}.pdf"` });
    });
}
