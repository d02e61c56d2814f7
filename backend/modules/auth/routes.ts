import { Hono } from 'hono';
import { loginRequest, loginResponse, user } from '@shared/api';
import type { AppDeps } from '../../deps';
import { bearer, clientAddress, requireUser, type AuthEnv } from '../../http/auth';
import { login, logout } from './login';
import { DomainError } from '../../errors';
import { doc, validated } from '../../http/openapi';
import { okResponse } from '../../http/responses';
import { audit } from '../../http/audit';

export function authRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post('/auth/login', doc({ summary: 'Logg inn / log in', auth: 'none', response: loginResponse }), validated('json', loginRequest), async (c) => {
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
    .post('/auth/logout', doc({ summary: 'Logg ut / log out', auth: 'user', response: okResponse }), requireUser(deps), async (c) => {
      await logout(deps, bearer(c.req.header('authorization'))!);
      await audit(deps, c.get('user'), null, 'logout', {});
      return c.json({ ok: true as const }, 200);
    })
    .get('/me', doc({ summary: 'Innlogget bruker / current user', auth: 'user', response: user }), requireUser(deps), (c) => c.json(c.get('user'), 200));
}
