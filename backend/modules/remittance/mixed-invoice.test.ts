// A run that mixes money the agency collected with commission owed on a direct payment, where the
// commission outweighs the payout: the remittance becomes an invoice from the agency (Cr 2400),
// while the collected principal is still credited to the customer ledger and matched in Go.
// Figures worked out by hand (see remittance.test.ts for the rates): case of invoice 21 owes
// 240 000 kr principal, 1 183,56 kr interest (15 days at 12 %) and the 37,50 kr notice fee.
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { creditors } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('remittance that goes negative with collected principal in it', () => {
  it('credits the ledger (matched), the interest, and invoices the remainder instead of paying out', async () => {
    t = await makeTestBackend();
    const tb = t;
    // The figures assume the demo creditor's terms: VAT deduction right, 10 %, minimum 50 kr.
    expect(await tb.db.$count(creditors, and(eq(creditors.id, tb.conectoId), eq(creditors.vatDeductible, true), eq(creditors.commissionBp, 1000), eq(creditors.commissionMinOre, 5000)))).toBe(1);
    const token = await tb.login();
    const ops = await tb.loginOps();
    expect((await tb.request('POST', `/api/v1/creditors/${tb.conectoId}/sync`, { token })).status).toBe(200);
    const cases = (await tb.request('GET', `/api/v1/creditors/${tb.conectoId}/cases`, { token })).body.items as { id: string; invoiceNos: number[] }[];
    const caseOf = (no: number) => cases.find((c) => c.invoiceNos.includes(no))!.id;
    const store = tb.sandbox.store;
    const client = store.clients.find((c) => c.name === 'Conecto AS')!;
    const invoice = (no: number) => client.invoices.find((i) => i.invoiceNo === no)!;
    const before21 = store.balance(client, invoice(21));

    // Agency payment: notice fee 3 750, interest 118 356, principal 2 000.
    const paid = await tb.request('POST', `/api/v1/cases/${caseOf(21)}/payments`, { token: ops, body: { amountOre: 124_106, paidAt: '2026-11-28', reference: 'OCR-21-small' } });
    expect(paid.status).toBe(201);
    // Direct payment of 10 000 kr to the creditor on the case of invoice 24 (already with the agency).
    await tb.control('/payments', { clientId: client.id, invoiceId: invoice(24).id, amount: 10_000 });
    expect((await tb.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} })).status).toBe(200);

    const items = (await tb.request('GET', `/api/v1/creditors/${tb.conectoId}/remittances`, { token })).body.items as { id: string; status: string; payoutOre: number }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'invoiced', payoutOre: 0 });
    const d = (await tb.request('GET', `/api/v1/remittances/${items[0]!.id}`, { token })).body as {
      agencyInvoiceOre: number;
      lines: { accountNo: string; debitOre: number; creditOre: number; invoiceNo?: number }[];
    };
    // Commission: 5 000 (minimum, on 2 000 principal) + 100 000 (10 % of the direct payment);
    // VAT 25 % of 105 000 = 26 250. Payout 2 000 + 118 356 − 105 000 − 26 250 = −10 894 → invoice.
    expect(d.lines.map((l) => [l.accountNo, l.debitOre, l.creditOre, l.invoiceNo ?? null])).toEqual([
      ['1920', 0, 0, null],
      ['6790', 105_000, 0, null],
      ['2710', 26_250, 0, null],
      ['1500', 0, 2_000, 21],
      ['8055', 0, 118_356, null],
      ['2400', 0, 10_894, null],
    ]);
    expect(d.agencyInvoiceOre).toBe(10_894);

    // Go holds the voucher without the zero bank line, balanced, and invoice 21 fell by the principal.
    const [voucher] = client.vouchers.filter((v) => v.externalImportReference === `modhi-rem-${items[0]!.id}`);
    expect(voucher!.lines.map((l) => [l.accountNo, l.amountOre])).toEqual([[6790, 105_000], [2710, 26_250], [1500, -2_000], [8055, -118_356], [2400, -10_894]]);
    expect(voucher!.lines[2]!.matchedInvoiceId).toBe(invoice(21).id);
    expect(store.balance(client, invoice(21))).toBe(before21 - 2_000);

    // A second run finds nothing left to remit or charge: no new remittance, no second voucher.
    expect((await tb.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} })).status).toBe(200);
    expect((await tb.request('GET', `/api/v1/creditors/${tb.conectoId}/remittances`, { token })).body.items).toHaveLength(1);
    expect(client.vouchers.filter((v) => v.externalImportReference?.startsWith('modhi-rem-'))).toHaveLength(1);
  });
});
