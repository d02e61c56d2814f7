// Runs on PowerOffice GO's pages. Each page view gets an AbortSignal that ends on Go's soft
// navigation and when the extension is updated or removed (the old script then stops cleanly).
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { osloDate } from '@shared/clock';
import { features } from '@/features';
import type { Ask } from '@/features/types';
import type { PageContext } from '@/lib/messages';
import { pageKind, readClient } from '@/lib/go-adapter';
import { translator } from '@/lib/i18n';
import { readSettings } from '@/lib/settings';
import { removeOurs } from '@/lib/ui';

export default defineContentScript({
  matches: ['https://go.poweroffice.net/*'],
  // As soon as the page's HTML is parsed: the ledger's batch request then overlaps Go's own first
  // layout instead of waiting for the page to go idle.
  runAt: 'document_end',
  async main(ctx) {
    const ask: Ask = (request) => browser.runtime.sendMessage(request) as never;
    let view: AbortController | null = null;

    // WXT reports the new URL from Go's pushState before location.href has changed, so the
    // page kind is taken from the event, not from location.
    const start = async (url: string) => {
      view?.abort();
      const controller = new AbortController();
      view = controller;
      ctx.onInvalidated(() => controller.abort());
      const kind = pageKind(url);
      const client = readClient(document);
      if (!client || kind === 'other') return;
      // The ledger needs the creditor first of all: asked now, while the settings are read.
      let asked: Promise<PageContext> | null = null;
      const page = () => (asked ??= ask({ type: 'context', orgNo: client.orgNo }));
      if (kind === 'ledger') void page();
      const { locale } = await readSettings();
      // The popup preselects the creditor of the Go client the accountant last looked at.
      void browser.storage.local.set({ lastClient: { orgNo: client.orgNo, name: client.name } });
      const context = { doc: document, signal: controller.signal, client, ask, t: translator(locale), today: osloDate(new Date()), page };
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
    // Our layers sit on the document itself, so the whole document is swept.
    ctx.onInvalidated(() => removeOurs(document));
    await start(location.href);
  },
});
