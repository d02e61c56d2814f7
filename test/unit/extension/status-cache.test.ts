// The background's invoice-status memory: chunks of ≤ 500, a few in flight, answers kept for the
// cache time, only unknown invoices asked for, and a failure passed on as it came.
import { describe, expect, it } from 'vitest';
import type { InvoiceStatusItem } from '@shared/api';
import { createStatusCache, type FetchChunk } from '@/lib/status-cache';

const item = (invoiceNo: number): InvoiceStatusItem => ({ invoiceNo, state: 'none' });

function backend() {
  const calls: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let refuse = false;
  const fetchChunk: FetchChunk = async (_creditorId, invoiceNos) => {
    calls.push(invoiceNos);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 1));
    inFlight--;
    if (refuse) return { ok: false, kind: 'unauthorized', status: 401, code: 'unauthorized', message: 'Logg inn' };
    return { ok: true, data: { items: invoiceNos.filter((no) => no % 1000 !== 999).map(item) } };
  };
  return { calls, fetchChunk, maxInFlight: () => maxInFlight, refuse: () => (refuse = true) };
}

describe('status cache', () => {
  it('asks for 5 000 invoices in ten chunks of 500, three at a time, and answers in the page’s order', async () => {
    const b = backend();
    const cache = createStatusCache({ fetchChunk: b.fetchChunk, now: () => 0, ttlMs: 30_000, chunk: 500, inFlight: 3 });
    const invoiceNos = Array.from({ length: 5000 }, (_, i) => 100_000 + ((i * 7) % 5000));
    const r = await cache.get('c1', invoiceNos);
    expect(b.calls.length).toBe(10);
    expect(b.calls.every((c) => c.length <= 500)).toBe(true);
    expect(b.maxInFlight()).toBe(3);
    expect(r.ok && r.data.items.map((i) => i.invoiceNo)).toEqual(invoiceNos.filter((no) => no % 1000 !== 999));
  });

  it('keeps answers for the cache time and asks only for what it does not know', async () => {
    const b = backend();
    let now = 0;
    const cache = createStatusCache({ fetchChunk: b.fetchChunk, now: () => now, ttlMs: 30_000, chunk: 500, inFlight: 3 });
    await cache.get('c1', [1, 2, 3]);
    await cache.get('c1', [2, 3, 4, 4]);
    expect(b.calls).toEqual([[1, 2, 3], [4]]);
    await cache.get('c2', [1]); // another creditor's invoice 1 is another invoice
    expect(b.calls.at(-1)).toEqual([1]);
    now = 30_001;
    await cache.get('c1', [1]);
    expect(b.calls.at(-1)).toEqual([1]);
    cache.clear();
    await cache.get('c1', [2]);
    expect(b.calls.at(-1)).toEqual([2]);
  });

  it('passes a refusal on and remembers nothing from it', async () => {
    const b = backend();
    const cache = createStatusCache({ fetchChunk: b.fetchChunk, now: () => 0, ttlMs: 30_000, chunk: 2, inFlight: 1 });
    b.refuse();
    const r = await cache.get('c1', [1, 2, 3, 4]);
    expect(r).toMatchObject({ ok: false, kind: 'unauthorized' });
    expect(b.calls.length).toBe(1); // no more chunks after the first refusal
  });
});
