// The ledger's widgets, built from text (never HTML): the case badge, the row's state, the send
// button, the guard's reason, popovers (panels, confirmations, messages), banners and the toast.
// A badge is laid out to fit the room its row has: the whole text on one line, else the short
// stage name, else on two lines; what is not on the badge is in its panel and its accessible name.
import type { CaseBadge, GuardFinding } from '@shared/api';
import { createHost, el } from '@/lib/ui';
import type { Words } from './words';

/** Text widths for choosing a layout, without laying out Go's page: a canvas measures the font. */
export type Measure = (text: string, fontPx: number) => number;

export const badgeFont = '"Segoe UI",Roboto,Arial,sans-serif';

export function canvasMeasure(doc: Document): Measure {
  // Made on the first measurement (the first render), not while Go's page is still parsed.
  let ctx: CanvasRenderingContext2D | null | undefined;
  const cache = new Map<string, number>();
  return (text, fontPx) => {
    const key = `${fontPx}|${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      if (ctx === undefined) {
        try {
          ctx = doc.createElement('canvas').getContext('2d');
        } catch {
          ctx = null;
        }
      }
      if (ctx) {
        ctx.font = `${fontPx}px ${badgeFont}`;
        width = ctx.measureText(text).width;
      } else width = text.length * fontPx * 0.6; // no canvas (a test's DOM): a generous guess
      cache.set(key, width);
    }
    return width;
  };
}

/** A layout: its lines and font size. One line at 12 px, two lines at 11 px (a row of Go's is
 *  35 px high: two lines of 13 px fit inside it). */
export type Layout = { lines: string[]; fontPx: number };
const chrome = { 12: 2 * 7 + 2, 11: 2 * 5 + 2 } as Record<number, number>;

/** The first layout whose widest line (with the badge's padding and border) fits `room`, else the
 *  last (the narrowest there is). */
export function fit(layouts: Layout[], room: number, measure: Measure): Layout {
  for (const l of layouts) {
    const width = Math.max(...l.lines.map((line) => measure(line, l.fontPx))) + (chrome[l.fontPx] ?? 14);
    if (width <= room) return l;
  }
  return layouts.at(-1)!;
}

export function caseLayouts(w: Words, c: Pick<CaseBadge, 'caseNo' | 'stage' | 'balanceOre'>, closed: boolean): Layout[] {
  const no = w.t('caseNo', { caseNo: c.caseNo });
  const full = w.stage(c.stage);
  const short = w.stage(c.stage, true);
  if (closed) return [{ lines: [`${no} · ${full}`], fontPx: 12 }, { lines: [`${no} · ${short}`], fontPx: 12 }, { lines: [no, short], fontPx: 11 }];
  const balance = w.money(c.balanceOre);
  return [
    { lines: [`${no} · ${full} · ${balance}`], fontPx: 12 },
    { lines: [`${no} · ${short} · ${balance}`], fontPx: 12 },
    { lines: [`${no} · ${short}`, balance], fontPx: 11 },
    { lines: [no, `${short} · ${balance}`], fontPx: 11 },
    { lines: [short, balance], fontPx: 11 },
  ];
}

/** The words of a text split in two lines of about equal length. */
export function twoLines(text: string): string[] {
  const words = text.split(' ');
  if (words.length < 2) return [text];
  let best = 1;
  let bestDiff = Infinity;
  for (let i = 1; i < words.length; i++) {
    const diff = Math.abs(words.slice(0, i).join(' ').length - words.slice(i).join(' ').length);
    if (diff < bestDiff) [best, bestDiff] = [i, diff];
  }
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}

function textLayouts(full: string, short: string): Layout[] {
  return [{ lines: [full], fontPx: 12 }, { lines: [short], fontPx: 12 }, { lines: twoLines(short), fontPx: 11 }];
}

/** The lines as block spans, with a space between them (it shows nothing, but the text read out
 *  and the accessible name then have the words apart). */
function lines(doc: Document, layout: Layout): (HTMLElement | string)[] {
  return layout.lines.flatMap((line, i) => [...(i > 0 ? [' '] : []), el(doc, 'span', { class: 'line' }, line)]);
}

function layoutClass(layout: Layout): string {
  return layout.lines.length > 1 ? 'two' : 'one';
}

export type Kit = { doc: Document; w: Words; measure: Measure };

/** The case badge: a button that opens the case's panel. */
export function caseBadge(k: Kit, invoiceNo: number, c: CaseBadge, closed: boolean, room: number): HTMLButtonElement {
  const { doc, w } = k;
  const layout = fit(caseLayouts(w, c, closed), room, k.measure);
  const full = closed ? `${w.t('caseNo', { caseNo: c.caseNo })} · ${w.stage(c.stage)}` : `${w.t('caseNo', { caseNo: c.caseNo })} · ${w.stage(c.stage)} · ${w.money(c.balanceOre)}`;
  const provisional = !closed && c.provisionalRate === true;
  // The accessible name holds the visible text (as it is shown, short or whole); the whole text
  // is the description (title) and the panel's heading.
  const name = `${w.t('invoice', { invoiceNo })}: ${layout.lines.join(' ')}`;
  const cls = ['badge', layoutClass(layout), closed ? 'closed' : provisional ? 'provisional' : ''].filter(Boolean).join(' ');
  // A balance on a provisional rate says so in the title (and in the panel), not on the badge.
  const button = el(doc, 'button', { type: 'button', class: cls, 'aria-expanded': 'false', 'aria-label': name, title: provisional ? `${full} · ${w.t('provisionalRate')}` : full }, ...lines(doc, layout));
  return button;
}

/** Approved or in Go's Utkast: a quiet label. */
export function stateLabel(k: Kit, invoiceNo: number, state: 'draft' | 'approved', room: number): HTMLElement {
  const { doc, w } = k;
  const full = w.t(state);
  const layout = fit(textLayouts(full, w.t(state === 'draft' ? 'draftShort' : 'approvedShort')), room, k.measure);
  return el(doc, 'span', { class: `badge state ${layoutClass(layout)}`, role: 'note', 'aria-label': `${w.t('invoice', { invoiceNo })}: ${layout.lines.join(' ')}`, title: full }, ...lines(doc, layout));
}

/** Why the invoice cannot be sent (the first blocking finding), short; the panel says it all. */
export function guardButton(k: Kit, invoiceNo: number, finding: GuardFinding, room: number): HTMLButtonElement {
  const { doc, w } = k;
  const short = w.finding(finding, true);
  const layout = fit(textLayouts(short, short), room, k.measure);
  const name = `${w.t('invoice', { invoiceNo })}: ${layout.lines.join(' ')} – ${w.t('cannotSend')}`;
  return el(doc, 'button', { type: 'button', class: `badge guard ${layoutClass(layout)}`, 'aria-expanded': 'false', 'aria-label': name, title: w.finding(finding, false) }, ...lines(doc, layout));
}

export function sendButton(k: Kit, invoiceNo: number, room: number): HTMLButtonElement {
  const { doc, w } = k;
  const text = w.t('sendToCollection');
  const layout = fit(textLayouts(text, text), room, k.measure);
  return el(doc, 'button', { type: 'button', class: `send ${layoutClass(layout)}`, 'aria-label': `${layout.lines.join(' ')}: ${w.t('invoice', { invoiceNo })}` }, ...lines(doc, layout));
}

/** A popover beside the row (placed by placement.placeBeside once it is in the page). */
export function popover(doc: Document, attrs: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  return el(doc, 'div', { ...attrs, class: `pop ${attrs['class'] ?? ''}`.trim() }, ...children);
}

/** A question with two answers; `yes` is focused when shown. */
export function confirmation(doc: Document, label: string, text: string[], yesText: string, noText: string): { box: HTMLElement; yes: HTMLButtonElement; no: HTMLButtonElement } {
  const yes = el(doc, 'button', { type: 'button', class: 'primary' }, yesText);
  const no = el(doc, 'button', { type: 'button' }, noText);
  const box = popover(doc, { role: 'alertdialog', 'aria-label': label, class: 'confirm' }, ...text.map((t) => el(doc, 'p', {}, t)), el(doc, 'div', { class: 'actions' }, yes, no));
  return { box, yes, no };
}

/** A calm message above Go's table with its way out (a button or a link). */
export function banner(doc: Document, kind: string, text: string, action: HTMLElement | null): HTMLElement {
  const { host, root } = createHost(doc, 'ledger-banner', true);
  host.dataset['modhiState'] = kind;
  root.append(el(doc, 'div', { class: 'banner', role: 'status' }, el(doc, 'span', {}, `${text} `), ...(action ? [action] : [])));
  return host;
}

/** Short confirmations of what happened, in a live region of their own (a screen reader says them
 *  without moving the focus); each goes after a few seconds. */
export class Toast {
  readonly host: HTMLElement;
  private readonly box: HTMLElement;
  private timer = 0;

  constructor(private readonly doc: Document, signal: AbortSignal, private readonly showMs = 6000) {
    const { host, root } = createHost(doc, 'toast', true);
    host.style.cssText = 'position:fixed;left:16px;bottom:16px;z-index:2147483000;margin:0';
    this.box = el(doc, 'div', { class: 'toast', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.box.hidden = true;
    root.append(this.box);
    doc.body.append(host);
    this.host = host;
    signal.addEventListener('abort', () => {
      doc.defaultView?.clearTimeout(this.timer);
      host.remove();
    }, { once: true });
  }

  say(text: string): void {
    const win = this.doc.defaultView!;
    win.clearTimeout(this.timer);
    this.box.hidden = false;
    this.box.textContent = text;
    this.timer = win.setTimeout(() => {
      this.box.hidden = true;
      this.box.textContent = '';
    }, this.showMs);
  }

  get text(): string {
    return this.box.hidden ? '' : (this.box.textContent ?? '');
  }
}
