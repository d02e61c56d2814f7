// /cases: one case with its timeline and letters, the actions on its claims, the agency's payments;
// /letters: a letter as PDF. Another firm's case or letter is a 404, like an unknown one.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { caseDetail, claimActionRequest, letterList, registerPaymentRequest, type ClaimActionRequest } from '@shared/api';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { canSeeCreditor, requireRole, requireUser, visibleCase, type AuthEnv } from '../../http/auth';
import { notFound } from '../../errors';
import { access, apiRouter, idParam, file, jsonBody, ok } from '../../http/openapi';
import { paymentResponse } from '../../http/responses';
import { audit } from '../../http/audit';
import { claimAction, type ClaimAction } from './claims';
import { rejectInGo } from './go-rejection';
import { letterById, letterPdf, lettersOf } from './letters';
import type { LetterContent } from '../../domain/letter-content';
import { getCase } from './service';
import { registerAgencyPayment } from './payments';

const caseNotFound = () => notFound({ nb: 'saken', en: 'case' });
const letterNotFound = () => notFound({ nb: 'brevet', en: 'letter' });
const claimParams = z.object({ id: z.string(), invoiceNo: z.string().regex(/^[1-9][0-9]{0,9}$/, 'Fakturanummeret må være et positivt heltall / The invoice number must be a positive integer') });

/** What the four claim actions share: the claim, a reason, the case as the answer. */
const claimRequest = { ...access('user'), request: { params: claimParams, body: jsonBody(claimActionRequest) }, responses: ok(caseDetail) };

export function caseRoutes(deps: AppDeps) {
  // A firm user of the creditor's firm (the accountant) or operations: dispute, hold, resume or
  // withdraw one claim, with a reason. Other firms' cases are 404 like unknown ones.
  const claimHandler = (action: ClaimAction) => async <P extends string>(c: Context<AuthEnv, P, { out: { param: z.output<typeof claimParams>; json: ClaimActionRequest } }>) => {
    const { id, invoiceNo: invoiceNoText } = c.req.valid('param');
    const creditorId = await visibleCase(deps, c.get('user'), id);
    if (!creditorId) throw caseNotFound();
    const invoiceNo = Number(invoiceNoText);
    const user = c.get('user');
    const { reason } = c.req.valid('json');
    // A refusal (ClaimActionRefused) is a DomainError: app.ts's table answers it.
    const { changed } = await claimAction(deps, id, invoiceNo, action, { reason, by: { name: user.name, email: user.email } });
    if (changed) await audit(deps, user, creditorId, `case.claim.${action}`, { caseId: id, invoiceNo, reason });
    // Tell Go a case left without claims is rejected; a failure is retried by the same call again.
    if (action === 'withdraw') await rejectInGo(deps, id);
    return c.json((await getCase(deps, id))!, 200);
  };
  const router = apiRouter<AuthEnv>();
  router.use('*', requireUser(deps));
  return router
    .openapi(createRoute({ method: 'get', path: '/{id}', summary: 'Sak med tidslinje', ...access('user'), request: { params: idParam }, responses: ok(caseDetail) }), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await visibleCase(deps, c.get('user'), id))) throw caseNotFound();
      return c.json((await getCase(deps, id))!, 200);
    })
    .openapi(createRoute({ method: 'get', path: '/{id}/letters', summary: 'Brevene i saken (inkassovarsel, betalingsoppfordring) med innhold', ...access('user'), request: { params: idParam }, responses: ok(letterList) }), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await visibleCase(deps, c.get('user'), id))) throw caseNotFound();
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await lettersOf(deps, id) }, 200);
    })
    .openapi(createRoute({ method: 'post', path: '/{id}/claims/{invoiceNo}/dispute', summary: 'Kravet bestridt (innsigelse): inndrivingen stanses', ...claimRequest }), claimHandler('dispute'))
    .openapi(createRoute({ method: 'post', path: '/{id}/claims/{invoiceNo}/hold', summary: 'Kravet settes på vent', ...claimRequest }), claimHandler('hold'))
    .openapi(createRoute({ method: 'post', path: '/{id}/claims/{invoiceNo}/resume', summary: 'Inndrivingen av kravet gjenopptas', ...claimRequest }), claimHandler('resume'))
    .openapi(createRoute({ method: 'post', path: '/{id}/claims/{invoiceNo}/withdraw', summary: 'Kravet trekkes fra inkasso (saken avvises i Go når ingen krav er igjen)', ...claimRequest }), claimHandler('withdraw'))
    .openapi(createRoute({ method: 'post', path: '/{id}/payments', summary: 'Registrer skyldners innbetaling til byrået (201 ny, 200 allerede registrert)', ...access('operations'), middleware: [requireRole('operations')] as const, request: { params: idParam, body: jsonBody(registerPaymentRequest) }, responses: { ...ok(paymentResponse, 201), ...ok(paymentResponse) } }), async (c) => {
      const { id } = c.req.valid('param');
      const creditorId = await visibleCase(deps, c.get('user'), id);
      if (!creditorId) throw caseNotFound();
      const { payment, created, overpaymentId } = await registerAgencyPayment(deps, id, c.req.valid('json'));
      if (created) await audit(deps, c.get('user'), creditorId, 'case.payment', { caseId: id, amountOre: payment.amountOre, reference: payment.reference, surplusOre: payment.surplusOre });
      if (overpaymentId) await audit(deps, c.get('user'), creditorId, 'overpayment.held', { overpaymentId, caseId: id, paymentId: payment.id, amountOre: payment.surplusOre });
      return c.json({ id: payment.id, created, allocation: { costsOre: payment.costsOre, interestOre: payment.interestOre, principalOre: payment.principalOre, surplusOre: payment.surplusOre }, case: (await getCase(deps, id))! }, created ? 201 : 200);
    });
}

export function letterRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('*', requireUser(deps));
  // `/letters/<id>.pdf`
  return router.openapi(createRoute({ method: 'get', path: '/{file}', summary: 'Brevet som PDF: file er <brevets id>.pdf', ...access('user'), request: { params: z.object({ file: z.string() }) }, responses: file('application/pdf') }), async (c) => {
      const file = /^([0-9a-f-]{36})\.pdf$/.exec(c.req.valid('param').file);
      if (!file) throw letterNotFound();
      const id = file[1]!;
      const letter = await letterById(deps, id);
      if (!letter || !(await canSeeCreditor(deps, c.get('user'), letter.creditorId))) throw letterNotFound();
      const bytes = await letterPdf(letter.content as LetterContent);
      return c.body(bytes.slice().buffer as ArrayBuffer, 200, { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store', 'Content-Disposition': `inline; filename="${letter.kind === 'notice' ? 'inkassovarsel' : 'betalingsoppfordring'}-${letter.sentAt}.pdf"` });
    });
}
