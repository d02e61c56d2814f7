// Our UI in the host page: each insert is an element marked data-modhi with an open shadow root,
// styled by one shared stylesheet; data goes in as text, never as HTML.
import { stripBidi } from '@shared/text';

export const badgeCss = `
:host{all:initial;display:inline-block;margin-left:.5em;font:12px/1.4 "Segoe UI",Roboto,Arial,sans-serif;color:#1d2733;vertical-align:middle}
.badge,.send{display:inline-flex;flex-direction:column;justify-content:center;align-items:flex-start;box-sizing:border-box;border:1px solid #b9c9db;border-radius:9px;background:#eef5fc;cursor:pointer;font:inherit;color:inherit;text-align:left}
.one{font-size:12px;line-height:18px;padding:0 7px}.two{font-size:11px;line-height:13px;padding:1px 5px;border-radius:6px}
.line{display:block;white-space:nowrap}
.badge.provisional{border-style:dashed}.badge.closed{background:#eef7ee;border-color:#b4d8b4}.badge.state{background:#fff8e6;border-color:#eed9a5;cursor:default}
.badge.guard{background:#fff4e5;border-color:#d9a441;color:#4a3300}
.badge:focus-visible,button:focus-visible,a:focus-visible{outline:2px solid #1565c0;outline-offset:1px}
.send{border-color:#1565c0;background:#1565c0;color:#fff;border-radius:3px}
.muted{color:#5b6b7f}.error{color:#a11}
.pop{box-sizing:border-box;padding:.6em .8em;background:#fff;border:1px solid #8fa2b8;border-radius:4px;box-shadow:0 2px 10px rgba(0,0,0,.18);white-space:normal;font:12px/1.45 "Segoe UI",Roboto,Arial,sans-serif;color:#1d2733;text-align:left}
.pop p{margin:0 0 .4em}.pop .title{font-weight:600}.pop ol,.pop ul{margin:.3em 0 .5em;padding-left:1.2em}
.pop.confirm{border-color:#1565c0}.actions{display:flex;flex-wrap:wrap;gap:.5em;margin-top:.4em}
.pop button,.secondary{font:inherit;border-radius:3px;border:1px solid #1565c0;padding:2px 10px;cursor:pointer;background:#fff;color:#1565c0;white-space:nowrap}.pop button.primary{background:#1565c0;color:#fff}
.pop button.link,.link{border:none;background:none;color:#1565c0;text-decoration:underline;cursor:pointer;font:inherit;padding:0}
.confirm button{white-space:nowrap}
.sum{color:#0b3a66;font-weight:600;margin-right:.6em}
.badge.warn{background:#fff4e5;border-color:#f0b95b;color:#4a3300;cursor:help;margin-left:.3em;font-size:11px;line-height:18px;padding:0 6px}.fallback{white-space:normal}
.banner{display:flex;flex-wrap:wrap;align-items:center;gap:.6em;margin:.5em 0;padding:.5em .8em;border-radius:4px;background:#f4f7fa;border:1px solid #cfd8e3;color:#45556a}
.banner.warning{display:block;background:#fff4e5;border-color:#f0b95b;color:#4a3300}.banner h2{font-size:14px;margin:0 0 .3em}
.toast{background:#0b3a66;color:#fff;padding:.6em 1em;border-radius:4px;box-shadow:0 2px 10px rgba(0,0,0,.25);max-width:28em;font-size:13px;line-height:1.4}
`;

let shared: CSSStyleSheet | null = null;
function sheet(): CSSStyleSheet | null {
  if (shared) return shared;
  try {
    shared = new CSSStyleSheet();
    shared.replaceSync(badgeCss);
  } catch {
    shared = null;
  }
  return shared;
}

export type Mounted = { host: HTMLElement; root: ShadowRoot };

/** A host element for our UI (inline or block), with its own shadow root. */
export function createHost(doc: Document, kind: string, block = false): Mounted {
  const host = doc.createElement(block ? 'div' : 'span');
  host.setAttribute('data-modhi', kind);
  const root = host.attachShadow({ mode: 'open' });
  const s = sheet();
  if (s) root.adoptedStyleSheets = [s];
  else {
    const style = doc.createElement('style');
    style.textContent = badgeCss;
    root.append(style);
  }
  return { host, root };
}

/** Builds an element with text content (never HTML, and without bidi controls) and optional attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === 'string' ? doc.createTextNode(stripBidi(c)) : c);
  return node;
}

/** Removes every insert of ours under `root` (on navigation, or when the extension goes away). */
export function removeOurs(root: ParentNode): void {
  for (const node of Array.from(root.querySelectorAll('[data-modhi]'))) node.remove();
}

export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Lets the page run (input, rendering) between slices of our work that can wait: a background
 *  task where the browser has a scheduler (scheduler.yield() would be served before the page's
 *  frames, which Chromium then draws only after 100 ms of waiting), else a plain task. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: (fn: () => void, o: { priority: string }) => Promise<void> } }).scheduler;
  return scheduler?.postTask ? scheduler.postTask(() => undefined, { priority: 'background' }) : nextTask();
}
