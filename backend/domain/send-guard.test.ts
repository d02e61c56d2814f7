// The send guard with hand-worked cases from the demo data, and a property over random ledgers:
// the claim is never more than Go's open balance of the invoice.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { guardSend, type GuardCustomer, type GuardInput, type LedgerItem } from '@backend/domain/send-guard';

/** Amounts are written with no-break spaces ("240 000,00 kr" does not wrap). */
const nbsp = (s: string) => s.replace(/(\d) (\d)/g, '$1\u00a0$2').replace(/ kr\b/g, '\u00a0kr');
const business: GuardCustomer = { isPerson: false, organizationNumber: '917757046', nationalIdNumber: null, hasPostalAddress: true, transferToDebtCollectionAgency: true };
const invoice14: LedgerItem = { kind: 'invoice', invoiceNo: 14, balanceOre: 38_000_000, date: '2026-09-15' };

function input(overrides: Partial<GuardInput> = {}): GuardInput {
  return { invoice: { invoiceNo: 14, amountOre: 38_000_000 }, customer: business, openItems: [invoice14], disputed: false, ...overrides };
}

describe('send guard', () => {
  it('passes a clean, fully open invoice for its whole amount', () => {
    expect(guardSend(input())).toEqual({ ok: true, claimOre: 38_000_000, findings: [] });
  });

  it('refuses BreidaBlikk\'s Faktura 14 with the unmatched payment of 240 000,00 named', () => {
    const payment: LedgerItem = { kind: 'payment', invoiceNo: null, balanceOre: -24_000_000, date: '2026-10-12' };
    const r = guardSend(input({ openItems: [invoice14, payment] }));
    expect(r.ok).toBe(false);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ code: 'unmatched_payment', blocking: true, amountOre: 24_000_000, date: '2026-10-12' });
    expect(r.findings[0]!.message.nb).toBe(nbsp('Kunden har en umatchet innbetaling på 240 000,00 kr fra 12.10.2026 — avstem den i Go først.'));
  });

  it('refuses an unmatched credit note', () => {
    const r = guardSend(input({ openItems: [invoice14, { kind: 'credit_note', invoiceNo: 15, balanceOre: -125_000, date: '2026-11-02' }] }));
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(['unmatched_credit_note']);
    expect(r.findings[0]!.message.nb).toContain(nbsp('1 250,00 kr fra 02.11.2026'));
  });

  it('claims only the open balance of a partly paid invoice, and says so without blocking', () => {
    const r = guardSend(input({ openItems: [{ ...invoice14, balanceOre: 14_000_000 }] }));
    expect(r).toMatchObject({ ok: true, claimOre: 14_000_000 });
    expect(r.findings).toEqual([expect.objectContaining({ code: 'partly_paid', blocking: false, amountOre: 14_000_000 })]);
  });

  it('refuses an invoice that is no longer open', () => {
    expect(guardSend(input({ openItems: [] }))).toMatchObject({ ok: false, claimOre: 0, findings: [expect.objectContaining({ code: 'not_open' })] });
  });

  it('flags the demo debtor\'s org number 374644730 (wrong check digit), an excluded customer, no address and a dispute', () => {
    const r = guardSend(input({ customer: { ...business, organizationNumber: '374644730', hasPostalAddress: false, transferToDebtCollectionAgency: false }, disputed: true }));
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.code).sort()).toEqual(['disputed', 'excluded', 'invalid_org_no', 'no_address']);
    expect(r.findings.find((f) => f.code === 'invalid_org_no')!.message.nb).toContain('374644730');
  });

  it('checks a person\'s national id, and ignores Go\'s "hidden"', () => {
    const person = { ...business, isPerson: true, organizationNumber: null };
    expect(guardSend(input({ customer: { ...person, nationalIdNumber: '15076500565' } })).ok).toBe(true);
    expect(guardSend(input({ customer: { ...person, nationalIdNumber: '15076500566' } })).findings.map((f) => f.code)).toEqual(['invalid_national_id']);
    expect(guardSend(input({ customer: { ...person, nationalIdNumber: 'hidden' } })).ok).toBe(true);
  });

  it('never claims more than Go\'s open balance of the invoice (random ledgers)', () => {
    const item = fc.record({
      kind: fc.constantFrom<LedgerItem['kind']>('invoice', 'credit_note', 'payment', 'other'),
      invoiceNo: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      balanceOre: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
      date: fc.constant('2026-10-01'),
    });
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1_000_000_000 }), fc.array(item, { maxLength: 12 }), (invoiceNo, amountOre, openItems) => {
      const r = guardSend({ invoice: { invoiceNo, amountOre }, customer: business, openItems, disputed: false });
      const open = openItems.filter((i) => i.kind === 'invoice' && i.invoiceNo === invoiceNo).reduce((s, i) => s + i.balanceOre, 0);
      expect(r.claimOre).toBeGreaterThanOrEqual(0);
      expect(r.claimOre).toBeLessThanOrEqual(Math.max(0, open));
      expect(r.claimOre).toBeLessThanOrEqual(amountOre);
      if (r.ok) expect(r.claimOre).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });
});
