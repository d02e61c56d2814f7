// createApp(deps): the backend as one Hono app, the same on Node and as a Worker. AppType types
// the extension's API client (hc<AppType>).
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { formatOre } from '@shared/money';
import type { AppDeps } from './deps';
import { apiError } from './http/errors';
import { authRoutes } from './routes/auth';
import { creditorRoutes } from './routes/creditors';
import { caseRoutes, jobRoutes, letterRoutes } from './routes/cases';
import { docsRoutes } from './routes/docs';
import { operationsRoutes } from './routes/operations';
import { registerPage, registrationRoutes } from './routes/registration';
import { remittanceRoutes } from './routes/remittances/index';
import { getCase, type DailyHook } from './services/cases';
import { caseBody } from './services/case-page';

export type AppOptions = { afterCreditor?: DailyHook };

const maxBodyBytes = 256 * 1024;

const tooLarge = (c: Context) => apiError(c, 413, 'too_large', `Forespørselen er for stor (over ${maxBodyBytes / 1024} kB) / Request body too large`, { body: `over ${maxBodyBytes} bytes` });
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

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function api(deps: AppDeps, options: AppOptions) {
  return new Hono()
    .route('/', authRoutes(deps))
    .route('/creditors', creditorRoutes(deps))
    .route('/cases', caseRoutes(deps))
    .route('/letters', letterRoutes(deps))
    .route('/jobs', jobRoutes(deps, options.afterCreditor))
    .route('/operations', operationsRoutes(deps))
    .route('/registrations', registrationRoutes(deps))
    .route('/', remittanceRoutes(deps))
    .route('/', docsRoutes());
}

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  const app = new Hono()
    .use('/api/*', cors({ origin: (origin) => (/^(chrome|moz)-extension:\/\//.test(origin) || /^https:\/\/go\.poweroffice\.net$/.test(origin) ? origin : null), allowHeaders: ['Authorization', 'Content-Type'], allowMethods: ['GET', 'POST', 'PUT', 'DELETE'], exposeHeaders: ['Retry-After'] }))
    // The largest honest body is 1 000 invoice numbers (~10 kB); refuse megabytes before parsing them.
    .use('/api/*', limitBody)
    .get('/health', (c) => c.json({ ok: true }))
    .get('/register', (c) => c.html(registerPage))
    .route('/api/v1', api(deps, options))
    // The case link in Go (externalCaseUrl): case ids are random UUIDs, so the link is the key.
    .get('/cases/:id', async (c) => {
      // A link that carries its own key: keep it out of caches, search engines and Referer headers,
      // and let the page run nothing (no script, only its inline style).
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Robots-Tag', 'noindex, nofollow');
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      const detail = /^[0-9a-f-]{36}$/.test(c.req.param('id')) ? await getCase(deps, c.req.param('id')) : null;
      if (!detail) return c.html('<!doctype html><meta charset="utf-8"><title>Ukjent sak</title><h1>Fant ikke saken</h1>', 404);
      const events = detail.timeline.map((e) => `<li>${esc(e.at)} – ${esc(e.text)}${e.amountOre !== null ? ` (${formatOre(e.amountOre)})` : ''}</li>`).join('');
      return c.html(`<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Sak ${esc(detail.caseNo)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:50rem}</style></head><body>
<h1>Inkassosak ${esc(detail.caseNo)}</h1><p>${esc(detail.debtor.name)} (${esc(detail.debtor.customerNo)}) · ${esc(detail.stageLabel)} · Saldo ${formatOre(detail.balanceOre)} kr</p>
${detail.nextStep ? `<p>Neste steg: ${esc(detail.nextStep)} ${esc(detail.nextStepDate ?? '')}</p>` : ''}
${detail.provisionalRate ? `<p><strong>Foreløpig rente</strong>: forsinkelsesrenten${detail.provisionalHalves.length ? ` for ${esc(detail.provisionalHalves.join(', '))}` : ''} er ikke kunngjort ennå; saldoen regnes med siste kjente sats til den offisielle er lagt inn.</p>` : ''}
${caseBody(detail)}
<h2>Tidslinje</h2><ol>${events}</ol></body></html>`);
    });

  app.notFound((c) => apiError(c, 404, 'not_found', 'Fant ikke ressursen / Not found'));
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) return apiError(c, err.status, 'bad_request', `Ugyldig forespørsel / Bad request: ${err.message}`, { body: err.message });
    deps.log?.('http.error', { path: new URL(c.req.url).pathname, message: err.message });
    return apiError(c, 500, 'internal', 'Noe gikk galt hos oss / Something went wrong on our side');
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
