// The render diff over the rows near the viewport: which items are wanted (invoices with something
// to show, customers' headers), which of them are new or changed, how many new ones this render
// makes, and then every measurement before every write, so Go's page is laid out once per render.
import type { Ledger, LedgerCustomer, LedgerInvoiceRow } from '@/lib/adapters/go';
import { spanNear, type Overlay, type Rect, type Slot } from '@/lib/overlay';
import type { Placement } from './placement';
import type { RowPopovers } from './popover';
import type { KnownStatus, LedgerStatuses } from './statuses';
import type { CustomerSums } from './sums';

/** Rows within this many viewport heights above and below the viewport get their badges. */
export const nearViewports = 0.5;
/** New items per render at most for rows not yet in view (the rest follow in the next renders, so
 *  no frame waits on them). Rows in view are never held back: the accountant is looking at them. */
export const newItemsPerRender = 30;

export type RenderParts = {
  doc: Document;
  /** Today's book date (YYYY-MM-DD): an invoice due before it with a balance is overdue. */
  today: string;
  placement: Placement;
  popovers: RowPopovers;
  statuses: LedgerStatuses;
  sums: CustomerSums;
  drawInvoice(host: HTMLElement, row: LedgerInvoiceRow, item: KnownStatus, room: number): void;
  drawCustomer(host: HTMLElement, customer: LedgerCustomer, totalOre: number | undefined): void;
};

/** An item beside a row: `sig` is everything it is drawn from (unchanged: left as it is). */
type Wanted = { key: string; sig: string; kind: string; anchor: HTMLTableCellElement; inView: boolean; draw: (item: HTMLElement, slot: Slot) => void };

function near(rows: { row: HTMLTableRowElement }[], area: Rect): [number, number] {
  return spanNear(rows.length, (i) => rows[i]!.row.getBoundingClientRect(), area.top, area.bottom);
}

export class RowRenderer {
  constructor(private readonly p: RenderParts) {}

  /** One pass: every measurement first, then every write, so the page is laid out once. Without
   *  `create`, items are only moved or removed and the new ones are left to the next frame.
   *  True when new items were left for the next render. */
  render(ledger: Ledger, overlay: Overlay, repositionAll: boolean, create: boolean): boolean {
    const { placement, popovers } = this.p;
    const height = this.p.doc.defaultView?.innerHeight ?? 800;
    const area = overlay.visibleArea(height * nearViewports);
    const inView = overlay.visibleArea(0);
    const wanted = area ? this.wanted(ledger, area, inView) : [];
    const origin = overlay.origin();
    const writes: { w: Wanted; slot: Slot | null; fresh: boolean }[] = [];
    const isNew = (w: Wanted) => !popovers.isPinned(w.key) && !overlay.has(w.key, w.sig);
    const budget = wanted.some((w) => w.inView && isNew(w)) ? 0 : newItemsPerRender;
    let fresh = 0;
    let more = false;
    for (const w of wanted) {
      if (popovers.isPinned(w.key)) continue;
      const isFresh = isNew(w);
      if (!isFresh && !repositionAll) continue; // unchanged and in place: no flicker
      if (isFresh && (!create || (!w.inView && ++fresh > budget))) {
        more = true;
        continue;
      }
      writes.push({ w, slot: placement.slotAfter(w.anchor, origin, area!), fresh: isFresh });
    }
    const keep = new Set(wanted.map((w) => w.key));
    for (const key of overlay.keys()) if (!keep.has(key) && !popovers.isPinned(key)) overlay.remove(key);
    for (const { w, slot, fresh: isFresh } of writes) {
      if (!slot) overlay.remove(w.key);
      else {
        const existing = overlay.get(w.key);
        // A badge laid out for other room (the window was resized) is made again to fit.
        if (isFresh || !existing || existing.dataset['modhiRoom'] !== String(Math.round(slot.maxWidth))) {
          const item = overlay.put(w.key, w.sig, w.kind, slot, (host) => w.draw(host, slot));
          item.dataset['modhiRoom'] = String(Math.round(slot.maxWidth));
        } else overlay.move(existing, slot);
      }
    }
    return more;
  }

  /** The items of the rows near the viewport, those in view first. */
  private wanted(ledger: Ledger, area: Rect, inView: Rect | null): Wanted[] {
    const { statuses } = this.p;
    const { invoices, customers } = ledger;
    const wanted: Wanted[] = [];
    const [from, to] = near(invoices, area);
    const [viewFrom, viewTo] = inView ? near(invoices, inView) : [from, from];
    const order = [...invoices.slice(viewFrom, viewTo), ...invoices.slice(from, viewFrom), ...invoices.slice(viewTo, to)];
    for (const [k, row] of order.entries()) {
      const item = statuses.get(row.invoiceNo);
      if (!item) continue;
      const overdue = row.dueDate !== null && row.dueDate < this.p.today && (row.balanceOre ?? 0) > 0;
      if (item.state === 'none' && !overdue) continue;
      const anchor = row.balanceCell ?? row.anchor;
      wanted.push({ key: `invoice:${row.invoiceNo}`, sig: statuses.signature(row.invoiceNo, overdue), kind: 'badge', anchor, inView: k < viewTo - viewFrom, draw: (host, slot) => this.p.drawInvoice(host, row, item, slot.maxWidth) });
    }
    const sums = this.p.sums.of(ledger, statuses);
    const [cFrom, cTo] = near(customers, area);
    const [cViewFrom, cViewTo] = inView ? near(customers, inView) : [cFrom, cFrom];
    for (let c = cFrom; c < cTo; c++) {
      const customer = customers[c]!;
      const total = sums.get(customer);
      wanted.push({ key: `customer:${customer.code}`, sig: String(total ?? ''), kind: 'sum', anchor: customer.anchor, inView: c >= cViewFrom && c < cViewTo, draw: (host) => this.p.drawCustomer(host, customer, total) });
    }
    return wanted;
  }
}
