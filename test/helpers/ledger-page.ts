// A realistic ledger page for the invoice-status lookup, written straight into the tables: half
// the invoices in cases (50 debtors, five each, stages from notice to paid), half only mirrored
// from Go (none, draft, approved in turn).
import { caseInvoices, cases, debtors, goInvoices } from '@backend/db/schema';
import type { TestBackend } from './backend';

export const ledgerStages = ['notice_sent', 'demand_sent', 'legal', 'paid'] as const;

/** 250 invoices in 50 cases and 250 mirrored from Go only; returns the page's invoice numbers. */
export async function seedLedgerPage(t: Pick<TestBackend, 'db' | 'clock' | 'conectoId'>, firstNo: number, invoiceCount = 500): Promise<number[]> {
  const now = t.clock.now().toISOString();
  const creditorId = t.conectoId;
  const stages = ledgerStages;
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
      ...(stage === 'paid' ? { closedAt: now } : {}), costsOre: 7_000, interestOre: 1_500 * (d % 3), interestThrough: '2026-10-15', provisionalRate: d % 3 === 0, createdAt: now, updatedAt: now,
    });
    for (let k = 0; k < 5; k++) {
      const invoiceNo = firstNo + d * 5 + k;
      invoiceNos.push(invoiceNo);
      linkRows.push({
        id: crypto.randomUUID(), caseId, creditorId, goInvoiceId: crypto.randomUUID(), invoiceNo, customerNo: String(90_000 + d),
        invoiceDate: '2026-08-01', dueDate: '2026-08-31', principalOre: 125_000 + k * 100, openOre: stage === 'paid' ? 0 : 125_000 + k * 100, state: stage === 'paid' ? 'paid' : 'open', linkedInGo: k % 2 === 0,
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
