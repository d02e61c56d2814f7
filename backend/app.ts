// createApp(deps): the backend as one Hono app, the same on Node and as a Worker. AppType types
// the extension's API client (hc<AppType>).
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { chromeExtensionId } from '@shared/extension-id';
import type { AppDeps } from './deps';
import { apiError, langOf, statusOf } from './http/errors';
import { DomainError, type ErrorCode, type Text } from './errors';
import { securityHeaders } from './http/headers';
import { requestLog, type RequestEnv } from './http/log';
import { casePageRoutes } from './modules/cases/page';
import { authRoutes } from './modules/auth/routes';
import { creditorRoutes } from './modules/creditors/routes';
import { ledgerLookupRoutes } from './modules/ledger-lookup/routes';
import { sendRoutes } from './modules/send/routes';
import { caseRoutes, letterRoutes } from './modules/cases/routes';
import { jobRoutes } from './modules/daily/routes';
import { docsRoutes } from './http/docs';
import { apiDocument, apiRouter } from './http/openapi';
import { operationsRoutes } from './modules/operations/routes';
import { operationsPageRoutes } from './modules/operations/page';
import { endingRoutes, firmOperationsRoutes, inviteRoutes, registrationRoutes, wizardApiRoutes } from './modules/registration/routes';
import { wizardPageRoutes } from './modules/registration/pages';
import { remittanceRoutes } from './modules/remittance/routes';
import { overviewRoutes } from './modules/overview/routes';
import type { DailyHook } from './modules/daily/service';

export type AppOptions = { afterCreditor?: DailyHook };

const maxBodyBytes = 256 * 1024;

const tooLarge = (c: Context) => apiError(c, 413, 'too_large', { nb: `Forespørselen er for stor (over ${maxBodyBytes / 1024} kB)`, en: `Request body too large (over ${maxBodyBytes / 1024} kB)` }, { body: { nb: `over ${maxBodyBytes} byte`, en: `over ${maxBodyBytes} bytes` } });

/** How a code's message is put to the caller, where the error's own text needs a frame. */
const framed: Partial<Record<ErrorCode, (t: Text) => Text>> = {
  go_error: (t) => ({ nb: `PowerOffice GO svarte ikke som forventet: ${t.nb}`, en: `PowerOffice GO did not answer as expected: ${t.en}` }),
  posting_refused: (t) => ({ nb: `Remitteringen kunne ikke bokføres: ${t.nb}`, en: `The remittance could not be posted: ${t.en}` }),
};
/** Hono's own refusals of a body (its validators', in English), put in the caller's language. */
const httpRefusal: Record<string, Text> = {
  'Malformed JSON in request body': { nb: 'innholdet er ikke gyldig JSON', en: 'the body is not valid JSON' },
  'Unsupported Media Type': { nb: 'send innholdet som JSON (Content-Type: application/json)', en: 'send the body as JSON (Content-Type: application/json)' },
};
const streamedBodyLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });

/** hono's bodyLimit, but a request that states its length (every fetch with a JSON body does) is
 *  judged by that header without touching `req.raw.body`: reading that property makes
 *  @hono/node-server build a web stream for the body, and then parse it through that stream, which
 *  was a measurable share of the ledger lookup over HTTP. Bodies without a length still stream
 *  through bodyLimit, which counts them. */
const limitBody: MiddlewareHandler = (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) return Number.parseInt(length, 10) > maxBodyBytes ? Promise.resolve(tooLarge(c)) : next();
  return streamedBodyLimit(c, next);
};

/** The origins CORS answers: the configured ones, else our extension's fixed Chrome id and Go. */
export function corsOrigins(deps: AppDeps): Set<string> {
  return new Set(deps.config.corsOrigins ?? [`chrome-extension://${chromeExtensionId}`, 'https://go.poweroffice.net']);
}

function api(deps: AppDeps, options: AppOptions) {
  // An OpenAPIHono, so that the createRoute definitions of the routers it mounts are gathered in
  // its registry, with their prefixes, for the document (http/docs.tsx).
  const router = apiRouter();
  return router
    .route('/', authRoutes(deps))
    .route('/creditors', endingRoutes(deps))
    .route('/creditors', ledgerLookupRoutes(deps))
    .route('/creditors', sendRoutes(deps))
    .route('/creditors', creditorRoutes(deps))
    .route('/cases', caseRoutes(deps))
    .route('/letters', letterRoutes(deps))
    .route('/jobs', jobRoutes(deps, options.afterCreditor))
    .route('/operations/firms', firmOperationsRoutes(deps))
    .route('/operations', operationsRoutes(deps))
    .route('/registrations', registrationRoutes(deps))
    .route('/', inviteRoutes(deps))
    .route('/', remittanceRoutes(deps))
    .route('/overview', overviewRoutes(deps))
    .route('/', docsRoutes(() => apiDocument(router)));
}

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const allowed = corsOrigins(deps);
  const app = new Hono<RequestEnv>()
    .use('*', requestLog(deps))
    .use('*', securityHeaders())
    .use('/api/*', cors({ origin: (origin) => (allowed.has(origin) ? origin : null), allowHeaders: ['Authorization', 'Content-Type'], allowMethods: ['GET', 'POST', 'PUT', 'DELETE'], exposeHeaders: ['Retry-After', 'X-Request-Id'] }))
    // The largest honest body is 1 000 invoice numbers (~10 kB); refuse megabytes before parsing them.
    .use('/api/*', limitBody)
    .use('/cases/*', limitBody)
    .get('/health', (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.json({ ok: true });
    })
    .use('/register/api/*', limitBody)
    .route('/register/api', wizardApiRoutes(deps))
    .route('/', wizardPageRoutes(deps))
    .use('/operations/*', limitBody)
    .route('/', operationsPageRoutes(deps))
    .route('/api/v1', api(deps, options))
    .route('/cases', casePageRoutes(deps));

  app.notFound((c) => apiError(c, 404, 'not_found', { nb: 'Fant ikke ressursen', en: 'Not found' }));
  app.onError((err, c) => {
    if (err instanceof DomainError) return apiError(c, statusOf(err), err.code, framed[err.code]?.(err.text) ?? err.text, err.fields);
    if (err instanceof HTTPException && err.status < 500) {
      const said = httpRefusal[err.message] ?? { nb: err.message, en: err.message };
      return apiError(c, err.status, 'bad_request', { nb: `Ugyldig forespørsel: ${said.nb}`, en: `Bad request: ${said.en}` }, { body: said });
    }
    const requestId = c.get('requestId');
    deps.log?.('http.error', { level: 'error', requestId, method: c.req.method, route: routePath(c, -1), message: err.message, stack: err.stack?.split('\n').slice(0, 8).join('\n') });
    // The request id lets support find the log line; nothing of the error itself goes out.
    const message = langOf(c) === 'en' ? `Something went wrong on our side (${requestId})` : `Noe gikk galt hos oss (${requestId})`;
    return c.json({ error: { code: 'internal', message, requestId } }, 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
