// The ledger page's one call: POST /creditors/{id}/invoice-status for 500 invoices, over loopback
// HTTP as the extension makes it, against GET /health on the same server as the baseline (the
// goal: p50 ≤ 3 × baseline). The 500 invoices are a realistic page: half in cases (50 debtors,
// different stages), half only mirrored from Go (draft, approved, nothing).
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { caseInvoices, cases, debtors, goInvoices } from '@backend/db/schema';
import { makeTestBackend } from '../helpers/backend';
import { percentile, type Figure } from './lib';

const invoiceCount = 500;
const samples = 400;

export default async function (): Promise<Figure[]> {
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
    const baseline = { label: 'GET /health p50 ms', value: percentile(healthMs, 50) };
    return [
      { key: 'lookup.p50Ms', value: percentile(lookupMs, 50), unit: 'ms', baseline },
      { key: 'lookup.p99Ms', value: percentile(lookupMs, 99), unit: 'ms', baseline: { label: 'GET /health p99 ms', value: percentile(healthMs, 99) } },
      { key: 'lookup.baselineP50Ms', value: baseline.value, unit: 'ms' },
    ];
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await t.close();
  }
}

/** 250 invoices in 50 cases and 250 mirrored from Go only; returns the page's invoice numbers. */
export async function seedLedgerPage(t: Awaited<ReturnType<typeof makeTestBackend>>, firstNo: number): Promise<number[]> {
  const now = t.clock.now().toISOString();
  const creditorId = t.conectoId;
  const stages = ['notice_sent', 'demand_sent', 'legal', 'paid'] as const;
  const invoiceNos: number[] = [];
  const debtorRows: (typeof debtors.$inferInsert)[] = [];
  const caseRows: (typeof cases.$inferInsert)[] = [];
  const linkRows: (typeof caseInvoices.$inferInsert)[] = [];
  const mirrorRows: (typeof goInvoices.$inferInsert)[] = [];
  for (let d = 0; d < 50; d++) {
    const debtorId = `bench-debtor-${d}`;
    const caseId = crypto.randomUUID();
    const stage = stages[d % stages.length]!;
    debtorRows.push({ id: debtorId, creditorId, customerNo: String(90_000 + d), name: `Benk Skyldner ${d} AS`, orgNo: null, kind: d % 2 ? 'business' : 'consumer' });
    caseRows.push({
      id: caseId, creditorId, debtorId, caseNo: String(900_000 + d), stage, dunning: 'agency_notice', openedAt: '2026-10-01',
      noticeSentAt: '2026-10-01', noticeDeadline: '2026-10-15', ...(stage !== 'notice_sent' ? { demandSentAt: '2026-10-16', demandDeadline: '2026-10-30' } : {}),
      ...(stage === 'paid' ? { closedAt: now } : {}), costsOre: 7_000, interestOre: 0, createdAt: now, updatedAt: now,
    });
    for (let k = 0; k < 5; k++) {
      const invoiceNo = firstNo + d * 5 + k;
      invoiceNos.push(invoiceNo);
      linkRows.push({
        id: crypto.randomUUID(), caseId, creditorId, goInvoiceId: crypto.randomUUID(), invoiceNo, customerNo: String(90_000 + d),
        invoiceDate: '2026-08-01', dueDate: '2026-08-31', principalOre: 125_000 + k * 100, openOre: stage === 'paid' ? 0 : 125_000 + k * 100, state: stage === 'paid' ? 'paid' : 'open',
      });
    }
  }
  for (let i = 0; i < invoiceCount - linkRows.length; i++) {
    const invoiceNo = firstNo + linkRows.length + i;
    invoiceNos.push(invoiceNo);
    mirrorRows.push({
      creditorId, goInvoiceId: crypto.randomUUID(), invoiceNo, customerNo: String(80_000 + (i % 40)), dueDate: '2026-11-01',
      amountOre: 50_000, balanceOre: 50_000, dcStatus: [0, 1, 3][i % 3]!, lastChanged: now,
    });
  }
  await t.db.insert(debtors).values(debtorRows);
  await t.db.insert(cases).values(caseRows);
  for (let i = 0; i < linkRows.length; i += 100) await t.db.insert(caseInvoices).values(linkRows.slice(i, i + 100));
  for (let i = 0; i < mirrorRows.length; i += 100) await t.db.insert(goInvoices).values(mirrorRows.slice(i, i + 100));
  // The page lists invoices in the ledger's order, not ours.
  return invoiceNos.sort((a, b) => (a * 7919) % 1009 - (b * 7919) % 1009);
}
