// One page view of the ledger: what is known of each invoice, the render diff over the rows near
// the viewport, and what each widget does when used. Everything here lives as long as the view's
// AbortSignal; nothing is kept at module level.
import type { CaseBadge } from '@shared/api';
import { LedgerReader, type Ledger, type LedgerInvoiceRow } from '@/lib/adapters/go';
import { Overlay, spanNear, type Rect, type Slot } from '@/lib/overlay';
import type { GoApproval } from '@/lib/go-approvals';
import { el, yieldToPage } from '@/lib/ui';
import type { FeatureContext } from '../types';
import { invoiceStatusChunk, StatusLoader, type Trouble } from './loader';
import { casePanel, guardPanel } from './panels';
import { Placement } from './placement';
import { controlsLeft, RowPopovers } from './popover';
import { SendFlow } from './send-flow';
import { CustomerMenu } from './customer-menu';
import { RenderScheduler } from './scheduler';
import { banner, caseBadge, guardButton, sendButton, stateLabel, Toast, type Kit } from './widgets';
import { LedgerStatuses, shownFinding, type KnownStatus } from './statuses';
import { CustomerSums, sumLabel } from './sums';
import { approvalsSaid, type Words } from './words';

/** Rows within this many viewport heights above and below the viewport get their badges. */
const nearViewports = 0.5;
/** New items per render at most for rows not yet in view (the rest follow in the next renders, so
 *  no frame waits on them). Rows in view are never held back: the accountant is looking at them. */
const newItemsPerRender = 30;
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
  private readonly kit: Kit;
  private readonly statuses: LedgerStatuses;
  private readonly sums = new CustomerSums();
  private readonly popovers: RowPopovers;
  private readonly sendFlow: SendFlow;
  private readonly customerMenu: CustomerMenu;
  private overlay: Overlay;
  private reader: LedgerReader;
  private readonly placement: Placement;
  private readonly scheduler: RenderScheduler;
  private readonly loader: StatusLoader;
  private readonly toast: Toast;
  private trouble: HTMLElement | null = null;

  constructor(o: AnnotatorOptions) {
    this.ctx = o.ctx;
    this.w = o.words;
    this.kit = o.kit;
    this.reader = o.reader;
    this.toast = o.toast;
    this.overlay = new Overlay(o.ctx.doc, o.reader.ledger.table);
    this.placement = new Placement(o.ctx.doc);
    this.scheduler = new RenderScheduler(o.ctx.doc, o.ctx.signal, o.ctx.ready, (all) => this.render(all));
    this.loader = new StatusLoader({ ask: o.ctx.ask, creditorId: o.creditorId, signal: o.ctx.signal });
    this.statuses = new LedgerStatuses(o.creditorId);
    this.popovers = new RowPopovers({ doc: o.ctx.doc, w: o.words, rightLimit: (row) => controlsLeft(this.ledger, this.placement, row), closed: () => this.scheduler.schedule(false) });
    const afterAction = () => this.reload('action');
    this.sendFlow = new SendFlow({ ctx: o.ctx, w: o.words, creditorId: o.creditorId, statuses: this.statuses, popovers: this.popovers, toast: o.toast, overlay: () => this.overlay, schedule: (r) => this.scheduler.schedule(r), afterAction });
    this.customerMenu = new CustomerMenu({ ctx: o.ctx, w: o.words, creditorId: o.creditorId, popovers: this.popovers, toast: o.toast, afterAction });
    this.creditorId = o.creditorId;
  }

  private readonly creditorId: string;

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
        this.clearTrouble();
        this.scheduler.schedule(false);
      },
      onTrouble: (kind) => this.showTrouble(kind),
    });
    return r.ok;
  }

  private showTrouble(kind: Trouble): void {
    const { doc } = this.ctx;
    const w = this.w;
    const action = kind === 'unauthorized'
      ? el(doc, 'button', { type: 'button', class: 'secondary' }, w.t('logIn'))
      : el(doc, 'button', { type: 'button', class: 'secondary' }, w.t('retry'));
    action.addEventListener('click', () => {
      if (kind === 'unauthorized') void this.ctx.ask({ type: 'openOptions' });
      else void this.reload('elsewhere');
    });
    this.clearTrouble();
    this.trouble = banner(doc, kind, w.t(kind === 'unauthorized' ? 'loggedOut' : kind === 'offline' ? 'offline' : 'tryLater'), action);
    this.ledger.table.before(this.trouble);
  }

  private clearTrouble(): void {
    this.trouble?.remove();
    this.trouble = null;
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
    this.clearTrouble();
    this.overlay.destroy();
  }

  private near(rows: { row: HTMLTableRowElement }[], area: Rect): [number, number] {
    return spanNear(rows.length, (i) => rows[i]!.row.getBoundingClientRect(), area.top, area.bottom);
  }

  /** One pass: every measurement first, then every write, so the page is laid out once. Without
   *  `create`, items are only moved or removed and the new ones are left to the next frame. */
  private render(repositionAll: boolean, create = true): void {
    const { invoices, customers } = this.ledger;
    const height = this.ctx.doc.defaultView?.innerHeight ?? 800;
    const area = this.overlay.visibleArea(height * nearViewports);
    const inView = this.overlay.visibleArea(0);
    type Wanted = { key: string; sig: string; kind: string; anchor: HTMLTableCellElement; inView: boolean; draw: (item: HTMLElement, slot: Slot) => void };
    const wanted: Wanted[] = [];
    if (area) {
      const [from, to] = this.near(invoices, area);
      const [viewFrom, viewTo] = inView ? this.near(invoices, inView) : [from, from];
      const order = [...invoices.slice(viewFrom, viewTo), ...invoices.slice(from, viewFrom), ...invoices.slice(viewTo, to)];
      for (const [k, row] of order.entries()) {
        const item = this.statuses.get(row.invoiceNo);
        if (!item) continue;
        const overdue = row.dueDate !== null && row.dueDate < this.ctx.today && (row.balanceOre ?? 0) > 0;
        if (item.state === 'none' && !overdue) continue;
        const anchor = row.balanceCell ?? row.anchor;
        wanted.push({ key: `invoice:${row.invoiceNo}`, sig: this.statuses.signature(row.invoiceNo, overdue), kind: 'badge', anchor, inView: k < viewTo - viewFrom, draw: (host, slot) => this.drawInvoice(host, row, item, slot.maxWidth) });
      }
      const sums = this.sums.of(this.ledger, this.statuses);
      const [cFrom, cTo] = this.near(customers, area);
      const [cViewFrom, cViewTo] = inView ? this.near(customers, inView) : [cFrom, cFrom];
      for (let c = cFrom; c < cTo; c++) {
        const customer = customers[c]!;
        const total = sums.get(customer);
        const draw = (host: HTMLElement) => {
          if (total !== undefined) host.append(sumLabel(this.ctx.doc, this.w, total));
          this.customerMenu.draw(host, customer);
        };
        wanted.push({ key: `customer:${customer.code}`, sig: String(total ?? ''), kind: 'sum', anchor: customer.anchor, inView: c >= cViewFrom && c < cViewTo, draw });
      }
    }
    const origin = this.overlay.origin();
    const writes: { w: Wanted; slot: Slot | null; fresh: boolean }[] = [];
    const isNew = (w: Wanted) => !this.popovers.isPinned(w.key) && !this.overlay.has(w.key, w.sig);
    const budget = wanted.some((w) => w.inView && isNew(w)) ? 0 : newItemsPerRender;
    let fresh = 0;
    let more = false;
    for (const w of wanted) {
      if (this.popovers.isPinned(w.key)) continue;
      const isFresh = isNew(w);
      if (!isFresh && !repositionAll) continue; // unchanged and in place: no flicker
      if (isFresh && (!create || (!w.inView && ++fresh > budget))) {
        more = true;
        continue;
      }
      writes.push({ w, slot: this.placement.slotAfter(w.anchor, origin, area!), fresh: isFresh });
    }
    const keep = new Set(wanted.map((w) => w.key));
    for (const key of this.overlay.keys()) if (!keep.has(key) && !this.popovers.isPinned(key)) this.overlay.remove(key);
    for (const { w, slot, fresh: isFresh } of writes) {
      if (!slot) this.overlay.remove(w.key);
      else {
        const existing = this.overlay.get(w.key);
        // A badge laid out for other room (the window was resized) is made again to fit.
        if (isFresh || !existing || existing.dataset['modhiRoom'] !== String(Math.round(slot.maxWidth))) {
          const item = this.overlay.put(w.key, w.sig, w.kind, slot, (host) => w.draw(host, slot));
          item.dataset['modhiRoom'] = String(Math.round(slot.maxWidth));
        } else this.overlay.move(existing, slot);
      }
    }
    if (more) this.scheduler.schedule(false);
  }

  private drawInvoice(host: HTMLElement, row: LedgerInvoiceRow, item: KnownStatus, room: number): void {
    const { doc } = this.ctx;
    const w = this.w;
    host.dataset['modhiInvoice'] = String(row.invoiceNo);
    const c = this.statuses.caseOf(item);
    if (c) {
      const button = caseBadge(this.kit, row.invoiceNo, c, item.state === 'closed', room);
      host.append(button);
      button.addEventListener('click', () => this.popovers.toggle(`invoice:${row.invoiceNo}`, host, row.row, button, () => casePanel(this.ctx, this.w, c)));
      const notice = this.statuses.noticeOf(row.invoiceNo);
      if (notice) host.append(el(doc, 'span', { class: 'badge warn', role: 'note', title: w.t('dunningNotice', { text: notice }), 'aria-label': w.t('dunningNotice', { text: notice }) }, w.t('dunningNoticeShort')));
      return;
    }
    if (item.state === 'approved') return void host.append(stateLabel(this.kit, row.invoiceNo, 'approved', room));
    const finding = shownFinding(item.guard);
    if (item.guard && !item.guard.ok && finding) {
      const button = guardButton(this.kit, row.invoiceNo, finding, room);
      host.append(button);
      button.addEventListener('click', () => this.popovers.toggle(`invoice:${row.invoiceNo}`, host, row.row, button, () => guardPanel(this.ctx.doc, this.w, item.guard!)));
      return;
    }
    if (item.state === 'draft') host.append(stateLabel(this.kit, row.invoiceNo, 'draft', room / 2));
    const send = sendButton(this.kit, row.invoiceNo, item.state === 'draft' ? room / 2 : room);
    host.append(send);
    send.addEventListener('click', () => this.sendFlow.ask(host, row, item, send));
  }
}
