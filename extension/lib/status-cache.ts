// The background's memory of invoice statuses: a page view's invoices are asked for in chunks of
// ≤ 500 (a few in flight at once), answers are kept briefly, and only what is not known is asked.
import type { InvoiceStatusItem } from '@shared/api';
import type { Outcome } from './api';

export type FetchChunk = (creditorId: string, invoiceNos: number[]) => Promise<Outcome<{ items: InvoiceStatusItem[] }>>;

export type StatusCacheOptions = { fetchChunk: FetchChunk; now: () => number; ttlMs: number; chunk: number; inFlight: number };

export function createStatusCache(o: StatusCacheOptions) {
  const known = new Map<string, { item: InvoiceStatusItem; at: number }>();
  return {
    clear(): void {
      known.clear();
    },
    /** Statuses of `invoiceNos` in their order (unknown numbers left out), or the first failure. */
    async get(creditorId: string, invoiceNos: number[]): Promise<Outcome<{ items: InvoiceStatusItem[] }>> {
      const fresh = new Map<number, InvoiceStatusItem>();
      const missing: number[] = [];
      for (const no of new Set(invoiceNos)) {
        const hit = known.get(`${creditorId}:${no}`);
        if (hit && o.now() - hit.at < o.ttlMs) fresh.set(no, hit.item);
        else missing.push(no);
      }
      const chunks: number[][] = [];
      for (let i = 0; i < missing.length; i += o.chunk) chunks.push(missing.slice(i, i + o.chunk));
      let failed: Outcome<{ items: InvoiceStatusItem[] }> | null = null;
      const worker = async () => {
        for (let chunk = chunks.shift(); chunk && !failed; chunk = chunks.shift()) {
          const r = await o.fetchChunk(creditorId, chunk);
          if (!r.ok) {
            failed = r;
            return;
          }
          for (const item of r.data.items) {
            fresh.set(item.invoiceNo, item);
            known.set(`${creditorId}:${item.invoiceNo}`, { item, at: o.now() });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(o.inFlight, chunks.length) }, worker));
      if (failed) return failed;
      return { ok: true, data: { items: invoiceNos.map((no) => fresh.get(no)).filter((i): i is InvoiceStatusItem => i !== undefined) } };
    },
  };
}
