import { Hono } from 'hono';
import { zValidator } from '@hono/zod-validator';
import { loginRequest } from '@shared/api';
import type { AppDeps } from '../deps';
import { bearer, clientAddress, login, logout, requireUser, type AuthEnv } from '../http/auth';
import { apiError, validationHook } from '../http/errors';
import { audit } from '../http/audit';

export function authRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .post('/auth/login', zValidator('json', loginRequest, validationHook), async (c) => {
      const { email, password } = c.req.valid('json');
      const outcome = await login(deps, email, password, clientAddress(deps, c));
      if (!outcome.ok && outcome.reason === 'limited') {
        c.header('Retry-After', String(outcome.retryAfterS ?? 60));
        return apiError(c, 429, 'rate_limited', 'For mange mislykkede innlogginger, prøv igjen senere / Too many failed logins, try again later');
      }
      if (!outcome.ok) return apiError(c, 401, 'invalid_credentials', 'Feil e-post eller passord / Wrong email or password', { password: 'Feil e-post eller passord' });
      await audit(deps, outcome.user, null, 'login', {});
      return c.json({ token: outcome.token, user: outcome.user }, 200);
    })
    .post('/auth/logout', requireUser(deps), async (c) => {
      await logout(deps, bearer(c.req.header('authorization'))!);
      await audit(deps, c.get('user'), null, 'logout', {});
      return c.json({ ok: true }, 200);
    })
    .get('/me', requireUser(deps), (c) => c.json(c.get('user'), 200));
}
