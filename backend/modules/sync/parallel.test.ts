// Syncs at once, as the edge's queue runs several creditors' jobs in parallel: the case numbers are
// taken inside each run's intent batch, so no two cases share one and none is skipped; the same
// creditor synced twice at once ends with each invoice in exactly one case.
import { afterEach, expect, it } from 'vitest';
import { caseInvoices, cases } from '@backend/db/schema';
import { syncCreditor } from '@backend/modules/sync/run';
import { DcStatus } from '../../../sandbox/store';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

it('two creditors synced at once take distinct, consecutive case numbers', async () => {
  t = await makeTestBackend();
  // Delante gets approved invoices of its own (two debtors), so both runs open cases.
  const { store } = t.sandbox;
  const delante = store.clients.find((c) => c.name.startsWith('Delante'))!;
  for (let d = 0; d < 2; d++) {
    const customer = store.addCustomer(delante, { code: String(40_000 + d), name: `Parallell ${d} AS`, orgNo: null, isPerson: false, transferToDebtCollectionAgency: true, email: null });
    const invoice = store.addInvoice(delante, { customerId: customer.id, invoiceDate: '2026-09-15', dueDate: '2026-10-15', amountOre: 150_000, invoiceNo: 9_000 + d });
    invoice.dcStatus = DcStatus.Approved;
  }
  const runs = await Promise.all([syncCreditor(t.deps, t.conectoId, 'manual'), syncCreditor(t.deps, t.delanteId, 'manual')]);
  const created = runs.reduce((s, r) => s + r.casesCreated, 0);
  expect(runs.every((r) => r.ok)).toBe(true);
  expect(runs.every((r) => r.casesCreated > 0)).toBe(true);
  const numbers = (await t.db.select({ caseNo: cases.caseNo }).from(cases)).map((c) => Number(c.caseNo)).sort((a, b) => a - b);
  expect(numbers).toHaveLength(created);
  expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
});

it('one creditor synced twice at once: every approved invoice in exactly one case, and a rerun settles', async () => {
  t = await makeTestBackend();
  await Promise.all([syncCreditor(t.deps, t.conectoId, 'manual'), syncCreditor(t.deps, t.conectoId, 'manual')]);
  const again = await syncCreditor(t.deps, t.conectoId, 'manual');
  expect(again).toMatchObject({ ok: true, casesCreated: 0 });
  const invoices = await t.db.select({ goInvoiceId: caseInvoices.goInvoiceId, caseId: caseInvoices.caseId }).from(caseInvoices);
  expect(new Set(invoices.map((i) => i.goInvoiceId)).size).toBe(invoices.length);
  const caseRows = await t.db.select().from(cases);
  expect(caseRows.length).toBeGreaterThan(0);
  expect(caseRows.every((c) => c.goCaseId && invoices.some((i) => i.caseId === c.id))).toBe(true);
});
