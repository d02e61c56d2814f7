import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interest, MissingRateError, rateFor } from '@shared/interest';
import { lateInterestRates } from '@shared/rates';

describe('forsinkelsesrente', () => {
  it('spans a rate change: 10 000 kr due 2023-06-15 paid 2023-07-15 = 92,47 kr', () => {
    const r = interest({ principalOre: 1_000_000, dueDate: '2023-06-15', paidDate: '2023-07-15' });
    expect(r.interestOre).toBe(9247);
    expect(r.days).toBe(30);
    expect(r.periods.map((p) => [p.half, p.days, p.ratePct])).toEqual([
      ['2023H1', 15, 10.75],
      ['2023H2', 15, 11.75],
    ]);
    expect(r.provisional).toBe(false);
  });
  it('is zero when paid on or before the due date', () => {
    expect(interest({ principalOre: 1_000_000, dueDate: '2024-01-10', paidDate: '2024-01-10' }).interestOre).toBe(0);
    expect(interest({ principalOre: 1_000_000, dueDate: '2024-01-10', paidDate: '2024-01-01' }).days).toBe(0);
  });
  it('counts a leap day as a day at /365', () => {
    // 2024-02-28 → 2024-03-01: 29 Feb and 1 Mar = 2 days at 12.5 %
    const r = interest({ principalOre: 36_500_000, dueDate: '2024-02-28', paidDate: '2024-03-01' });
    expect(r.days).toBe(2);
    expect(r.interestOre).toBe(25_000); // 365 000 kr × 12.5 % × 2/365 = 250 kr
  });
  it('spans several half-years', () => {
    const r = interest({ principalOre: 100_000_00, dueDate: '2022-12-31', paidDate: '2024-01-01' });
    expect(r.periods.map((p) => p.half)).toEqual(['2023H1', '2023H2', '2024H1']);
    expect(r.days).toBe(366);
  });
  it('marks the provisional 2026H2 rate and lets operations replace it', () => {
    const prov = interest({ principalOre: 1_000_000, dueDate: '2026-06-30', paidDate: '2026-07-31' });
    expect(prov.provisional).toBe(true);
    const official = interest({ principalOre: 1_000_000, dueDate: '2026-06-30', paidDate: '2026-07-31', overrides: { '2026H2': 14 } });
    expect(official.provisional).toBe(false);
    expect(official.interestOre).toBe(Math.round((1_000_000 * 0.14 * 31) / 365));
    expect(rateFor('2026H2').provisional).toBe(true);
  });
  it('names the missing half-year, never guesses', () => {
    expect(() => interest({ principalOre: 1_000_000, dueDate: '2026-12-01', paidDate: '2027-01-15' })).toThrow(/2027H1/);
    expect(() => rateFor('2019H2')).toThrow(MissingRateError);
  });
  it('every row has a source', () => {
    for (const row of lateInterestRates) expect(row.source.length).toBeGreaterThan(10);
  });
  it('is additive over split periods within 1 øre', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 900 }), (principal, a, b) => {
      const due = '2021-01-01';
      const mid = new Date(Date.parse('2021-01-01') + a * 86400000).toISOString().slice(0, 10);
      const end = new Date(Date.parse(mid) + b * 86400000).toISOString().slice(0, 10);
      const whole = interest({ principalOre: principal, dueDate: due, paidDate: end }).interestOre;
      const parts = interest({ principalOre: principal, dueDate: due, paidDate: mid }).interestOre + interest({ principalOre: principal, dueDate: mid, paidDate: end }).interestOre;
      expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1);
    }));
  });
  it('refuses a non-integer principal', () => {
    expect(() => interest({ principalOre: 1.5, dueDate: '2023-01-01', paidDate: '2023-02-01' })).toThrow(RangeError);
  });
});
