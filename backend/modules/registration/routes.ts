// The wizard's API, mounted twice: /api/v1/registrations (Authorization: Bearer, for the extension
// and other clients) and /register/api (the wizard page, whose login is a cookie scoped to /register:
// it survives the trip to Go and back in whichever tab the user returns to). Cookie calls must be
// JSON from our own origin (a cross-site page cannot send JSON without CORS, which /register has
// none of). Plus ending a creditor, operations' firms, a firm admin's invites, and self-registration.
import type { Context, MiddlewareHandler } from 'hono';
import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { loginRequest } from '@shared/api';
import type { AppDeps } from '../../deps';
import { bearer, clientAddress, requireCreditor, requireRole, sessionUser, type AuthEnv } from '../../http/auth';
import { login, logout } from '../auth/login';
import { DomainError, type ErrorCode } from '../../errors';
import { access, apiRouter, jsonBody, ok } from '../../http/openapi';
import { okResponse } from '../../http/responses';
import { audit } from '../../http/audit';
import { sameOrigin } from '../../http/same-origin';
import { activationResult, agreementView, endingView, firmCreated, inviteAccepted, inviteCreated, preview, registrationView, wizardLogin } from './answers';
import { activateRegistration, activation, currentAgreement, finalizeRegistration, getRegistration, onboardingCallback, pastedKey, pasteClientKey, recordExtensionsReading, registrationDetails, saveDetails, startRegistration } from './service';
import { extensionsReading } from './agency-check';
import { endCreditor, endingStatus } from './ending';
import { acceptInvite, acceptInviteRequest, createFirm, createFirmRequest, inviteColleague, inviteRequest, signUp, signupRequest } from './firms';
import { previewFirstRun } from './preview';

export const wizardCookie = 'modhi_wizard';
const wizardSessionMs = 8 * 3_600_000;
const startBody = z.object({ orgNo: z.string().max(40) });
const idParam = z.object({ id: z.string().min(1).max(64) });

type Ctx = Context<AuthEnv>;

/** A refusal at the edge (login, origin): a DomainError like every other, with its own status. */
const refuse = (status: 401 | 403 | 429, code: ErrorCode, message: string, fields?: Record<string, string>) =>
  new DomainError(code, { message: { nb: message, en: message }, status, ...(fields ? { fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { nb: v, en: v }])) } : {}) });

function secure(deps: AppDeps, c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || deps.config.publicUrl.startsWith('https:');
}


/** Bearer (API) or the wizard's cookie (page); either way the same session store. */
function wizardUser(deps: AppDeps, allowCookie: boolean): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    let token = bearer(c.req.header('authorization'));
    if (!token && allowCookie) {
      token = getCookie(c, wizardCookie) ?? null;
      if (token && c.req.method !== 'GET' && !sameOrigin(deps, c)) throw refuse(403, 'forbidden', 'Forespørselen kom ikke fra veiviseren');
    }
    if (!token) throw refuse(401, 'unauthorized', 'Du må logge inn');
    const user = await sessionUser(deps, token);
    if (!user) throw refuse(401, 'unauthorized', 'Innloggingen er utløpt: logg inn på nytt');
    if (user.kind !== 'firm') throw refuse(403, 'forbidden', 'Registrering gjøres av regnskapsbyråets brukere');
    c.set('user', user);
    await next();
  };
}

/** The registration steps, for either way of logging in. */
export function registrationRoutes(deps: AppDeps, allowCookie = false) {
  const run = async <T extends { creditorId: string }, S extends 200 | 201 = 200>(c: Ctx, action: string, fn: () => Promise<T>, status: S = 200 as S) => {
    const out = await fn();
    await audit(deps, c.get('user'), out.creditorId, action, {});
    return c.json(out, status);
  };
  const router = apiRouter<AuthEnv>();
  router.use('*', wizardUser(deps, allowCookie));
  return router
    .openapi(createRoute({ method: 'post', path: '/', summary: 'Ny kunde på integrasjon, steg 1: organisasjonsnummer (MOD11, Enhetsregisteret, starter godkjenning i Go)', ...access('user'), request: { body: jsonBody(startBody) }, responses: ok(registrationView, 201) }), (c) =>
      run(c, 'registration.start', () => startRegistration(deps, c.get('user'), c.req.valid('json').orgNo), 201))
    .openapi(createRoute({ method: 'get', path: '/agreement', summary: 'Gjeldende avtale (versjon, tekst, provisjon, hva skyldneren betaler)', ...access('user'), responses: ok(agreementView) }), async (c) => c.json(await currentAgreement(deps), 200))
    .openapi(createRoute({ method: 'get', path: '/{id}', summary: 'Registreringen under arbeid (for å fortsette veiviseren)', ...access('user'), request: { params: idParam }, responses: ok(registrationView) }), async (c) =>
      c.json(await getRegistration(deps, c.get('user'), c.req.valid('param').id), 200))
    .openapi(createRoute({ method: 'post', path: '/{id}/finalize', summary: 'Steg 2: Go sitt svar etter godkjenningen (status, token) gir klientnøkkelen', ...access('user'), request: { params: idParam, body: jsonBody(onboardingCallback) }, responses: ok(registrationView) }), (c) =>
      run(c, 'registration.go_connected', () => finalizeRegistration(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))))
    .openapi(createRoute({ method: 'post', path: '/{id}/client-key', summary: 'Steg 2, for hånd: klientnøkkel fra Innstillinger → Utvidelser i Go (sjekkes før den lagres kryptert)', ...access('user'), request: { params: idParam, body: jsonBody(pastedKey) }, responses: ok(registrationView) }), (c) =>
      run(c, 'registration.go_connected', () => pasteClientKey(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json').clientKey)))
    .openapi(createRoute({ method: 'put', path: '/{id}/details', summary: 'Steg 3: firma, adresse, bankkonto, MVA, kontaktperson, kontoer (mot kontoplanen i Go), purreprofil og godkjenning', ...access('user'), request: { params: idParam, body: jsonBody(registrationDetails) }, responses: ok(registrationView) }), (c) =>
      run(c, 'registration.details', () => saveDetails(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))))
    .openapi(createRoute({ method: 'get', path: '/{id}/preview', summary: 'Før aktivering: forfalte fakturaer, hvilke første kjøring sender, med funnene', ...access('user'), request: { params: idParam }, responses: ok(preview) }), async (c) =>
      c.json(await previewFirstRun(deps, c.get('user'), c.req.valid('param').id), 200))
    .openapi(createRoute({ method: 'post', path: '/{id}/extensions', summary: 'Før aktivering: utvidelsens lesing av Utvidelser-siden i Go (hvilke inkassobyråer som kan opprette saker)', ...access('user'), request: { params: idParam, body: jsonBody(extensionsReading) }, responses: ok(registrationView) }), (c) =>
      run(c, 'registration.extensions_read', () => recordExtensionsReading(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))))
    .openapi(createRoute({ method: 'post', path: '/{id}/activate', summary: 'Steg 4: godta avtalen og aktiver (stopper mens et annet inkassobyrå kan opprette saker); første synk kjøres', ...access('user'), request: { params: idParam, body: jsonBody(activation) }, responses: ok(activationResult) }), (c) =>
      run(c, 'registration.activate', () => activateRegistration(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))));
}

/** /register/api: the page's login (the cookie), self-registration, and the steps. */
export function wizardApiRoutes(deps: AppDeps) {
  const setSession = (c: Context, token: string) =>
    setCookie(c, wizardCookie, token, { path: '/register', httpOnly: true, sameSite: 'Lax', secure: secure(deps, c), maxAge: wizardSessionMs / 1000 });
  return apiRouter<AuthEnv>()
    .openapi(createRoute({ method: 'post', path: '/login', summary: 'Veiviserens innlogging (informasjonskapsel for /register)', ...access('none'), request: { body: jsonBody(loginRequest) }, responses: ok(wizardLogin) }), async (c) => {
      if (!sameOrigin(deps, c)) throw refuse(403, 'forbidden', 'Forespørselen kom ikke fra veiviseren');
      const { email, password } = c.req.valid('json');
      const outcome = await login(deps, email, password, clientAddress(deps, c), { sessionMs: wizardSessionMs });
      if (!outcome.ok && outcome.reason === 'limited') {
        c.header('Retry-After', String(outcome.retryAfterS ?? 60));
        throw refuse(429, 'rate_limited', 'For mange mislykkede innlogginger. Prøv igjen senere.');
      }
      if (!outcome.ok) throw refuse(401, 'invalid_credentials', 'Feil e-post eller passord', { password: 'Feil e-post eller passord' });
      setSession(c, outcome.token);
      await audit(deps, outcome.user, null, 'login', { via: 'wizard' });
      return c.json({ user: { name: outcome.user.name, email: outcome.user.email, firmName: outcome.user.firmName } }, 200);
    })
    .openapi(createRoute({ method: 'post', path: '/logout', summary: 'Veiviserens utlogging', ...access('none'), responses: ok(okResponse) }), async (c) => {
      const token = getCookie(c, wizardCookie);
      if (token) await logout(deps, token);
      deleteCookie(c, wizardCookie, { path: '/register' });
      return c.json({ ok: true as const }, 200);
    })
    .openapi(createRoute({ method: 'post', path: '/signup', summary: 'Selvregistrering: nytt regnskapsbyrå med første bruker, innlogget i veiviseren', ...access('none'), request: { body: jsonBody(signupRequest) }, responses: ok(wizardLogin, 201) }), async (c) => {
      if (!sameOrigin(deps, c)) throw refuse(403, 'forbidden', 'Forespørselen kom ikke fra veiviseren');
      const made = await signUp(deps, c.req.valid('json'), clientAddress(deps, c));
      const outcome = await login(deps, made.email, made.password, clientAddress(deps, c), { sessionMs: wizardSessionMs });
      if (!outcome.ok) throw refuse(429, 'rate_limited', 'For mange forsøk. Prøv igjen senere.');
      setSession(c, outcome.token);
      await audit(deps, outcome.user, null, 'signup', {});
      return c.json({ user: { name: outcome.user.name, email: outcome.user.email, firmName: outcome.user.firmName } }, 201);
    })
    .route('/registrations', registrationRoutes(deps, true));
}

/** POST /creditors/{id}/end and GET /creditors/{id}/end. */
export function endingRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('/:id/end', wizardUser(deps, false), requireCreditor(deps));
  return router
    .openapi(createRoute({ method: 'post', path: '/{id}/end', summary: 'Avslutt forholdet: ingen nye saker, åpne saker følges opp til de er avsluttet', ...access('user'), request: { params: idParam }, responses: ok(endingView) }), async (c) => {
      const view = await endCreditor(deps, c.req.valid('param').id);
      await audit(deps, c.get('user'), view.creditorId, 'creditor.end', { status: view.status, openCases: view.openCases });
      return c.json(view, 200);
    })
    .openapi(createRoute({ method: 'get', path: '/{id}/end', summary: 'Status for avslutningen (ended når siste sak er avsluttet)', ...access('user'), request: { params: idParam }, responses: ok(endingView) }), async (c) =>
      c.json(await endingStatus(deps, c.req.valid('param').id), 200));
}

/** Operations: POST /operations/firms (a firm and its first user's invitation). */
export function firmOperationsRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('*', async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    const user = token ? await sessionUser(deps, token) : null;
    if (!user) throw refuse(401, 'unauthorized', 'Du må logge inn');
    c.set('user', user);
    await next();
  });
  router.use('*', requireRole('operations'));
  return router.openapi(createRoute({ method: 'post', path: '/', summary: 'Nytt regnskapsbyrå og invitasjon til første bruker (administrator)', ...access('operations'), request: { body: jsonBody(createFirmRequest) }, responses: ok(firmCreated, 201) }), async (c) => {
    const firm = await createFirm(deps, c.get('user'), c.req.valid('json'));
    await audit(deps, c.get('user'), null, 'firm.create', { firmId: firm.firmId, adminEmail: firm.admin.email });
    return c.json(firm, 201);
  });
}

/** POST /firm/invites (a firm admin) and POST /invites/accept (the invited person, no login). */
export function inviteRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('/firm/*', wizardUser(deps, false));
  return router
    .openapi(createRoute({ method: 'post', path: '/invites/accept', summary: 'Invitert bruker velger eget passord', ...access('none'), request: { body: jsonBody(acceptInviteRequest) }, responses: ok(inviteAccepted, 201) }), async (c) =>
      c.json(await acceptInvite(deps, c.req.valid('json')), 201))
    .openapi(createRoute({ method: 'post', path: '/firm/invites', summary: 'Regnskapsbyråets administrator inviterer en kollega', ...access('user'), request: { body: jsonBody(inviteRequest) }, responses: ok(inviteCreated, 201) }), async (c) => {
      const invite = await inviteColleague(deps, c.get('user'), c.req.valid('json'));
      await audit(deps, c.get('user'), null, 'firm.invite', { email: c.req.valid('json').email });
      return c.json(invite, 201);
    });
}
