// One page view of the ledger, coordinated: the batch loaded and refreshed (Go's table read in
// slices, every invoice asked for), renders scheduled, and the parts that do the rest handed what
// they need: statuses (what is known), render (the diff), invoice-row, popover, panels, send-flow,
// customer-menu, sums, trouble. Everything here lives as long as the view's AbortSignal; nothing
// is kept at module level.
import type { CaseBadge } from '@shared/api';
import { LedgerReader, type Ledger } from '@/lib/adapters/go';
import { Overlay } from '@/lib/overlay';
import type { GoApproval } from '@/lib/go-approvals';
import { yieldToPage } from '@/lib/ui';
import type { FeatureContext } from '../types';
import { CustomerMenu } from './customer-menu';
import { drawInvoiceRow } from './invoice-row';
import { invoiceStatusChunk, StatusLoader } from './loader';
import { Placement } from './placement';
import { controlsLeft, RowPopovers } from './popover';
import { RowRenderer } from './render';
import { RenderScheduler } from './scheduler';
import { SendFlow } from './send-flow';
import { LedgerStatuses, type KnownStatus } from './statuses';
import { CustomerSums, sumLabel } from './sums';
import { TroubleBanner } from './trouble';
import type { Kit, Toast } from './widgets';
import { approvalsSaid, type Words } from './words';

/** Rows read per slice: a content script on a fresh page reads ~50 µs per row (measured in
 *  Chromium), so 200 rows keep each task near 10 ms. */
export const rowsPerSlice = 200;

/** Why a refresh happens: after our own action (it says what happened itself), after something
 *  changed elsewhere (the popup, a sync: always answered), or after Go's own doing (answered when
 *  figures changed). */
export type RefreshReason = 'action' | 'elsewhere' | 'go';

/** Reads rows until the first chunk of the batch is known (a no-op when it already is). */
export function readFirstChunk(reader: LedgerReader): void {
  while (!reader.done && reader.ledger.invoices.length < invoiceStatusChunk) reader.read(rowsPerSlice);
}

export type AnnotatorOptions = { ctx: FeatureContext; words: Words; kit: Kit; creditorId: string; reader: LedgerReader; toast: Toast };

export class LedgerAnnotator {
  private readonly ctx: FeatureContext;
  private readonly w: Words;
  private readonly creditorId: string;
  private readonly toast: Toast;
  private readonly statuses: LedgerStatuses;
  /** Replaced when Go replaces its table (refresh). */
  private reader: LedgerReader;
  private overlay: Overlay;
  private readonly placement: Placement;
  private readonly scheduler: RenderScheduler;
  private readonly loader: StatusLoader;
  private readonly trouble: TroubleBanner;
  private readonly renderer: RowRenderer;

  constructor(o: AnnotatorOptions) {
    const { ctx, words: w, creditorId, toast } = o;
    this.ctx = ctx;
    this.w = w;
    this.creditorId = creditorId;
    this.toast = toast;
    this.reader = o.reader;
    this.overlay = new Overlay(ctx.doc, o.reader.ledger.table);
    this.placement = new Placement(ctx.doc);
    this.scheduler = new RenderScheduler(ctx.doc, ctx.signal, ctx.ready, (all) => this.render(all));
    this.loader = new StatusLoader({ ask: ctx.ask, creditorId, signal: ctx.signal });
    this.trouble = new TroubleBanner(ctx.doc, w);
    const statuses = (this.statuses = new LedgerStatuses(creditorId));
    const schedule = (reposition: boolean) => this.scheduler.schedule(reposition);
    const afterAction = () => this.reload('action');
    const popovers = new RowPopovers({ doc: ctx.doc, w, rightLimit: (row) => controlsLeft(this.ledger, this.placement, row), closed: () => schedule(false) });
    const sendFlow = new SendFlow({ ctx, w, creditorId, statuses, popovers, toast, overlay: () => this.overlay, schedule, afterAction });
    const customerMenu = new CustomerMenu({ ctx, w, creditorId, popovers, toast, afterAction });
    const rowParts = { kit: o.kit, panel: ctx, statuses, popovers, sendFlow };
    this.renderer = new RowRenderer({
      doc: ctx.doc,
      today: ctx.today,
      placement: this.placement,
      popovers,
      statuses,
      sums: new CustomerSums(),
      drawInvoice: (host, row, item, room) => drawInvoiceRow(rowParts, host, row, item, room),
      drawCustomer: (host, customer, total) => {
        if (total !== undefined) host.append(sumLabel(ctx.doc, w, total));
        customerMenu.draw(host, customer);
      },
    });
  }

  private get ledger(): Ledger {
    return this.reader.ledger;
  }

  get table(): HTMLTableElement {
    return this.ledger.table;
  }

  /** What a row shows now, for tests and for counting what a refresh changed. */
  statusOf(invoiceNo: number): { status: KnownStatus; case: CaseBadge | null } | null {
    return this.statuses.statusOf(invoiceNo);
  }

  /** Drafts approved with Go's own Godkjenn (lib/go-approvals.ts): while the backend takes one, its
   *  row says "Godkjent for inkasso" and offers no send. Synchronous, so it holds from the page
   *  view's first render on. */
  noteApprovals(list: readonly GoApproval[]): void {
    if (this.statuses.noteApprovals(list)) this.scheduler.schedule(false);
  }

  /** Approvals in Go the backend has finished with, on this page and not yet told of: their rows
   *  asked for again (every row of the same case shares the new figures), then one short word on
   *  what happened, and the background told they were seen. */
  async confirmApprovals(list: readonly GoApproval[]): Promise<void> {
    const onPage = new Set(this.ledger.invoices.map((i) => i.invoiceNo));
    const news = this.statuses.untoldApprovals(list, onPage);
    if (news.length === 0) return;
    const stale = news.filter((a) => !this.statuses.get(a.invoiceNo)?.caseId).map((a) => a.invoiceNo);
    if (stale.length && !(await this.fetch(stale))) return;
    if (this.ctx.signal.aborted) return;
    this.scheduler.schedule(true);
    this.toast.say(approvalsSaid(this.w, news));
    void this.ctx.ask({ type: 'approvalsSeen', creditorId: this.creditorId, invoiceNos: news.map((a) => a.invoiceNo) });
  }

  /** The page view's batch: the first 500 invoices, asked for as soon as they are read, then the
   *  rest. The first part is chosen by document order, not by geometry: asking where rows are
   *  before Go's first layout would force that layout inside our task. */
  async load(): Promise<void> {
    readFirstChunk(this.reader);
    const first = this.reader.ledger.invoices.slice(0, invoiceStatusChunk).map((i) => i.invoiceNo);
    const asked = this.fetch(first).then((ok) => {
      if (ok) this.scheduler.schedule(true);
      return ok;
    });
    if (!this.reader.complete) {
      await this.ctx.ready;
      if (this.ctx.signal.aborted) return;
      this.reader.resume();
    }
    if (!(await this.readRest(this.reader))) return;
    if (!(await asked)) return;
    await this.fetch(this.ledger.invoices.map((i) => i.invoiceNo).filter((no) => !this.statuses.has(no)));
  }

  /** Go changed the table (a re-render, Oppdater, a payment or write-off registered): read it
   *  again and ask for every invoice again, so every row and sum shows today's figures. */
  async refresh(table: HTMLTableElement): Promise<void> {
    if (table !== this.ledger.table) {
      this.overlay.destroy();
      this.overlay = new Overlay(this.ctx.doc, table);
    } else this.overlay.forgetLayout();
    this.placement.forget();
    const reader = new LedgerReader(table);
    if (!(await this.readRest(reader))) return;
    this.reader = reader;
    this.scheduler.schedule(true);
    await this.reload('go');
  }

  /** Every invoice on the page asked for again (one batch), and a word on what changed. */
  async reload(reason: RefreshReason): Promise<void> {
    const invoiceNos = this.ledger.invoices.map((i) => i.invoiceNo);
    const before = new Map(invoiceNos.map((no) => [no, this.statuses.signature(no, false)]));
    const ok = await this.fetch(invoiceNos);
    if (!ok || this.ctx.signal.aborted) return;
    this.scheduler.schedule(true);
    const changed = invoiceNos.filter((no) => before.get(no) !== this.statuses.signature(no, false)).length;
    if (reason === 'elsewhere' || (reason === 'go' && changed > 0)) this.toast.say(changed === 0 ? this.w.t('toastUnchanged') : this.w.count(changed, 'toastUpdatedOne', 'toastUpdatedOther'));
  }

  private async readRest(reader: LedgerReader): Promise<boolean> {
    while (!reader.done) {
      await yieldToPage();
      if (this.ctx.signal.aborted) return false;
      reader.read(rowsPerSlice);
    }
    return true;
  }

  private async fetch(invoiceNos: number[]): Promise<boolean> {
    if (invoiceNos.length === 0) return true;
    const r = await this.loader.load(invoiceNos, {
      onItems: (items) => {
        this.statuses.take(items);
        this.trouble.clear();
        this.scheduler.schedule(false);
      },
      onTrouble: (kind) => this.trouble.show(kind, this.ledger.table, {
        logIn: () => void this.ctx.ask({ type: 'openOptions' }),
        retry: () => void this.reload('elsewhere'),
      }),
    });
    return r.ok;
  }

  schedule(reposition: boolean): void {
    this.scheduler.schedule(reposition);
  }

  /** On scroll (fired once per frame, before the frame's animation callbacks). Scrolling the page
   *  moves our layer with it, so nothing needs doing in the scroll's frame: new items are made in
   *  a task right after it. Go's own scroller moves the table under the layer, so the items there
   *  move in this very frame (a transform: no layout); new ones wait all the same. */
  onScroll(target: EventTarget | null): void {
    if (this.ctx.signal.aborted || this.scheduler.parsing) return;
    if (this.overlay.scrollsTable(target)) this.render(true, false);
    this.scheduler.schedule(false);
  }

  destroy(): void {
    this.scheduler.cancel();
    this.trouble.clear();
    this.overlay.destroy();
  }

  private render(repositionAll: boolean, create = true): void {
    if (this.renderer.render(this.ledger, this.overlay, repositionAll, create)) this.scheduler.schedule(false);
  }
}
