// Load: many connections of ledger lookups (the extension's one call per page view) and sends
// ("Send til inkasso") over real HTTP on loopback, while daily runs work on the same creditor.
// Counts requests, 5xx and transport errors, latencies; then checks nothing was lost (every send
// that was answered 200 is in one case, here and in Go), the promises, and PRAGMA integrity_check.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { percentile } from '../../bench/lib';
import { act } from './act';
import { makeWorld, violations, type World } from './world';

export type LoadOutcome = {
  requests: number; lookups: number; sends: number; sendsOk: number; errors5xx: number; transportErrors: number; otherStatuses: Record<string, number>;
  p50Ms: number; p99Ms: number; lookupP99Ms: number; sendP99Ms: number; dailyRuns: number; lost: string[]; problems: string[]; integrity: string;
};

/** `sendable` overdue invoices in Utkast, each of its own new debtor, to be sent during the load. */
export async function loadWorld(o: { extraDebtors: number; sendable: number }): Promise<World & { sendable: number[] }> {
  const w = await makeWorld({ extraDebtors: o.extraDebtors });
  const store = w.t.sandbox.store;
  const sendable: number[] = [];
  for (let n = 0; n < o.sendable; n++) {
    const customer = store.addCustomer(w.conecto, { code: String(40000 + n), name: `Sendbar ${n} AS`, orgNo: null, isPerson: false, transferToDebtCollectionAgency: true, email: null });
    const inv = store.addInvoice(w.conecto, { customerId: customer.id, invoiceNo: 9000 + n, invoiceDate: '2026-09-01', dueDate: '2026-10-01', amountOre: 50_000 + n });
    sendable.push(inv.invoiceNo);
  }
  store.refresh(w.conecto);
  return { ...w, sendable };
}

const p = (values: number[], q: number) => (values.length ? percentile(values, q) : 0);

export async function runLoad(w: World & { sendable: number[] }, o: { connections: number; durationMs: number; daily?: boolean }): Promise<LoadOutcome> {
  const { t } = w;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = await t.login();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const allInvoiceNos = w.conecto.invoices.map((i) => i.invoiceNo);
  const queue = [...w.sendable];
  const sentOk: number[] = [];
  const latencies: number[] = [];
  const lookupLatencies: number[] = [];
  const sendLatencies: number[] = [];
  const otherStatuses: Record<string, number> = {};
  let requests = 0, lookups = 0, sends = 0, errors5xx = 0, transportErrors = 0;
  const until = performance.now() + o.durationMs;

  let dailyRuns = 0;
  const daily = (async () => {
    while (o.daily !== false && performance.now() < until) {
      await act(t.deps, { kind: 'daily' });
      dailyRuns++;
    }
  })();

  const worker = async (n: number) => {
    let i = n;
    while (performance.now() < until) {
      i++;
      const send = i % 25 === 0 ? queue.shift() : undefined;
      const started = performance.now();
      try {
        // A send is the extension's approval in Go's Inkasso page (the accountant's session; the
        // sandbox's store stands for it here), then "take it now" on the backend.
        if (send !== undefined) w.t.sandbox.store.approve(w.conecto, w.conecto.invoices.filter((x) => x.invoiceNo === send).map((x) => x.id));
        const res = send !== undefined
          ? await fetch(`${base}/api/v1/creditors/${t.conectoId}/invoices/${send}/take`, { method: 'POST', headers })
          : await fetch(`${base}/api/v1/creditors/${t.conectoId}/invoice-status`, { method: 'POST', headers, body: JSON.stringify({ invoiceNos: allInvoiceNos.slice(i % 7, (i % 7) + 20) }) });
        await res.arrayBuffer();
        const ms = performance.now() - started;
        latencies.push(ms);
        (send !== undefined ? sendLatencies : lookupLatencies).push(ms);
        requests++;
        if (send !== undefined) sends++;
        else lookups++;
        if (res.status >= 500) errors5xx++;
        else if (res.status === 200 && send !== undefined) sentOk.push(send);
        else if (res.status !== 200) otherStatuses[`${send !== undefined ? 'send' : 'lookup'} ${res.status}`] = (otherStatuses[`${send !== undefined ? 'send' : 'lookup'} ${res.status}`] ?? 0) + 1;
      } catch {
        requests++;
        transportErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, (_, n) => worker(n)));
  await daily;
  await new Promise<void>((r) => server.close(() => r()));

  // Nothing lost: a last daily run settles, then every invoice sent with a 200 is in one case here
  // and in the same case in Go.
  await act(t.deps, { kind: 'daily' });
  const lost: string[] = [];
  const status = await (await t.app.request(`/api/v1/creditors/${t.conectoId}/invoice-status`, { method: 'POST', headers, body: JSON.stringify({ invoiceNos: sentOk.length ? sentOk.slice(0, 100) : [1] }) })).json() as { items: { invoiceNo: number; case: { caseNo: string } | null }[] };
  for (const no of sentOk.slice(0, 100)) {
    const item = status.items.find((x) => x.invoiceNo === no);
    const inGo = w.conecto.cases.find((c) => c.invoiceIds.includes(w.conecto.invoices.find((i) => i.invoiceNo === no)!.id));
    if (!item?.case) lost.push(`invoice ${no}: answered 200 but in no case here`);
    else if (inGo?.code !== item.case.caseNo) lost.push(`invoice ${no}: case ${item.case.caseNo} here, ${inGo?.code ?? 'none'} in Go`);
  }
  const integrity = ((await t.db.all(sql`PRAGMA integrity_check`)) as { integrity_check: string }[]).map((r) => r.integrity_check).join(', ');
  return {
    requests, lookups, sends, sendsOk: sentOk.length, errors5xx, transportErrors, otherStatuses,
    p50Ms: p(latencies, 50), p99Ms: p(latencies, 99), lookupP99Ms: p(lookupLatencies, 99), sendP99Ms: p(sendLatencies, 99),
    dailyRuns, lost, problems: await violations(w), integrity,
  };
}
