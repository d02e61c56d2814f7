// Kundereskontro: a case badge on each invoice row (case number, stage, agency balance, with a
// panel for the timeline and next step), Utkast/Godkjent states, "Send til inkasso" on overdue
// invoices, and what is with the agency per customer. One batch request per page view: the 500
// invoices nearest the viewport first, so what the accountant sees is there at once, then the rest.
// Badges lie in a layer beside Go's table (see lib/overlay.ts for why) and only rows near the
// viewport get one; scrolling brings the others.
import type { CaseBadge, InvoiceStatusItem } from '@shared/api';
import { formatOre } from '@shared/money';
import { toNorwegian } from '@shared/dates';
import { approveDraft, emptyCellRuns, emptyCellsAfter, findLedgerTable, LedgerReader, mainContainer, type Ledger, type LedgerCustomer, type LedgerInvoiceRow } from '@/lib/adapters/go';
import { invoiceStatusChunk } from '@/lib/messages';
import { intersect, Overlay, spanNear, type Rect, type Slot } from '@/lib/overlay';
import { createHost, el, removeOurs, yieldToPage } from '@/lib/ui';
import type { Feature, FeatureContext } from './types';

/** Rows within this many viewport heights above and below the viewport get their badges. */
const nearViewports = 0.5;
/** New items per render at most for rows not yet in view (the rest follow in the next renders, so
 *  no frame waits on them). Rows in view are never held back: the accountant is looking at them. */
const newItemsPerRender = 30;
const minBadgeWidth = 90;
/** Room after the invoice text that is enough for a badge (else a wider empty stretch is sought). */
const roomyBadgeWidth = 180;
/** Rows read per slice: a content script on a fresh page reads ~50 µs per row (measured in
 *  Chromium), so 200 rows keep each task near 10 ms. */
const rowsPerSlice = 200;
/** Waits before asking a backend that did not answer again. */
const retryDelaysMs = [1000, 2000, 4000];
/** Chunks of the batch in flight at once (each is one backend request of ≤ 500 invoices). */
const chunksInFlight = 3;

/** What the ledger keeps of an invoice's status. Statuses without a case are one shared object per
 *  state: a 5 000-row ledger then keeps a few hundred objects rather than 5 000 (the collector's
 *  pauses on Go's page grow with what the page keeps). */
type KnownStatus = Pick<InvoiceStatusItem, 'state' | 'case'>;
const caseless = new Map<InvoiceStatusItem['state'], KnownStatus>();
function known(item: InvoiceStatusItem): KnownStatus {
  if (item.case) return item;
  let shared = caseless.get(item.state);
  if (!shared) caseless.set(item.state, (shared = Object.freeze({ state: item.state })));
  return shared;
}

function signature(item: KnownStatus | undefined, overdue: boolean): string {
  if (!item) return 'none';
  return `${item.state}|${item.case?.caseNo ?? ''}|${item.case?.stage ?? ''}|${item.case?.balanceOre ?? ''}|${item.case?.provisionalRate ? 'p' : ''}|${overdue}`;
}

/** Waits until `find` returns something, watching only the page's main container. */
function waitFor<T>(root: Element, find: () => T | null, signal: AbortSignal): Promise<T | null> {
  const found = find();
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const hit = find();
      if (hit) {
        observer.disconnect();
        resolve(hit);
      }
    });
    observer.observe(root, { childList: true, subtree: true });
    signal.addEventListener('abort', () => {
      observer.disconnect();
      resolve(null);
    });
  });
}

function banner(ctx: FeatureContext, table: HTMLTableElement, build: (root: ShadowRoot) => void): void {
  table.parentElement?.querySelector(':scope > [data-modhi="ledger-banner"]')?.remove();
  const { host, root } = createHost(ctx.doc, 'ledger-banner', true);
  build(root);
  table.before(host);
}

/** The empty cells of an anchor's row, kept per cell: Go's text does not change under a row we
 *  keep (a re-render makes new rows, and a table change starts a new reader, which clears this). */
let rooms = new WeakMap<HTMLTableCellElement, { afterText: HTMLTableCellElement[]; runs: HTMLTableCellElement[][] }>();
function roomOf(anchor: HTMLTableCellElement) {
  let room = rooms.get(anchor);
  if (!room) {
    const runs = emptyCellRuns(anchor.parentElement as HTMLTableRowElement).filter((run) => !run.includes(anchor));
    room = { afterText: emptyCellsAfter(anchor), runs };
    rooms.set(anchor, room);
  }
  return room;
}
function forgetRooms(): void {
  rooms = new WeakMap();
}

/** Where the item for a row goes, in this order: after the anchor cell's text over the empty
 *  cells beside it, when that leaves room for a badge; else over the widest run of empty cells in
 *  the row (Go's rows are full of text where the description is filled in); else after the text,
 *  cut short. Null when the cell cannot be seen (a collapsed group, or outside Go's scroller). */
function slotFor(doc: Document, anchor: HTMLTableCellElement, origin: { x: number; y: number }, area: Rect): Slot | null {
  const cell = anchor.getBoundingClientRect();
  if (cell.height === 0 || !intersect(cell, [area])) return null;
  const range = doc.createRange();
  range.selectNodeContents(anchor);
  const text = range.getBoundingClientRect();
  const textEnd = (text.width > 0 ? text.right : cell.left) + 6;
  const room = roomOf(anchor);
  const afterText = Math.min(room.afterText.at(-1)?.getBoundingClientRect().right ?? cell.right, area.right) - 6;
  const at = (left: number, right: number): Slot => ({ top: cell.top - origin.y, left: left - origin.x, height: cell.height, maxWidth: Math.max(minBadgeWidth, right - left) });
  if (afterText - textEnd >= roomyBadgeWidth) return at(textEnd, afterText);
  let best: { left: number; right: number } | null = null;
  for (const run of room.runs) {
    const left = run[0]!.getBoundingClientRect().left + 6;
    const right = Math.min(run.at(-1)!.getBoundingClientRect().right, area.right) - 6;
    if (left > textEnd && right - left > (best ? best.right - best.left : afterText - textEnd)) best = { left, right };
  }
  return best ? at(best.left, best.right) : at(textEnd, afterText);
}

/** Resolves true after `ms`, or false as soon as the page view ends. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(false);
    }, { once: true });
  });
}

/** Reads rows until the first chunk of the batch is known (a no-op when it already is). */
function readFirstChunk(reader: LedgerReader): void {
  while (!reader.done && reader.ledger.invoices.length < invoiceStatusChunk) reader.read(rowsPerSlice);
}

class LedgerAnnotator {
  private readonly statuses = new Map<number, KnownStatus>();
  /** Items the accountant is using (an open panel, a confirmation, a send under way) stay put. */
  private readonly pinned = new Set<string>();
  /** What the backend said about Go's reminders against the agreed profile, for a case just taken. */
  private readonly notices = new Map<number, string>();
  private sums = new Map<LedgerCustomer, number>();
  /** The sums are counted again when a render needs them, not at every answer. */
  private sumsStale = false;
  private overlay: Overlay;
  private reader: LedgerReader;
  /** The render asked for (or, while Go's page is parsed, waiting for the end of it). */
  private pending: { cancel(): void } | 'parsing' | null = null;
  /** Whether Go's table has been in a drawn frame (after that, renders are tasks: see schedule). */
  private tableDrawn = false;
  private reposition = true;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly creditorId: string,
    reader: LedgerReader,
  ) {
    this.reader = reader;
    this.overlay = new Overlay(ctx.doc, reader.ledger.table);
    void ctx.ready.then(() => requestAnimationFrame(() => (this.tableDrawn = true)));
  }

  private get ledger(): Ledger {
    return this.reader.ledger;
  }

  get table(): HTMLTableElement {
    return this.ledger.table;
  }

  /** The page view's batch: the first 500 invoices, asked for as soon as they are read, then the
   *  rest in chunks of 500. The first part is chosen by document order, not by geometry: asking
   *  where rows are before Go's first layout would force that layout inside our task. A page
   *  opened scrolled down gets the rows in view with the later chunks. Each chunk is its own
   *  message, so no answer is big enough to stall the page while it is unpacked. */
  async load(): Promise<void> {
    readFirstChunk(this.reader);
    const first = [...new Set(this.reader.ledger.invoices.slice(0, invoiceStatusChunk).map((i) => i.invoiceNo))];
    const asked = this.fetch(first).then((ok) => {
      if (ok) this.schedule(true);
      return ok;
    });
    // Started while Go's page was still being parsed: the rest of the rows come with the document
    // (whether or not it is still being parsed by now).
    if (!this.reader.complete) {
      await this.ctx.ready;
      if (this.ctx.signal.aborted) return;
      this.reader.resume();
    }
    if (!(await this.readRest(this.reader))) return;
    if (!(await asked)) return;
    const rest = [...new Set(this.ledger.invoices.map((i) => i.invoiceNo))].filter((no) => !this.statuses.has(no));
    await this.fetchInChunks(rest);
  }

  /** Go changed the table (a re-render, Oppdater): read it again and fetch what is new. */
  async refresh(table: HTMLTableElement): Promise<void> {
    if (table !== this.ledger.table) {
      this.overlay.destroy();
      this.overlay = new Overlay(this.ctx.doc, table);
    } else this.overlay.forgetLayout();
    forgetRooms(); // Go may have changed what its cells say
    // Read fully before swapping, so a render meanwhile still sees the whole (old) ledger.
    const reader = new LedgerReader(table);
    if (!(await this.readRest(reader))) return;
    this.reader = reader;
    this.sumsStale = true;
    this.schedule(true);
    await this.fetchInChunks([...new Set(this.ledger.invoices.map((i) => i.invoiceNo))].filter((no) => !this.statuses.has(no)));
  }

  /** The rest of the table, a slice per task; false when the page view ended meanwhile. */
  private async readRest(reader: LedgerReader): Promise<boolean> {
    while (!reader.done) {
      await yieldToPage();
      if (this.ctx.signal.aborted) return false;
      reader.read(rowsPerSlice);
    }
    return true;
  }

  private async fetchInChunks(invoiceNos: number[]): Promise<void> {
    const chunks: number[][] = [];
    for (let i = 0; i < invoiceNos.length; i += invoiceStatusChunk) chunks.push(invoiceNos.slice(i, i + invoiceStatusChunk));
    let ok = true;
    const worker = async () => {
      for (let chunk = chunks.shift(); chunk && ok; chunk = chunks.shift()) {
        ok = await this.fetch(chunk);
        if (ok) this.schedule(false);
      }
    };
    await Promise.all(Array.from({ length: Math.min(chunksInFlight, chunks.length) }, worker));
  }

  /** One chunk of the batch. A backend that is briefly away (network, 5xx) is asked again after
   *  1, 2 and 4 s: the badges say so at once, and the notice goes when an answer comes. */
  private async fetch(invoiceNos: number[]): Promise<boolean> {
    if (invoiceNos.length === 0) return true;
    for (let attempt = 0; ; attempt++) {
      const r = await this.ctx.ask({ type: 'invoiceStatus', creditorId: this.creditorId, invoiceNos });
      if (this.ctx.signal.aborted) return false;
      if (r.ok) {
        for (const item of r.data.items) this.statuses.set(item.invoiceNo, known(item));
        this.sumsStale = true;
        if (attempt > 0) this.ledger.table.parentElement?.querySelector(':scope > [data-modhi="ledger-banner"]')?.remove();
        return true;
      }
      banner(this.ctx, this.ledger.table, (root) => root.append(el(this.ctx.doc, 'span', { class: 'banner', role: 'status' }, this.ctx.t(r.kind === 'unauthorized' ? 'loggedOut' : 'offline'))));
      if (r.kind !== 'offline' || attempt >= retryDelaysMs.length) return false;
      if (!(await pause(retryDelaysMs[attempt]!, this.ctx.signal))) return false;
    }
  }

  /** Renders soon, once however many ask meanwhile. Until the table has been drawn, in an
   *  animation callback, so the badges can be in the very frame that first shows it; after that
   *  as tasks of their own between frames: Go's frames on a large ledger are long already (25–45
   *  ms of paint on a 2-core machine without a GPU, traced), and our work inside them made them
   *  the page's long tasks. */
  schedule(reposition: boolean): void {
    this.reposition ||= reposition;
    if (this.pending || this.ctx.signal.aborted) return;
    // Nothing is measured while Go's page is parsed: that would force its layout mid-parse.
    if (this.ctx.doc.readyState === 'loading') {
      this.pending = 'parsing';
      void this.ctx.ready.then(() => {
        this.pending = null;
        this.schedule(false);
      });
      return;
    }
    const run = () => {
      this.pending = null;
      if (this.ctx.signal.aborted) return;
      const all = this.reposition;
      this.reposition = false;
      this.render(all);
    };
    if (this.tableDrawn) {
      const timer = setTimeout(run, 0);
      this.pending = { cancel: () => clearTimeout(timer) };
    } else {
      const frame = requestAnimationFrame(run);
      this.pending = { cancel: () => cancelAnimationFrame(frame) };
    }
  }

  /** On scroll (fired once per frame, before the frame's animation callbacks). Scrolling the page
   *  moves our layer with it, so nothing needs doing in the scroll's frame: new items are made in
   *  a task right after it and drawn in the next frame. Go's own scroller moves the table under
   *  the layer, so the items there move in this very frame (a transform: no layout); new ones
   *  wait all the same. */
  onScroll(target: EventTarget | null): void {
    if (this.ctx.signal.aborted || this.pending === 'parsing') return;
    if (this.scrolledBy(target)) this.render(true, false);
    this.schedule(false);
  }

  /** Whether a scroll moved the table under our layer (Go's own scroller rather than the page). */
  private scrolledBy(target: EventTarget | null): boolean {
    return this.overlay.scrollsTable(target);
  }

  destroy(): void {
    if (this.pending && this.pending !== 'parsing') this.pending.cancel();
    this.overlay.destroy();
  }

  /** Rows (of `rows`, in vertical order) whose boxes meet `area`, by a binary search. */
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
    type Wanted = { key: string; sig: string; kind: string; anchor: HTMLTableCellElement; inView: boolean; draw: (item: HTMLElement) => void };
    const wanted: Wanted[] = [];
    if (area) {
      // Rows in view first, then those about to scroll in: with a budget of new items per render,
      // what the accountant sees is never what waits.
      const [from, to] = this.near(invoices, area);
      const [viewFrom, viewTo] = inView ? this.near(invoices, inView) : [from, from];
      const order = [...invoices.slice(viewFrom, viewTo), ...invoices.slice(from, viewFrom), ...invoices.slice(viewTo, to)];
      for (const [k, row] of order.entries()) {
        const item = this.statuses.get(row.invoiceNo);
        if (!item) continue;
        const overdue = row.dueDate !== null && row.dueDate < this.ctx.today && (row.balanceOre ?? 0) > 0;
        if (item.state === 'none' && !overdue) continue;
        wanted.push({ key: `invoice:${row.invoiceNo}`, sig: signature(item, overdue), kind: 'badge', anchor: row.anchor, inView: k < viewTo - viewFrom, draw: (host) => this.drawInvoice(host, row, item) });
      }
      if (this.sumsStale) {
        this.sums = this.sumByCustomer();
        this.sumsStale = false;
      }
      const [cFrom, cTo] = this.near(customers, area);
      const [cViewFrom, cViewTo] = inView ? this.near(customers, inView) : [cFrom, cFrom];
      for (let c = cFrom; c < cTo; c++) {
        const customer = customers[c]!;
        const total = this.sums.get(customer);
        const draw = (host: HTMLElement) => {
          if (total !== undefined) host.append(el(this.ctx.doc, 'span', { class: 'sum' }, this.ctx.t('withAgency', { amount: formatOre(total) })));
          this.customerMenu(host, customer);
        };
        wanted.push({ key: `customer:${customer.code}`, sig: String(total ?? ''), kind: 'sum', anchor: customer.anchor, inView: c >= cViewFrom && c < cViewTo, draw });
      }
    }
    // Reads: where each new (or, after a layout change, each) item goes.
    const origin = this.overlay.origin();
    const writes: { w: Wanted; slot: Slot | null; fresh: boolean }[] = [];
    // Rows coming into view get theirs alone: the rows about to come follow in the next task, so
    // the frame that draws the new badges stays short.
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
      writes.push({ w, slot: slotFor(this.ctx.doc, w.anchor, origin, area!), fresh: isFresh });
    }
    // Writes: what went out of reach goes, the new come in.
    const keep = new Set(wanted.map((w) => w.key));
    for (const key of this.overlay.keys()) if (!keep.has(key) && !this.pinned.has(key)) this.overlay.remove(key);
    for (const { w, slot, fresh: isFresh } of writes) {
      if (!slot) this.overlay.remove(w.key);
      else if (isFresh) this.overlay.put(w.key, w.sig, w.kind, slot, w.draw);
      else this.overlay.move(this.overlay.get(w.key)!, slot);
    }
    // The rest in a task of its own.
    if (more) this.schedule(false);
  }

  private drawInvoice(host: HTMLElement, row: LedgerInvoiceRow, item: KnownStatus): void {
    const { doc, t } = this.ctx;
    host.dataset['modhiInvoice'] = String(row.invoiceNo);
    if (item.case) {
      this.caseBadge(host, row, item.case, item.state === 'closed');
      const notice = this.notices.get(row.invoiceNo);
      if (notice) host.append(el(doc, 'span', { class: 'badge warn', role: 'note', title: t('dunningNotice', { text: notice }), 'aria-label': t('dunningNotice', { text: notice }) }, t('dunningNoticeShort')));
    }
    else if (item.state === 'approved') host.append(el(doc, 'span', { class: 'badge state', title: `${t('invoice', { invoiceNo: row.invoiceNo })}: ${t('approved')}` }, t('approved')));
    else {
      // In Utkast (or overdue and not yet proposed): one click approves it and opens the case.
      if (item.state === 'draft') host.append(el(doc, 'span', { class: 'badge state', title: `${t('invoice', { invoiceNo: row.invoiceNo })}: ${t('draft')}` }, t('draft')));
      this.sendButton(host, row);
    }
  }

  private caseBadge(host: HTMLElement, row: LedgerInvoiceRow, c: CaseBadge, closed: boolean): void {
    const { doc, t } = this.ctx;
    const label = closed ? t('closedCase', { caseNo: c.caseNo, stage: c.stageLabel }) : t('caseBadge', { caseNo: c.caseNo, stage: c.stageLabel, balance: formatOre(c.balanceOre) });
    // The layer is apart from the row, so the button names its invoice for screen readers; the
    // title shows the whole text where the row has too little room for it.
    // A balance on a provisional rate says so in the title (and in the panel), not in the badge's own text.
    const provisional = !closed && c.provisionalRate === true;
    const button = el(doc, 'button', { type: 'button', class: closed ? 'badge closed' : provisional ? 'badge provisional' : 'badge', 'aria-expanded': 'false', title: provisional ? `${label} · ${t('provisionalRate')}` : label, 'aria-label': `${t('invoice', { invoiceNo: row.invoiceNo })}: ${label}` }, label);
    const key = `invoice:${row.invoiceNo}`;
    // The panel is made on the first click: a screenful of badges need not build a hundred of them.
    let panel: HTMLElement | null = null;
    button.addEventListener('click', () => {
      const open = !panel || panel.hidden;
      if (!panel) {
        panel = el(doc, 'div', { class: 'panel' });
        host.append(panel);
        void this.fillPanel(panel, c);
      }
      panel.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      host.classList.toggle('open', open);
      if (open) this.pinned.add(key);
      else this.pinned.delete(key);
    });
    host.append(button);
  }

  private async fillPanel(panel: HTMLElement, c: CaseBadge): Promise<void> {
    const { doc, t } = this.ctx;
    panel.append(el(doc, 'div', {}, c.nextStep ? t('nextStep', { step: c.nextStep, date: c.nextStepDate ? toNorwegian(c.nextStepDate) : '' }) : t('noNextStep')));
    if (c.provisionalRate) panel.append(el(doc, 'div', { class: 'provisional', role: 'note' }, c.provisionalHalves?.length ? t('provisionalRateNote', { halves: c.provisionalHalves.join(', ') }) : t('provisionalRateBooked')));
    const list = el(doc, 'ol', { 'aria-label': t('timeline') }, el(doc, 'li', { class: 'muted' }, t('loading')));
    const link = el(doc, 'a', { href: c.url, target: '_blank', rel: 'noopener noreferrer' }, t('openCase'));
    panel.append(list, link);
    const r = await this.ctx.ask({ type: 'case', caseId: c.id });
    list.replaceChildren();
    if (!r.ok) list.append(el(doc, 'li', { class: 'error' }, t('error', { reason: r.message })));
    else for (const e of r.data.timeline) list.append(el(doc, 'li', {}, `${toNorwegian(e.at)} ${e.text}${e.amountOre !== null ? ` (${formatOre(e.amountOre)})` : ''}`));
  }

  private sendButton(host: HTMLElement, row: LedgerInvoiceRow): void {
    const { doc, t } = this.ctx;
    const key = `invoice:${row.invoiceNo}`;
    const button = el(doc, 'button', { type: 'button', class: 'send', 'aria-label': `${t('sendToCollection')}: ${t('invoice', { invoiceNo: row.invoiceNo })}` }, t('sendToCollection'));
    button.addEventListener('click', () => {
      this.pinned.add(key);
      host.classList.add('open');
      const question = el(doc, 'span', { role: 'alertdialog', 'aria-label': t('sendToCollection'), class: 'confirm' });
      const yes = el(doc, 'button', { type: 'button', class: 'primary' }, t('confirm'));
      const no = el(doc, 'button', { type: 'button' }, t('cancel'));
      question.append(el(doc, 'span', {}, t('confirmSend', { invoiceNo: row.invoiceNo, amount: formatOre(row.balanceOre ?? 0), debtor: row.customer?.name ?? '' })), yes, no);
      const before = [...host.childNodes];
      host.replaceChildren(question);
      yes.focus();
      no.addEventListener('click', () => {
        host.replaceChildren(...before);
        host.classList.remove('open');
        this.pinned.delete(key);
        button.focus();
      });
      yes.addEventListener('click', () => void this.send(host, row, before));
    });
    host.append(button);
  }

  /** One-click send: the draft is approved in Go's own Inkasso page as the accountant (Go has no
   *  API for it; the adapter makes the request Go's page makes), then the backend takes the
   *  invoice now and answers with the case. When Go's page is not what the adapter knows, Go's
   *  Utkast page is opened with the invoice pointed out, and the row says so. */
  private async send(host: HTMLElement, row: LedgerInvoiceRow, before: Node[]): Promise<void> {
    const { doc, t } = this.ctx;
    const key = `invoice:${row.invoiceNo}`;
    const status = (text: string) => host.replaceChildren(el(doc, 'span', { class: 'muted', role: 'status' }, text));
    status(t('approvingInGo'));
    const win = doc.defaultView!;
    const approved = await approveDraft((u, init) => win.fetch(u, init), win.location.href, row.invoiceNo, this.ctx.signal);
    if (this.ctx.signal.aborted) return;
    if (!approved.ok) {
      const text = approved.reason === 'refused' && approved.message ? t('goRefused', { invoiceNo: row.invoiceNo, reason: approved.message })
        : approved.reason === 'no_row' ? t('goNoDraft', { invoiceNo: row.invoiceNo })
        : t('goFallback', { invoiceNo: row.invoiceNo });
      if (approved.reason !== 'refused') win.open(approved.fallbackUrl, '_blank', 'noopener');
      const link = el(doc, 'a', { href: approved.fallbackUrl, target: '_blank', rel: 'noopener noreferrer' }, t('openInGo'));
      // Below the row, as a panel, so it covers none of Go's buttons; it stays until the next view.
      host.replaceChildren(...before, el(doc, 'div', { class: 'panel error', role: 'alert' }, `${text} `, link));
      host.classList.add('open');
      return;
    }
    status(t('takingCase'));
    const r = await this.ctx.ask({ type: 'send', creditorId: this.creditorId, invoiceNo: row.invoiceNo });
    if (this.ctx.signal.aborted) return;
    if (!r.ok) {
      host.replaceChildren(...before, el(doc, 'div', { class: 'panel error', role: 'alert' }, t('sendFailed', { reason: r.message })));
      host.classList.add('open');
      return;
    }
    this.statuses.set(row.invoiceNo, known(r.data));
    this.sumsStale = true;
    if (r.data.notice) this.notices.set(row.invoiceNo, r.data.notice);
    this.pinned.delete(key);
    this.overlay.remove(key);
    this.schedule(false);
  }

  /** "Inkasso for kunden" on a customer's row: whether Go sends the customer to collection (asked
   *  when opened, not per page view), and "Ikke send denne kunden til inkasso" / back, each with a
   *  confirmation, through the backend (Go's documented PATCH /v2/Customers/{id}). */
  private customerMenu(host: HTMLElement, customer: LedgerCustomer): void {
    const { doc, t } = this.ctx;
    const key = `customer:${customer.code}`;
    const toggle = el(doc, 'button', { type: 'button', class: 'link', 'aria-expanded': 'false', 'aria-label': t('customerMenuFor', { name: customer.name }) }, t('customerMenu'));
    let panel: HTMLElement | null = null;
    toggle.addEventListener('click', () => {
      const open = !panel || panel.hidden;
      if (!panel) {
        panel = el(doc, 'div', { class: 'panel', role: 'group', 'aria-label': t('customerMenuFor', { name: customer.name }) });
        host.append(panel);
        void this.fillCustomerPanel(panel, customer);
      }
      panel.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      host.classList.toggle('open', open);
      if (open) this.pinned.add(key);
      else this.pinned.delete(key);
    });
    host.append(toggle);
  }

  private async fillCustomerPanel(panel: HTMLElement, customer: LedgerCustomer): Promise<void> {
    const { doc, t } = this.ctx;
    panel.replaceChildren(el(doc, 'span', { class: 'muted', role: 'status' }, t('loading')));
    const r = await this.ctx.ask({ type: 'customer', creditorId: this.creditorId, customerNo: customer.code });
    if (this.ctx.signal.aborted) return;
    if (!r.ok) return void panel.replaceChildren(el(doc, 'span', { class: 'error', role: 'alert' }, t('error', { reason: r.message })));
    this.showCustomer(panel, customer, r.data.excluded, null);
  }

  private showCustomer(panel: HTMLElement, customer: LedgerCustomer, excluded: boolean, saved: string | null): void {
    const { doc, t } = this.ctx;
    const action = el(doc, 'button', { type: 'button', class: 'secondary' }, t(excluded ? 'include' : 'exclude'));
    panel.replaceChildren(el(doc, 'p', { role: 'status' }, t(excluded ? 'customerExcluded' : 'customerIncluded'), ...(saved ? [' ', saved] : [])), action);
    action.addEventListener('click', () => {
      const question = el(doc, 'div', { role: 'alertdialog', 'aria-label': t(excluded ? 'include' : 'exclude'), class: 'confirm' });
      const yes = el(doc, 'button', { type: 'button', class: 'primary' }, t(excluded ? 'yesInclude' : 'yesExclude'));
      const no = el(doc, 'button', { type: 'button' }, t('cancel'));
      question.append(el(doc, 'span', {}, t(excluded ? 'confirmInclude' : 'confirmExclude', { name: customer.name })), yes, no);
      panel.replaceChildren(question);
      yes.focus();
      no.addEventListener('click', () => this.showCustomer(panel, customer, excluded, null));
      yes.addEventListener('click', () => {
        panel.replaceChildren(el(doc, 'span', { class: 'muted', role: 'status' }, t('sending')));
        void this.ctx.ask({ type: 'exclusion', creditorId: this.creditorId, customerNo: customer.code, excluded: !excluded }).then((r) => {
          if (this.ctx.signal.aborted) return;
          if (!r.ok) this.showCustomer(panel, customer, excluded, t('error', { reason: r.message }));
          else this.showCustomer(panel, customer, r.data.excluded, t('customerSaved'));
        });
      });
    });
  }

  /** What is with the agency per customer: each open case counted once. */
  private sumByCustomer(): Map<LedgerCustomer, number> {
    const casesOf = new Map<LedgerCustomer, Map<string, number>>();
    for (const inv of this.ledger.invoices) {
      const item = this.statuses.get(inv.invoiceNo);
      if (!inv.customer || item?.state !== 'in_case' || !item.case) continue;
      const cases = casesOf.get(inv.customer) ?? new Map<string, number>();
      cases.set(item.case.id, item.case.balanceOre);
      casesOf.set(inv.customer, cases);
    }
    return new Map([...casesOf].map(([customer, cases]) => [customer, [...cases.values()].reduce((a, b) => a + b, 0)]));
  }
}

export const ledgerBadges: Feature = {
  id: 'ledger-badges',
  pages: ['ledger'],
  async run(ctx) {
    const main = mainContainer(ctx.doc);
    const table = await waitFor(main, () => findLedgerTable(main), ctx.signal);
    if (!table || ctx.signal.aborted) return;
    // The first 500 invoices are read while the background finds the creditor.
    const asked = ctx.page();
    const reader = new LedgerReader(table);
    readFirstChunk(reader);
    const page = await asked;
    if (ctx.signal.aborted) return;
    if (!page.creditor) {
      banner(ctx, table, (root) => {
        if (!page.loggedIn || page.offline) root.append(el(ctx.doc, 'span', { class: 'banner', role: 'status' }, ctx.t(page.offline ? 'offline' : 'loggedOut')));
        else root.append(el(ctx.doc, 'span', { class: 'banner' }, `${ctx.t('notOnIntegration', { name: ctx.client.name })} `, el(ctx.doc, 'a', { href: page.registerUrl, target: '_blank', rel: 'noopener' }, ctx.t('connect'))));
      });
      return;
    }
    const annotator = new LedgerAnnotator(ctx, page.creditor.id, reader);
    const win = ctx.doc.defaultView!;
    const onScroll = (event: Event) => annotator.onScroll(event.target);
    const onResize = () => annotator.schedule(true);
    // Capture: Go may scroll the grid in a container of its own rather than the window.
    win.addEventListener('scroll', onScroll, { capture: true, passive: true, signal: ctx.signal });
    win.addEventListener('resize', onResize, { passive: true, signal: ctx.signal });
    const resized = new ResizeObserver(onResize);
    resized.observe(table);
    // Go re-renders the grid and swaps the page's content on its own actions: look again, scoped
    // to the table, and to the main container only for the table being replaced. Our layer is
    // outside the table, so what the table observer sees is Go's doing.
    let busy: Promise<void> = annotator.load();
    let scheduled = false;
    const look = () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        if (ctx.signal.aborted) return;
        const now = findLedgerTable(main);
        if (!now) return;
        if (now !== annotator.table) {
          tableObserver.disconnect();
          tableObserver.observe(now, { childList: true, subtree: true, characterData: true });
          resized.disconnect();
          resized.observe(now);
        }
        busy = busy.then(() => annotator.refresh(now));
      });
    };
    const tableObserver = new MutationObserver(look);
    const mainObserver = new MutationObserver((records) => {
      const ours = (n: Node) => n.nodeType === 1 && (n as Element).hasAttribute('data-modhi');
      if (!records.every((r) => [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].every(ours))) look();
    });
    ctx.signal.addEventListener('abort', () => {
      tableObserver.disconnect();
      mainObserver.disconnect();
      resized.disconnect();
      annotator.destroy();
      removeOurs(main);
    });
    // Go's parser adding rows is not a re-render: watch the table once the page is complete.
    await ctx.ready;
    if (ctx.signal.aborted) return;
    tableObserver.observe(table, { childList: true, subtree: true, characterData: true });
    mainObserver.observe(main, { childList: true });
    await busy;
  },
};
