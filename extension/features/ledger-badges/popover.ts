// One popover per row item at most (a case's panel, a confirmation, the customer's menu): opening it
// pins the item (renders leave a pinned item where it is), Escape from the popover or from the
// button that opened it closes it, and the focus goes back to that button.
import type { Ledger } from '@/lib/adapters/go';
import { el } from '@/lib/ui';
import { placeBeside, type Placement } from './placement';
import type { Words } from './words';

export type PopoverOptions = {
  doc: Document;
  w: Words;
  /** How far right a popover beside this row may reach (where Go's own buttons start). */
  rightLimit(row: HTMLTableRowElement): number;
  /** After a popover closed: its item is no longer pinned, so the next render may move it. */
  closed(): void;
};

/** Go's buttons start here on this row, or for a customer's header, on its first invoice's row. */
export function controlsLeft(ledger: Ledger, placement: Placement, row: HTMLTableRowElement): number {
  const invoice = ledger.invoices.find((i) => i.row === row || (i.customer?.row === row));
  return placement.controlsLeft(invoice?.row ?? row);
}

export class RowPopovers {
  /** Items the accountant is using (an open panel, a confirmation, a send under way) stay put. */
  private readonly pinned = new Set<string>();
  private readonly escapes = new WeakMap<HTMLElement, AbortController>();

  constructor(private readonly o: PopoverOptions) {}

  isPinned(key: string): boolean {
    return this.pinned.has(key);
  }

  /** Opens (or closes) the popover of an item; while open the item stays put. */
  toggle(key: string, host: HTMLElement, row: HTMLTableRowElement, opener: HTMLElement, build: () => HTMLElement): void {
    const open = host.querySelector(':scope > .pop');
    if (open) return this.close(key, host, opener);
    this.open(key, host, row, build(), opener);
    opener.setAttribute('aria-expanded', 'true');
  }

  open(key: string, host: HTMLElement, row: HTMLTableRowElement, pop: HTMLElement, opener: HTMLElement, focus?: HTMLElement): void {
    host.querySelector(':scope > .pop')?.remove();
    host.append(pop);
    host.classList.add('open');
    this.pinned.add(key);
    // Escape closes it, from the popover or from the button that opened it.
    const listening = new AbortController();
    this.escapes.get(host)?.abort();
    this.escapes.set(host, listening);
    host.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close(key, host, opener);
    }, { signal: listening.signal });
    const place = () => placeBeside(host, pop, row, this.o.rightLimit(row));
    place();
    // Content that comes later (the timeline) grows the popover: placed again.
    new (this.o.doc.defaultView!.ResizeObserver)(() => pop.isConnected && place()).observe(pop);
    focus?.focus();
  }

  close(key: string, host: HTMLElement, opener?: HTMLElement): void {
    this.escapes.get(host)?.abort();
    this.escapes.delete(host);
    host.querySelector(':scope > .pop')?.remove();
    host.classList.remove('open');
    opener?.setAttribute('aria-expanded', 'false');
    this.pinned.delete(key);
    if (opener?.isConnected) opener.focus();
    this.o.closed();
  }

  /** A "Lukk" button that closes the item's popover. */
  closeButton(key: string, host: HTMLElement, opener: HTMLElement): HTMLButtonElement {
    const b = el(this.o.doc, 'button', { type: 'button', class: 'link close' }, this.o.w.t('close'));
    b.addEventListener('click', () => this.close(key, host, opener));
    return b;
  }
}
