// Utvidelser: warn when more than one collection agency may create new cases (user guide § 7).
import { agenciesCreatingCases, findExtensionsTable, mainContainer, readExtensions } from '@/lib/adapters/go';
import { createHost, el, removeOurs } from '@/lib/ui';
import type { Feature, FeatureContext } from './types';

function render(ctx: FeatureContext): void {
  const main = mainContainer(ctx.doc);
  const table = findExtensionsTable(main);
  const existing = main.querySelector<HTMLElement>('[data-modhi="agency-warning"]');
  if (!table) return;
  const agencies = agenciesCreatingCases(readExtensions(table));
  const sig = agencies.map((a) => a.name).join('|');
  if (existing?.dataset['modhiSig'] === sig && existing.isConnected && existing.nextElementSibling === table) return;
  existing?.remove();
  if (agencies.length < 2) return;
  const { host, root } = createHost(ctx.doc, 'agency-warning', true);
  host.dataset['modhiSig'] = sig;
  root.append(
    el(ctx.doc, 'div', { class: 'banner warning', role: 'alert' },
      el(ctx.doc, 'h2', {}, ctx.t('warningTitle')),
      el(ctx.doc, 'p', {}, ctx.t('warningBody', { agencies: agencies.map((a) => `«${a.name}»`).join(' og ') })),
    ),
  );
  table.before(host);
}

export const extensionsWarning: Feature = {
  id: 'extensions-warning',
  pages: ['extensions'],
  run(ctx) {
    const main = mainContainer(ctx.doc);
    render(ctx);
    // Saving the edit dialog re-renders the page's content: check again.
    const observer = new MutationObserver((records) => {
      if (records.some((r) => Array.from(r.addedNodes).some((n) => !(n instanceof Element && n.hasAttribute('data-modhi'))))) render(ctx);
    });
    observer.observe(main, { childList: true, subtree: true });
    ctx.signal.addEventListener('abort', () => {
      observer.disconnect();
      removeOurs(main);
    });
  },
};
