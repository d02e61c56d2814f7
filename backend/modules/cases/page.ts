// The case page, /cases/{id}: the link Go keeps as the case's externalCaseUrl for the life of the
// case, so the link must never be the key. The page shows nothing of the case until the person logs
// in (a form served here, posting to ourselves), and then only to users who may see the case's
// creditor (404 otherwise). The login sets a session cookie for /cases only: HttpOnly, SameSite=Strict,
// Secure when served over https. Posts are checked to come from our own origin (CSRF), and the
// cookie is never accepted by the API (which takes only Authorization: Bearer).
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { getCase } from './service';
import { claimAction, ClaimActionRefused } from './claims';
import { rejectInGo } from './go-rejection';
import { letterById, letterPdf, lettersOf } from './letters';
import type { LetterContent } from '../../domain/letter-content';
import { renderCaseLogin, renderCaseMessage, renderCaseView } from './view';
import { clientAddress, sessionUser, visibleCase } from '../../http/auth';
import { login, logout } from '../auth/login';
import { audit } from '../../http/audit';
import { sameOrigin } from '../../http/same-origin';

export const casePageCookie = 'modhi_case_session';
const pageSessionMs = 8 * 3_600_000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const notFound = () => renderCaseMessage('Ukjent sak', { heading: 'Fant ikke saken', body: 'Saken finnes ikke, eller du har ikke tilgang til den.' });
const refused = () => renderCaseMessage('Avvist', { heading: 'Avvist' });

const claimActions = z.enum(['dispute', 'hold', 'resume', 'withdraw']);
type ClaimAction = z.infer<typeof claimActions>;
const actionBody = z.object({ reason: z.string().trim().min(1).max(500) });
const doneText: Record<ClaimAction, string> = {
  dispute: 'Innsigelsen er registrert: inndrivingen av kravet er stanset, og PowerOffice GO viser «Bestridt – stanset».',
  hold: 'Kravet er satt på vent: ingen brev og ingen nye kostnader til det gjenopptas.',
  resume: 'Inndrivingen av kravet er gjenopptatt.',
  withdraw: 'Kravet er trukket fra inkasso.',
};

const loginBody = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(1000) });

function secure(deps: AppDeps, c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || deps.config.publicUrl.startsWith('https:');
}


export function casePageRoutes(deps: AppDeps) {
  return new Hono()
    .use('*', async (c, next) => {
      c.header('X-Robots-Tag', 'noindex, nofollow');
      await next();
    })
    .get('/:id', async (c) => {
      const id = c.req.param('id');
      const token = getCookie(c, casePageCookie);
      const user = token ? await sessionUser(deps, token) : null;
      // Not logged in: the same form for every id, so the page does not even tell whether the case exists.
      if (!user) return c.html(renderCaseLogin(id), 401);
      const detail = uuid.test(id) && (await visibleCase(deps, user, id)) ? await getCase(deps, id) : null;
      if (!detail) return c.html(notFound(), 404);
      const letters = (await lettersOf(deps, id)).map(({ id: letterId, kind, sentAt, deadline, invoiceNos }) => ({ id: letterId, kind, sentAt, deadline, invoiceNos }));
      const done = c.req.query('done');
      return c.html(await renderCaseView({ detail, letters, userName: user.name, message: done && done in doneText ? doneText[done as ClaimAction] : null }));
    })
    .get('/:id/letters/:file', async (c) => {
      const id = c.req.param('id');
      const token = getCookie(c, casePageCookie);
      const user = token ? await sessionUser(deps, token) : null;
      if (!user) return c.html(renderCaseLogin(id), 401);
      const file = /^([0-9a-f-]{36})\.pdf$/.exec(c.req.param('file'));
      const letter = file && uuid.test(id) && (await visibleCase(deps, user, id)) ? await letterById(deps, file[1]!) : null;
      if (!letter || letter.caseId !== id) return c.html(notFound(), 404);
      const bytes = await letterPdf(letter.content as LetterContent);
      return c.body(bytes.slice().buffer as ArrayBuffer, 200, { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store', 'Content-Disposition': `inline; filename="${letter.kind === 'notice' ? 'inkassovarsel' : 'betalingsoppfordring'}-${letter.sentAt}.pdf"` });
    })
    // The claim actions as plain form posts from the page (its cookie session, same origin only).
    .post('/:id/claims/:invoiceNo/:action', async (c) => {
      const id = c.req.param('id');
      if (!sameOrigin(deps, c)) return c.html(refused(), 403);
      const token = getCookie(c, casePageCookie);
      const user = token ? await sessionUser(deps, token) : null;
      if (!user) return c.html(renderCaseLogin(id), 401);
      const action = claimActions.safeParse(c.req.param('action'));
      const invoiceNo = Number(c.req.param('invoiceNo'));
      if (!action.success || !Number.isSafeInteger(invoiceNo) || !uuid.test(id) || !(await visibleCase(deps, user, id))) return c.html(notFound(), 404);
      const form = actionBody.safeParse(await c.req.parseBody().catch(() => ({})));
      if (!form.success) return c.html(renderCaseMessage('Mangler begrunnelse', { heading: 'Skriv en begrunnelse', body: 'Hver handling på et krav trenger en begrunnelse.', back: id }), 400);
      try {
        await claimAction(deps, id, invoiceNo, action.data, { reason: form.data.reason, by: { name: user.name, email: user.email } });
      } catch (e) {
        if (e instanceof ClaimActionRefused) return c.html(renderCaseMessage('Ikke utført', { heading: 'Ikke utført', body: e.text.nb, back: id }), 409);
        throw e;
      }
      if (action.data === 'withdraw') await rejectInGo(deps, id);
      await audit(deps, user, null, `claim.${action.data}`, { caseId: id, invoiceNo, via: 'case_page' });
      return c.redirect(`/cases/${id}?done=${action.data}`, 303);
    })
    .post('/logout', async (c) => {
      if (!sameOrigin(deps, c)) return c.html(refused(), 403);
      const token = getCookie(c, casePageCookie);
      if (token) await logout(deps, token);
      deleteCookie(c, casePageCookie, { path: '/cases', secure: secure(deps, c) });
      return c.html(renderCaseMessage('Logget ut', { heading: 'Du er logget ut' }), 200);
    })
    .post('/:id/login', async (c) => {
      const id = c.req.param('id');
      if (!sameOrigin(deps, c)) return c.html(renderCaseMessage('Avvist', { heading: 'Avvist', body: 'Innloggingen må komme fra denne siden.' }), 403);
      const form = loginBody.safeParse(await c.req.parseBody().catch(() => ({})));
      if (!form.success) return c.html(renderCaseLogin(id, 'Skriv inn e-post og passord.'), 400);
      const outcome = await login(deps, form.data.email, form.data.password, clientAddress(deps, c), { sessionMs: pageSessionMs });
      if (!outcome.ok && outcome.reason === 'limited') {
        c.header('Retry-After', String(outcome.retryAfterS ?? 60));
        return c.html(renderCaseLogin(id, 'For mange mislykkede innlogginger, prøv igjen senere.'), 429);
      }
      if (!outcome.ok) return c.html(renderCaseLogin(id, 'Feil e-post eller passord.'), 401);
      await audit(deps, outcome.user, null, 'login', { via: 'case_page' });
      setCookie(c, casePageCookie, outcome.token, { path: '/cases', httpOnly: true, sameSite: 'Strict', secure: secure(deps, c), maxAge: pageSessionMs / 1000 });
      // Only to a case page of ours: the id is the path segment we were posted to.
      return c.redirect(uuid.test(id) ? `/cases/${id}` : '/cases/unknown', 303);
    });
}
