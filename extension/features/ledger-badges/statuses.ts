// What the page view knows of each invoice and case: the status each row shows, each case's latest
// figures (every row of a case shows the same balance), what the backend said of a case just taken,
// and the drafts approved in Go's own Inkasso page. Lives as long as the page view's annotator.
import type { CaseBadge, GuardFinding, InvoiceStatusItem } from '@shared/api';
import type { GoApproval } from '@/lib/go-approvals';

/** What the ledger keeps of an invoice's status: its case (figures kept per case, see `cases`)
 *  or what stands in the way of sending it. Statuses with neither are one shared object per state:
 *  a 5 000-row ledger then keeps a few hundred objects rather than 5 000. */
export type KnownStatus = { state: InvoiceStatusItem['state']; caseId?: string; guard?: NonNullable<InvoiceStatusItem['guard']> };

/** The finding the row shows: the first blocking one, else (a send that can go) the first. */
export function shownFinding(guard: KnownStatus['guard']): GuardFinding | null {
  if (!guard) return null;
  return guard.findings.find((f) => f.blocking) ?? guard.findings[0] ?? null;
}

export class LedgerStatuses {
  private readonly statuses = new Map<number, KnownStatus>();
  /** Each case's latest figures: every row of a case shows the same balance. */
  private readonly cases = new Map<string, CaseBadge>();
  private readonly caseless = new Map<string, KnownStatus>();
  /** What the backend said about Go's reminders against the agreed profile, for a case just taken. */
  private readonly notices = new Map<number, string>();
  /** Invoices Go approved in its own Inkasso page that the backend is still taking: no longer in
   *  Go's Utkast, so their rows offer no send whatever an earlier lookup said. */
  private readonly approvedInGo = new Set<number>();
  /** Approvals in Go this page view has told of. */
  private readonly told = new Set<string>();
  /** Counts the answers taken, so what is worked out from the statuses (the sums) knows it is stale. */
  private taken = 0;

  constructor(private readonly creditorId: string) {}

  get revision(): number {
    return this.taken;
  }

  get(invoiceNo: number): KnownStatus | undefined {
    return this.statuses.get(invoiceNo);
  }

  has(invoiceNo: number): boolean {
    return this.statuses.has(invoiceNo);
  }

  /** The latest figures of a case. */
  case(caseId: string): CaseBadge | undefined {
    return this.cases.get(caseId);
  }

  /** The case of a status, at its latest figures. */
  caseOf(status: KnownStatus): CaseBadge | undefined {
    return status.caseId ? this.cases.get(status.caseId) : undefined;
  }

  noticeOf(invoiceNo: number): string | undefined {
    return this.notices.get(invoiceNo);
  }

  /** What a row shows now, for tests and for counting what a refresh changed. */
  statusOf(invoiceNo: number): { status: KnownStatus; case: CaseBadge | null } | null {
    const s = this.statuses.get(invoiceNo);
    return s ? { status: s, case: s.caseId ? (this.cases.get(s.caseId) ?? null) : null } : null;
  }

  /** The backend's answers for some invoices (a lookup, or the case of an invoice just sent). */
  take(items: InvoiceStatusItem[]): void {
    for (const item of items) this.statuses.set(item.invoiceNo, this.known(item));
    this.taken++;
  }

  /** What the backend said of Go's reminders when it took the invoice: shown beside its case. */
  noteNotice(invoiceNo: number, notice: string): void {
    this.notices.set(invoiceNo, notice);
  }

  /** Everything a row's item is drawn from: an item whose signature is unchanged is left as it is. */
  signature(invoiceNo: number, overdue: boolean): string {
    const s = this.statuses.get(invoiceNo);
    if (!s) return 'none';
    const c = s.caseId ? this.cases.get(s.caseId) : undefined;
    const f = shownFinding(s.guard);
    return `${s.state}|${c?.caseNo ?? ''}|${c?.stage ?? ''}|${c?.balanceOre ?? ''}|${c?.provisionalRate ? 'p' : ''}|${c?.nextStepDate ?? ''}|${s.guard?.ok ?? ''}|${f?.code ?? ''}|${s.guard?.claimOre ?? ''}|${overdue}`;
  }

  /** Drafts approved with Go's own Godkjenn (lib/go-approvals.ts): while the backend takes one, its
   *  row says "Godkjent for inkasso" and offers no send. True when a row shows something else now. */
  noteApprovals(list: readonly GoApproval[]): boolean {
    let changed = false;
    for (const a of list) {
      if (a.creditorId !== this.creditorId) continue;
      if (a.state !== 'taking') {
        this.approvedInGo.delete(a.invoiceNo);
        continue;
      }
      this.approvedInGo.add(a.invoiceNo);
      const s = this.statuses.get(a.invoiceNo);
      if (s && !s.caseId && s.state !== 'approved') {
        this.statuses.set(a.invoiceNo, this.shared('approved'));
        changed = true;
      }
    }
    return changed;
  }

  /** Approvals in Go the backend has finished with, of invoices on this page, that this page view
   *  has not told of yet; from now on they count as told. */
  untoldApprovals(list: readonly GoApproval[], onPage: ReadonlySet<number>): GoApproval[] {
    const key = (a: GoApproval) => `${a.invoiceNo}@${a.at}`;
    const news = list.filter((a) => a.creditorId === this.creditorId && a.state !== 'taking' && !a.confirmed && onPage.has(a.invoiceNo) && !this.told.has(key(a)));
    for (const a of news) this.told.add(key(a));
    return news;
  }

  private known(item: InvoiceStatusItem): KnownStatus {
    if (item.case) {
      this.cases.set(item.case.id, item.case);
      return { state: item.state, caseId: item.case.id };
    }
    if (this.approvedInGo.has(item.invoiceNo)) return this.shared('approved');
    if (item.guard && (!item.guard.ok || item.guard.findings.length > 0)) return { state: item.state, guard: item.guard };
    return this.shared(item.state);
  }

  private shared(state: InvoiceStatusItem['state']): KnownStatus {
    let shared = this.caseless.get(state);
    if (!shared) this.caseless.set(state, (shared = Object.freeze({ state })));
    return shared;
  }
}
