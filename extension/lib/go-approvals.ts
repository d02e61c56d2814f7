// Drafts the accountant approved with Go's own «Godkjenn» in Go's Inkasso → Utkast page. Go has no
// API that tells of it, so the backend would learn of it only at its next sync; the content script
// on Go's Inkasso page sees the click and asks the background, which has the backend take each
// invoice now (the same "take" as the one-click send: the backend reads Go's documented
// AvailableInvoices and opens the case). What became of each approval is kept in storage under
// `goApprovals`, written by the background only: a ledger open in any tab hears of it by the
// storage event (no reload), and a ledger opened afterwards reads it, so it offers no send for an
// invoice Go has approved and says once what happened.
import { browser } from 'wxt/browser';
import type { TakeInvoiceResponse } from '@shared/api';
import type { Outcome } from './api';

export const approvalsKey = 'goApprovals';
/** How long an approval is remembered (a ledger opened later still says what happened). */
export const approvalsKeptMs = 10 * 60_000;
/** Go's answer to its own Godkjenn may still be on its way when the backend asks Go: asked again
 *  after these pauses while the backend says Go has not approved the invoice. */
export const notApprovedRetryMs = [1500, 3000];

export type GoApproval = {
  creditorId: string;
  invoiceNo: number;
  /** taking: the backend is taking it over; taken: it is in a case; not_taken: it is not (yet). */
  state: 'taking' | 'taken' | 'not_taken';
  caseNo: string | null;
  /** Why not taken: the backend's message ("Norsk / English"), or null when it could not be reached. */
  reason: string | null;
  /** Wall-clock milliseconds, to forget old ones across tabs. */
  at: number;
  /** A ledger has said what happened. */
  confirmed: boolean;
};

function isApproval(v: unknown): v is GoApproval {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return typeof a['creditorId'] === 'string' && typeof a['invoiceNo'] === 'number' && (a['state'] === 'taking' || a['state'] === 'taken' || a['state'] === 'not_taken')
    && (a['caseNo'] === null || typeof a['caseNo'] === 'string') && (a['reason'] === null || typeof a['reason'] === 'string') && typeof a['at'] === 'number' && typeof a['confirmed'] === 'boolean';
}

/** The approvals of the last `approvalsKeptMs`, as stored (anything else in storage is ignored). */
export function approvalsOf(stored: unknown, now: number): GoApproval[] {
  return Array.isArray(stored) ? stored.filter(isApproval).filter((a) => now - a.at < approvalsKeptMs) : [];
}

export async function readApprovals(now: number): Promise<GoApproval[]> {
  const s = await browser.storage.local.get(approvalsKey);
  return approvalsOf(s[approvalsKey], now);
}

export type ApprovalsDeps = {
  take(creditorId: string, invoiceNo: number): Promise<Outcome<TakeInvoiceResponse>>;
  now(): number;
  pause(ms: number): Promise<void>;
  read(): Promise<unknown>;
  /** Writes the list; `dataChanged` when cases changed (the overview and the icon's count refresh). */
  write(list: GoApproval[], dataChanged: boolean): Promise<void>;
};

/** The background's side: one at a time (each take may run a sync for the creditor), every write
 *  to the list from here, so no two writers race. */
export class ApprovalTaker {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ApprovalsDeps) {}

  private update(change: (list: GoApproval[]) => GoApproval[], dataChanged = false): Promise<void> {
    const run = async () => this.deps.write(change(approvalsOf(await this.deps.read(), this.deps.now())), dataChanged);
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private put(entries: GoApproval[], dataChanged = false): Promise<void> {
    const key = (a: Pick<GoApproval, 'creditorId' | 'invoiceNo'>) => `${a.creditorId}:${a.invoiceNo}`;
    const replaced = new Set(entries.map(key));
    return this.update((list) => [...list.filter((a) => !replaced.has(key(a))), ...entries], dataChanged);
  }

  /** Go approved these invoices in its own page: each taken by the backend now. */
  async approved(creditorId: string, invoiceNos: number[]): Promise<GoApproval[]> {
    const entry = (invoiceNo: number, state: GoApproval['state'], caseNo: string | null = null, reason: string | null = null): GoApproval =>
      ({ creditorId, invoiceNo, state, caseNo, reason, at: this.deps.now(), confirmed: false });
    const unique = [...new Set(invoiceNos)];
    await this.put(unique.map((no) => entry(no, 'taking')));
    const done: GoApproval[] = [];
    for (const invoiceNo of unique) {
      let r = await this.deps.take(creditorId, invoiceNo);
      for (const ms of notApprovedRetryMs) {
        if (r.ok || r.code !== 'not_approved') break;
        await this.deps.pause(ms);
        r = await this.deps.take(creditorId, invoiceNo);
      }
      done.push(r.ok && r.data.case ? entry(invoiceNo, 'taken', r.data.case.caseNo) : entry(invoiceNo, 'not_taken', null, r.ok ? null : r.kind === 'offline' ? null : r.message));
    }
    await this.put(done, true);
    return done;
  }

  /** A ledger has told the accountant what became of these. */
  seen(creditorId: string, invoiceNos: number[]): Promise<void> {
    const nos = new Set(invoiceNos);
    return this.update((list) => list.map((a) => (a.creditorId === creditorId && nos.has(a.invoiceNo) && a.state !== 'taking' ? { ...a, confirmed: true } : a)));
  }
}
