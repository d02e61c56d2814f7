// The Go sandbox as one Hono app: legacy API, v2 API, onboarding, pages and /_sandbox control.
// The API answers what Go's published contract documents, and nothing more (test/contract).
import { Hono } from 'hono';
import { Store } from './store';
import { Faults } from './faults';
import { Tokens, tokenRoute } from './api/auth';
import { legacyRoutes } from './api/legacy';
import { problem, v2Routes } from './api/v2';
import { Onboardings, onboardingRoutes } from './api/onboarding';
import { controlRoutes, resetStore, type Stats } from './control';
import { sandboxKeys } from './seed';
import { pagesRoutes } from './pages/index';
import { UiSessions } from './ui-session';

export type SandboxOptions = {
  /** The sandbox's business date (Go's "today"); defaults to the real date. */
  today?: string;
  seed?: 'demo' | 'empty';
  /** Where the sandbox is reached, for URLs it hands out. */
  baseUrl?: string;
  /** Real time, for tokens and lastChanged instants. */
  now?: () => Date;
};

export type Sandbox = { app: Hono; store: Store; faults: Faults; tokens: Tokens; stats: Stats; sessions: UiSessions; setBaseUrl(url: string): void };

/** "DebtCollection/0b6e…" → "DebtCollection/:id", "v2/Customers/1042" → "v2/Customers/:id", so
 *  stats count routes, not ids (legacy ids are GUIDs, v2 ids int64). */
function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id').replace(/\/\d+(?=\/|$)/g, '/:id').replace(/\/$/, '')}`;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const now = options.now ?? (() => new Date());
  const store = new Store({ today: options.today ?? now().toISOString().slice(0, 10), now });
  resetStore(store, options.seed ?? 'demo');
  let baseUrl = options.baseUrl ?? 'http://127.0.0.1:8788';
  const tokens = new Tokens(store);
  const faults = new Faults();
  const stats: Stats = { calls: {}, total: 0 };
  const onboardings = new Onboardings();
  const sessions = new UiSessions();

  const app = new Hono();
  // Stats and faults apply to Go's API only, never to the pages or the control routes. Hono's
  // '/DebtCollection/*' also matches '/DebtCollection' itself: listing both counted (and faulted)
  // a create or a list twice.
  for (const path of ['/OAuth/*', '/DebtCollection/*', '/v2/*']) {
    app.use(path, async (c, next) => {
      const key = routeKey(c.req.method, new URL(c.req.url).pathname);
      stats.calls[key] = (stats.calls[key] ?? 0) + 1;
      stats.total++;
      await next();
    });
    app.use(path, faults.middleware());
  }
  // Onboarding is answered before the v2 token check, as Go's onboarding needs no client token.
  app.route('/', onboardingRoutes(store, onboardings, () => baseUrl, [sandboxKeys.applicationKey, sandboxKeys.oldAgencyApplicationKey], sandboxKeys.subscriptionKey));
  app.route('/_sandbox', controlRoutes({ store, faults, tokens, stats, baseUrl: () => baseUrl, onReset: () => onboardings.byToken.clear() }));
  app.route('/', tokenRoute(store, tokens, sandboxKeys.subscriptionKey));
  app.route('/', legacyRoutes(store, tokens));
  app.route('/v2', v2Routes(store, tokens, sandboxKeys.subscriptionKey));
  // Anything else under /v2 is not a route of Go's API: a ProblemDetails 404, as Go answers.
  app.all('/v2/*', (c) => problem(c, 404, 'Resource not found', `${c.req.method} ${new URL(c.req.url).pathname} is not a route of Go's API`));
  app.route('/', pagesRoutes(store, { onboardings, sessions }));
  return { app, store, faults, tokens, stats, sessions, setBaseUrl: (url) => (baseUrl = url) };
}
