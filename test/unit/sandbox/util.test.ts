// The sandbox's own helpers: it may not reuse shared/, so its MOD11, KID, dates and amounts are
// checked here against the literal figures of DOMAIN.md and the user guide.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, displayAmount, displayDate, isDate, kidFor, seededRandom, toKroner, toOre, validOrgNo } from '../../../sandbox/util';

/** Luhn written independently of the sandbox: double every second digit from the right, check digit included. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

describe('sandbox util', () => {
  it('org numbers: MOD11 with weights 3,2,7,6,5,4,3,2 (DOMAIN.md examples)', () => {
    expect(validOrgNo('917757046')).toBe(true);
    expect(validOrgNo('918649999')).toBe(true);
    expect(validOrgNo('374644730')).toBe(false);
    expect(validOrgNo('91775704')).toBe(false);
    expect(validOrgNo('91775704x')).toBe(false);
    expect(validOrgNo('917757047')).toBe(false);
  });

  it('KIDs are valid MOD10 (Luhn) and change with the invoice number', () => {
    expect(kidFor('10018', 19)).toBe('01001800000199');
    expect(luhnValid(kidFor('10018', 19))).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 9_999_999 }), (code, no) => {
        const kid = kidFor(String(code), no);
        expect(kid).toMatch(/^\d{14}$/);
        expect(luhnValid(kid)).toBe(true);
        expect(kidFor(String(code), no + 1)).not.toBe(kid);
      }),
    );
  });

  it('shows amounts and dates as Go does', () => {
    expect(displayAmount(18_000_000)).toBe('180\u00a0000,00');
    expect(displayAmount(-24_000_000)).toBe('-240\u00a0000,00');
    expect(displayAmount(875_050)).toBe('8\u00a0750,50');
    expect(displayAmount(5)).toBe('0,05');
    expect(displayAmount(0)).toBe('0,00');
    expect(displayDate('2019-07-15')).toBe('15.07.2019');
  });

  it('moves dates by calendar days across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', -29)).toBe('2026-02-28');
    expect(isDate('2026-11-28')).toBe(true);
    expect(isDate('28.11.2026')).toBe(false);
    expect(isDate('2026-13-01')).toBe(false);
  });

  it('converts kroner and øre without float drift', () => {
    expect(toOre(8750.5)).toBe(875_050);
    expect(toOre(0.1 + 0.2)).toBe(30);
    expect(toKroner(875_050)).toBe(8750.5);
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => {
      expect(toOre(toKroner(ore))).toBe(ore);
    }));
  });

  it('the seeded PRNG repeats for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
