// Our UI over a large host table lives in one layer of its own, not inside the table's cells. Any
// change inside a table cell makes Chromium lay the whole table out again: on the sandbox's
// 5 000-row ledger one extra character in one cell cost 336 ms and forty badges 90–150 ms,
// measured in Debian Chromium. A layer beside the table in the page's flow still cost each scroll
// frame 20–40 ms of pre-paint and paint of the table (traced); a layer positioned on the document
// itself costs only its own items. Only rows near the viewport get an item.
// The items are not absolutely positioned: Chromium does not treat a box holding out-of-flow
// children as a relayout boundary, so each batch of badges laid the whole document out again
// from its root (7–14 ms a frame on the 5 000-row ledger, traced). All items share the one cell
// of a grid and are moved by transform, so the layer is laid out on its own (under 1 ms) and
// moving an item needs no layout at all.
import { createHost } from './ui';

/** Where an item goes, in the layer's coordinates (CSS pixels). */
export type Slot = { top: number; left: number; height: number; maxWidth: number };

type Box = { top: number; bottom: number };
export type Rect = { top: number; bottom: number; left: number; right: number };

/** Indexes [from, to) of the items (in vertical order, like a table's rows) whose box meets
 *  [viewTop, viewBottom]: a binary search, so a 5 000-row table costs a few rect reads. */
export function spanNear(count: number, boxOf: (i: number) => Box, viewTop: number, viewBottom: number): [number, number] {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boxOf(mid).bottom < viewTop) lo = mid + 1;
    else hi = mid;
  }
  const from = lo;
  hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boxOf(mid).top <= viewBottom) lo = mid + 1;
    else hi = mid;
  }
  return [from, lo];
}

/** The part of `rect` also inside every one of `clips` (null when nothing is left). */
export function intersect(rect: Rect, clips: Rect[]): Rect | null {
  let r = rect;
  for (const c of clips) r = { top: Math.max(r.top, c.top), bottom: Math.min(r.bottom, c.bottom), left: Math.max(r.left, c.left), right: Math.min(r.right, c.right) };
  return r.top < r.bottom && r.left < r.right ? r : null;
}

export const overlayCss = `
.item{grid-area:1/1;justify-self:start;align-self:start;width:max-content;display:flex;align-items:center;gap:.3em;white-space:nowrap;box-sizing:border-box}
.item>*{min-width:0;flex-shrink:1;overflow:hidden;text-overflow:ellipsis}
.item>.send{flex-shrink:0}
.item>.pop{position:absolute;z-index:3;overflow:visible;max-width:none;flex-shrink:0}
.item.open{z-index:2}
`;

type Item = { el: HTMLElement; sig: string };

/** One shadow-DOM layer over the document for the items of one table, keyed by what they annotate
 *  (an invoice, a customer). */
export class Overlay {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  private readonly items = new Map<string, Item>();
  private scrollers: Element[] | null = null;

  constructor(
    private readonly doc: Document,
    readonly table: HTMLElement,
  ) {
    const { host, root } = createHost(doc, 'layer', true);
    // Zero-sized with size and layout containment (a relayout boundary), so adding items lays out
    // nothing but them; a compositor layer of its own (will-change), so drawing them does not
    // repaint Go's table. No paint containment: the items lie outside the zero-sized box.
    host.style.cssText = 'display:grid;position:absolute;top:0;left:0;width:0;height:0;margin:0;padding:0;border:0;z-index:1;contain:size layout style;will-change:transform';
    const style = doc.createElement('style');
    style.textContent = overlayCss;
    root.append(style);
    doc.body.append(host);
    this.host = host;
    this.root = root;
  }

  /** The layer's origin in viewport coordinates (read before positioning a batch of items). */
  origin(): { x: number; y: number } {
    const r = this.host.getBoundingClientRect();
    return { x: r.left, y: r.top };
  }

  /** Where the table can be seen, in viewport coordinates: the window (widened by `margin` above
   *  and below, for rows about to scroll in), cut by every ancestor of the table that scrolls or
   *  clips (Go may scroll its grid in a container of its own: rows outside it get no item). */
  visibleArea(margin = 0): Rect | null {
    const win = this.doc.defaultView;
    const viewport = { top: -margin, left: 0, bottom: (win?.innerHeight ?? 0) + margin, right: win?.innerWidth ?? 0 };
    return intersect(viewport, this.clippingAncestors().map((e) => e.getBoundingClientRect()));
  }

  /** Whether `target` (a scroll event's) moves the table without moving this layer. */
  scrollsTable(target: EventTarget | null): boolean {
    return target instanceof Element && this.clippingAncestors().includes(target);
  }

  private clippingAncestors(): Element[] {
    if (this.scrollers) return this.scrollers;
    const found: Element[] = [];
    const win = this.doc.defaultView;
    for (let e = this.table.parentElement; e && e !== this.doc.body && e !== this.doc.documentElement; e = e.parentElement) {
      const style = win?.getComputedStyle(e);
      if (style && /(auto|scroll|hidden|clip)/.test(`${style.overflowX} ${style.overflowY}`)) found.push(e);
    }
    this.scrollers = found;
    return found;
  }

  /** Forget what was learnt about the page's layout (after Go changed it). */
  forgetLayout(): void {
    this.scrollers = null;
  }

  has(key: string, sig: string): boolean {
    return this.items.get(key)?.sig === sig;
  }

  get(key: string): HTMLElement | undefined {
    return this.items.get(key)?.el;
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Puts (or replaces) the item for `key`; `build` fills it. */
  put(key: string, sig: string, kind: string, slot: Slot, build: (item: HTMLElement) => void): HTMLElement {
    this.remove(key);
    const el = this.doc.createElement('div');
    el.className = 'item';
    el.setAttribute('data-modhi', kind);
    build(el);
    this.move(el, slot);
    this.root.append(el);
    this.items.set(key, { el, sig });
    return el;
  }

  move(el: HTMLElement, slot: Slot): void {
    el.style.transform = `translate(${slot.left}px,${slot.top}px)`;
    el.style.height = `${slot.height}px`;
    el.style.maxWidth = `${slot.maxWidth}px`;
  }

  remove(key: string): void {
    this.items.get(key)?.el.remove();
    this.items.delete(key);
  }

  destroy(): void {
    this.items.clear();
    this.host.remove();
  }
}
