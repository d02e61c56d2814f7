// Where our items lie, measured on Go's page. A badge lies in the same place on every row of
// every client's ledger: right after the invoice's balance (Saldo), over the cells after it that
// show nothing, up to the first thing Go shows there (its own case column, its buttons). Panels,
// confirmations and messages open beside their row (below it, or above near the window's
// bottom), inside the window and left of Go's buttons.
import { roomAfter } from '@/lib/adapters/go';
import { intersect, type Rect, type Slot } from '@/lib/overlay';

/** Room kept free between Go's content and ours (CSS px). */
export const gap = 4;
export const minBadgeWidth = 60;

type Room = { empty: HTMLTableCellElement[]; next: HTMLTableCellElement | null };

/** Viewport rect of what `node` holds (text or controls), or null when it shows nothing. */
function contentRect(doc: Document, node: Node): DOMRect | null {
  const range = doc.createRange();
  range.selectNodeContents(node);
  const r = range.getBoundingClientRect();
  return r.width > 0 ? r : null;
}

/** One page view's placement: what it learnt of each row's cells is kept per cell (Go's text does
 *  not change under a row we keep; a re-render makes new rows, and `forget()` starts afresh). */
export class Placement {
  private rooms = new WeakMap<HTMLTableCellElement, Room>();

  constructor(private readonly doc: Document) {}

  forget(): void {
    this.rooms = new WeakMap();
  }

  private roomOf(cell: HTMLTableCellElement): Room {
    let room = this.rooms.get(cell);
    if (!room) this.rooms.set(cell, (room = roomAfter(cell)));
    return room;
  }

  /** The slot after `cell`'s content (the balance of an invoice row, the name of a customer's
   *  header), up to Go's next content in the row and the visible `area`; null when the cell
   *  cannot be seen (a collapsed group, or outside Go's scroller). */
  slotAfter(cell: HTMLTableCellElement, origin: { x: number; y: number }, area: Rect): Slot | null {
    const box = cell.getBoundingClientRect();
    if (box.height === 0 || !intersect(box, [area])) return null;
    const text = contentRect(this.doc, cell);
    const left = (text ? text.right : box.left) + gap;
    const room = this.roomOf(cell);
    const next = room.next ? contentRect(this.doc, room.next) : null;
    const end = next ? next.left : (room.empty.at(-1) ?? cell).getBoundingClientRect().right;
    const right = Math.min(end, area.right) - gap;
    return { top: box.top - origin.y, left: left - origin.x, height: box.height, maxWidth: Math.max(minBadgeWidth, right - left) };
  }

  /** The left edge of Go's controls (buttons, links, fields) in `row`, or of the row's end. */
  controlsLeft(row: HTMLTableRowElement): number {
    let left = row.getBoundingClientRect().right;
    for (const c of Array.from(row.querySelectorAll('button,a[href],input:not([type=hidden]),select,textarea'))) {
      if (c.closest('[data-modhi]')) continue;
      const r = c.getBoundingClientRect();
      if (r.width > 0) left = Math.min(left, r.left);
    }
    return left;
  }
}

export type Size = { width: number; height: number };

/** Where a popover of `size` goes beside its `anchor` (viewport coordinates): below the row when it
 *  fits in the window, else above it (else as high as the window allows); from the anchor's left,
 *  moved left so that it ends before Go's controls at `rightLimit`, never out of the window. */
export function placePopover(anchor: Rect, row: Rect, size: Size, viewport: Size, rightLimit: number): { left: number; top: number } {
  const right = Math.min(rightLimit, viewport.width) - gap;
  const left = Math.max(gap, Math.min(anchor.left, right - size.width));
  const below = row.bottom + 2;
  const above = row.top - 2 - size.height;
  const top = below + size.height <= viewport.height - gap ? below : above >= gap ? above : Math.max(gap, viewport.height - gap - size.height);
  return { left, top };
}

/** The widest a popover may be before Go's controls at `rightLimit` (and the window's edges). */
export function popoverWidth(preferred: number, viewportWidth: number, rightLimit: number): number {
  return Math.max(160, Math.min(preferred, Math.min(rightLimit, viewportWidth) - 2 * gap));
}

/** Opens `popover` (inside `item`, which is positioned by transform) beside `row`: measured once
 *  it is in the page, then moved into place. Called again when its content grows. */
export function placeBeside(item: HTMLElement, popover: HTMLElement, row: HTMLTableRowElement, rightLimit: number): void {
  const win = item.ownerDocument.defaultView!;
  const viewport = { width: win.innerWidth, height: win.innerHeight };
  popover.style.width = `${popoverWidth(360, viewport.width, rightLimit)}px`;
  popover.style.left = '0px';
  popover.style.top = '0px';
  const itemBox = item.getBoundingClientRect();
  const size = popover.getBoundingClientRect();
  const at = placePopover(itemBox, row.getBoundingClientRect(), { width: size.width, height: size.height }, viewport, rightLimit);
  popover.style.left = `${at.left - itemBox.left}px`;
  popover.style.top = `${at.top - itemBox.top}px`;
}
