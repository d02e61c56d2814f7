// Hostile input: fast-check over every route of the app, found in the app itself (Hono's
// app.routes, so a new route is covered without touching this file), with hostile path
// parameters, query strings, headers and bodies (any JSON, near-valid objects built from the API's
// field names with hostile values, and bodies that are not JSON). Every answer: no 5xx, no stack
// trace, no secret; an error is { error: { code, message, fields } } and a 400 names the field.
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { apiError } from '@shared/api';
import { creditors, remittances } from '@backend/db/schema';
import { syncCreditor } from '@backend/modules/sync/run';
import { listCases } from '@backend/modules/cases/service';
import { registerAgencyPayment } from '@backend/modules/cases/payments';
import { runRemittances } from '@backend/modules/remittance/run';
import type { TestBackend } from '../../helpers/backend';

export type Route = { method: string; path: string };

/** The app's own routes, one per (method, path), without the middleware entries. Login goes last:
 *  its hostile cases (wrong passwords) may throttle the account the other routes' session is of. */
export function appRoutes(t: TestBackend): Route[] {
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const r of t.app.routes) {
    if (r.method === 'ALL' || seen.has(`${r.method} ${r.path}`)) continue;
    seen.add(`${r.method} ${r.path}`);
    out.push({ method: r.method, path: r.path });
  }
  return [...out.filter((r) => !r.path.endsWith('/auth/login')), ...out.filter((r) => r.path.endsWith('/auth/login'))];
}

/** Real ids to put in paths beside hostile ones, so that handlers are reached past their lookup. */
export async function fuzzFixtures(t: TestBackend) {
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const list = await listCases(t.deps, t.conectoId);
  const caseId = list[0]!.id;
  await registerAgencyPayment(t.deps, list[1]!.id, { amountOre: 10_000, paidAt: '2026-11-28', reference: 'FUZZ-1' });
  await runRemittances(t.deps, t.conectoId, '2026-11-28');
  const [rem] = await t.db.select().from(remittances).where(eq(remittances.creditorId, t.conectoId));
  const [pending] = await t.db.select().from(creditors).where(eq(creditors.status, 'pending'));
  const session = { token: await t.login() };
  /** The agency's routes are probed as agency staff: a firm's user is refused before any parsing. */
  const opsSession = { token: await t.loginOps() };
  return {
    session,
    opsSession,
    /** A route that ends the session (logout) got through: log in again for the next case. */
    async keepSession() {
      for (const [s, again] of [[session, () => t.login()], [opsSession, () => t.loginOps()]] as const) {
        const me = await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${s.token}` } });
        if (me.status === 401) s.token = await again();
      }
    },
    otherToken: await t.login('annen@regnskap.example', 'demo'),
    ids: { creditors: [t.conectoId, t.delanteId], cases: [caseId], remittances: [rem?.id ?? caseId], registrations: [pending?.id ?? t.delanteId] } as Record<string, string[]>,
    invoiceNos: ['21', '14', '24'],
    secrets: [t.deps.secrets.encryptionKey, ...t.clientKeys],
  };
}

type Fixtures = Awaited<ReturnType<typeof fuzzFixtures>>;

const hostileStrings = fc.constantFrom(
  '', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor', '../../etc/passwd', '%00', '\u0000', '\u202e\u2066evil',
  "' OR 1=1 --", '<script>alert(1)</script>', '${7*7}', 'x'.repeat(5000), '😀'.repeat(50), '\ud800', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '1900-01-01',
);
const anyString = fc.oneof(hostileStrings, fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const hostileNumbers = fc.oneof(
  fc.constantFrom(0, -1, 1, 1.5, -0, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e308),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const dates = fc.oneof(
  fc.constantFrom('2026-11-28', '2026-02-30', '2026-13-01', '0000-00-00', '1900-01-01', '9999-12-31', '2026-11-28T00:00:00Z', '28.11.2026', '2026-1-1'),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);
const leaf = fc.oneof(anyString, hostileNumbers, fc.boolean(), fc.constant(null), dates);
const value: fc.Arbitrary<unknown> = fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(leaf, { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 8 }), leaf, { maxKeys: 4 }));

/** The API's body field names (login, settings, lookups, payments, jobs, registration). */
const fieldNames = ['email', 'password', 'dunning', 'approval', 'invoiceNos', 'amountOre', 'paidAt', 'reference', 'date', 'orgNo', 'name', 'address', 'line1', 'postCode', 'city', 'bankAccount', 'vatDeductible', 'contact', 'firstName', 'lastName', 'phone', 'accounts', 'bank', 'acceptAgreement', 'creditorId', 'rate', 'source', 'halfYear'];
const nearValid = fc.dictionary(fc.constantFrom(...fieldNames), fc.oneof(value, fc.array(hostileNumbers, { maxLength: 30 }), fc.record({ line1: anyString, postCode: anyString, city: anyString }), fc.record({ firstName: anyString, lastName: anyString, email: anyString })), { maxKeys: 8 });

/** A valid body for the routes that take one, to be mutated a field or two at a time: a hostile
 *  value where the schema expects a good one is where a handler past its validation breaks. A new
 *  route without an entry here still gets every other kind of body. */
export const validBodies: Record<string, Record<string, unknown>> = {
  'POST /api/v1/auth/login': { email: 'demo@regnskap.example', password: 'demo' },
  'PUT /api/v1/creditors/:id/settings': { dunning: 'agency_notice', approval: 'manual' },
  'POST /api/v1/creditors/:id/invoice-status': { invoiceNos: [21, 24] },
  'POST /api/v1/cases/:id/payments': { amountOre: 1000, paidAt: '2026-11-28', reference: 'KID-1' },
  'POST /api/v1/jobs/daily': { date: '2026-11-28' },
  'POST /api/v1/registrations': { orgNo: '917757046' },
  'POST /api/v1/registrations/:id/submit': {
    name: 'Delante AS', address: { line1: 'Smedstusvingen 18', postCode: '1480', city: 'Slattum' }, bankAccount: '15038059359', vatDeductible: true,
    contact: { firstName: 'Thomas', lastName: 'Thorsen', email: 'thomas@delante.no' }, acceptAgreement: true,
  },
};

/** Paths to every value in a JSON object (["address", "postCode"], …). */
function leafPaths(v: unknown, at: string[] = []): string[][] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [at];
  return [at, ...Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...at, k]))];
}

function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const paths = leafPaths(valid).filter((p) => p.length > 0);
  const change = fc.tuple(fc.constantFrom(...paths), fc.oneof(value, dates, hostileNumbers, fc.constant(undefined)));
  return fc.array(change, { minLength: 1, maxLength: 2 }).map((changes) => {
    const copy = structuredClone(valid);
    for (const [path, v] of changes) {
      let at: Record<string, unknown> = copy;
      for (const k of path.slice(0, -1)) at = (at[k] && typeof at[k] === 'object' ? at[k] : (at[k] = {})) as Record<string, unknown>;
      if (v === undefined) delete at[path[path.length - 1]!];
      else at[path[path.length - 1]!] = v;
    }
    return copy;
  });
}

type Body = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
const genericBody: fc.Arbitrary<Body> = fc.oneof(
  fc.constant<Body>({ kind: 'none' }),
  fc.jsonValue().map((v): Body => ({ kind: 'json', value: v })),
  nearValid.map((v): Body => ({ kind: 'json', value: v })),
  fc.oneof(anyString, fc.constantFrom('{', '{"a":', '[1,2', '{"__proto__":{"x":1}}', '\u0000\u0001', 'a=1&b=2', '{"invoiceNos":[' + '1,'.repeat(3000) + '1]}')).map((text): Body => ({ kind: 'raw', text })),
);

/** Stands for the live session's token, put in at send time. */
const sessionToken = 'Bearer <session>';

function headersArb(f: Fixtures) {
  return fc.record(
    {
      authorization: fc.oneof({ weight: 6, arbitrary: fc.constant(sessionToken) }, fc.constant(`Bearer ${f.otherToken}`), anyString.map((s) => `Bearer ${s}`), anyString, fc.constant('Basic YTpi')),
      'content-type': fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '')),
      accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/pdf', ''),
      origin: fc.constantFrom('https://go.poweroffice.net', 'https://evil.example', 'chrome-extension://abcdefghijklmnop', 'null'),
      'x-request-id': anyString,
      'accept-language': anyString,
      cookie: anyString,
    },
    { requiredKeys: ['authorization', 'content-type'] },
  );
}

const queryArb = fc.dictionary(fc.oneof(fc.constantFrom('limit', 'offset', 'date', 'from', 'to', 'format', 'invoiceNos', 'creditor', 'step'), fc.string({ maxLength: 6 })), anyString, { maxKeys: 4 });

function bodyArb(route: Route): fc.Arbitrary<Body> {
  const valid = validBodies[`${route.method} ${route.path}`];
  if (!valid) return genericBody;
  return fc.oneof({ weight: 1, arbitrary: genericBody }, { weight: 2, arbitrary: mutated(valid).map((v): Body => ({ kind: 'json', value: v })) });
}

export type FuzzCase = { params: string[]; query: Record<string, string>; headers: Record<string, string>; body: Body };

export function caseArb(route: Route, f: Fixtures): fc.Arbitrary<FuzzCase> {
  const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  // A real id of the kind the path names (the segment before it), most of the time.
  const kind = (name: string) => /\/([a-z]+)\/:/.exec(route.path.slice(0, route.path.indexOf(`:${name}`) + 1))?.[1] ?? '';
  const real = (name: string) => (name === 'invoiceNo' ? f.invoiceNos : (f.ids[kind(name)] ?? Object.values(f.ids).flat()));
  const param = (name: string) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real(name)) }, { weight: 1, arbitrary: anyString }, { weight: 1, arbitrary: hostileNumbers.map(String) });
  return fc.record({ params: fc.tuple(...names.map(param)) as fc.Arbitrary<string[]>, query: queryArb, headers: headersArb(f), body: bodyArb(route) });
}

/** ASCII-only header values (fetch refuses others); long ones are cut. */
const headerSafe = (v: string) => v.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);

/** A path segment as a hostile client may send it: a lone surrogate goes as the (invalid UTF-8)
 *  bytes it would have, which encodeURIComponent refuses to write. */
function encodeSegment(v: string): string {
  return [...v].map((ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}

/** Routes only agency staff may call. */
const agencyRoute = (path: string) => /\/payments$|\/jobs\/|\/operations\/|\/remittances\/run$/.test(path);

export type FuzzAnswer = { status: number; text: string; contentType: string };

export async function send(t: TestBackend, f: Fixtures, route: Route, c: FuzzCase): Promise<FuzzAnswer> {
  let i = 0;
  const path = route.path.replace(/:([A-Za-z]+)/g, () => encodeSegment(c.params[i++] ?? ''));
  const qs = new URLSearchParams(c.query).toString();
  const headers: Record<string, string> = {};
  const own = agencyRoute(route.path) ? f.opsSession : f.session;
  for (const [k, v] of Object.entries(c.headers)) if (v !== undefined) headers[k] = v === sessionToken ? `Bearer ${own.token}` : headerSafe(v);
  const init: RequestInit = { method: route.method, headers };
  if (route.method !== 'GET' && route.method !== 'HEAD' && c.body.kind !== 'none') init.body = c.body.kind === 'json' ? JSON.stringify(c.body.value) : c.body.text;
  const res = await t.app.request(`${path}${qs ? `?${qs}` : ''}`, init);
  const buf = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, text: new TextDecoder().decode(buf), contentType: res.headers.get('content-type') ?? '' };
}

/** What is wrong with an answer, or null. */
export function problem(route: Route, a: FuzzAnswer, secrets: string[]): string | null {
  if (a.status >= 500) return `answered ${a.status}: ${a.text.slice(0, 300)}`;
  if (/\bat .*\.(ts|js|mjs):\d+|node_modules\//.test(a.text)) return `a stack trace in the answer: ${a.text.slice(0, 300)}`;
  for (const s of secrets) if (s && a.text.includes(s)) return 'a secret in the answer';
  if (!route.path.startsWith('/api/') || a.status < 400) return null;
  let json: unknown;
  try {
    json = JSON.parse(a.text);
  } catch {
    return `a ${a.status} that is not JSON: ${a.text.slice(0, 200)}`;
  }
  const e = apiError.safeParse(json);
  if (!e.success) return `a ${a.status} not in the error shape: ${a.text.slice(0, 200)}`;
  if (a.status === 400 && Object.keys(e.data.error.fields ?? {}).length === 0) return `a 400 that names no field: ${a.text.slice(0, 200)}`;
  return null;
}

function calendarDate(v: unknown): boolean {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '2000-01-01' && v <= '2100-12-31';
}

/** Where a failing answer comes from, when it is a defect already known (so the report can say
 *  which fix makes the case pass); the case fails all the same. */
function knownCause(t: TestBackend, c: FuzzCase, a: FuzzAnswer): string {
  const body = c.body.kind === 'json' && c.body.value && typeof c.body.value === 'object' ? (c.body.value as Record<string, unknown>) : {};
  const dateFields = Object.entries(body).filter(([k, v]) => /(At|date|Date)$/.test(k) && typeof v === 'string' && !calendarDate(v));
  if (a.status === 500 && dateFields.length) return `\n  known: issue 11 item 4, a book date that is no calendar date or out of range (${dateFields.map(([k, v]) => `${k}=${String(v)}`).join(', ')})`;
  const posted = [...t.logs].reverse().find((l) => l.event === 'remittance.post_failed');
  if (a.status === 502 && posted && /at least two voucher lines/i.test(String(posted.detail?.['message']))) {
    return '\n  known: a remittance with nothing to post (payments that only covered costs) is sent to Go as a voucher with no lines, which Go refuses';
  }
  return '';
}

export type RouteFuzz = { route: string; cases: number; errors5xx: number; failures: string[]; statuses: Record<number, number> };

/** `runs` cases for one route; every failing case is kept (not only the first), so the bench can
 *  count them. With `stopAtFirst` (the test) fast-check shrinks the first to a small example. */
export async function fuzzRoute(t: TestBackend, f: Fixtures, route: Route, o: { runs: number; seed: number }): Promise<RouteFuzz> {
  const out: RouteFuzz = { route: `${route.method} ${route.path}`, cases: 0, errors5xx: 0, failures: [], statuses: {} };
  await fc.assert(
    fc.asyncProperty(caseArb(route, f), async (c) => {
      out.cases++;
      const a = await send(t, f, route, c);
      if (a.status < 300 && route.method !== 'GET') await f.keepSession();
      if (a.status >= 500) out.errors5xx++;
      out.statuses[a.status] = (out.statuses[a.status] ?? 0) + 1;
      const p = problem(route, a, f.secrets);
      if (p && out.failures.length < 5) out.failures.push(`${p}${knownCause(t, c, a)}\n  case: ${JSON.stringify(c).slice(0, 600)}`);
    }),
    { numRuns: o.runs, seed: o.seed, endOnFailure: true },
  );
  return out;
}
