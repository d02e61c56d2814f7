// Remittance at scale: 10 000 agency payments across 20 creditors → 20 vouchers posted to the
// sandbox over loopback HTTP. Measures the whole run (claim, settle, post, record), counts Go's
// voucher posts per creditor from the sandbox's own call stats (goal: 1), and checks every voucher
// Go stored sums to 0. Baseline: computing the same settlements without database or Go.
// The 20 creditors share the demo Go client (Conecto AS) so the sandbox needs no extra clients;
// each still gets its own voucher and reference.
import { eq } from 'drizzle-orm';
import { systemClock, today } from '@shared/clock';
import type { AppDeps } from '@backend/deps';
import { goClientFactory } from '@backend/integrations/poweroffice/factory';
import { agencyPayments, caseInvoices, cases, creditorAccess, creditors, debtors } from '@backend/db/schema';
import { runRemittances } from '@backend/modules/remittance/run';
import { settle, type SettlementItem } from '@backend/modules/remittance/settle';
import { makeTestBackend } from '../helpers/backend';
import type { Figure } from './lib';

const creditorCount = 20;

/** Seeding 10 000 rows keeps the event loop busy for longer than the sandbox's keep-alive timeout,
 *  so the first request after it may go out on a socket the server has just closed (ECONNRESET).
 *  A sandbox control call is idempotent: one retry on a fresh socket. */
async function controlFetch(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, { ...init, headers: { connection: 'close' } });
  }
}

export default async function (ctx?: { quick?: boolean; log?: (m: string) => void }): Promise<Figure[]> {
  const paymentsPerCreditor = ctx?.quick ? 50 : 500;
  const t = await makeTestBackend();
  try {
    const [conecto] = await t.db.select().from(creditors).where(eq(creditors.id, t.conectoId));
    const [access] = await t.db.select().from(creditorAccess).where(eq(creditorAccess.creditorId, t.conectoId));
    const customers = ['10018', '10013', '10021', '10025', '10030'];
    const now = t.clock.now().toISOString();
    const date = today(t.clock);
    const ids: string[] = [];
    const itemsByCreditor: SettlementItem[][] = [];
    for (let k = 0; k < creditorCount; k++) {
      const creditorId = crypto.randomUUID();
      ids.push(creditorId);
      await t.db.insert(creditors).values({ ...conecto!, id: creditorId, orgNo: `9${String(k).padStart(8, '0')}`, name: `Bench kreditor ${k}`, createdAt: now, updatedAt: now });
      await t.db.insert(creditorAccess).values({ firmId: access!.firmId, creditorId });
      const debtorIds = new Map<string, string>();
      for (const customerNo of customers) {
        const id = crypto.randomUUID();
        debtorIds.set(customerNo, id);
        await t.db.insert(debtors).values({ id, creditorId, customerNo, name: `Kunde ${customerNo}`, kind: 'business' });
      }
      const caseRows: (typeof cases.$inferInsert)[] = [];
      const invoiceRows: (typeof caseInvoices.$inferInsert)[] = [];
      const paymentRows: (typeof agencyPayments.$inferInsert)[] = [];
      const items: SettlementItem[] = [];
      for (let i = 0; i < paymentsPerCreditor; i++) {
        const customerNo = customers[i % customers.length]!;
        const caseId = crypto.randomUUID();
        const invoiceId = crypto.randomUUID();
        const invoiceNo = 100_000 + k * 10_000 + i;
        const principal = 50_000 + ((i * 7919) % 2_000_000);
        const interest = (i * 31) % 20_000;
        const costs = i % 3 === 0 ? 3_750 : 0;
        caseRows.push({ id: caseId, creditorId, debtorId: debtorIds.get(customerNo)!, caseNo: `B${k}-${i}`, stage: 'paid', dunning: 'agency_notice', openedAt: date, closedAt: date, createdAt: now, updatedAt: now });
        invoiceRows.push({ id: invoiceId, caseId, creditorId, goInvoiceId: crypto.randomUUID(), invoiceNo, customerNo, invoiceDate: date, dueDate: date, principalOre: principal, openOre: 0, state: 'paid', matchingReference: String(invoiceNo) });
        paymentRows.push({ id: crypto.randomUUID(), caseId, creditorId, amountOre: principal + interest + costs, paidAt: date, reference: `OCR-${i}`, costsOre: costs, interestOre: interest, principalOre: principal, principalByInvoice: [{ caseInvoiceId: invoiceId, principalOre: principal }], createdAt: now });
        items.push({ kind: 'agency_payment', paymentId: `p${i}`, caseNo: `B${k}-${i}`, paidAt: date, costsOre: costs, interestOre: interest, invoices: [{ invoiceNo, customerNo, matchingReference: String(invoiceNo), principalOre: principal }] });
      }
      for (let i = 0; i < caseRows.length; i += 200) {
        await t.db.insert(cases).values(caseRows.slice(i, i + 200));
        await t.db.insert(caseInvoices).values(invoiceRows.slice(i, i + 200));
        await t.db.insert(agencyPayments).values(paymentRows.slice(i, i + 200));
      }
      itemsByCreditor.push(items);
    }
    ctx?.log?.(`${creditorCount} creditors × ${paymentsPerCreditor} payments seeded`);

    // Baseline: the settlement arithmetic alone, for the same items.
    const baseStart = performance.now();
    for (const items of itemsByCreditor) settle(items, { vatDeductible: true, commissionBp: conecto!.commissionBp, commissionMinOre: conecto!.commissionMinOre, accounts: conecto!.accounts });
    const baselineSeconds = (performance.now() - baseStart) / 1000;

    // Go clients on the real clock, so the client's own 10 requests/s limit paces the calls as in
    // production (the test helper's fixed clock would leave pacing to the sandbox's 429s). Each
    // postManualJournal call is counted: that is the number of vouchers the code asked Go for.
    const factory = goClientFactory({ apiUrl: `${t.sandbox.url}/`, v2Url: `${t.sandbox.url}/v2`, applicationKey: t.creds.applicationKey, subscriptionKey: t.creds.subscriptionKey, encryptionKey: t.deps.secrets.encryptionKey, clock: systemClock });
    let posts = 0;
    const deps: AppDeps = {
      ...t.deps,
      goClientFor: async (c) => {
        const go = await factory(c);
        return { ...go, postManualJournal: (j: Parameters<typeof go.postManualJournal>[0]) => (posts++, go.postManualJournal(j)) };
      },
    };
    await controlFetch(`${t.sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
    const start = performance.now();
    const outcomes = [];
    for (const id of ids) outcomes.push(await runRemittances(deps, id, date));
    const seconds = (performance.now() - start) / 1000;
    const stats = (await (await controlFetch(`${t.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number>; total: number };
    const httpPosts = Object.entries(stats.calls).filter(([k]) => k.startsWith('POST') && /ManualJournals/i.test(k)).reduce((s, [, v]) => s + v, 0);

    const client = t.sandbox.store.clients.find((c) => c.name === 'Conecto AS')!;
    const refs = new Set(outcomes.map((o) => o.created?.externalImportReference));
    const vouchers = client.vouchers.filter((v) => refs.has(v.externalImportReference ?? undefined));
    if (vouchers.length !== creditorCount) throw new Error(`expected ${creditorCount} vouchers, Go holds ${vouchers.length}`);
    const unbalanced = vouchers.filter((v) => v.lines.reduce((s, l) => s + l.amountOre, 0) !== 0).length;
    ctx?.log?.(`${seconds.toFixed(2)} s, ${posts} posts (${httpPosts} HTTP POSTs seen by Go), ${stats.total} Go calls in all, ${unbalanced} unbalanced`);
    return [
      { key: 'remittance.seconds', value: seconds, unit: 's', baseline: { label: 'settlements computed without database or Go (s)', value: baselineSeconds } },
      { key: 'remittance.goPostsPerCreditor', value: posts / creditorCount, unit: 'posts', baseline: { label: 'goal: one post per creditor per run', value: 1 } },
      { key: 'remittance.goCallsPerCreditor', value: stats.total / creditorCount, unit: 'calls', baseline: { label: 'HTTP POSTs of vouchers seen by Go per creditor', value: httpPosts / creditorCount } },
      { key: 'remittance.vouchersUnbalanced', value: unbalanced, unit: 'vouchers', baseline: { label: 'must be', value: 0 } },
    ];
  } finally {
    await t.close();
  }
}
