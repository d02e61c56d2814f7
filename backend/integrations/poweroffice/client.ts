// The Go API client: one per creditor (client key), sharing a token cache and the agency-wide limit
// of 10 requests/s per subscription key (rate-limit.ts). Retries 5xx and network errors with
// backoff; on 429 waits Retry-After (≥ 1 s), and makes every other client of the key wait it too,
// without spending a retry. Every response is validated; amounts cross this edge as øre. It calls
// only routes and parameters Go's published contract documents (test/contract checks it): v2 with
// PascalCase bodies, PageSize/PageNumber paging and JSON Patch; legacy DebtCollection with OData.
import { z } from 'zod';
import type { Clock } from '@shared/clock';
import { kronerToOre, oreToKroner } from '@shared/money';
import { both, DomainError, type Text } from '../../errors';
import * as s from './schemas';
import { LocalRateLimit, goRequestsPerSecond, type GoRateLimit } from './rate-limit';

/** Go answered with an error or not at all. `status` is Go's HTTP status (0: no answer), not
 *  ours: to the caller every GoApiError is the domain's `go_error` (app.ts's table). */
export class GoApiError extends DomainError {
  constructor(
    readonly status: number,
    message: Text | string,
    readonly goFields: Record<string, unknown> = {},
    readonly body: unknown = null,
  ) {
    super('go_error', { message: typeof message === 'string' ? both(message) : message });
    this.name = 'GoApiError';
  }
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Tokens per client key, kept until shortly before `expires_in` runs out. */
export class TokenCache {
  private tokens = new Map<string, { token: string; expiresAt: number }>();
  get(key: string, now: number): string | null {
    const t = this.tokens.get(key);
    return t && t.expiresAt - 60_000 > now ? t.token : null;
  }
  set(key: string, token: string, expiresAt: number): void {
    this.tokens.set(key, { token, expiresAt });
  }
  drop(key: string): void {
    this.tokens.delete(key);
  }
}

export type GoClientOptions = {
  apiUrl: string;
  v2Url: string;
  applicationKey: string;
  subscriptionKey: string;
  clientKey: string;
  clock: Clock;
  fetch?: typeof fetch;
  sleep?: Sleep;
  /** Go's 10 requests/s per subscription key, shared by every client (see rate-limit.ts). */
  limiter?: GoRateLimit;
  tokens?: TokenCache;
  maxRetries?: number;
  timeoutMs?: number;
};

export type CallStats = { calls: number; writes: number; retries: number; throttled: number };

type Api = 'legacy' | 'v2';

/** A query string's parameters; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** One RFC 6902 operation on a v2 DTO (PATCH takes an array of them). */
export type JsonPatchOperation = { op: 'add' | 'replace' | 'remove' | 'test'; path: string; value?: unknown };

const join = (base: string, path: string) => `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;

function withQuery(url: string, query?: Query): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/** Go's v2 token URL from the v2 base: https://goapi.poweroffice.net[/Demo]/v2 → …[/Demo]/OAuth/Token. */
// Each answer's schema is built once per item schema and kept: zod compiles an object schema on
// its first parse, so a schema built per call (an envelope per legacy request, an array per page)
// paid that compilation on every one of the sync's 2 000 case answers.
const envelopes = new WeakMap<z.ZodType, z.ZodType>();
const arrays = new WeakMap<z.ZodType, z.ZodType>();
function envelopeOf<T extends z.ZodType>(data: T): ReturnType<typeof s.envelope<T>> {
  let e = envelopes.get(data);
  if (!e) envelopes.set(data, (e = s.envelope(data)));
  return e as ReturnType<typeof s.envelope<T>>;
}
function arrayOf<T extends z.ZodType>(item: T): z.ZodArray<T> {
  let a = arrays.get(item);
  if (!a) arrays.set(item, (a = z.array(item)));
  return a as z.ZodArray<T>;
}
const booleanAnswer = z.boolean();
const unknownAnswer = z.unknown();

/** Whether a legacy answer can be a refusal at all: `success: false` under any casing of the key
 *  (legacyRefusal reads keys case-insensitively and needs that literal). Every other answer skips
 *  the refusal schema, whose failed parse (building zod's issues) cost more than the answer's own. */
function mayBeRefusal(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  for (const [key, value] of Object.entries(json)) if (value === false && key.toLowerCase() === 'success') return true;
  return false;
}

export function v2TokenUrl(v2Url: string): string {
  return join(v2Url.replace(/\/$/, '').replace(/\/v2$/i, ''), 'OAuth/Token');
}

/** Rows per page asked of v2 list routes (Go's default PageSize; its maximum is 20 000). */
export const v2PageSize = 5000;
/** Customer numbers per `customerNos=` filter (Customers, Customerledger/OpenItems): a query
 *  string well inside what a URL may carry. */
export const customerNosPerQuery = 200;

export function createGoClient(o: GoClientOptions) {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? realSleep;
  const limiter = o.limiter ?? new LocalRateLimit({ perSecond: goRequestsPerSecond, sleep });
  const tokens = o.tokens ?? new TokenCache();
  const maxRetries = o.maxRetries ?? 4;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const stats: CallStats = { calls: 0, writes: 0, retries: 0, throttled: 0 };
  // Go's legacy API and v2 are separate services, each with its own token.
  const tokenUrls: Record<Api, string> = { legacy: join(o.apiUrl, 'OAuth/Token'), v2: v2TokenUrl(o.v2Url) };

  async function send(url: string, init: RequestInit): Promise<Response> {
    await limiter.acquire(o.subscriptionKey);
    stats.calls++;
    return doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }

  async function token(api: Api): Promise<string> {
    const key = `${tokenUrls[api]} ${o.clientKey}`;
    const cached = tokens.get(key, o.clock.now().getTime());
    if (cached) return cached;
    const res = await withRetries(() =>
      send(tokenUrls[api], {
        method: 'POST',
        headers: {
          authorization: `Basic ${btoa(`${o.applicationKey}:${o.clientKey}`)}`,
          'content-type': 'application/x-www-form-urlencoded',
          // v2 needs the subscription key on the token call too; the legacy API ignores it.
          'ocp-apim-subscription-key': o.subscriptionKey,
        },
        body: 'grant_type=client_credentials',
      }),
    );
    if (res.status === 401 || res.status === 400) throw new GoApiError(res.status, { nb: 'Go avviste klientnøkkelen', en: 'Go refused the client key' });
    // A 5xx left after the retries, or a body that is not a token, is Go failing: a GoApiError, which
    // the routes answer with 502, not a ZodError that would surface as our own 500.
    if (!res.ok) throw new GoApiError(res.status, { nb: `Go ga ikke token (${res.status})`, en: `Go gave no token (${res.status})` });
    const answer = s.tokenResponse.safeParse(await res.json().catch(() => null));
    if (!answer.success) throw new GoApiError(502, { nb: 'Uventet token-svar fra Go', en: 'Unexpected token answer from Go' });
    const parsed = answer.data;
    tokens.set(key, parsed.access_token, o.clock.now().getTime() + parsed.expires_in * 1000);
    return parsed.access_token;
  }

  /** Retries network errors and 5xx with backoff; waits out 429s without counting them. */
  async function withRetries(attempt: () => Promise<Response>): Promise<Response> {
    let retries = 0;
    let throttles = 0;
    for (;;) {
      let res: Response | null = null;
      let failure: unknown = null;
      try {
        res = await attempt();
      } catch (e) {
        failure = e;
      }
      if (res && res.status === 429 && throttles < 30) {
        throttles++;
        stats.throttled++;
        const retryAfter = Number(res.headers.get('retry-after'));
        await res.body?.cancel();
        const pauseMs = Math.max(1, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000;
        await limiter.pause(o.subscriptionKey, pauseMs); // every other consumer of the key holds off too
        await sleep(pauseMs);
        continue;
      }
      const retryable = failure !== null || (res !== null && res.status >= 500);
      if (!retryable) return res!;
      if (retries >= maxRetries) {
        if (res) return res;
        throw new GoApiError(0, { nb: `Go svarte ikke: ${failure instanceof Error ? failure.message : String(failure)}`, en: `Go did not answer: ${failure instanceof Error ? failure.message : String(failure)}` });
      }
      await res?.body?.cancel();
      stats.retries++;
      const backoff = 200 * 2 ** retries;
      retries++;
      await sleep(backoff + Math.floor(backoff * 0.25 * pseudoJitter(stats.retries)));
    }
  }

  type Send = { query?: Query; body?: unknown; contentType?: string };

  /** One call; the answer's JSON (null for 204), or a GoApiError for a refusal. */
  async function call(api: Api, method: string, path: string, sendOpts: Send = {}): Promise<{ status: number; json: unknown }> {
    const url = withQuery(join(api === 'legacy' ? o.apiUrl : o.v2Url, path), sendOpts.query);
    if (method !== 'GET') stats.writes++;
    const body = sendOpts.body;
    let res: Response | null = null;
    for (let auth = 0; auth < 2; auth++) {
      const bearer = await token(api);
      res = await withRetries(() =>
        send(url, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            ...(api === 'v2' ? { 'ocp-apim-subscription-key': o.subscriptionKey } : {}),
            ...(body === undefined ? {} : { 'content-type': sendOpts.contentType ?? 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      if (res.status !== 401) break;
      await res.body?.cancel();
      tokens.drop(`${tokenUrls[api]} ${o.clientKey}`); // expired early or revoked: one fresh token, then give up
    }
    const text = res!.status === 204 ? '' : await res!.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new GoApiError(res!.status, `Go svarte ikke med JSON (${res!.status})`);
    }
    if (!res!.ok) {
      const p = s.problemDetails.safeParse(json);
      const title = p.success ? (p.data.detail ?? p.data.title) : null;
      throw new GoApiError(res!.status, title ?? `Go svarte ${res!.status}`, {}, json);
    }
    // The legacy API answers a refusal with HTTP 200 and success=false.
    if (api === 'legacy') {
      const refused = mayBeRefusal(json) ? s.legacyRefusal.safeParse(json) : null;
      if (refused?.success) throw new GoApiError(400, refused.data.validation?.summary ?? 'Go avviste forespørselen', refused.data.validation?.fields ?? {}, json);
    }
    return { status: res!.status, json };
  }

  function parse<T extends z.ZodType>(schema: T, method: string, path: string, json: unknown): z.infer<T> {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new GoApiError(502, `Uventet svar fra Go på ${method} ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  async function request<T extends z.ZodType>(api: Api, method: string, path: string, schema: T, sendOpts: Send = {}): Promise<z.infer<T>> {
    const { json } = await call(api, method, path, sendOpts);
    return parse(schema, method, path, json);
  }

  /** A v2 list: every page (PageSize/PageNumber from 1) until one comes back short; 204 is empty. */
  async function list<T extends z.ZodType>(path: string, item: T, query: Query = {}): Promise<z.infer<T>[]> {
    const rows: z.infer<T>[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const { status, json } = await call('v2', 'GET', path, { query: { ...query, PageSize: v2PageSize, PageNumber: pageNumber } });
      if (status === 204 || json === null) return rows;
      const page = parse(arrayOf(item), 'GET', path, json);
      rows.push(...page);
      if (page.length < v2PageSize) return rows;
    }
  }

  const legacy = <T extends z.ZodType>(method: string, path: string, data: T, sendOpts: Send = {}) =>
    request('legacy', method, path, envelopeOf(data), sendOpts).then((r) => (r as { data: z.infer<T> }).data);

  const getManualJournal = (id: string) => request('v2', 'GET', `Vouchers/ManualJournals/${encodeURIComponent(id)}`, s.manualJournal);

  return {
    stats,
    isActiveDebtCollection: () => legacy('GET', 'DebtCollection/IsActiveDebtCollection', booleanAnswer),
    availableInvoices: () => legacy('GET', 'DebtCollection/Invoices/AvailableInvoices', arrayOf(s.debtCollectionInvoice)),
    /** Cases, or the one with this code: OData $filter names fields in PascalCase. */
    listCases: (code?: string) =>
      legacy('GET', 'DebtCollection', arrayOf(s.debtCollectionCase), code ? { query: { $filter: `Code eq '${code.replace(/'/g, "''")}'` } } : {}),
    getCase: (id: string) => legacy('GET', `DebtCollection/${encodeURIComponent(id)}`, s.debtCollectionCase),
    /** Go's documented POST DebtCollection/ takes the agency balance too, so a new case shows its
     *  balance from the start without a second call (UpdateStatus) just for that. */
    createCase: (input: { code: string; invoiceIds: string[]; externalCaseUrl: string; balanceOre?: number }) =>
      legacy('POST', 'DebtCollection', s.debtCollectionCase, {
        body: {
          code: input.code, invoices: input.invoiceIds.map((id) => ({ id })), externalCaseUrl: input.externalCaseUrl,
          ...(input.balanceOre === undefined ? {} : { balanceAgency: oreToKroner(input.balanceOre) }),
        },
      }),
    addInvoicesToCase: (caseId: string, invoiceIds: string[]) => legacy('POST', 'DebtCollection/AddInvoicesToCase', s.debtCollectionCase, { body: { caseId, invoiceIds } }),
    /** DELETE a case: Go sets its invoices to Rejected (a case withdrawn from collection: rejectInGo).
     *  Documented as Envelope<Envelope<object>>: success is all it says. */
    deleteCase: (id: string) => legacy('DELETE', `DebtCollection/${encodeURIComponent(id)}`, unknownAnswer).then(() => true),
    updateStatus: (input: { caseId: string; statusText: string; isCaseClosed: boolean; balanceOre: number }) =>
      legacy('POST', 'DebtCollection/UpdateStatus', s.debtCollectionCase, {
        body: { caseId: input.caseId, statusText: input.statusText, isCaseClosed: input.isCaseClosed, updatedBalanceAgency: oreToKroner(input.balanceOre) },
      }),
    allMatchedItems: (from: string | null) =>
      legacy('GET', 'DebtCollection/GetAllMatchedItems', arrayOf(s.matchedGroup), from ? { query: { fromDateTime: from } } : {}),
    customers: () => list('Customers', s.customer),
    /** The customers with these customer numbers, in one listing (Go's customerNos takes a comma list). */
    customersByNos: (customerNos: readonly string[]) => list('Customers', s.customer, { customerNos: customerNos.join(',') }),
    /** The customer with this customer number (Number), by Go's customerNos filter. */
    customerByNo: (customerNo: string) => list('Customers', s.customer, { customerNos: customerNo }).then((r) => r.find((c) => c.customerNo === customerNo) ?? null),
    /** RFC 6902 JSON Patch on a customer (e.g. TransferToDebtCollectionAgency); answers the customer. */
    patchCustomer: (customerId: number, ops: JsonPatchOperation[]) =>
      request('v2', 'PATCH', `Customers/${customerId}`, s.customer, { body: ops, contentType: 'application/json-patch+json' }),
    /** Outgoing invoices whose balance changed after `since` (all of them without it). */
    outgoingInvoices: (since: string | null) => list('OutgoingInvoices', s.outgoingInvoice, since ? { balanceLastChangedDateTimeOffsetGreaterThan: since } : {}),
    ledgerAccounts: () => list('GeneralLedgerAccounts', s.ledgerAccount),
    /** The customer ledger's open items at `date` (inclusive), Go's Customerledger/OpenItems. */
    /** Go's open items at `date`, all customers' or those of `customerNos` (Go's comma list). */
    openItems: (date: string, customerNos?: readonly string[]) => list('Customerledger/OpenItems', s.customerLedgerEntry, customerNos?.length ? { date, customerNos: customerNos.join(',') } : { date }),
    postManualJournal: (journal: ManualJournalInput) =>
      request('v2', 'POST', 'Vouchers/ManualJournals', s.manualJournal, {
        body: {
          CurrencyCode: 'NOK',
          VoucherDate: journal.voucherDate,
          Description: journal.description,
          ExternalImportReference: journal.externalImportReference,
          VoucherLines: journal.lines.map((l) => ({
            AccountId: l.accountId,
            PostingDate: journal.voucherDate,
            VatId: l.vatId ?? null,
            CurrencyAmount: oreToKroner(l.amountOre),
            CustomMatchingReference: l.customMatchingReference ?? null,
            Description: l.description,
          })),
        },
      }),
    getManualJournal,
    /** Our manual journal with this ExternalImportReference, created after `createdAfter`, if Go has
     *  it. Go documents no lookup by reference: JournalEntryVouchers lists the vouchers created since
     *  (ours are marked IsCreatedByCurrentIntegration), and each manual journal of ours is read. */
    findManualJournal: async (externalImportReference: string, createdAfter: string): Promise<ManualJournal | null> => {
      const vouchers = await list('JournalEntryVouchers', s.journalEntryVoucher, { createdDateTimeOffsetGreaterThan: createdAfter, isPosted: true });
      for (const v of vouchers) {
        if (v.isCreatedByCurrentIntegration === false || (v.voucherType && v.voucherType !== 'ManualJournal')) continue;
        try {
          const journal = await getManualJournal(v.id);
          if (journal.externalImportReference === externalImportReference) return journal;
        } catch (e) {
          // Not one of our manual journals (Go answers those only to the integration that made them).
          if (!(e instanceof GoApiError && e.status === 404)) throw e;
        }
      }
      return null;
    },
  };
}

export type GoClient = ReturnType<typeof createGoClient>;

export type JsonPatchOp = { op: 'replace' | 'add' | 'remove'; path: string; value?: unknown };

export type ManualJournalInput = {
  voucherDate: string;
  description: string;
  externalImportReference: string;
  /** vatId: VatCodeDto.Id (null for none). */
  lines: { accountId: number; amountOre: number; customMatchingReference?: string | null; vatId?: number | null; description: string }[];
};

type ManualJournal = s.ManualJournal;

/** Kroner from Go → øre. */
export const ore = kronerToOre;

/** Deterministic jitter in [0, 1) so retry timing is spread but repeatable. */
function pseudoJitter(n: number): number {
  const x = Math.sin(n * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}
