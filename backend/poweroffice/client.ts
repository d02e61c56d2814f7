// The Go API client: one per creditor (client key), sharing a token cache and the agency-wide limit
// of 10 requests/s per subscription key (rate-limit.ts). Retries 5xx and network errors with
// backoff; on 429 waits Retry-After (≥ 1 s), and makes every other client of the key wait it too,
// without spending a retry. Every response is validated; amounts cross this edge as øre.
import { z } from 'zod';
import type { Clock } from '@shared/clock';
import { kronerToOre, oreToKroner } from '@shared/money';
import * as s from './schemas';
import { LocalRateLimit, goRequestsPerSecond, type GoRateLimit } from './rate-limit';

export class GoApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Record<string, unknown> = {},
    readonly body: unknown = null,
  ) {
    super(message);
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

const join = (base: string, path: string) => `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;

export function createGoClient(o: GoClientOptions) {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? realSleep;
  const limiter = o.limiter ?? new LocalRateLimit({ perSecond: goRequestsPerSecond, sleep });
  const tokens = o.tokens ?? new TokenCache();
  const maxRetries = o.maxRetries ?? 4;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const stats: CallStats = { calls: 0, writes: 0, retries: 0, throttled: 0 };

  async function send(url: string, init: RequestInit): Promise<Response> {
    await limiter.acquire(o.subscriptionKey);
    stats.calls++;
    return doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }

  async function token(): Promise<string> {
    const cached = tokens.get(o.clientKey, o.clock.now().getTime());
    if (cached) return cached;
    const res = await withRetries(() =>
      send(join(o.apiUrl, 'OAuth/Token'), {
        method: 'POST',
        headers: { authorization: `Basic ${btoa(`${o.applicationKey}:${o.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }),
    );
    if (res.status === 401 || res.status === 400) throw new GoApiError(res.status, 'Go avviste klientnøkkelen / Go refused the client key');
    // A 5xx left after the retries, or a body that is not a token, is Go failing: a GoApiError, which
    // the routes answer with 502, not a ZodError that would surface as our own 500.
    if (!res.ok) throw new GoApiError(res.status, `Go ga ikke token (${res.status}) / Go gave no token`);
    const answer = s.tokenResponse.safeParse(await res.json().catch(() => null));
    if (!answer.success) throw new GoApiError(502, 'Uventet token-svar fra Go / Unexpected token answer from Go');
    const parsed = answer.data;
    tokens.set(o.clientKey, parsed.access_token, o.clock.now().getTime() + parsed.expires_in * 1000);
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
        throw new GoApiError(0, `Go svarte ikke / Go did not answer: ${failure instanceof Error ? failure.message : String(failure)}`);
      }
      await res?.body?.cancel();
      stats.retries++;
      const backoff = 200 * 2 ** retries;
      retries++;
      await sleep(backoff + Math.floor(backoff * 0.25 * pseudoJitter(stats.retries)));
    }
  }

  async function request<T extends z.ZodType>(api: Api, method: string, path: string, schema: T, body?: unknown): Promise<z.infer<T>> {
    const url = join(api === 'legacy' ? o.apiUrl : o.v2Url, path);
    if (method !== 'GET') stats.writes++;
    let res: Response | null = null;
    for (let auth = 0; auth < 2; auth++) {
      const bearer = await token();
      res = await withRetries(() =>
        send(url, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            ...(api === 'v2' ? { 'ocp-apim-subscription-key': o.subscriptionKey } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      if (res.status !== 401) break;
      await res.body?.cancel();
      tokens.drop(o.clientKey); // expired early or revoked: one fresh token, then give up
    }
    const text = await res!.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new GoApiError(res!.status, `Go svarte ikke med JSON (${res!.status})`);
    }
    if (!res!.ok) {
      const j = (json ?? {}) as { validation?: { summary?: string; fields?: Record<string, unknown> }; title?: string; errors?: Record<string, unknown> };
      throw new GoApiError(res!.status, j.validation?.summary ?? j.title ?? `Go svarte ${res!.status}`, j.validation?.fields ?? j.errors ?? {}, json);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new GoApiError(502, `Uventet svar fra Go på ${method} ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  const legacy = <T extends z.ZodType>(method: string, path: string, data: T, body?: unknown) =>
    request('legacy', method, path, s.envelope(data), body).then((r) => (r as { data: z.infer<T> }).data);

  return {
    stats,
    isActiveDebtCollection: () => legacy('GET', 'DebtCollection/IsActiveDebtCollection', z.boolean()),
    availableInvoices: () => legacy('GET', 'DebtCollection/Invoices/AvailableInvoices', z.array(s.debtCollectionInvoice)),
    listCases: (code?: string) =>
      legacy('GET', code ? `DebtCollection?$filter=${encodeURIComponent(`code eq '${code.replace(/'/g, "''")}'`)}` : 'DebtCollection', z.array(s.debtCollectionCase)),
    getCase: (id: string) => legacy('GET', `DebtCollection/${encodeURIComponent(id)}`, s.debtCollectionCase),
    /** Go's documented POST DebtCollection/ takes the agency balance too, so a new case shows its
     *  balance from the start without a second call (UpdateStatus) just for that. */
    createCase: (input: { code: string; invoiceIds: string[]; externalCaseUrl: string; balanceOre?: number }) =>
      legacy('POST', 'DebtCollection', s.debtCollectionCase, {
        code: input.code, invoices: input.invoiceIds.map((id) => ({ id })), externalCaseUrl: input.externalCaseUrl,
        ...(input.balanceOre === undefined ? {} : { balanceAgency: oreToKroner(input.balanceOre) }),
      }),
    addInvoicesToCase: (caseId: string, invoiceIds: string[]) => legacy('POST', 'DebtCollection/AddInvoicesToCase', s.debtCollectionCase, { caseId, invoiceIds }),
    mergeCases: (caseIds: string[], caseNo: string, externalCaseUrl: string) => legacy('POST', 'DebtCollection/MergeCases', s.debtCollectionCase, { caseIds, caseNo, externalCaseUrl }),
    updateStatus: (input: { caseId: string; statusText: string; isCaseClosed: boolean; balanceOre: number }) =>
      legacy('POST', 'DebtCollection/UpdateStatus', s.debtCollectionCase, {
        caseId: input.caseId, statusText: input.statusText, isCaseClosed: input.isCaseClosed, updatedBalanceAgency: oreToKroner(input.balanceOre),
      }),
    deleteCase: (id: string) => legacy('DELETE', `DebtCollection/${encodeURIComponent(id)}`, z.boolean()),
    allMatchedItems: (from: string | null) =>
      legacy('GET', `DebtCollection/GetAllMatchedItems${from ? `?fromDateTime=${encodeURIComponent(from)}` : ''}`, z.array(s.matchedGroup)),
    matchedItems: (invoiceId: string) => legacy('GET', `DebtCollection/MatchedItems/${encodeURIComponent(invoiceId)}`, z.array(s.matchedItem)),
    customers: () => request('v2', 'GET', 'Customers', z.array(s.customer)),
    outgoingInvoices: (since: string | null) =>
      request('v2', 'GET', `OutgoingInvoices${since ? `?lastChangedDateTimeOffsetGreaterThan=${encodeURIComponent(since)}` : ''}`, z.array(s.outgoingInvoice)),
    ledgerAccounts: () => request('v2', 'GET', 'GeneralLedgerAccounts', z.array(s.ledgerAccount)),
    postManualJournal: (journal: ManualJournalInput) =>
      request('v2', 'POST', 'Vouchers/ManualJournals', s.manualJournal, {
        currencyCode: 'NOK',
        voucherDate: journal.voucherDate,
        description: journal.description,
        externalImportReference: journal.externalImportReference,
        voucherLines: journal.lines.map((l) => ({
          accountId: l.accountId,
          postingDate: journal.voucherDate,
          vatId: l.vatId ?? null,
          currencyAmount: oreToKroner(l.amountOre),
          customMatchingReference: l.customMatchingReference ?? null,
          description: l.description,
        })),
      }),
    findManualJournal: (externalImportReference: string) =>
      request('v2', 'GET', `Vouchers/ManualJournals?externalImportReference=${encodeURIComponent(externalImportReference)}`, z.array(s.manualJournal)).then((r) => r[0] ?? null),
    approveInvoices: (invoiceIds: string[]) => request('v2', 'POST', 'DebtCollection/Approve', s.approveResult, { invoiceIds }),
    getDunningSettings: () => request('v2', 'GET', 'DunningSettings', s.dunningSettings),
    putDunningSettings: (settings: s.GoDunningSettings) => request('v2', 'PUT', 'DunningSettings', s.dunningSettings, settings),
  };
}

export type GoClient = ReturnType<typeof createGoClient>;

export type ManualJournalInput = {
  voucherDate: string;
  description: string;
  externalImportReference: string;
  lines: { accountId: number; amountOre: number; customMatchingReference?: string | null; vatId?: string | null; description: string }[];
};

/** Kroner from Go → øre. */
export const ore = kronerToOre;

/** Deterministic jitter in [0, 1) so retry timing is spread but repeatable. */
function pseudoJitter(n: number): number {
  const x = Math.sin(n * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}
