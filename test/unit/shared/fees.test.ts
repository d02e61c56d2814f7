import { describe, expect, it } from 'vitest';
import { MissingSatsError, noticeFee, salaer, satsOn } from '@shared/fees';
import { inkassosats } from '@shared/rates';

describe('inkassosats and notice fees', () => {
  it('is 700 kr through 2025 and 750 kr from 2026', () => {
    expect(satsOn('2025-12-31')).toBe(70_000);
    expect(satsOn('2026-01-01')).toBe(75_000);
    expect(() => satsOn('2016-12-31')).toThrow(MissingSatsError);
    for (const row of inkassosats) expect(row.source).toBeTruthy();
  });
  it('is 1/20 of the sats for claims due from 2020-10-01, 1/10 before', () => {
    expect(noticeFee({ dueDate: '2020-10-01', date: '2021-01-01' })).toBe(3_500);
    expect(noticeFee({ dueDate: '2020-09-30', date: '2021-01-01' })).toBe(7_000);
    expect(noticeFee({ dueDate: '2026-01-10', date: '2026-02-01' })).toBe(3_750);
  });
});

describe('salær', () => {
  const base = { date: '2025-06-01', debtor: 'consumer' as const, vatDeductible: true, heavy: false };
  it('matches the 700-kr table in DOMAIN.md (lett/tungt, consumer, VAT deduction)', () => {
    const table: [number, number, number][] = [
      [50_000, 17_500, 35_000],
      [100_000, 24_500, 49_000],
      [250_000, 28_000, 56_000],
      [1_000_000, 56_000, 112_000],
      [5_000_000, 112_000, 224_000],
      [25_000_000, 252_000, 504_000],
      [25_000_001, 504_000, 1_008_000],
    ];
    for (const [claim, light, heavy] of table) {
      expect(salaer({ ...base, claimOre: claim })).toBe(light);
      expect(salaer({ ...base, claimOre: claim, heavy: true })).toBe(heavy);
    }
  });
  it('is × 1.5 for a business debtor and × 1.25 without VAT deduction', () => {
    expect(salaer({ ...base, claimOre: 100_000, debtor: 'business' })).toBe(36_750);
    expect(salaer({ ...base, claimOre: 100_000, vatDeductible: false })).toBe(30_625);
    expect(salaer({ ...base, claimOre: 100_000, vatDeductible: false, debtor: 'business' })).toBe(45_938);
  });
  it('follows the sats in force on the date', () => {
    expect(salaer({ ...base, claimOre: 50_000, date: '2026-03-01' })).toBe(18_750);
  });
});
