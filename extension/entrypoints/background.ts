// The service worker holds the login and talks to the backend for the content scripts. The ledger
// sends its batch as chunks of ≤ 500 invoices (its loader owns chunking and retry); each chunk is
// one backend request here, always fresh: after any action the ledger asks again for today's figures.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { CreditorSummary, CustomerCollection, InvoiceStatusItem, CaseDetail, TakeInvoiceResponse } from '@shared/api';
import { call } from '@/lib/api';
import { currentSettings } from '@/lib/settings';
import type { ContentRequest, ContentResponse, PageContext } from '@/lib/messages';
import { startAttentionBadge } from '@/lib/attention-badge';
import { readForWizard, validReadRequest, type ReaderDeps } from '@/features/agency-check';
import type { UtvidelserReading } from '@/lib/adapters/go';

/** Where go.content.ts remembered each Go client's pages (orgNo → its Utvidelser page). */
export const goClientPagesKey = 'goClientPages';

/** The tabs showing Go (whose content script reads Go's pages), front and most recently used first. */
async function goTabs(except: number | undefined): Promise<number[]> {
  const patterns = (browser.runtime.getManifest().content_scripts ?? []).filter((c) => (c.matches ?? []).includes('https://go.poweroffice.net/*')).flatMap((c) => c.matches ?? []);
  const tabs = patterns.length ? await browser.tabs.query({ url: patterns }) : [];
  tabs.sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return tabs.flatMap((t) => (t.id !== undefined && t.id !== except ? [t.id] : []));
}

function readerDeps(senderTab: number | undefined): ReaderDeps {
  return {
    utvidelserUrl: async (orgNo) => {
      const stored = (await browser.storage.local.get(goClientPagesKey))[goClientPagesKey] as Record<string, string> | undefined;
      return stored?.[orgNo] ?? null;
    },
    goTabs: () => goTabs(senderTab),
    askTab: async (tabId, request) => (await browser.tabs.sendMessage(tabId, request)) as UtvidelserReading | undefined,
    post: (creditorId, reading) => call((api) => api.api.v1.registrations[':id'].extensions.$post({ param: { id: creditorId }, json: reading })),
  };
}
import { ApprovalTaker, approvalsKey } from '@/lib/go-approvals';

let creditorsCache: { at: number; items: CreditorSummary[] } | null = null;

// The creditor list belongs to the login and rarely changes: it is kept for a while and dropped only
// when the login or the backend changes, so a page view costs just its invoice chunks.
const creditorsCacheMs = 5 * 60_000;

function dropCaches(): void {
  creditorsCache = null;
}

async function context(orgNo: string): Promise<PageContext> {
  const settings = await currentSettings();
  const registerUrl = `${settings.backendUrl.replace(/\/$/, '')}/register?orgNo=${encodeURIComponent(orgNo)}`;
  const base = { registerUrl, locale: settings.locale };
  if (!settings.token) return { ...base, loggedIn: false, offline: false, creditor: null };
  if (!creditorsCache || performance.now() - creditorsCache.at > creditorsCacheMs) {
    const r = await call<{ items: CreditorSummary[] }>((api) => api.api.v1.creditors.$get());
    if (!r.ok) return { ...base, loggedIn: r.kind !== 'unauthorized', offline: r.kind === 'offline', creditor: null };
    creditorsCache = { at: performance.now(), items: r.data.items };
  }
  const creditor = creditorsCache.items.find((c) => c.orgNo === orgNo && c.status !== 'pending') ?? null;
  return { ...base, loggedIn: true, offline: false, creditor };
}

function take(creditorId: string, invoiceNo: number) {
  return call<TakeInvoiceResponse>((api) => api.api.v1.creditors[':id'].invoices[':invoiceNo'].take.$post({ param: { id: creditorId, invoiceNo: String(invoiceNo) } }));
}

// Drafts approved with Go's own Godkjenn, taken now; what became of them is told to every tab.
const approvals = new ApprovalTaker({
  take,
  now: () => new Date().getTime(),
  pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  read: async () => (await browser.storage.local.get(approvalsKey))[approvalsKey],
  write: (list, dataChanged) => browser.storage.local.set({ [approvalsKey]: list, ...(dataChanged ? { cacheEpoch: crypto.randomUUID() } : {}) }),
});

async function handle(request: ContentRequest, senderTab: number | undefined): Promise<ContentResponse[ContentRequest['type']]> {
  switch (request.type) {
    case 'context':
      return context(request.orgNo);
    case 'invoiceStatus':
      return call<{ items: InvoiceStatusItem[] }>((api) => api.api.v1.creditors[':id']['invoice-status'].$post({ param: { id: request.creditorId }, json: { invoiceNos: request.invoiceNos } }));
    case 'send':
      return take(request.creditorId, request.invoiceNo);
    case 'case':
      return call<CaseDetail>((api) => api.api.v1.cases[':id'].$get({ param: { id: request.caseId } }));
    case 'customer':
      return call<CustomerCollection>((api) => api.api.v1.creditors[':id'].customers[':customerNo'].$get({ param: { id: request.creditorId, customerNo: request.customerNo } }));
    case 'exclusion':
      return call<CustomerCollection>((api) =>
        api.api.v1.creditors[':id'].customers[':customerNo'].exclusion.$put({ param: { id: request.creditorId, customerNo: request.customerNo }, json: { excluded: request.excluded } }),
      );
    case 'openOptions':
      await browser.runtime.openOptionsPage();
      return { ok: true };
    case 'readGoExtensions': {
      const valid = validReadRequest(request);
      if (!valid) return { ok: false, reason: 'unexpected_page', message: null, fallbackUrl: null };
      return readForWizard(readerDeps(senderTab), valid);
    }
    case 'approvedInGo':
      return approvals.approved(request.creditorId, request.invoiceNos);
    case 'approvalsSeen':
      await approvals.seen(request.creditorId, request.invoiceNos);
      return { ok: true };
  }
}

export default defineBackground(() => {
  startAttentionBadge();
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const request = message as ContentRequest;
    if (!request || typeof request !== 'object' || !('type' in request)) return undefined;
    return handle(request, sender.tab?.id);
  });
  // The creditor list belongs to the login: forgotten when the login or the backend changes.
  browser.storage.onChanged.addListener((changes) => {
    if ('token' in changes || 'backendUrl' in changes) dropCaches();
  });
});
