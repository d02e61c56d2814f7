// Runs on PowerOffice GO's pages. Each page view gets an AbortSignal that ends on Go's soft
// navigation and when the extension is updated or removed (the old script then stops cleanly).
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { osloDate } from '@shared/clock';
import { features } from '@/features';
import type { Ask, FeatureContext } from '@/features/types';
import type { GoTabRequest, PageContext } from '@/lib/messages';
import { goPages, pageKind, parsingLedgerBody, readClient, readPurring, readUtvidelser, writePurring } from '@/lib/adapters/go';
import { invoiceStatusChunk } from '@/features/ledger-badges/loader';
import { translator } from '@/lib/i18n';
import { approvalsKey } from '@/lib/go-approvals';
import { readSettings } from '@/lib/settings';
import { removeOurs } from '@/lib/ui';

export default defineContentScript({
  matches: ['https://go.poweroffice.net/*'],
  // From the start of the page: on the ledger the first 500 invoices are asked for while Go's page
  // is still being parsed, so their badges can go in with the table's first frame.
  runAt: 'document_start',
  async main(ctx) {
    const ask: Ask = (request) => browser.runtime.sendMessage(request) as never;
    let view: AbortController | null = null;
    // The creditor of the ledger being parsed, asked for as soon as Go's client header and the
    // ledger are there: its answer is then in when the first rows are, and their statuses can be
    // asked for at once (each round trip made while Go's page is parsed waits on the parser).
    let early: { orgNo: string; context: Promise<PageContext> } | null = null;
    // Likewise the settings (a storage read is a round trip too), for the first view.
    let earlySettings: ReturnType<typeof readSettings> | null = readSettings();

    // Changes made outside the page (the popup, the options): told to the features of the view.
    const onChange: FeatureContext['onChange'] = (listener, signal) => {
      const changed = (changes: Record<string, unknown>, area: string) => {
        if (area !== 'local') return;
        if ('token' in changes || 'backendUrl' in changes) listener('login');
        else if (approvalsKey in changes) listener('approvals');
        else if ('cacheEpoch' in changes) listener('data');
      };
      browser.storage.onChanged.addListener(changed);
      signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(changed), { once: true });
    };

    // WXT reports the new URL from Go's pushState before location.href has changed, so the
    // page kind is taken from the event, not from location.
    const ready = documentReady(document);
    const start = async (url: string) => {
      const prefetched = early;
      early = null;
      view?.abort();
      const controller = new AbortController();
      view = controller;
      ctx.onInvalidated(() => controller.abort());
      const kind = pageKind(url);
      const client = readClient(document);
      if (!client || kind === 'other') return;
      // The ledger needs the creditor first of all: asked now, while the settings are read.
      let asked: Promise<PageContext> | null = prefetched?.orgNo === client.orgNo ? prefetched.context : null;
      const page = () => (asked ??= ask({ type: 'context', orgNo: client.orgNo }));
      if (kind === 'ledger') void page();
      const settings = earlySettings ?? readSettings();
      earlySettings = null;
      const { locale } = await settings;
      // The popup preselects the creditor of the Go client the accountant last looked at, and opens
      // that client's Purring page when it cannot change it from here.
      void browser.storage.local.set({ lastClient: { orgNo: client.orgNo, name: client.name, purringUrl: goPages(url)?.purring ?? null } });
      void rememberClientPages(client.orgNo, goPages(url)?.utvidelser ?? null);
      const context: FeatureContext = { doc: document, signal: controller.signal, client, ask, t: translator(locale), locale, today: osloDate(new Date()), page, ready, onChange };
      for (const feature of features) {
        if (!feature.pages.includes(kind)) continue;
        try {
          await feature.run(context);
        } catch (e) {
          if (!controller.signal.aborted) console.warn(`[modhi] ${feature.id}:`, e);
        }
      }
    };

    ctx.addEventListener(window, 'wxt:locationchange', (event) => void start(event.newUrl.href));
    // The popup's questions about Go's Purring settings: answered through Go's own page, in this
    // tab's session (whatever page of Go the tab shows, through soft navigations).
    const onGoTabRequest = (message: unknown) => {
      const request = message as GoTabRequest;
      if (!request || typeof request !== 'object' || ctx.isInvalid) return undefined;
      const pageFetch = (u: string, init?: RequestInit) => window.fetch(u, init);
      if (request.type === 'goPurring:read') return readPurring(pageFetch, location.href);
      if (request.type === 'goPurring:write') return writePurring(pageFetch, location.href, request.settings);
      // The wizard's "never on two at once": Go's Utvidelser page of a client, on Go's own origin only.
      if (request.type === 'goExtensions:read') {
        if (!readClient(document) || !sameOrigin(request.url)) return undefined;
        return readUtvidelser(pageFetch, request.url, request.orgNo);
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(onGoTabRequest);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onGoTabRequest));
    const onLedger = () => {
      const client = readClient(document);
      if (client) early = { orgNo: client.orgNo, context: ask({ type: 'context', orgNo: client.orgNo }) };
    };
    await Promise.race([ready, ledgerRowsParsed(document, invoiceStatusChunk + 100, ready, onLedger)]);
    // Our layers sit on the document itself, so the whole document is swept.
    ctx.onInvalidated(() => removeOurs(document));
    // After an update or removal the old script is orphaned and nothing tells it; WXT's context
    // notices (and runs the teardown above) when it next checks, which this interval makes it do.
    ctx.setInterval(() => undefined, 2000);
    await start(location.href);
  },
});

function sameOrigin(url: unknown): boolean {
  try {
    return typeof url === 'string' && new URL(url).origin === location.origin;
  } catch {
    return false;
  }
}

/** Where Go shows each client's pages (Go's URLs carry its own client id), for the wizard's reading
 *  of the Utvidelser page (the service worker reads this map; a few dozen clients at most). */
async function rememberClientPages(orgNo: string, utvidelser: string | null): Promise<void> {
  if (!utvidelser) return;
  const key = 'goClientPages';
  const known = ((await browser.storage.local.get(key))[key] ?? {}) as Record<string, string>;
  if (known[orgNo] === utvidelser) return;
  const entries = Object.entries({ ...known, [orgNo]: utvidelser }).slice(-200);
  await browser.storage.local.set({ [key]: Object.fromEntries(entries) });
}

function documentReady(doc: Document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/** Resolves once Go's parser has put `rows` rows into the ledger table (never, on other pages:
 *  `ready` settles the race there); `onLedger` runs when the table's body is first seen. The whole
 *  document is watched only until the table's body is there, then only that body's own children:
 *  the parser's thousands of cells make no records. */
function ledgerRowsParsed(doc: Document, rows: number, ready: Promise<void>, onLedger: () => void): Promise<void> {
  return new Promise((resolve) => {
    let body: HTMLTableSectionElement | null = null;
    let last = 0;
    const rowsObserver = new MutationObserver(() => {
      if (!body || body.childElementCount < rows) return;
      rowsObserver.disconnect();
      resolve();
    });
    const bodyObserver = new MutationObserver(() => {
      const now = performance.now();
      if (now - last < 20) return; // a table lookup at most every 20 ms of parsing
      last = now;
      body = parsingLedgerBody(doc);
      if (!body) return;
      bodyObserver.disconnect();
      onLedger();
      if (body.childElementCount >= rows) resolve();
      else rowsObserver.observe(body, { childList: true });
    });
    bodyObserver.observe(doc, { childList: true, subtree: true });
    void ready.then(() => {
      bodyObserver.disconnect();
      rowsObserver.disconnect();
    });
  });
}
