// GET /api/v1/overview: the accountant's "Oversikt" of every client of the firm (the agency's staff
// see every client), in one call. Validated against the shared schema on the way out.
import { createRoute } from '@hono/zod-openapi';
import { overview } from '@shared/overview';
import type { AppDeps } from '../../deps';
import { requireUser, type AuthEnv } from '../../http/auth';
import { access, apiRouter, ok } from '../../http/openapi';
import { buildOverview } from './service';

export function overviewRoutes(deps: AppDeps) {
  const router = apiRouter<AuthEnv>();
  router.use('*', requireUser(deps));
  return router.openapi(createRoute({ method: 'get', path: '/', summary: 'Oversikt over alle firmaets klienter: hva som trenger regnskapsføreren, forfalt ikke sendt, åpne saker per steg, remittert denne måneden', ...access('user'), responses: ok(overview) }), async (c) => {
      c.header('Cache-Control', 'private, no-store');
      return c.json(overview.parse(await buildOverview(deps, c.get('user'))), 200);
    });
}
