// The two ways a case opens, against the sandbox over HTTP: under "own reminders" the creditor
// already sent the inkassovarsel from Go (its lastReminder* on the available invoice), so the case opens at betalingsoppfordring with lett salær and Go
// shows that label from the case's first change (the next day's interest); under "agency sends the notice" a debtor who pays within the notice deadline
// owes only the notice fee and interest, never salær, and the daily run does not move the paid case.
import { afterEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { creditors } from '@backend/db/schema';
import { syncCreditor } from '@backend/modules/sync/run';
import { getCase } from '@backend/modules/cases/service';
import { lookupInvoiceStatus } from '@backend/modules/ledger-lookup/service';
import { registerAgencyPayment } from '@backend/modules/cases/payments';
import { runDaily } from '@backend/modules/daily/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

/** The status text Go shows on the case (Go's UI; the API documents no status text on a case). */
function goStatusText(b: TestBackend, code: string): string | null {
  const client = b.sandbox.store.clients.find((c) => c.name === 'Conecto AS')!;
  return client.cases.find((c) => c.code === code)?.statusText ?? null;
}

it('under own reminders, after Go’s inkassovarsel has run out, a case opens at betalingsoppfordring with lett salær', async () => {
  t = await makeTestBackend();
  await t.db.update(creditors).set({ dunning: 'own_reminders' }).where(eq(creditors.id, t.conectoId));
  // Go sent the inkassovarsel on invoice 24 (due 2026-11-08) on 2026-11-10, with a 14-day deadline.
  t.sandbox.store.client('conecto').invoices.find((i) => i.invoiceNo === 24)!.lastReminder = { sentDate: '2026-11-10', dueDate: '2026-11-24', voucherType: 72 };
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const [status] = await lookupInvoiceStatus(t.deps, t.conectoId, [24]);
  expect(status!.case).toMatchObject({ stage: 'demand_sent', stageLabel: 'Betalingsoppfordring sendt', nextStep: 'Rettslig inndrivelse', nextStepDate: '2026-12-13' });
  const detail = (await getCase(t.deps, status!.case!.id))!;
  // lett salær for a 45 000 kr claim, business debtor, creditor with VAT deduction: 1.6 × 750 × 1.5 = 1 800 kr; no notice fee
  expect(detail.costsOre).toBe(180_000);
  expect(detail.timeline.map((e) => e.kind)).toEqual(['opened', 'invoice_added', 'demand_sent']);
  // Created with its balance only; the opening label goes to Go with the next day's interest.
  expect(await goStatusText(t, detail.caseNo)).toBeNull();
  t.clock.advanceDays(1);
  await runDaily(t.deps);
  expect(await goStatusText(t, detail.caseNo)).toBe('Betalingsoppfordring sendt');
});

it('paid in full within the inkassovarsel deadline: notice fee and interest only, no salær, no later stage', async () => {
  t = await makeTestBackend();
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const [status] = await lookupInvoiceStatus(t.deps, t.conectoId, [24]);
  const caseId = status!.case!.id;
  t.clock.set('2026-12-05T09:00:00Z');
  const owed = (await getCase(t.deps, caseId))!.balanceOre;
  const interest = Math.round((4_500_000 * 0.12 * 27) / 365); // 2026-11-08 … 2026-12-05 at the provisional 12 %
  expect(owed).toBe(4_500_000 + 3_750 + interest);
  const paid = await registerAgencyPayment(t.deps, caseId, { amountOre: owed, paidAt: '2026-12-05', reference: 'KID-early' });
  expect(paid.payment).toMatchObject({ costsOre: 3_750, interestOre: interest, principalOre: 4_500_000 });
  t.clock.set('2026-12-20T09:00:00Z');
  await t.control('/clock', { today: '2026-12-20' });
  await runDaily(t.deps);
  const detail = (await getCase(t.deps, caseId))!;
  expect(detail).toMatchObject({ stage: 'paid', balanceOre: 0, costsOre: 0 });
  expect(detail.timeline.map((e) => e.kind)).not.toContain('demand_sent');
  expect(await goStatusText(t, detail.caseNo)).toBe('Betalt');
});
