// GET /api/v1/overview: the accountant's "Oversikt" of every client of the firm (the agency's staff
// see every client), in one call. Validated against the shared schema on the way out.
import { Hono } from 'hono';
import { overview } from '@shared/overview';
import type { AppDeps } from '../../deps';
import { requireUser, type AuthEnv } from '../../http/auth';
import { doc } from '../../http/openapi';
import { buildOverview } from './service';

export function overviewRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    .get('/', doc({ summary: 'Oversikt over alle firmaets klienter: hva som trenger regnskapsføreren, forfalt ikke sendt, åpne saker per steg, remittert denne måneden', auth: 'user', response: overview }), async (c) => {
      c.header('Cache-Control', 'private, no-store');
      return c.json(overview.parse(await buildOverview(deps, c.get('user'))), 200);
    });
}
