// The service worker holds the login and talks to the backend for the content scripts: one batch
// per page view (chunks of ≤ 500), answers cached briefly and dropped when something changes.
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { CreditorSummary, InvoiceStatusItem, CaseDetail } from '@shared/api';
import { call, type Outcome } from '@/lib/api';
import { currentSettings } from '@/lib/settings';
import { cacheMs, invoiceStatusChunk, type ContentRequest, type ContentResponse, type PageContext } from '@/lib/messages';

const statusCache = new Map<string, { item: InvoiceStatusItem; at: number }>();
let creditorsCache: { at: number; items: CreditorSummary[] } | null = null;

// The creditor list belongs to the login and rarely changes: it is kept for a while and dropped only
// when the login or the backend changes, so a page view costs just its invoice chunks.
const creditorsCacheMs = 5 * 60_000;
const parallelChunks = 3;

function dropCaches(withCreditors: boolean): void {
  statusCache.clear();
  if (withCreditors) creditorsCache = null;
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

async function invoiceStatus(creditorId: string, invoiceNos: number[]): Promise<Outcome<{ items: InvoiceStatusItem[] }>> {
  const now = performance.now();
  const fresh = new Map<number, InvoiceStatusItem>();
  const missing: number[] = [];
  for (const no of new Set(invoiceNos)) {
    const hit = statusCache.get(`${creditorId}:${no}`);
    if (hit && now - hit.at < cacheMs) fresh.set(no, hit.item);
    else missing.push(no);
  }
  const chunks: number[][] = [];
  for (let i = 0; i < missing.length; i += invoiceStatusChunk) chunks.push(missing.slice(i, i + invoiceStatusChunk));
  // A few chunks in flight at once: a 5 000-row ledger's ten chunks need not wait for each other.
  let failed: Outcome<{ items: InvoiceStatusItem[] }> | null = null;
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk && !failed; chunk = chunks.shift()) {
      const invoiceNosOfChunk = chunk;
      const r = await call<{ items: InvoiceStatusItem[] }>((api) => api.api.v1.creditors[':id']['invoice-status'].$post({ param: { id: creditorId }, json: { invoiceNos: invoiceNosOfChunk } }));
      if (!r.ok) {
        failed = r;
        return;
      }
      for (const item of r.data.items) {
        fresh.set(item.invoiceNo, item);
        statusCache.set(`${creditorId}:${item.invoiceNo}`, { item, at: performance.now() });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelChunks, chunks.length) }, worker));
  if (failed) return failed;
  return { ok: true, data: { items: invoiceNos.map((no) => fresh.get(no)!).filter(Boolean) } };
}

async function handle(request: ContentRequest): Promise<ContentResponse[ContentRequest['type']]> {
  switch (request.type) {
    case 'context':
      return context(request.orgNo);
    case 'invoiceStatus':
      return invoiceStatus(request.creditorId, request.invoiceNos);
    case 'send': {
      const r = await call<InvoiceStatusItem>((api) =>
        api.api.v1.creditors[':id'].invoices[':invoiceNo']['send-to-collection'].$post({ param: { id: request.creditorId, invoiceNo: String(request.invoiceNo) } }),
      );
      dropCaches(false);
      return r;
    }
    case 'case':
      return call<CaseDetail>((api) => api.api.v1.cases[':id'].$get({ param: { id: request.caseId } }));
  }
}

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ContentRequest;
    if (!request || typeof request !== 'object' || !('type' in request)) return undefined;
    return handle(request);
  });
  // The popup and options change things (settings, sync, login): answers from before are stale.
  browser.storage.onChanged.addListener((changes) => {
    if ('token' in changes || 'backendUrl' in changes) dropCaches(true);
    else if ('cacheEpoch' in changes) dropCaches(false);
  });
});
