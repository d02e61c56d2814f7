// The settlement arithmetic with literal expected lines (worked out by hand, not by the code under
// test), and a property: any mix of payments and direct payments gives a balanced voucher whose
// customer-ledger credits equal the principal collected.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commissionOf, settle, voucherSum, type SettlementItem, type SettlementTerms } from '@backend/modules/remittance/settle';

const accounts = { bank: '1920', customerLedger: '1500', interestIncome: '8055', commission: '6790', collectionFee: '7790', inputVat: '2710' };
const terms = (o: Partial<SettlementTerms> = {}): SettlementTerms => ({ vatDeductible: true, commissionBp: 1000, commissionMinOre: 5000, accounts, ...o });
const pay = (id: string, principal: number, interest = 0, costs = 0, invoiceNo = 19): SettlementItem => ({
  kind: 'agency_payment', paymentId: id, caseNo: 'S-1', paidAt: '2026-11-20', costsOre: costs, interestOre: interest,
  invoices: [{ invoiceNo, customerNo: '10018', matchingReference: `ref${invoiceNo}`, principalOre: principal }],
});
const brief = (lines: { accountNo: string; debitOre: number; creditOre: number; text: string }[]) => lines.map((l) => [l.accountNo, l.debitOre, l.creditOre, l.text]);

describe('commission', () => {
  it('is basis points of principal, half away from zero, at least the minimum, none without principal', () => {
    expect(commissionOf(1_000_000, 1000, 5000)).toBe(100_000);
    expect(commissionOf(1005, 1000, 0)).toBe(101);
    expect(commissionOf(1004, 1000, 0)).toBe(100);
    expect(commissionOf(2000, 1000, 5000)).toBe(5000);
    expect(commissionOf(0, 1000, 5000)).toBe(0);
  });
});

describe('settle', () => {
  it('creditor with VAT deduction right: Dr bank, commission, input VAT; Cr ledger, interest', () => {
    const s = settle([pay('p1', 1_000_000, 12_345, 70_000)], terms());
    expect(brief(s.lines)).toEqual([
      ['1920', 887_345, 0, 'Remittering fra inkassobyrå'],
      ['6790', 100_000, 0, 'Provisjon inkassobyrå'],
      ['2710', 25_000, 0, 'Inngående mva 25 % på inkassobyråets tjenester og salær'],
      ['1500', 0, 1_000_000, 'Innbetalt faktura 19'],
      ['8055', 0, 12_345, 'Forsinkelsesrente innkrevd'],
    ]);
    expect(s.lines[3]).toMatchObject({ customerNo: '10018', invoiceNo: 19, matchingReference: 'ref19' });
    expect(s.totals).toMatchObject({ payoutOre: 887_345, agencyInvoiceOre: 0, vatOre: 25_000, roundingOre: 0, costsOre: 70_000 });
  });

  it('creditor without deduction right: VAT is part of the commission cost, no 2710 line', () => {
    const s = settle([pay('p1', 1_000_000, 12_345, 70_000)], terms({ vatDeductible: false }));
    expect(brief(s.lines)).toEqual([
      ['1920', 887_345, 0, 'Remittering fra inkassobyrå'],
      ['6790', 125_000, 0, 'Provisjon inkassobyrå inkl. mva'],
      ['1500', 0, 1_000_000, 'Innbetalt faktura 19'],
      ['8055', 0, 12_345, 'Forsinkelsesrente innkrevd'],
    ]);
  });

  it('salær the debtor paid carries VAT billed to a creditor with deduction right; the notice fee does not', () => {
    const item = { ...pay('p1', 1_000_000, 12_345, 70_000), salaerCollectedOre: 52_500 } as SettlementItem;
    // VAT on 100 000 commission + 52 500 salær = 38 125; payout 1 012 345 − 100 000 − 38 125
    expect(brief(settle([item], terms()).lines)).toEqual([
      ['1920', 874_220, 0, 'Remittering fra inkassobyrå'],
      ['6790', 100_000, 0, 'Provisjon inkassobyrå'],
      ['2710', 38_125, 0, 'Inngående mva 25 % på inkassobyråets tjenester og salær'],
      ['1500', 0, 1_000_000, 'Innbetalt faktura 19'],
      ['8055', 0, 12_345, 'Forsinkelsesrente innkrevd'],
    ]);
    // Without deduction right the debtor paid the salær's VAT itself: only the commission's VAT.
    expect(brief(settle([item], terms({ vatDeductible: false })).lines).slice(0, 2)).toEqual([
      ['1920', 887_345, 0, 'Remittering fra inkassobyrå'],
      ['6790', 125_000, 0, 'Provisjon inkassobyrå inkl. mva'],
    ]);
  });

  it('VAT rounded once on the invoice total; the øre difference is a named line', () => {
    const s = settle([pay('p1', 1005, 0, 0, 19), pay('p2', 1005, 0, 0, 21)], terms({ commissionMinOre: 0 }));
    expect(brief(s.lines)).toEqual([
      ['1920', 1758, 0, 'Remittering fra inkassobyrå'],
      ['6790', 202, 0, 'Provisjon inkassobyrå'],
      ['2710', 51, 0, 'Inngående mva 25 % på inkassobyråets tjenester og salær'],
      ['6790', 0, 1, 'Øreavrunding'],
      ['1500', 0, 1005, 'Innbetalt faktura 19'],
      ['1500', 0, 1005, 'Innbetalt faktura 21'],
    ]);
  });

  it('charges above what was collected become an invoice from the agency, bank line 0', () => {
    const s = settle([pay('p1', 2000)], terms());
    expect(brief(s.lines)).toEqual([
      ['1920', 0, 0, 'Remittering fra inkassobyrå (ingen utbetaling)'],
      ['6790', 5000, 0, 'Provisjon inkassobyrå'],
      ['2710', 1250, 0, 'Inngående mva 25 % på inkassobyråets tjenester og salær'],
      ['1500', 0, 2000, 'Innbetalt faktura 19'],
      ['2400', 0, 4250, 'Faktura fra inkassobyrå (gebyrer over innkrevd beløp)'],
    ]);
    expect(s.totals).toMatchObject({ payoutOre: 0, agencyInvoiceOre: 4250 });
  });

  it('a direct payment is charged commission only; creditor-borne salær is Dr 7790', () => {
    const s = settle(
      [{ kind: 'direct_payment', eventId: 'e1', caseNo: 'S-2', paidAt: '2026-11-21', amountOre: 300_000 }, { ...pay('p1', 500_000), creditorSalaerOre: 17_500 } as SettlementItem],
      terms(),
    );
    // commission 30 000 + 50 000; VAT on 80 000 + 17 500 = 24 375; payout 500 000 − 80 000 − 17 500 − 24 375
    expect(brief(s.lines)).toEqual([
      ['1920', 378_125, 0, 'Remittering fra inkassobyrå'],
      ['6790', 80_000, 0, 'Provisjon inkassobyrå'],
      ['7790', 17_500, 0, 'Salær belastet kreditor'],
      ['2710', 24_375, 0, 'Inngående mva 25 % på inkassobyråets tjenester og salær'],
      ['1500', 0, 500_000, 'Innbetalt faktura 19'],
    ]);
  });

  it('property: every voucher balances, ledger credits equal principal, payout never negative', () => {
    const item = fc.oneof(
      fc.record({ p: fc.nat(5_000_000), i: fc.nat(200_000), c: fc.nat(300_000), inv: fc.integer({ min: 1, max: 4 }), s: fc.nat(20_000), share: fc.integer({ min: 0, max: 100 }) }).map(
        (r) => ({ ...pay(`p${r.inv}`, r.p, r.i, r.c, r.inv), creditorSalaerOre: r.s, salaerCollectedOre: Math.floor((r.c * r.share) / 100) }) as SettlementItem,
      ),
      fc.nat(5_000_000).map((a) => ({ kind: 'direct_payment', eventId: 'e', caseNo: 'S', paidAt: '2026-11-01', amountOre: a }) as SettlementItem),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), fc.boolean(), fc.nat(3000), fc.nat(20_000), (items, vatDeductible, bp, min) => {
        const s = settle(items, terms({ vatDeductible, commissionBp: bp, commissionMinOre: min }));
        expect(voucherSum(s.lines)).toBe(0);
        const principal = items.reduce((acc, i) => acc + (i.kind === 'agency_payment' ? i.invoices[0]!.principalOre : 0), 0);
        expect(s.lines.filter((l) => l.accountNo === '1500').reduce((acc, l) => acc + l.creditOre - l.debitOre, 0)).toBe(principal);
        expect(s.totals.payoutOre).toBeGreaterThanOrEqual(0);
        expect(s.totals.payoutOre === 0 || s.totals.agencyInvoiceOre === 0).toBe(true);
        for (const l of s.lines) expect(l.debitOre >= 0 && l.creditOre >= 0 && Number.isSafeInteger(l.debitOre - l.creditOre)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
