// The ledger feature on Go's page: waits for Go's table, asks who the creditor is, and ties the
// annotator to Go's page (scroll, resize, Go's re-renders, the tab coming back, changes made in the
// popup). Each attempt has its own AbortSignal under the page view's: Go's navigation tears all of
// it down, and "Prøv igjen" or a new login starts a fresh attempt.
import { findLedgerTable, goPages, LedgerReader, mainContainer } from '@/lib/adapters/go';
import { readApprovals, type GoApproval } from '@/lib/go-approvals';
import { el, removeOurs } from '@/lib/ui';
import type { Feature, FeatureContext } from '../types';
import { LedgerAnnotator, readFirstChunk } from './annotator';
import { banner, canvasMeasure, Toast } from './widgets';
import { words, type Words } from './words';

/** How long after Go's page is complete a missing ledger table means Go's page has changed. */
export const pageChangedAfterMs = 3000;

/** Waits until `find` returns something, watching only `root`; null when `signal` aborts. After
 *  `patienceMs` without it (once the document is complete), `onLate` runs once; waiting goes on. */
export function waitFor<T>(root: Element, find: () => T | null, signal: AbortSignal, patience?: { ready: Promise<void>; ms: number; onLate(): void }): Promise<T | null> {
  const found = find();
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    let timer = 0;
    const win = root.ownerDocument.defaultView!;
    const done = (value: T | null) => {
      observer.disconnect();
      win.clearTimeout(timer);
      resolve(value);
    };
    const observer = new win.MutationObserver(() => {
      const hit = find();
      if (hit) done(hit);
    });
    observer.observe(root, { childList: true, subtree: true });
    signal.addEventListener('abort', () => done(null), { once: true });
    if (patience) void patience.ready.then(() => {
      if (!signal.aborted) timer = win.setTimeout(() => patience.onLate(), patience.ms);
    });
  });
}

function replaceBanner(main: Element, where: Element | null, host: HTMLElement): void {
  for (const old of Array.from(main.querySelectorAll('[data-modhi="ledger-banner"]'))) old.remove();
  if (where) where.before(host);
  else main.prepend(host);
}

/** One attempt: until it is aborted (navigation, retry, a new login). */
async function attempt(ctx: FeatureContext, w: Words, first: boolean, restart: () => void): Promise<void> {
  const { doc } = ctx;
  const main = mainContainer(doc);
  const changedPage = () => {
    const link = el(doc, 'a', { href: goPages(doc.defaultView!.location.href)?.utkast() ?? doc.defaultView!.location.href, target: '_blank', rel: 'noopener noreferrer' }, w.t('openInkasso'));
    replaceBanner(main, null, banner(doc, 'page-changed', w.t('pageChanged'), link));
  };
  const table = await waitFor(main, () => findLedgerTable(main), ctx.signal, { ready: ctx.ready, ms: pageChangedAfterMs, onLate: changedPage });
  if (!table || ctx.signal.aborted) return;
  for (const old of Array.from(main.querySelectorAll('[data-modhi="ledger-banner"]'))) old.remove();
  // The first 500 invoices are read while the background finds the creditor (asked early for the
  // first attempt; asked anew after a retry or a new login).
  const asked = first ? ctx.page() : ctx.ask({ type: 'context', orgNo: ctx.client.orgNo });
  // Drafts approved in Go's own Inkasso page (lib/go-approvals.ts), read meanwhile: a storage read.
  const clock = () => new Date().getTime();
  const approvals = readApprovals(clock()).catch((): GoApproval[] => []);
  const reader = new LedgerReader(table);
  readFirstChunk(reader);
  const page = await asked;
  if (ctx.signal.aborted) return;
  if (!page.creditor) {
    let action: HTMLElement;
    let kind: string;
    let text: string;
    if (page.offline) {
      kind = 'offline';
      text = w.t('offline');
      action = el(doc, 'button', { type: 'button', class: 'secondary' }, w.t('retry'));
      action.addEventListener('click', restart);
    } else if (!page.loggedIn) {
      kind = 'unauthorized';
      text = w.t('loggedOut');
      action = el(doc, 'button', { type: 'button', class: 'secondary' }, w.t('logIn'));
      action.addEventListener('click', () => void ctx.ask({ type: 'openOptions' }));
    } else {
      kind = 'not-connected';
      text = w.t('notOnIntegration', { name: ctx.client.name });
      action = el(doc, 'a', { href: page.registerUrl, target: '_blank', rel: 'noopener' }, w.t('connect'));
    }
    replaceBanner(main, table, banner(doc, kind, text, action));
    return;
  }
  const toast = new Toast(doc, ctx.signal);
  const annotator = new LedgerAnnotator({ ctx, words: w, kit: { doc, w, measure: canvasMeasure(doc) }, creditorId: page.creditor.id, reader, toast });
  const win = doc.defaultView!;
  const onScroll = (event: Event) => annotator.onScroll(event.target);
  const onResize = () => annotator.schedule(true);
  // Capture: Go may scroll the grid in a container of its own rather than the window.
  win.addEventListener('scroll', onScroll, { capture: true, passive: true, signal: ctx.signal });
  win.addEventListener('resize', onResize, { passive: true, signal: ctx.signal });
  const resized = new win.ResizeObserver(onResize);
  resized.observe(table);
  // Go re-renders the grid and swaps the page's content on its own actions: look again, scoped
  // to the table, and to the main container only for the table being replaced. Our layer is
  // outside the table, so what the table observer sees is Go's doing.
  const approved = (list: GoApproval[]) => {
    if (ctx.signal.aborted) return;
    annotator.noteApprovals(list);
    after(() => annotator.confirmApprovals(list));
  };
  annotator.noteApprovals(await approvals);
  let busy: Promise<void> = annotator.load();
  const after = (next: () => Promise<void>) => (busy = busy.then(next, next));
  void approvals.then(approved);
  let scheduled = false;
  const look = () => {
    if (scheduled) return;
    scheduled = true;
    win.requestAnimationFrame(() => {
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
      after(() => annotator.refresh(now));
    });
  };
  const tableObserver = new win.MutationObserver(look);
  const mainObserver = new win.MutationObserver((records) => {
    const ours = (n: Node) => n.nodeType === 1 && (n as Element).hasAttribute('data-modhi');
    if (!records.every((r) => [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].every(ours))) look();
  });
  // Something changed elsewhere (the popup's settings or sync, a payment registered): every row
  // asked for again. A tab that comes back may have missed what was done in another (Godkjenn in
  // Go's Inkasso page): asked again as well.
  // Godkjenn in Go's own Inkasso page, in this tab or another: the background has the backend take
  // the invoice and tells every tab (the row stops offering the send at once, then shows the case).
  ctx.onChange((what) => {
    if (what === 'data') after(() => annotator.reload('elsewhere'));
    if (what === 'approvals') void readApprovals(clock()).then(approved, () => undefined);
  }, ctx.signal);
  let hiddenAt = 0;
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'hidden') hiddenAt = win.performance.now();
    else if (hiddenAt && win.performance.now() - hiddenAt > 1000) after(() => annotator.reload('go'));
  }, { signal: ctx.signal });
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
}

export const ledgerBadges: Feature = {
  id: 'ledger-badges',
  pages: ['ledger'],
  async run(ctx) {
    const w = words(ctx.locale);
    let current: AbortController | null = null;
    let running: Promise<void> = Promise.resolve();
    let attempts = 0;
    const start = (): Promise<void> => {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const signal = AbortSignal.any([ctx.signal, controller.signal]);
      running = attempt({ ...ctx, signal }, w, attempts++ === 0, () => void start());
      return running;
    };
    // A new login (or another backend) starts again without a reload.
    ctx.onChange((what) => {
      if (what === 'login') void start();
    }, ctx.signal);
    await start();
  },
};
