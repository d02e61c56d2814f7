// POST /jobs/daily: operations run today's job (sync → advance → remit → push) for every creditor now.
import { createRoute } from '@hono/zod-openapi';
import { dailyJobRequest } from '@shared/api';
import type { AppDeps } from '../../deps';
import { canSeeCreditor, requireRole, requireUser, type AuthEnv } from '../../http/auth';
import { DomainError } from '../../errors';
import { access, apiRouter, jsonBody, ok } from '../../http/openapi';
import { dailyJobResponse } from '../../http/responses';
import { audit } from '../../http/audit';
import { runDaily, type DailyHook } from './service';

export function jobRoutes(deps: AppDeps, afterCreditor?: DailyHook) {
  const router = apiRouter<AuthEnv>();
  router.use('*', requireUser(deps));
  // The agency's operations only: a firm's user never runs jobs.
  return router.openapi(createRoute({ method: 'post', path: '/daily', summary: 'Kjør dagens jobb nå for alle kreditorer', ...access('operations'), middleware: [requireRole('operations')] as const, request: { body: jsonBody(dailyJobRequest) }, responses: ok(dailyJobResponse) }), async (c) => {
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
