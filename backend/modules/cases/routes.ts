// /cases: one case with its timeline and letters, the actions on its claims, the agency's payments;
// /letters: a letter as PDF. Another firm's case or letter is a 404, like an unknown one.
import { Hono, type Context } from 'hono';
import { caseDetail, claimActionRequest, letterList, registerPaymentRequest, type ClaimActionRequest } from '@shared/api';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { canSeeCreditor, requireRole, requireUser, visibleCase, type AuthEnv } from '../../http/auth';
import { notFound } from '../../errors';
import { doc, validated } from '../../http/openapi';
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

export function caseRoutes(deps: AppDeps) {
  // A firm user of the creditor's firm (the accountant) or operations: dispute, hold, resume or
  // withdraw one claim, with a reason. Other firms' cases are 404 like unknown ones.
  const claimRoute = (action: ClaimAction) => [validated('param', claimParams), validated('json', claimActionRequest), async (c: Context<AuthEnv, '/:id/claims/:invoiceNo', { in: { json: ClaimActionRequest }; out: { json: ClaimActionRequest } }>) => {
    const id = c.req.param('id');
    const creditorId = await visibleCase(deps, c.get('user'), id);
    if (!creditorId) throw caseNotFound();
    const invoiceNo = Number(c.req.param('invoiceNo'));
    const user = c.get('user');
    const { reason } = c.req.valid('json');
    // A refusal (ClaimActionRefused) is a DomainError: app.ts's table answers it.
    const { changed } = await claimAction(deps, id, invoiceNo, action, { reason, by: { name: user.name, email: user.email } });
    if (changed) await audit(deps, user, creditorId, `case.claim.${action}`, { caseId: id, invoiceNo, reason });
    // Tell Go a case left without claims is rejected; a failure is retried by the same call again.
    if (action === 'withdraw') await rejectInGo(deps, id);
    return c.json((await getCase(deps, id))!, 200);
  }] as const;
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    .get('/:id', doc({ summary: 'Sak med tidslinje', auth: 'user', response: caseDetail }), async (c) => {
      if (!(await visibleCase(deps, c.get('user'), c.req.param('id')))) throw caseNotFound();
      return c.json((await getCase(deps, c.req.param('id')))!, 200);
    })
    .get('/:id/letters', doc({ summary: 'Brevene i saken (inkassovarsel, betalingsoppfordring) med innhold', auth: 'user', response: letterList }), async (c) => {
      if (!(await visibleCase(deps, c.get('user'), c.req.param('id')))) throw caseNotFound();
      c.header('Cache-Control', 'no-store');
      return c.json({ items: await lettersOf(deps, c.req.param('id')) }, 200);
    })
    .post('/:id/claims/:invoiceNo/dispute', doc({ summary: 'Kravet bestridt (innsigelse): inndrivingen stanses', auth: 'user', response: caseDetail }), ...claimRoute('dispute'))
    .post('/:id/claims/:invoiceNo/hold', doc({ summary: 'Kravet settes på vent', auth: 'user', response: caseDetail }), ...claimRoute('hold'))
    .post('/:id/claims/:invoiceNo/resume', doc({ summary: 'Inndrivingen av kravet gjenopptas', auth: 'user', response: caseDetail }), ...claimRoute('resume'))
    .post('/:id/claims/:invoiceNo/withdraw', doc({ summary: 'Kravet trekkes fra inkasso (saken avvises i Go når ingen krav er igjen)', auth: 'user', response: caseDetail }), ...claimRoute('withdraw'))
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

export function letterRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    // `/letters/<id>.pdf`
    .get('/:file', doc({ summary: 'Brevet som PDF: file er <brevets id>.pdf', auth: 'user', response: { mediaType: 'application/pdf' } }), async (c) => {
      const file = /^([0-9a-f-]{36})\.pdf$/.exec(c.req.param('file'));
      if (!file) throw letterNotFound();
      const id = file[1]!;
      const letter = await letterById(deps, id);
      if (!letter || !(await canSeeCreditor(deps, c.get('user'), letter.creditorId))) throw letterNotFound();
      const bytes = await letterPdf(letter.content as LetterContent);
      return c.body(bytes.slice().buffer as ArrayBuffer, 200, { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store', 'Content-Disposition': `inline; filename="${letter.kind === 'notice' ? 'inkassovarsel' : 'betalingsoppfordring'}-${letter.sentAt}.pdf"` });
    });
}
