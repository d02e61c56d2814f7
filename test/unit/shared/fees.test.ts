import { describe, expect, it } from 'vitest';
import { firstFeeBearingNoticeDate, mayChargeNoticeFee, MissingSatsError, noticeFee, salaer, salaerTable, satsOn } from '@shared/fees';
import { inkassosats, noticeFeeRows, salaerBrackets } from '@shared/rates';

describe('inkassosats and notice fees', () => {
  it('is 700 kr from 2017 through 2025 and 750 kr from 2026, each row with a source', () => {
    expect(satsOn('2017-01-01')).toBe(70_000);
    expect(satsOn('2025-12-31')).toBe(70_000);
    expect(satsOn('2026-01-01')).toBe(75_000);
    expect(satsOn('2040-06-01')).toBe(75_000);
    expect(() => satsOn('2016-12-31')).toThrow(MissingSatsError);
    expect(() => satsOn('2016-12-31')).toThrow(/2016-12-31/);
    expect(inkassosats.find((r) => r.ore === 75_000)?.source).toMatch(/kred\.no/);
    for (const row of [...inkassosats, ...noticeFeeRows, ...salaerBrackets]) expect(row.source.length).toBeGreaterThan(10);
  });
  it('is 1/20 of the sats for claims due from 2020-10-01, 1/10 before, at the sats of the sending date', () => {
    expect(noticeFee({ dueDate: '2020-10-01', date: '2021-01-01' })).toBe(3_500);
    expect(noticeFee({ dueDate: '2020-09-30', date: '2021-01-01' })).toBe(7_000);
    expect(noticeFee({ dueDate: '2025-12-01', date: '2025-12-31' })).toBe(3_500);
    expect(noticeFee({ dueDate: '2025-12-01', date: '2026-01-01' })).toBe(3_750);
    expect(() => noticeFee({ dueDate: '2016-01-01', date: '2016-02-01' })).toThrow(MissingSatsError);
  });
  it('may carry a fee only from 14 days after due', () => {
    expect(firstFeeBearingNoticeDate('2025-12-20')).toBe('2026-01-03');
    expect(mayChargeNoticeFee({ dueDate: '2025-12-20', date: '2026-01-02' })).toBe(false);
    expect(mayChargeNoticeFee({ dueDate: '2025-12-20', date: '2026-01-03' })).toBe(true);
  });
});

describe('salær', () => {
  const base = { date: '2025-06-01', debtor: 'consumer' as const, vatDeductible: true, heavy: false };
  // DOMAIN.md, 700-kr table, consumer debtor, creditor with VAT deduction: lett / tungt in kroner
  const domainTable: [number | null, number, number][] = [
    [500, 175, 350],
    [1_000, 245, 490],
    [2_500, 280, 560],
    [10_000, 560, 1_120],
    [50_000, 1_120, 2_240],
    [250_000, 2_520, 5_040],
    [null, 5_040, 10_080],
  ];
  it('matches the 700-kr table in DOMAIN.md, at and just past each threshold', () => {
    domainTable.forEach(([upToKr, light, heavy], i) => {
      const claim = upToKr === null ? 25_000_001 : upToKr * 100;
      expect(salaer({ ...base, claimOre: claim })).toBe(light * 100);
      expect(salaer({ ...base, claimOre: claim, heavy: true })).toBe(heavy * 100);
      if (upToKr !== null) expect(salaer({ ...base, claimOre: claim + 1 })).toBe(domainTable[i + 1]![1] * 100);
    });
    expect(salaer({ ...base, claimOre: 0 })).toBe(17_500);
    expect(salaerTable(base)).toEqual(domainTable.map(([upToKr, light, heavy]) => ({ upToOre: upToKr === null ? null : upToKr * 100, lightOre: light * 100, heavyOre: heavy * 100 })));
  });
  it('is × 1.5 for a business debtor and × 1.25 without VAT deduction, rounded once', () => {
    expect(salaer({ ...base, claimOre: 100_000, debtor: 'business' })).toBe(36_750);
    expect(salaer({ ...base, claimOre: 100_000, vatDeductible: false })).toBe(30_625);
    // 245 × 1.5 × 1.25 = 459,375 kr, rounded half up once at the end → 459,38
    expect(salaer({ ...base, claimOre: 100_000, vatDeductible: false, debtor: 'business' })).toBe(45_938);
    expect(salaer({ ...base, claimOre: 100_000, vatDeductible: false, debtor: 'business', heavy: true })).toBe(91_875);
    const business = salaerTable({ ...base, debtor: 'business' });
    expect(business.map((r) => r.lightOre)).toEqual(domainTable.map(([, light]) => light * 150));
  });
  it('follows the sats in force on the date', () => {
    expect(salaer({ ...base, claimOre: 50_000, date: '2026-03-01' })).toBe(18_750);
    expect(salaer({ ...base, claimOre: 30_000_000, date: '2026-03-01', heavy: true })).toBe(1_080_000);
  });
  it('refuses a negative or fractional claim', () => {
    expect(() => salaer({ ...base, claimOre: -1 })).toThrow(RangeError);
    expect(() => salaer({ ...base, claimOre: 0.5 })).toThrow(RangeError);
  });
});
