import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRateOverrides, interest, MissingRateError, rateFor } from '@shared/interest';
import { lateInterestRates } from '@shared/rates';

/** An independent oracle: walk day by day with Date.UTC and sum rate basis points exactly. */
function oracle(principalOre: number, dueDate: string, paidDate: string, rates: Record<string, number>): number {
  let dayBp = 0n;
  for (let t = Date.parse(dueDate) + 86_400_000; t <= Date.parse(paidDate); t += 86_400_000) {
    const d = new Date(t);
    const key = `${d.getUTCFullYear()}H${d.getUTCMonth() < 6 ? 1 : 2}`;
    dayBp += BigInt(Math.round(rates[key]! * 100));
  }
  const n = BigInt(principalOre) * dayBp;
  const den = 365n * 10_000n;
  const q = n / den + ((n % den) * 2n >= den ? 1n : 0n);
  return Number(q);
}
const table: Record<string, number> = Object.fromEntries(lateInterestRates.map((r) => [r.half, r.ratePct]));
// 2026H2 is not in the shipped table: it is provisional at the last known rate (2026H1).
table['2026H2'] = table['2026H1']!;
const day = (iso: string, plus: number) => new Date(Date.parse(iso) + plus * 86_400_000).toISOString().slice(0, 10);

describe('forsinkelsesrente', () => {
  it('spans a rate change: 10 000 kr due 2023-06-15 paid 2023-07-15 = 92,47 kr', () => {
    const r = interest({ principalOre: 1_000_000, dueDate: '2023-06-15', paidDate: '2023-07-15' });
    expect(r.interestOre).toBe(9247);
    expect(r.days).toBe(30);
    expect(r.periods).toEqual([
      { half: '2023H1', from: '2023-06-16', to: '2023-06-30', days: 15, ratePct: 10.75, provisional: false, interestOre: 4418 },
      { half: '2023H2', from: '2023-07-01', to: '2023-07-15', days: 15, ratePct: 11.75, provisional: false, interestOre: 4829 },
    ]);
    expect(r.provisional).toBe(false);
  });
  it('is zero when paid on or before the due date, or on a zero principal', () => {
    expect(interest({ principalOre: 1_000_000, dueDate: '2024-01-10', paidDate: '2024-01-10' }).interestOre).toBe(0);
    expect(interest({ principalOre: 1_000_000, dueDate: '2024-01-10', paidDate: '2024-01-01' })).toEqual({ interestOre: 0, days: 0, provisional: false, provisionalHalves: [], periods: [] });
    expect(interest({ principalOre: 0, dueDate: '2024-01-10', paidDate: '2030-01-01' }).interestOre).toBe(0);
  });
  it('counts from the day after due through the day of payment', () => {
    const r = interest({ principalOre: 36_500_000, dueDate: '2024-03-01', paidDate: '2024-03-02' });
    expect(r.days).toBe(1);
    expect(r.periods[0]).toMatchObject({ from: '2024-03-02', to: '2024-03-02' });
    expect(r.interestOre).toBe(12_500); // 365 000 kr × 12.5 % / 365
  });
  it('counts a leap day as a day at /365', () => {
    const r = interest({ principalOre: 36_500_000, dueDate: '2024-02-28', paidDate: '2024-03-01' });
    expect(r.days).toBe(2);
    expect(r.interestOre).toBe(25_000);
  });
  it('spans several half-years, and the period shares add up to the total', () => {
    const r = interest({ principalOre: 10_000_000, dueDate: '2022-12-31', paidDate: '2024-01-01' });
    expect(r.periods.map((p) => [p.half, p.days])).toEqual([
      ['2023H1', 181],
      ['2023H2', 184],
      ['2024H1', 1],
    ]);
    expect(r.days).toBe(366);
    expect(r.periods.reduce((a, p) => a + p.interestOre, 0)).toBe(r.interestOre);
  });
  it('rounds once, half up, and mirrors for a negative principal', () => {
    // 1 øre × 10.75 % × 1/365 is far below half an øre; 1 700 øre × 10.75 % × 1/365 = 0.5007 → 1
    expect(interest({ principalOre: 1, dueDate: '2023-01-01', paidDate: '2023-01-02' }).interestOre).toBe(0);
    expect(interest({ principalOre: 1_700, dueDate: '2023-01-01', paidDate: '2023-01-02' }).interestOre).toBe(1);
    expect(interest({ principalOre: -1_000_000, dueDate: '2023-06-15', paidDate: '2023-07-15' }).interestOre).toBe(-9247);
  });
  it('agrees with a day-by-day oracle over the whole table', () => {
    fc.assert(
      // Both dates inside the table (2020-01-01 … 2026-12-31, 2 557 days), due on or before paid.
      fc.property(fc.integer({ min: 0, max: 1e11 }), fc.integer({ min: 0, max: 2556 }), fc.integer({ min: 0, max: 2556 }), (principal, x, y) => {
        const [a, b] = [Math.min(x, y), Math.abs(x - y)];
        const due = day('2020-01-01', a);
        const paid = day(due, b);
        const r = interest({ principalOre: principal, dueDate: due, paidDate: paid });
        expect(r.interestOre).toBe(oracle(principal, due, paid, table));
        expect(r.days).toBe(principal === 0 ? 0 : b);
        expect(r.periods.reduce((s, p) => s + p.interestOre, 0)).toBe(r.interestOre);
      }),
    );
  });
  it('marks the provisional 2026H2 rate (the last known, 2026H1) and lets operations replace it', () => {
    const prov = interest({ principalOre: 1_000_000, dueDate: '2026-06-30', paidDate: '2026-07-31' });
    expect(prov.provisional).toBe(true);
    expect(prov.provisionalHalves).toEqual(['2026H2']);
    expect(prov.periods[0]).toMatchObject({ half: '2026H2', ratePct: 12, provisional: true });
    const official = interest({ principalOre: 1_000_000, dueDate: '2026-06-30', paidDate: '2026-07-31', overrides: { '2026H2': 14 } });
    expect(official.provisional).toBe(false);
    expect(official.provisionalHalves).toEqual([]);
    expect(official.interestOre).toBe(11_890); // 10 000 kr × 14 % × 31/365 = 118,904…
    expect(rateFor('2026H2')).toMatchObject({ ratePct: 12, provisional: true, basedOn: '2026H1' });
    expect(rateFor('2026H2').source).toMatch(/^PROVISIONAL: no official rate for 2026H2; the rate of 2026H1/);
    expect(rateFor('2026H2', { '2026H2': 12.25 })).toMatchObject({ ratePct: 12.25, provisional: false });
    expect(rateFor('2026H2', { '2026H2': 12.25 }).basedOn).toBeUndefined();
  });
  it('a year ahead: every half-year without a rate takes the last known one, provisional', () => {
    // 10 000 kr due 2026-12-31, paid 2027-01-31: 31 days × 12 % / 365 = 101,9178 kr → 101,92
    const r = interest({ principalOre: 1_000_000, dueDate: '2026-12-31', paidDate: '2027-01-31' });
    expect(r).toMatchObject({ interestOre: 10_192, provisional: true, provisionalHalves: ['2027H1'] });
    // The official 12,5 % entered: 10 000 × 12,5 % × 31/365 = 106,1644 kr → 106,16, no mark.
    const entered = interest({ principalOre: 1_000_000, dueDate: '2026-12-31', paidDate: '2027-01-31', overrides: { '2027H1': 12.5 } });
    expect(entered).toMatchObject({ interestOre: 10_616, provisional: false, provisionalHalves: [] });
    // Later half-years follow the latest entered rate, still provisional.
    expect(rateFor('2028H1', { '2027H1': 12.5 })).toMatchObject({ ratePct: 12.5, provisional: true, basedOn: '2027H1' });
    expect(rateFor('2028H1', { '2027H1': 12.5, '2029H1': 9 })).toMatchObject({ ratePct: 12.5, basedOn: '2027H1' });
    // 2026-06-30 … 2028-01-02 spans 2026H2, 2027H1, 2027H2, 2028H1: all but the entered one provisional.
    const long = interest({ principalOre: 1_000_000, dueDate: '2026-06-30', paidDate: '2028-01-02', overrides: { '2027H1': 12.5 } });
    expect(long.provisionalHalves).toEqual(['2026H2', '2027H2', '2028H1']);
    expect(long.periods.map((p) => p.ratePct)).toEqual([12, 12.5, 12.5, 12.5]);
  });
  it('uses an override rate exactly, even with more than two decimals', () => {
    // 365 000 kr × 12.125 % × 1/365 = 121,25 kr exactly
    const r = interest({ principalOre: 36_500_000, dueDate: '2026-07-01', paidDate: '2026-07-02', overrides: { '2026H2': 12.125 } });
    expect(r.interestOre).toBe(12_125);
  });
  it('extends the table with an override beyond the last row', () => {
    const r = interest({ principalOre: 36_500_000, dueDate: '2026-12-31', paidDate: '2027-01-01', overrides: { '2027H1': 13 } });
    expect(r.interestOre).toBe(13_000);
  });
  it('names a half-year before the table, the only one without any rate', () => {
    expect(interest({ principalOre: 1_000_000, dueDate: '2026-12-01', paidDate: '2027-01-15' }).provisional).toBe(true);
    try {
      interest({ principalOre: 1_000_000, dueDate: '2019-12-01', paidDate: '2020-01-15' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MissingRateError);
      expect((error as MissingRateError).half).toBe('2019H2');
      expect((error as Error).message).toMatch(/^Forsinkelsesrente mangler for 2019H2/);
    }
  });
  it('refuses a bad override or principal', () => {
    expect(() => rateFor('2026H2', { '2026H2': -1 })).toThrow(RangeError);
    expect(() => rateFor('2026H2', { '2026H2': Number.NaN })).toThrow(RangeError);
    expect(() => interest({ principalOre: 1.5, dueDate: '2023-01-01', paidDate: '2023-02-01' })).toThrow(RangeError);
    expect(checkRateOverrides({ '2026H2': 12.25 })).toEqual([]);
    expect(checkRateOverrides({ '2026H3': 12, '2027H1': 'x', '2027H2': 120 })).toEqual([
      expect.stringMatching(/^2026H3: nøkkelen/),
      expect.stringMatching(/^2027H1: renten/),
      expect.stringMatching(/^2027H2: renten/),
    ]);
  });
  it('ships every half-year 2020H1…2026H1 with a source, flags the uncertain ones', () => {
    const halves = lateInterestRates.map((r) => r.half);
    expect(halves[0]).toBe('2020H1');
    expect(halves.at(-1)).toBe('2026H1');
    expect(halves).toHaveLength(13);
    for (const row of lateInterestRates) expect(row.source.length).toBeGreaterThan(10);
    expect(lateInterestRates.find((r) => r.half === '2025H2')).toMatchObject({ ratePct: 12.25, unconfirmed: true });
    // Only published (or flagged derived) rates ship: a provisional rate is never a row.
    expect(lateInterestRates.filter((r) => r.provisional)).toHaveLength(0);
  });
});
