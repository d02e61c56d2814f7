// Runs on the backend's registration wizard (/register): the page's way to the extension, which
// reads Go's Utvidelser page for the client before activation ("never on two at once").
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ReadGoExtensionsResult } from '@shared/wizard-bridge';
import { startWizardBridge } from '@/features/agency-check';

export default defineContentScript({
  // The packaged backend's origin replaces this host in wxt.config.ts (test and development builds
  // also run on loopback); the script acts only on the wizard's page.
  matches: ['https://inkasso.modhi.example/register*'],
  runAt: 'document_idle',
  main(ctx) {
    if (!document.getElementById('wizard')) return;
    const controller = new AbortController();
    ctx.onInvalidated(() => controller.abort());
    startWizardBridge(window, { read: (request) => browser.runtime.sendMessage({ type: 'readGoExtensions', ...request }) as Promise<ReadGoExtensionsResult> }, controller.signal);
  },
});
