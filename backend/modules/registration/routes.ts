// The wizard's API, mounted twice: /api/v1/registrations (Authorization: Bearer, for the extension
// and other clients) and /register/api (the wizard page, whose login is a cookie scoped to /register:
// it survives the trip to Go and back in whichever tab the user returns to). Cookie calls must be
// JSON from our own origin (a cross-site page cannot send JSON without CORS, which /register has
// none of). Plus ending a creditor, operations' firms, a firm admin's invites, and self-registration.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { zValidator } from '@hono/zod-validator';
import { z } from 'zod';
import { loginRequest } from '@shared/api';
import type { AppDeps } from '../../deps';
import { bearer, clientAddress, login, logout, requireCreditor, requireRole, sessionUser, type AuthEnv } from '../../http/auth';
import { apiError, validationHook } from '../../http/errors';
import { audit } from '../../http/audit';
import { RegistrationError } from './errors';
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

export function refused(c: Context, e: unknown) {
  if (e instanceof RegistrationError) return apiError(c, e.status, e.code, e.message, e.fields);
  throw e;
}

function secure(deps: AppDeps, c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || deps.config.publicUrl.startsWith('https:');
}

/** The page's calls: our own origin only (when the browser says where it comes from). */
function sameOrigin(deps: AppDeps, c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin) return origin === new URL(c.req.url).origin || origin === new URL(deps.config.publicUrl).origin;
  const site = c.req.header('sec-fetch-site');
  return !site || site === 'same-origin' || site === 'none';
}

/** Bearer (API) or the wizard's cookie (page); either way the same session store. */
function wizardUser(deps: AppDeps, allowCookie: boolean): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    let token = bearer(c.req.header('authorization'));
    if (!token && allowCookie) {
      token = getCookie(c, wizardCookie) ?? null;
      if (token && c.req.method !== 'GET' && !sameOrigin(deps, c)) return apiError(c, 403, 'forbidden', 'Forespørselen kom ikke fra veiviseren');
    }
    if (!token) return apiError(c, 401, 'unauthorized', 'Du må logge inn');
    const user = await sessionUser(deps, token);
    if (!user) return apiError(c, 401, 'unauthorized', 'Innloggingen er utløpt: logg inn på nytt');
    if (user.kind !== 'firm') return apiError(c, 403, 'forbidden', 'Registrering gjøres av regnskapsbyråets brukere');
    c.set('user', user);
    await next();
  };
}

/** The registration steps, for either way of logging in. */
export function registrationRoutes(deps: AppDeps, allowCookie = false) {
  const run = async (c: Ctx, action: string, fn: () => Promise<{ creditorId: string }>, status: 200 | 201 = 200) => {
    try {
      const out = await fn();
      await audit(deps, c.get('user'), out.creditorId, action, {});
      return c.json(out, status);
    } catch (e) {
      return refused(c, e);
    }
  };
  return new Hono<AuthEnv>()
    .use('*', wizardUser(deps, allowCookie))
    .post('/', zValidator('json', startBody, validationHook), (c) => run(c, 'registration.start', () => startRegistration(deps, c.get('user'), c.req.valid('json').orgNo), 201))
    .get('/agreement', async (c) => c.json(await currentAgreement(deps), 200))
    .get('/:id', zValidator('param', idParam, validationHook), async (c) => {
      try {
        return c.json(await getRegistration(deps, c.get('user'), c.req.valid('param').id), 200);
      } catch (e) {
        return refused(c, e);
      }
    })
    .post('/:id/finalize', zValidator('param', idParam, validationHook), zValidator('json', onboardingCallback, validationHook), (c) =>
      run(c, 'registration.go_connected', () => finalizeRegistration(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))))
    .post('/:id/client-key', zValidator('param', idParam, validationHook), zValidator('json', pastedKey, validationHook), (c) =>
      run(c, 'registration.go_connected', () => pasteClientKey(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json').clientKey)))
    .put('/:id/details', zValidator('param', idParam, validationHook), zValidator('json', registrationDetails, validationHook), (c) =>
      run(c, 'registration.details', () => saveDetails(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))))
    .get('/:id/preview', zValidator('param', idParam, validationHook), async (c) => {
      try {
        return c.json(await previewFirstRun(deps, c.get('user'), c.req.valid('param').id), 200);
      } catch (e) {
        return refused(c, e);
      }
    })
    .post('/:id/extensions', zValidator('param', idParam, validationHook), zValidator('json', extensionsReading, validationHook), (c) =>
      run(c, 'registration.extensions_read', () => recordExtensionsReading(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))))
    .post('/:id/activate', zValidator('param', idParam, validationHook), zValidator('json', activation, validationHook), (c) =>
      run(c, 'registration.activate', () => activateRegistration(deps, c.get('user'), c.req.valid('param').id, c.req.valid('json'))));
}

/** /register/api: the page's login (the cookie), self-registration, and the steps. */
export function wizardApiRoutes(deps: AppDeps) {
  const setSession = (c: Context, token: string) =>
    setCookie(c, wizardCookie, token, { path: '/register', httpOnly: true, sameSite: 'Lax', secure: secure(deps, c), maxAge: wizardSessionMs / 1000 });
  return new Hono<AuthEnv>()
    .post('/login', zValidator('json', loginRequest, validationHook), async (c) => {
      if (!sameOrigin(deps, c)) return apiError(c, 403, 'forbidden', 'Forespørselen kom ikke fra veiviseren');
      const { email, password } = c.req.valid('json');
      const outcome = await login(deps, email, password, clientAddress(deps, c), { sessionMs: wizardSessionMs });
      if (!outcome.ok && outcome.reason === 'limited') {
        c.header('Retry-After', String(outcome.retryAfterS ?? 60));
        return apiError(c, 429, 'rate_limited', 'For mange mislykkede innlogginger. Prøv igjen senere.');
      }
      if (!outcome.ok) return apiError(c, 401, 'invalid_credentials', 'Feil e-post eller passord', { password: 'Feil e-post eller passord' });
      setSession(c, outcome.token);
      await audit(deps, outcome.user, null, 'login', { via: 'wizard' });
      return c.json({ user: { name: outcome.user.name, email: outcome.user.email, firmName: outcome.user.firmName } }, 200);
    })
    .post('/logout', async (c) => {
      const token = getCookie(c, wizardCookie);
      if (token) await logout(deps, token);
      deleteCookie(c, wizardCookie, { path: '/register' });
      return c.json({ ok: true }, 200);
    })
    .post('/signup', zValidator('json', signupRequest, validationHook), async (c) => {
      if (!sameOrigin(deps, c)) return apiError(c, 403, 'forbidden', 'Forespørselen kom ikke fra veiviseren');
      try {
        const made = await signUp(deps, c.req.valid('json'), clientAddress(deps, c));
        const outcome = await login(deps, made.email, made.password, clientAddress(deps, c), { sessionMs: wizardSessionMs });
        if (!outcome.ok) return apiError(c, 429, 'rate_limited', 'For mange forsøk. Prøv igjen senere.');
        setSession(c, outcome.token);
        await audit(deps, outcome.user, null, 'signup', {});
        return c.json({ user: { name: outcome.user.name, email: outcome.user.email, firmName: outcome.user.firmName } }, 201);
      } catch (e) {
        return refused(c, e);
      }
    })
    .route('/registrations', registrationRoutes(deps, true));
}

/** POST /creditors/{id}/end and GET /creditors/{id}/end. */
export function endingRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('/:id/end', wizardUser(deps, false), requireCreditor(deps))
    .post('/:id/end', async (c) => {
      try {
        const view = await endCreditor(deps, c.req.param('id'));
        await audit(deps, c.get('user'), view.creditorId, 'creditor.end', { status: view.status, openCases: view.openCases });
        return c.json(view, 200);
      } catch (e) {
        return refused(c, e);
      }
    })
    .get('/:id/end', async (c) => {
      try {
        return c.json(await endingStatus(deps, c.req.param('id')), 200);
      } catch (e) {
        return refused(c, e);
      }
    });
}

/** Operations: POST /operations/firms (a firm and its first user's invitation). */
export function firmOperationsRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', async (c, next) => {
      const token = bearer(c.req.header('authorization'));
      const user = token ? await sessionUser(deps, token) : null;
      if (!user) return apiError(c, 401, 'unauthorized', 'Du må logge inn');
      c.set('user', user);
      await next();
    })
    .use('*', requireRole('operations'))
    .post('/', zValidator('json', createFirmRequest, validationHook), async (c) => {
      try {
        const firm = await createFirm(deps, c.get('user'), c.req.valid('json'));
        await audit(deps, c.get('user'), null, 'firm.create', { firmId: firm.firmId, adminEmail: firm.admin.email });
        return c.json(firm, 201);
      } catch (e) {
        return refused(c, e);
      }
    });
}

/** POST /firm/invites (a firm admin) and POST /invites/accept (the invited person, no login). */
export function inviteRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post('/invites/accept', zValidator('json', acceptInviteRequest, validationHook), async (c) => {
      try {
        const made = await acceptInvite(deps, c.req.valid('json'));
        return c.json(made, 201);
      } catch (e) {
        return refused(c, e);
      }
    })
    .use('/firm/*', wizardUser(deps, false))
    .post('/firm/invites', zValidator('json', inviteRequest, validationHook), async (c) => {
      try {
        const invite = await inviteColleague(deps, c.get('user'), c.req.valid('json'));
        await audit(deps, c.get('user'), null, 'firm.invite', { email: c.req.valid('json').email });
        return c.json(invite, 201);
      } catch (e) {
        return refused(c, e);
      }
    });
}
