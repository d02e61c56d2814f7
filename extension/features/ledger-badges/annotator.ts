// One page view of the ledger: what is known of each invoice, the render diff over the rows near
// the viewport, and what each widget does when used. Everything here lives as long as the view's
// AbortSignal; nothing is kept at module level.
import type { CaseBadge } from '@shared/api';
import { approveDraft, LedgerReader, type Ledger, type LedgerCustomer, type LedgerInvoiceRow } from '@/lib/adapters/go';
import { Overlay, spanNear, type Rect, type Slot } from '@/lib/overlay';
import type { GoApproval } from '@/lib/go-approvals';
import { el, yieldToPage } from '@/lib/ui';
import type { FeatureContext } from '../types';
import { invoiceStatusChunk, StatusLoader, type Trouble } from './loader';
import { placeBeside, Placement } from './placement';
import { RenderScheduler } from './scheduler';
import { banner, caseBadge, confirmation, guardButton, popover, sendButton, stateLabel, Toast, type Kit } from './widgets';
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
  /** Items the accountant is using (an open panel, a confirmation, a send under way) stay put. */
  private readonly pinned = new Set<string>();
  private overlay: Overlay;
  private reader: LedgerReader;
  private readonly placement: Placement;
  private readonly scheduler: RenderScheduler;
  private readonly loader: StatusLoader;
  private readonly toast: Toast;
  private trouble: HTMLElement | null = null;
  private readonly escapes = new WeakMap<HTMLElement, AbortController>();

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
    this.creditorId = o.creditorId;
    this.statuses = new LedgerStatuses(o.creditorId);
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
          this.customerMenu(host, customer);
        };
        wanted.push({ key: `customer:${customer.code}`, sig: String(total ?? ''), kind: 'sum', anchor: customer.anchor, inView: c >= cViewFrom && c < cViewTo, draw });
      }
    }
    const origin = this.overlay.origin();
    const writes: { w: Wanted; slot: Slot | null; fresh: boolean }[] = [];
    const isNew = (w: Wanted) => !this.pinned.has(w.key) && !this.overlay.has(w.key, w.sig);
    const budget = wanted.some((w) => w.inView && isNew(w)) ? 0 : newItemsPerRender;
    let fresh = 0;
    let more = false;
    for (const w of wanted) {
      if (this.pinned.has(w.key)) continue;
      const isFresh = isNew(w);
      if (!isFresh && !repositionAll) continue; // unchanged and in place: no flicker
      if (isFresh && (!create || (!w.inView && ++fresh > budget))) {
        more = true;
        continue;
      }
      writes.push({ w, slot: this.placement.slotAfter(w.anchor, origin, area!), fresh: isFresh });
    }
    const keep = new Set(wanted.map((w) => w.key));
    for (const key of this.overlay.keys()) if (!keep.has(key) && !this.pinned.has(key)) this.overlay.remove(key);
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
      button.addEventListener('click', () => this.toggle(`invoice:${row.invoiceNo}`, host, row.row, button, () => this.casePanel(c)));
      const notice = this.statuses.noticeOf(row.invoiceNo);
      if (notice) host.append(el(doc, 'span', { class: 'badge warn', role: 'note', title: w.t('dunningNotice', { text: notice }), 'aria-label': w.t('dunningNotice', { text: notice }) }, w.t('dunningNoticeShort')));
      return;
    }
    if (item.state === 'approved') return void host.append(stateLabel(this.kit, row.invoiceNo, 'approved', room));
    const finding = shownFinding(item.guard);
    if (item.guard && !item.guard.ok && finding) {
      const button = guardButton(this.kit, row.invoiceNo, finding, room);
      host.append(button);
      button.addEventListener('click', () => this.toggle(`invoice:${row.invoiceNo}`, host, row.row, button, () => this.guardPanel(item.guard!)));
      return;
    }
    if (item.state === 'draft') host.append(stateLabel(this.kit, row.invoiceNo, 'draft', room / 2));
    const send = sendButton(this.kit, row.invoiceNo, item.state === 'draft' ? room / 2 : room);
    host.append(send);
    send.addEventListener('click', () => this.askToSend(host, row, item, send));
  }

  /** Opens (or closes) the popover of an item; while open the item stays put. */
  private toggle(key: string, host: HTMLElement, row: HTMLTableRowElement, opener: HTMLElement, build: () => HTMLElement): void {
    const open = host.querySelector(':scope > .pop');
    if (open) return this.closePopover(key, host, opener);
    this.openPopover(key, host, row, build(), opener);
    opener.setAttribute('aria-expanded', 'true');
  }

  private openPopover(key: string, host: HTMLElement, row: HTMLTableRowElement, pop: HTMLElement, opener: HTMLElement, focus?: HTMLElement): void {
    host.querySelector(':scope > .pop')?.remove();
    host.append(pop);
    host.classList.add('open');
    this.pinned.add(key);
    // Escape closes it, from the popover or from the button that opened it.
    const listening = new AbortController();
    this.escapes.get(host)?.abort();
    this.escapes.set(host, listening);
    host.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.closePopover(key, host, opener);
    }, { signal: listening.signal });
    const place = () => placeBeside(host, pop, row, this.controlsLeft(row));
    place();
    // Content that comes later (the timeline) grows the popover: placed again.
    new (this.ctx.doc.defaultView!.ResizeObserver)(() => pop.isConnected && place()).observe(pop);
    focus?.focus();
  }

  private closePopover(key: string, host: HTMLElement, opener?: HTMLElement): void {
    this.escapes.get(host)?.abort();
    this.escapes.delete(host);
    host.querySelector(':scope > .pop')?.remove();
    host.classList.remove('open');
    opener?.setAttribute('aria-expanded', 'false');
    this.pinned.delete(key);
    if (opener?.isConnected) opener.focus();
    this.scheduler.schedule(false);
  }

  /** Go's buttons start here on this row, or for a customer's header, on its first invoice's row. */
  private controlsLeft(row: HTMLTableRowElement): number {
    const invoice = this.ledger.invoices.find((i) => i.row === row || (i.customer?.row === row));
    return this.placement.controlsLeft(invoice?.row ?? row);
  }

  private closeButton(key: string, host: HTMLElement, opener: HTMLElement): HTMLButtonElement {
    const b = el(this.ctx.doc, 'button', { type: 'button', class: 'link close' }, this.w.t('close'));
    b.addEventListener('click', () => this.closePopover(key, host, opener));
    return b;
  }

  private casePanel(c: CaseBadge): HTMLElement {
    const { doc } = this.ctx;
    const w = this.w;
    const full = `${w.t('caseNo', { caseNo: c.caseNo })} · ${w.stage(c.stage)} · ${w.money(c.balanceOre)}`;
    const pop = popover(doc, { role: 'group', 'aria-label': full, class: 'panel' }, el(doc, 'p', { class: 'title' }, full));
    pop.append(el(doc, 'p', {}, (c.nextStep ? w.nextStep(c.stage, c.nextStepDate) : null) ?? w.t('noNextStep')));
    if (c.provisionalRate) pop.append(el(doc, 'p', { class: 'provisional', role: 'note' }, c.provisionalHalves?.length ? w.t('provisionalRateNote', { halves: c.provisionalHalves.join(', ') }) : w.t('provisionalRateBooked')));
    const list = el(doc, 'ol', { 'aria-label': w.t('timeline') }, el(doc, 'li', { class: 'muted' }, w.t('loading')));
    pop.append(list, el(doc, 'a', { href: c.url, target: '_blank', rel: 'noopener noreferrer' }, w.t('openCase')));
    void this.ctx.ask({ type: 'case', caseId: c.id }).then((r) => {
      if (this.ctx.signal.aborted) return;
      list.replaceChildren();
      if (!r.ok) list.append(el(doc, 'li', { class: 'error' }, w.t('timelineUnavailable')));
      else for (const e of r.data.timeline) list.append(el(doc, 'li', {}, w.event(e)));
    });
    return pop;
  }

  private guardPanel(guard: NonNullable<KnownStatus['guard']>): HTMLElement {
    const { doc } = this.ctx;
    const w = this.w;
    const findings = [...guard.findings].sort((a, b) => Number(b.blocking) - Number(a.blocking));
    return popover(doc, { role: 'group', 'aria-label': w.t('cannotSend'), class: 'panel' }, el(doc, 'p', { class: 'title' }, w.t('cannotSend')), el(doc, 'ul', {}, ...findings.map((f) => el(doc, 'li', {}, w.finding(f, false)))));
  }

  private askToSend(host: HTMLElement, row: LedgerInvoiceRow, item: KnownStatus, opener: HTMLElement): void {
    const w = this.w;
    const key = `invoice:${row.invoiceNo}`;
    const text = [w.t('confirmSend', { invoiceNo: row.invoiceNo, amount: w.money(row.balanceOre ?? 0), debtor: row.customer?.name ?? '' })];
    const partly = item.guard?.findings.find((f) => !f.blocking);
    if (item.guard && partly) text.push(w.t('confirmClaim', { claim: w.money(item.guard.claimOre), reason: w.finding(partly, false) }));
    const { box, yes, no } = confirmation(this.ctx.doc, w.t('sendToCollection'), text, w.t('confirm'), w.t('cancel'));
    no.addEventListener('click', () => this.closePopover(key, host, opener));
    yes.addEventListener('click', () => void this.send(host, row, opener, box));
    this.openPopover(key, host, row.row, box, opener, yes);
  }

  /** One-click send: the draft is approved in Go's own Inkasso page as the accountant (Go has no
   *  API for it; the adapter makes the request Go's page makes), then the backend takes the
   *  invoice now and answers with the case; then every row is asked for again. When Go's page is
   *  not what the adapter knows, Go's Utkast page is opened with the invoice pointed out. */
  private async send(host: HTMLElement, row: LedgerInvoiceRow, opener: HTMLElement, box: HTMLElement): Promise<void> {
    const { doc } = this.ctx;
    const w = this.w;
    const key = `invoice:${row.invoiceNo}`;
    const status = (text: string) => box.replaceChildren(el(doc, 'p', { role: 'status' }, text));
    const fail = (role: 'alert', ...content: (Node | string)[]) => {
      box.setAttribute('role', role);
      box.setAttribute('aria-label', w.t('sendFailed', { reason: '' }).replace(/:\s*$/, ''));
      box.replaceChildren(el(doc, 'p', {}, ...content), el(doc, 'div', { class: 'actions' }, this.closeButton(key, host, opener)));
    };
    status(w.t('approvingInGo'));
    const win = doc.defaultView!;
    const approved = await approveDraft((u, init) => win.fetch(u, init), win.location.href, row.invoiceNo, this.ctx.signal);
    if (this.ctx.signal.aborted) return;
    if (!approved.ok) {
      const text = approved.reason === 'refused' && approved.message ? w.t('goRefused', { invoiceNo: row.invoiceNo, reason: w.message(approved.message) })
        : approved.reason === 'no_row' ? w.t('goNoDraft', { invoiceNo: row.invoiceNo })
        : w.t('goFallback', { invoiceNo: row.invoiceNo });
      if (approved.reason !== 'refused') win.open(approved.fallbackUrl, '_blank', 'noopener');
      fail('alert', `${text} `, el(doc, 'a', { href: approved.fallbackUrl, target: '_blank', rel: 'noopener noreferrer' }, w.t('openInGo')));
      return;
    }
    status(w.t('takingCase'));
    const r = await this.ctx.ask({ type: 'send', creditorId: this.creditorId, invoiceNo: row.invoiceNo });
    if (this.ctx.signal.aborted) return;
    if (!r.ok) return fail('alert', w.t('sendFailed', { reason: r.kind === 'offline' ? w.t('offline') : w.message(r.message) }));
    this.statuses.take([r.data]);
    if (r.data.notice) this.statuses.noteNotice(row.invoiceNo, r.data.notice);
    this.closePopover(key, host);
    this.overlay.remove(key);
    if (r.data.case) this.toast.say(w.t('toastSent', { invoiceNo: row.invoiceNo, caseNo: r.data.case.caseNo }));
    this.scheduler.schedule(false);
    await this.reload('action');
  }

  /** "Inkasso for kunden" on a customer's row: whether Go sends the customer to collection (asked
   *  when opened), and "Ikke send denne kunden til inkasso" / back, each with a confirmation,
   *  through the backend (Go's documented PATCH /v2/Customers/{id}). */
  private customerMenu(host: HTMLElement, customer: LedgerCustomer): void {
    const { doc } = this.ctx;
    const w = this.w;
    const key = `customer:${customer.code}`;
    const toggle = el(doc, 'button', { type: 'button', class: 'link', 'aria-expanded': 'false', 'aria-label': w.t('customerMenuFor', { name: customer.name }) }, w.t('customerMenu'));
    toggle.addEventListener('click', () => this.toggle(key, host, customer.row, toggle, () => {
      const pop = popover(doc, { class: 'panel', role: 'group', 'aria-label': w.t('customerMenuFor', { name: customer.name }) }, el(doc, 'p', { class: 'muted', role: 'status' }, w.t('loading')));
      void this.ctx.ask({ type: 'customer', creditorId: this.creditorId, customerNo: customer.code }).then((r) => {
        if (this.ctx.signal.aborted) return;
        if (!r.ok) return void pop.replaceChildren(el(doc, 'p', { class: 'error', role: 'alert' }, r.kind === 'offline' ? w.t('offline') : w.message(r.message)));
        this.showCustomer(pop, customer, r.data.excluded, null);
      });
      return pop;
    }));
    host.append(toggle);
  }

  private showCustomer(panel: HTMLElement, customer: LedgerCustomer, excluded: boolean, saved: string | null): void {
    const { doc } = this.ctx;
    const w = this.w;
    const action = el(doc, 'button', { type: 'button', class: 'secondary' }, w.t(excluded ? 'include' : 'exclude'));
    panel.replaceChildren(el(doc, 'p', { role: 'status' }, w.t(excluded ? 'customerExcluded' : 'customerIncluded'), ...(saved ? [' ', saved] : [])), action);
    action.addEventListener('click', () => {
      const yes = el(doc, 'button', { type: 'button', class: 'primary' }, w.t(excluded ? 'yesInclude' : 'yesExclude'));
      const no = el(doc, 'button', { type: 'button' }, w.t('cancel'));
      const question = el(doc, 'div', { role: 'alertdialog', 'aria-label': w.t(excluded ? 'include' : 'exclude'), class: 'confirm' }, el(doc, 'p', {}, w.t(excluded ? 'confirmInclude' : 'confirmExclude', { name: customer.name })), el(doc, 'div', { class: 'actions' }, yes, no));
      panel.replaceChildren(question);
      yes.focus();
      no.addEventListener('click', () => this.showCustomer(panel, customer, excluded, null));
      yes.addEventListener('click', () => {
        panel.replaceChildren(el(doc, 'p', { class: 'muted', role: 'status' }, w.t('sending')));
        void this.ctx.ask({ type: 'exclusion', creditorId: this.creditorId, customerNo: customer.code, excluded: !excluded }).then((r) => {
          if (this.ctx.signal.aborted) return;
          if (!r.ok) return this.showCustomer(panel, customer, excluded, w.t('notSaved', { reason: r.kind === 'offline' ? w.t('offline') : w.message(r.message) }));
          this.showCustomer(panel, customer, r.data.excluded, w.t('customerSaved'));
          this.toast.say(w.t(r.data.excluded ? 'toastExcluded' : 'toastIncluded', { name: customer.name }));
          void this.reload('action'); // the guard's findings of the customer's invoices change
        });
      });
    });
  }
}
