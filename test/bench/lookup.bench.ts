// The ledger page's one call: POST /creditors/{id}/invoice-status for 500 invoices, over loopback
// HTTP as the extension makes it, against GET /health on the same server as the baseline (the
// goal: p50 ≤ 3 × baseline), and the same call right after a write to the creditor's rows, which
// the in-memory answers cannot serve (lookup.afterWriteP50Ms). The 500 invoices are a realistic
// page: half in cases (50 debtors, different stages), half only mirrored from Go (draft, approved,
// nothing).
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { goInvoices } from '@backend/db/schema';
import { makeTestBackend } from '../helpers/backend';
import { seedLedgerPage } from '../helpers/ledger-page';
import { percentile, type Figure } from './lib';

const invoiceCount = 500;

/** `quick` (BENCH_QUICK / --quick) takes fewer samples for a smoke run. */
export default async function (ctx?: { quick?: boolean }): Promise<Figure[]> {
  const samples = ctx?.quick ? 50 : 400;
  const t = await makeTestBackend();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = await t.login();
    const invoiceNos = await seedLedgerPage(t, 100_000);
    const body = JSON.stringify({ invoiceNos });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const lookup = async () => {
      const res = await fetch(`${base}/api/v1/creditors/${t.conectoId}/invoice-status`, { method: 'POST', headers, body });
      const json = (await res.json()) as { items: unknown[] };
      if (res.status !== 200 || json.items.length !== invoiceCount) throw new Error(`invoice-status answered ${res.status}`);
    };
    const health = async () => {
      const res = await fetch(`${base}/health`);
      if (res.status !== 200) throw new Error(`health answered ${res.status}`);
      await res.json();
    };
    const time = async (fn: () => Promise<void>) => {
      const start = performance.now();
      await fn();
      return performance.now() - start;
    };
    for (let i = 0; i < 30; i++) {
      await health();
      await lookup();
    }
    // Interleaved so both see the same machine load (other helpers run tests at the same time).
    const lookupMs: number[] = [];
    const healthMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      healthMs.push(await time(health));
      lookupMs.push(await time(lookup));
    }
    // The same page right after a write to the creditor's rows (a sync, a payment): the answer
    // cannot come from memory then (modules/ledger-lookup/cache.ts), so this is the database path.
    const coldMs: number[] = [];
    for (let i = 0; i < Math.min(samples, 100); i++) {
      await t.db.update(goInvoices).set({ lastChanged: new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString() }).where(eq(goInvoices.invoiceNo, invoiceNos[invoiceNos.length - 1]!));
      coldMs.push(await time(lookup));
    }
    const baseline = { label: 'GET /health p50 ms', value: percentile(healthMs, 50) };
    return [
      { key: 'lookup.p50Ms', value: percentile(lookupMs, 50), unit: 'ms', baseline },
      { key: 'lookup.p99Ms', value: percentile(lookupMs, 99), unit: 'ms', baseline: { label: 'GET /health p99 ms', value: percentile(healthMs, 99) } },
      { key: 'lookup.baselineP50Ms', value: baseline.value, unit: 'ms' },
      { key: 'lookup.afterWriteP50Ms', value: percentile(coldMs, 50), unit: 'ms', baseline },
    ];
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await t.close();
  }
}
