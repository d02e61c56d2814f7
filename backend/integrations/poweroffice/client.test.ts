// The Go client's transport rules, on a scripted Go (an injected fetch answering from a queue) and a
// virtual clock that moves only when the client sleeps, so no test waits for real.
import { describe, expect, it } from 'vitest';
import type { Clock } from '@shared/clock';
import { createGoClient, GoApiError, TokenCache } from '@backend/integrations/poweroffice/client';
import { LocalRateLimit, type GoRateLimit } from '@backend/integrations/poweroffice/rate-limit';
import { allocate } from '@backend/modules/cases/payments';
import type { caseInvoices } from '@backend/db/schema';

type Answer = Response | Error;

function virtualTime(startIso = '2026-11-28T09:00:00Z') {
  let ms = Date.parse(startIso);
  const sleeps: number[] = [];
  const clock: Clock = { now: () => new Date(ms) };
  return {
    clock,
    sleeps,
    sleep: async (d: number) => {
      sleeps.push(d);
      ms += d;
    },
    advance: (d: number) => (ms += d),
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const tokenAnswer = (expiresIn = 3600) => json({ access_token: `tok-${Math.random()}`, token_type: 'bearer', expires_in: expiresIn });
const active = () => json({ data: true, success: true });

/** A Go that answers token requests itself and every other request from `script` in order. */
function scriptedGo(script: (() => Answer)[]) {
  const calls: { url: string; auth: string | null }[] = [];
  let tokens = 0;
  const fetchFn: typeof fetch = async (input, init) => {
    const url = String(input);
    const auth = new Headers(init?.headers).get('authorization');
    calls.push({ url, auth });
    if (url.endsWith('/OAuth/Token')) {
      tokens++;
      return tokenAnswer();
    }
    const next = script.shift();
    if (!next) throw new Error(`unscripted call ${url}`);
    const answer = next();
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetchFn, calls, tokenCount: () => tokens };
}

function client(fetchFn: typeof fetch, t: ReturnType<typeof virtualTime>, extra: { maxRetries?: number; tokens?: TokenCache; limiter?: GoRateLimit } = {}) {
  return createGoClient({
    apiUrl: 'http://go.test/', v2Url: 'http://go.test/v2', applicationKey: 'app', subscriptionKey: 'sub', clientKey: 'client-1',
    clock: t.clock, sleep: t.sleep, fetch: fetchFn, limiter: virtualLimit(t), ...extra,
  });
}

/** The limiter paced on the test's virtual time (production paces on performance.now). */
function virtualLimit(t: ReturnType<typeof virtualTime>): GoRateLimit {
  return new LocalRateLimit({ perSecond: 10, now: () => t.clock.now().getTime(), sleep: t.sleep });
}

describe('Go client', () => {
  it('caches the token per client key until shortly before expires_in, then fetches a new one', async () => {
    const t = virtualTime();
    const go = scriptedGo([active, active, active]);
    const c = client(go.fetchFn, t);
    expect(await c.isActiveDebtCollection()).toBe(true);
    expect(await c.isActiveDebtCollection()).toBe(true);
    expect(go.tokenCount()).toBe(1);
    t.advance(3600_000 - 30_000); // inside the refresh margin before expiry
    await c.isActiveDebtCollection();
    expect(go.tokenCount()).toBe(2);
  });

  it('retries a 5xx and a network error with growing backoff, then answers', async () => {
    const t = virtualTime();
    const go = scriptedGo([() => json({}, 500), () => new TypeError('fetch failed'), () => json({}, 503), active]);
    const c = client(go.fetchFn, t);
    expect(await c.isActiveDebtCollection()).toBe(true);
    expect(c.stats.retries).toBe(3);
    const backoffs = t.sleeps.filter((d) => d >= 200);
    expect(backoffs).toHaveLength(3);
    expect(backoffs[1]!).toBeGreaterThan(backoffs[0]!);
    expect(backoffs[2]!).toBeGreaterThan(backoffs[1]!);
  });

  it('gives up after maxRetries with a GoApiError, never a raw error', async () => {
    const t = virtualTime();
    const go = scriptedGo([() => new TypeError('down'), () => new TypeError('down'), () => new TypeError('down')]);
    const c = client(go.fetchFn, t, { maxRetries: 2 });
    await expect(c.isActiveDebtCollection()).rejects.toBeInstanceOf(GoApiError);
    expect(c.stats.retries).toBe(2);
  });

  it('waits Retry-After (at least 1 s) on 429 without spending a retry', async () => {
    const t = virtualTime();
    const throttled = () => json({ title: 'Too many requests', status: 429 }, 429, { 'retry-after': '2' });
    const go = scriptedGo([throttled, throttled, throttled, () => json({}, 429, { 'retry-after': '0' }), active]);
    const c = client(go.fetchFn, t, { maxRetries: 0 });
    expect(await c.isActiveDebtCollection()).toBe(true);
    expect(c.stats).toMatchObject({ retries: 0, throttled: 4 });
    expect(t.sleeps.filter((d) => d >= 1000)).toEqual([2000, 2000, 2000, 1000]);
  });

  it('validates responses with zod: a wrong shape is a GoApiError 502', async () => {
    const t = virtualTime();
    const go = scriptedGo([() => json({ data: 'yes', success: true })]);
    const c = client(go.fetchFn, t);
    const err = await c.isActiveDebtCollection().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GoApiError);
    expect((err as GoApiError).status).toBe(502);
  });

  it('a 401 drops the cached token and tries once more with a fresh one', async () => {
    const t = virtualTime();
    const go = scriptedGo([() => json({}, 401), active]);
    const c = client(go.fetchFn, t);
    expect(await c.isActiveDebtCollection()).toBe(true);
    expect(go.tokenCount()).toBe(2);
  });

  it('shares one 10 requests/s limit across clients: 30 calls from two clients take ≥ 2.9 virtual seconds', async () => {
    const t = virtualTime();
    const limiter = virtualLimit(t);
    const tokens = new TokenCache();
    const go = scriptedGo(Array.from({ length: 30 }, () => active));
    const a = client(go.fetchFn, t, { limiter, tokens });
    const b = client(go.fetchFn, t, { limiter, tokens });
    const start = t.clock.now().getTime();
    for (let i = 0; i < 15; i++) {
      await a.isActiveDebtCollection();
      await b.isActiveDebtCollection();
    }
    // 31 requests (one token, shared by key) at 10/s: the last leaves 3.0 s after the first.
    expect(go.calls).toHaveLength(31);
    expect(t.clock.now().getTime() - start).toBeGreaterThanOrEqual(2_900);
  });
});

/** A Go that records every request (URL, headers, body) and answers from `answer`. */
function recordingGo(answer: (url: URL, init: RequestInit | undefined) => Response) {
  const calls: { url: URL; headers: Headers; body: string | null; method: string }[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    calls.push({ url, headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? init.body : null, method: init?.method ?? 'GET' });
    if (url.pathname.endsWith('/OAuth/Token')) return tokenAnswer();
    return answer(url, init);
  };
  return { fetchFn, calls };
}

const pascalCustomer = { Id: 100001, Number: 10018, Name: 'Akkurat AS', OrganizationNumber: '918649999', IsPerson: false, SubledgerAccountId: 1500001, TransferToDebtCollectionAgency: false };

describe('Go client and the contract', () => {
  it('reads v2 answers whatever the key casing (PascalCase, camelCase, lowercase)', async () => {
    const camel = Object.fromEntries(Object.entries(pascalCustomer).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), v]));
    const lower = Object.fromEntries(Object.entries(pascalCustomer).map(([k, v]) => [k.toLowerCase(), v]));
    for (const body of [pascalCustomer, camel, lower]) {
      const go = recordingGo(() => json([body]));
      const [c] = await client(go.fetchFn, virtualTime()).customers();
      expect(c).toEqual({ id: 100001, customerNo: '10018', name: 'Akkurat AS', organizationNumber: '918649999', isPerson: false, subledgerAccountId: 1500001, transferToDebtCollectionAgency: false, sendPaymentReminders: true });
    }
  });

  it('reads legacy answers whatever the key casing, and an HTTP 200 with success=false is a refusal', async () => {
    const invoice = { Id: 'i1', CustomerCode: 10018, InvoiceNo: 19, InvoiceDate: '2026-09-01', DueDate: '2026-09-15', OriginalAmount: 100, RemainingAmount: 50, CID: '123', LastReminderVoucherType: 72 };
    const go = recordingGo((url) =>
      url.pathname.endsWith('AvailableInvoices') ? json({ Data: [invoice], Success: true, Count: 1 }) : json({ success: false, validation: { summary: 'Ikke aktiv', errorLogReference: 'x' } }),
    );
    const c = client(go.fetchFn, virtualTime());
    expect(await c.availableInvoices()).toEqual([expect.objectContaining({ id: 'i1', customerCode: '10018', cID: '123', remainingAmount: 50, lastReminderVoucherType: 72 })]);
    const err = (await c.isActiveDebtCollection().catch((e: unknown) => e)) as GoApiError;
    expect(err).toBeInstanceOf(GoApiError);
    expect([err.status, err.message]).toEqual([400, 'Ikke aktiv']);
  });

  it('pages v2 lists with PageSize/PageNumber until a short page, and takes 204 as empty', async () => {
    const full = Array.from({ length: 5000 }, (_, i) => ({ ...pascalCustomer, Id: i + 1, Number: 20_000 + i }));
    const go = recordingGo((url) => (url.searchParams.get('PageNumber') === '1' ? json(full) : url.searchParams.get('PageNumber') === '2' ? json([pascalCustomer]) : new Response(null, { status: 204 })));
    const c = client(go.fetchFn, virtualTime());
    expect(await c.customers()).toHaveLength(5001);
    const pages = go.calls.filter((x) => x.url.pathname === '/v2/Customers').map((x) => [x.url.searchParams.get('PageSize'), x.url.searchParams.get('PageNumber')]);
    expect(pages).toEqual([['5000', '1'], ['5000', '2']]);
    const empty = recordingGo(() => new Response(null, { status: 204 }));
    expect(await client(empty.fetchFn, virtualTime()).outgoingInvoices('2026-11-01T00:00:00.000Z')).toEqual([]);
    expect(empty.calls.at(-1)!.url.searchParams.get('balanceLastChangedDateTimeOffsetGreaterThan')).toBe('2026-11-01T00:00:00.000Z');
  });

  it('sends the subscription key on every v2 call and on the token call; legacy and v2 tokens come from their own URLs', async () => {
    const go = recordingGo((url) => (url.hostname === 'api.go.test' ? active() : json([pascalCustomer])));
    const c = createGoClient({ apiUrl: 'https://api.go.test/', v2Url: 'https://goapi.go.test/Demo/v2', applicationKey: 'app', subscriptionKey: 'sub', clientKey: 'client-1', clock: virtualTime().clock, sleep: async () => {}, fetch: go.fetchFn });
    await c.isActiveDebtCollection();
    await c.customers();
    const tokens = go.calls.filter((x) => x.url.pathname.endsWith('/OAuth/Token')).map((x) => x.url.href);
    expect(tokens).toEqual(['https://api.go.test/OAuth/Token', 'https://goapi.go.test/Demo/OAuth/Token']);
    for (const call of go.calls.filter((x) => x.url.hostname === 'goapi.go.test')) expect(call.headers.get('ocp-apim-subscription-key')).toBe('sub');
  });

  it('PATCHes a customer as an RFC 6902 JSON Patch, and a ProblemDetails refusal names Go’s detail', async () => {
    const go = recordingGo((url, init) => (init?.method === 'PATCH' ? json({ ...pascalCustomer, TransferToDebtCollectionAgency: true }) : json({ type: 'about:blank', title: 'Customer not found', status: 404, detail: 'No customer with id 7' }, 404)));
    const c = client(go.fetchFn, virtualTime());
    const patched = await c.patchCustomer(100001, [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: true }]);
    expect(patched.transferToDebtCollectionAgency).toBe(true);
    const call = go.calls.find((x) => x.method === 'PATCH')!;
    expect([call.url.pathname, call.headers.get('content-type'), JSON.parse(call.body!)]).toEqual(['/v2/Customers/100001', 'application/json-patch+json', [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: true }]]);
    const err = (await c.customerByNo('7').catch((e: unknown) => e)) as GoApiError;
    expect([err.status, err.message]).toEqual([404, 'No customer with id 7']);
  });

  it('asks for a case by code with an OData $filter on the PascalCase field name', async () => {
    const go = recordingGo(() => json({ data: [], count: 0, success: true }));
    await client(go.fetchFn, virtualTime()).listCases("O'Brien");
    expect(go.calls.at(-1)!.url.searchParams.get('$filter')).toBe("Code eq 'O''Brien'");
  });
});

describe('allocation of a payment to the agency', () => {
  const inv = (id: string, dueDate: string, openOre: number, invoiceNo: number) =>
    ({ id, caseId: 'c', creditorId: 'k', goInvoiceId: id, invoiceNo, customerNo: '1', invoiceDate: dueDate, dueDate, principalOre: openOre, openOre, state: 'open', matchingReference: null, linkedInGo: true }) as unknown as typeof caseInvoices.$inferSelect;

  it('goes to costs, then interest, then principal oldest invoice first; the rest is surplus', () => {
    const invoices = [inv('new', '2026-10-01', 50_000, 2), inv('old', '2026-09-01', 30_000, 1)];
    expect(allocate(10_000, 7_000, 5_000, invoices)).toMatchObject({ costsOre: 7_000, interestOre: 3_000, principalOre: 0, surplusOre: 0 });
    const a = allocate(100_000, 7_000, 5_000, invoices);
    expect(a).toMatchObject({ costsOre: 7_000, interestOre: 5_000, principalOre: 80_000, surplusOre: 8_000 });
    expect(a.principalByInvoice).toEqual([{ caseInvoiceId: 'old', principalOre: 30_000 }, { caseInvoiceId: 'new', principalOre: 50_000 }]);
    const partial = allocate(40_000, 7_000, 5_000, invoices);
    expect(partial.principalByInvoice).toEqual([{ caseInvoiceId: 'old', principalOre: 28_000 }]);
  });
});
