// OpenAPI 3.1 generated from the shared zod schemas, and a plain docs page (no CDN: it must work offline).
import { Hono } from 'hono';
import { z } from 'zod';
import * as api from '@shared/api';
import { overview } from '@shared/overview';
import * as registration from '../modules/registration/service';
import * as firms from '../modules/registration/firms';

type Route = { method: string; path: string; summary: string; auth: 'none' | 'user' | 'operations'; body?: z.ZodType; response?: z.ZodType };

export const routeTable: Route[] = [
  { method: 'post', path: '/auth/login', summary: 'Logg inn / log in', auth: 'none', body: api.loginRequest, response: api.loginResponse },
  { method: 'post', path: '/auth/logout', summary: 'Logg ut / log out', auth: 'user' },
  { method: 'get', path: '/me', summary: 'Innlogget bruker / current user', auth: 'user', response: api.user },
  { method: 'get', path: '/creditors', summary: 'Kreditorer firmaet har tilgang til', auth: 'user', response: api.creditorList },
  { method: 'get', path: '/creditors/{id}', summary: 'Kreditor med innstillinger, siste synk og saker per steg', auth: 'user', response: api.creditorDetail },
  { method: 'get', path: '/creditors/{id}/settings', summary: 'Purreprofil og godkjenning', auth: 'user', response: api.creditorSettings },
  { method: 'put', path: '/creditors/{id}/settings', summary: 'Endre avtalt purreprofil og godkjenning (Go sine Purring-innstillinger endres i Go, av utvidelsen)', auth: 'user', body: api.creditorSettings, response: api.creditorSettings },
  { method: 'post', path: '/creditors/{id}/invoice-status', summary: 'Status for fakturaer i reskontroen (ett kall per sidevisning)', auth: 'user', body: api.invoiceStatusRequest, response: api.invoiceStatusResponse },
  { method: 'post', path: '/creditors/{id}/invoices/{invoiceNo}/take', summary: 'Ta en faktura som er godkjent i Go (Inkasso → Utkast → Godkjenn) nå: åpner eller utvider saken', auth: 'user', response: api.takeInvoiceResponse },
  { method: 'get', path: '/creditors/{id}/customers/{customerNo}', summary: 'Om kunden sendes til inkasso (Go: TransferToDebtCollectionAgency)', auth: 'user', response: api.customerCollection },
  { method: 'put', path: '/creditors/{id}/customers/{customerNo}/exclusion', summary: 'Ikke send kunden til inkasso (eller igjen): PATCH /v2/Customers/{id} i Go', auth: 'user', body: api.customerExclusionRequest, response: api.customerCollection },
  { method: 'post', path: '/creditors/{id}/sync', summary: 'Synkroniser nå', auth: 'user', response: api.syncRun },
  { method: 'get', path: '/creditors/{id}/sync-runs', summary: 'Synkroniseringer', auth: 'user', response: api.syncRunList },
  { method: 'get', path: '/creditors/{id}/cases', summary: 'Inkassosaker', auth: 'user', response: api.caseList },
  { method: 'get', path: '/cases/{id}', summary: 'Sak med tidslinje', auth: 'user', response: api.caseDetail },
  { method: 'post', path: '/cases/{id}/payments', summary: 'Registrer skyldners innbetaling til byrået', auth: 'operations', body: api.registerPaymentRequest },
  { method: 'get', path: '/cases/{id}/letters', summary: 'Brevene i saken (inkassovarsel, betalingsoppfordring) med innhold', auth: 'user', response: api.letterList },
  { method: 'post', path: '/cases/{id}/claims/{invoiceNo}/dispute', summary: 'Kravet bestridt (innsigelse): inndrivingen stanses', auth: 'user', body: api.claimActionRequest, response: api.caseDetail },
  { method: 'post', path: '/cases/{id}/claims/{invoiceNo}/hold', summary: 'Kravet settes på vent', auth: 'user', body: api.claimActionRequest, response: api.caseDetail },
  { method: 'post', path: '/cases/{id}/claims/{invoiceNo}/resume', summary: 'Inndrivingen av kravet gjenopptas', auth: 'user', body: api.claimActionRequest, response: api.caseDetail },
  { method: 'post', path: '/cases/{id}/claims/{invoiceNo}/withdraw', summary: 'Kravet trekkes fra inkasso (saken avvises i Go når ingen krav er igjen)', auth: 'user', body: api.claimActionRequest, response: api.caseDetail },
  { method: 'get', path: '/letters/{file}', summary: 'Brevet som PDF: file er <brevets id>.pdf', auth: 'user' },
  { method: 'post', path: '/jobs/daily', summary: 'Kjør dagens jobb nå for alle kreditorer', auth: 'operations', body: api.dailyJobRequest },
  { method: 'get', path: '/operations/interest-rates', summary: 'Forsinkelsesrenten: tabellen med kilde, og hvilke halvår i bruk som er foreløpige', auth: 'operations', response: api.interestRateStatus },
  { method: 'put', path: '/operations/interest-rates/{half}', summary: 'Legg inn den offisielle forsinkelsesrenten for et halvår (gjelder straks)', auth: 'operations', body: api.setInterestRateRequest, response: api.interestRateStatus },
  { method: 'get', path: '/operations/overpayments', summary: 'Overbetalinger holdt av byrået (?status=open|refunded|moved)', auth: 'operations', response: api.overpaymentList },
  { method: 'post', path: '/operations/overpayments/{id}/refund', summary: 'Overbetaling tilbakebetalt skyldner', auth: 'operations', body: api.refundOverpaymentRequest, response: api.overpayment },
  { method: 'post', path: '/operations/overpayments/{id}/move', summary: 'Flytt overbetaling til en annen åpen sak hos samme kreditor', auth: 'operations', body: api.moveOverpaymentRequest, response: api.overpayment },
  { method: 'get', path: '/overview', summary: 'Oversikt over alle firmaets klienter: hva som trenger regnskapsføreren, forfalt ikke sendt, åpne saker per steg, remittert denne måneden', auth: 'user', response: overview },
  { method: 'get', path: '/creditors/{id}/remittances', summary: 'Avregninger for kreditoren', auth: 'user', response: api.remittanceList },
  { method: 'get', path: '/creditors/{id}/remittances.csv', summary: 'Avregninger som CSV', auth: 'user' },
  { method: 'post', path: '/creditors/{id}/remittances/run', summary: 'Kjør avregning nå (bokføres i Go som bilag, matchet mot fakturaene)', auth: 'operations', response: api.remittanceRunResult },
  { method: 'get', path: '/remittances/{id}', summary: 'Avregning med linjer, innbetalinger og saker', auth: 'user', response: api.remittanceDetail },
  { method: 'get', path: '/remittances/{id}/statement', summary: 'Avregningsoppgave (HTML)', auth: 'user' },
  { method: 'get', path: '/remittances/{id}/statement.pdf', summary: 'Avregningsoppgave (PDF)', auth: 'user' },
  { method: 'post', path: '/registrations', summary: 'Ny kunde på integrasjon, steg 1: organisasjonsnummer (MOD11, Enhetsregisteret, starter godkjenning i Go)', auth: 'user', body: z.object({ orgNo: z.string() }) },
  { method: 'get', path: '/registrations/agreement', summary: 'Gjeldende avtale (versjon, tekst, provisjon, hva skyldneren betaler)', auth: 'user' },
  { method: 'get', path: '/registrations/{id}', summary: 'Registreringen under arbeid (for å fortsette veiviseren)', auth: 'user' },
  { method: 'post', path: '/registrations/{id}/finalize', summary: 'Steg 2: Go sitt svar etter godkjenningen (status, token) gir klientnøkkelen', auth: 'user', body: registration.onboardingCallback },
  { method: 'post', path: '/registrations/{id}/client-key', summary: 'Steg 2, for hånd: klientnøkkel fra Innstillinger → Utvidelser i Go (sjekkes før den lagres kryptert)', auth: 'user', body: registration.pastedKey },
  { method: 'put', path: '/registrations/{id}/details', summary: 'Steg 3: firma, adresse, bankkonto, MVA, kontaktperson, kontoer (mot kontoplanen i Go), purreprofil og godkjenning', auth: 'user', body: registration.registrationDetails },
  { method: 'get', path: '/registrations/{id}/preview', summary: 'Før aktivering: forfalte fakturaer, hvilke første kjøring sender, med funnene', auth: 'user' },
  { method: 'post', path: '/registrations/{id}/activate', summary: 'Steg 4: godta avtalen og aktiver (stopper mens et annet inkassobyrå kan opprette saker); første synk kjøres', auth: 'user', body: registration.activation },
  { method: 'post', path: '/creditors/{id}/end', summary: 'Avslutt forholdet: ingen nye saker, åpne saker følges opp til de er avsluttet', auth: 'user' },
  { method: 'get', path: '/creditors/{id}/end', summary: 'Status for avslutningen (ended når siste sak er avsluttet)', auth: 'user' },
  { method: 'post', path: '/operations/firms', summary: 'Nytt regnskapsbyrå og invitasjon til første bruker (administrator)', auth: 'operations', body: firms.createFirmRequest },
  { method: 'post', path: '/firm/invites', summary: 'Regnskapsbyråets administrator inviterer en kollega', auth: 'user', body: firms.inviteRequest },
  { method: 'post', path: '/invites/accept', summary: 'Invitert bruker velger eget passord', auth: 'none', body: firms.acceptInviteRequest },
];

const errorResponse = { description: 'Feil / error', content: { 'application/json': { schema: z.toJSONSchema(api.apiError, { io: 'output' }) } } };

export function openApiDocument(extra: Route[] = []) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of [...routeTable, ...extra]) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      summary: r.summary,
      ...(params.length ? { parameters: params } : {}),
      ...(r.auth === 'none' ? { security: [] } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        200: { description: 'OK', ...(r.response ? { content: { 'application/json': { schema: z.toJSONSchema(r.response, { io: 'output', unrepresentable: 'any' }) } } } : {}) },
        400: errorResponse,
        401: errorResponse,
        ...(r.auth === 'operations' ? { 403: errorResponse } : {}),
        404: errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Modhi inkasso for PowerOffice GO', version: '1.0.0', description: 'API for nettleserutvidelsen og inkassobyråets drift. Beløp i øre, datoer YYYY-MM-DD (Europe/Oslo).' },
    servers: [{ url: '/api/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function docsRoutes(extra: Route[] = []) {
  return new Hono()
    .get('/openapi.json', (c) => c.json(openApiDocument(extra)))
    .get('/docs', (c) => {
      const schema = (label: string, type: z.ZodType | undefined, io: 'input' | 'output') =>
        type ? `<details><summary>${label}</summary><pre>${esc(JSON.stringify(z.toJSONSchema(type, { io, unrepresentable: 'any' }), null, 2))}</pre></details>` : '';
      const rows = [...routeTable, ...extra]
        .map((r) => `<tr><td><code>${r.method.toUpperCase()}</code></td><td><code>/api/v1${esc(r.path)}</code></td><td>${esc(r.summary)}${schema('Forespørsel / request', r.body, 'input')}${schema('Svar / response', r.response, 'output')}</td><td>${r.auth}</td></tr>`)
        .join('');
      return c.html(`<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>API – Modhi inkasso</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:.5rem;overflow:auto;max-height:30rem}</style></head>
<body><h1>Modhi inkasso for PowerOffice GO – API v1</h1><p>Maskinlesbar beskrivelse: <a href="/api/v1/openapi.json">openapi.json</a>. Logg inn med <code>POST /api/v1/auth/login</code> og send <code>Authorization: Bearer &lt;token&gt;</code>.</p>
<table><thead><tr><th>Metode</th><th>Sti</th><th>Hva</th><th>Tilgang</th></tr></thead><tbody>${rows}</tbody></table></body></html>`);
    });
}
