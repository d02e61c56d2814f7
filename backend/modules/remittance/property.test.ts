// Property, against the real sandbox: for any sequence of agency payments, credit notes and direct
// payments in Go, and remittance runs in between, every voucher sums to 0, the customer-ledger
// credits of our vouchers plus the creditor's own credit notes and payments equal the fall in the
// invoices' open balances in Go, and each case's balance equals Go's open balance of its invoices
// plus the interest and costs at the agency.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { caseInvoices, remittances } from '@backend/db/schema';
import { voucherSum } from '@backend/modules/remittance/settle';
import { makeTestBackend } from '../../../test/helpers/backend';

const action = fc.oneof(
  fc.record({ kind: fc.constantFrom('agency' as const, 'direct' as const, 'credit' as const), caseIndex: fc.integer({ min: 0, max: 1 }), pct: fc.integer({ min: 1, max: 100 }) }),
  fc.constant({ kind: 'run' as const, caseIndex: 0, pct: 0 }),
);

describe('remittance property', () => {
  it('vouchers balance, ledger credits equal the fall in Go balances, case balance = Go open + interest + costs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 7 }), async (actions) => {
        const t = await makeTestBackend();
        try {
          const token = await t.login();
          const ops = await t.loginOps();
          await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
          const client = t.sandbox.store.clients.find((c) => c.name === 'Conecto AS')!;
          const goBalance = (goInvoiceId: string) => t.sandbox.store.balance(client, client.invoices.find((i) => i.id === goInvoiceId)!);
          const list = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items as { id: string }[];
          const caseIds = list.map((c) => c.id).slice(0, 2);
          const invoices = await t.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, t.conectoId));
          const initial = new Map(invoices.map((i) => [i.goInvoiceId, goBalance(i.goInvoiceId)]));
          let creditorOwn = 0; // credit notes and direct payments booked in Go by the creditor
          let n = 0;
          for (const a of actions) {
            const caseId = caseIds[a.caseIndex % caseIds.length]!;
            if (a.kind === 'run') {
              await t.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} });
              continue;
            }
            const detail = (await t.request('GET', `/api/v1/cases/${caseId}`, { token })).body;
            if (a.kind === 'agency') {
              const amount = Math.floor((detail.balanceOre * a.pct) / 100);
              if (amount > 0) await t.request('POST', `/api/v1/cases/${caseId}/payments`, { token: ops, body: { amountOre: amount, paidAt: '2026-11-28', reference: `P${n++}` } });
              continue;
            }
            // What the creditor books in Go is bounded by what is still owed in both systems.
            const [inv] = (await t.db.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId))).filter((i) => i.openOre > 0);
            if (!inv) continue;
            const kroner = Math.floor((Math.min(inv.openOre, goBalance(inv.goInvoiceId)) * a.pct) / 100 / 100);
            if (kroner <= 0) continue;
            const r = await t.control(a.kind === 'direct' ? '/payments' : '/credit-notes', { clientId: client.id, invoiceId: inv.goInvoiceId, amount: kroner });
            expect(r.voucherId).toEqual(expect.any(String));
            creditorOwn += kroner * 100;
            // The daily sync finds it before the agency takes more money (as in production).
            await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
          }
          await t.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} });

          const rows = await t.db.select().from(remittances).where(eq(remittances.creditorId, t.conectoId));
          let ledgerCredits = 0;
          for (const r of rows) {
            expect(r.status === 'posted' || r.status === 'invoiced').toBe(true);
            expect(voucherSum(r.lines)).toBe(0);
            const [voucher] = client.vouchers.filter((v) => v.externalImportReference === r.externalImportReference);
            expect(voucher!.lines.reduce((s, l) => s + l.amountOre, 0)).toBe(0);
            ledgerCredits -= voucher!.lines.filter((l) => l.accountNo === 1500).reduce((s, l) => s + l.amountOre, 0);
          }
          const fall = [...initial].reduce((s, [id, before]) => s + before - goBalance(id), 0);
          expect(ledgerCredits + creditorOwn).toBe(fall);
          for (const caseId of caseIds) {
            const d = (await t.request('GET', `/api/v1/cases/${caseId}`, { token })).body;
            const own = (await t.db.select().from(caseInvoices).where(eq(caseInvoices.caseId, caseId)));
            const goOpen = own.reduce((s, i) => s + goBalance(i.goInvoiceId), 0);
            expect(d.balanceOre).toBe(d.stage === 'paid' ? 0 : goOpen + d.interestOre + d.costsOre);
            if (d.stage === 'paid') expect(goOpen).toBe(0);
          }
        } finally {
          await t.close();
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
  }, 120_000);
});
