import { createRoute } from '@hono/zod-openapi';
import { loginRequest, loginResponse, user } from '@shared/api';
import type { AppDeps } from '../../deps';
import { bearer, clientAddress, requireUser, type AuthEnv } from '../../http/auth';
import { login, logout } from './login';
import { DomainError } from '../../errors';
import { access, apiRouter, jsonBody, ok } from '../../http/openapi';
import { okResponse } from '../../http/responses';
import { audit } from '../../http/audit';

export function authRoutes(deps: AppDeps) {
  return apiRouter<AuthEnv>()
    .openapi(createRoute({ method: 'post', path: '/auth/login', summary: 'Logg inn / log in', ...access('none'), request: { body: jsonBody(loginRequest) }, responses: ok(loginResponse) }), async (c) => {
      const { email, password } = c.req.valid('json');
      const outcome = await login(deps, email, password, clientAddress(deps, c));
      if (!outcome.ok && outcome.reason === 'limited') {
        c.header('Retry-After', String(outcome.retryAfterS ?? 60));
        throw new DomainError('rate_limited', { message: { nb: 'For mange mislykkede innlogginger, prøv igjen senere', en: 'Too many failed logins, try again later' } });
      }
      if (!outcome.ok) throw new DomainError('invalid_credentials', { message: { nb: 'Feil e-post eller passord', en: 'Wrong email or password' }, fields: { password: { nb: 'Feil e-post eller passord', en: 'Wrong email or password' } } });
      await audit(deps, outcome.user, null, 'login', {});
      return c.json({ token: outcome.token, user: outcome.user }, 200);
    })
    .openapi(createRoute({ method: 'post', path: '/auth/logout', summary: 'Logg ut / log out', ...access('user'), middleware: [requireUser(deps)] as const, responses: ok(okResponse) }), async (c) => {
      await logout(deps, bearer(c.req.header('authorization'))!);
      await audit(deps, c.get('user'), null, 'logout', {});
      return c.json({ ok: true as const }, 200);
    })
    .openapi(createRoute({ method: 'get', path: '/me', summary: 'Innlogget bruker / current user', ...access('user'), middleware: [requireUser(deps)] as const, responses: ok(user) }), (c) => c.json(c.get('user'), 200));
}
