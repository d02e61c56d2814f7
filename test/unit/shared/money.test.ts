import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addOre,
  assertOre,
  bigToOre,
  decimalToFraction,
  divRoundHalfAway,
  formatKroner,
  formatOre,
  formatOrePlain,
  isOre,
  kronerToOre,
  MoneyParseError,
  oreToKroner,
  parseOre,
  parseOreOrThrow,
  roundOre,
  splitByRatios,
  sumOre,
  vatOf,
} from '@shared/money';

describe('parseOre', () => {
  it.each([
    ['1 250,50', 125050],
    ['1250.50', 125050],
    ['1250,5', 125050],
    ['1\u00a0250,50', 125050],
    ['1\u202f250,50', 125050],
    ['1 250 000', 125_000_000],
    ['-240 000,00', -24_000_000],
    ['- 240 000,00', -24_000_000],
    ['\u22121\u00a0250,50', -125050],
    ['kr 99', 9900],
    ['kr. 1 250,50', 125050],
    ['NOK 99', 9900],
    ['-kr 99', -9900],
    ['kr -99', -9900],
    ['\u2212NOK 1 250,50', -125050],
    ['99 kr', 9900],
    ['99,-', 9900],
    ['  12,30  ', 1230],
    ['0,01', 1],
    ['-0', 0],
    ['90 071 992 547 409,91', Number.MAX_SAFE_INTEGER],
  ])('%s → %i øre', (text, ore) => {
    expect(parseOre(text)).toEqual({ ok: true, value: ore });
  });
  it.each(['12,345', 'abc', '1 2 5 0', '12 34', '1kr2', '1.250,50', '1,250.50', '--5', '+5', '5-', '1e5', '0x10', '12,', ',5', '-kr -5', 'NOK kr 5', 'krone 5'])(
    'refuses %j as a format error',
    (text) => {
      expect(parseOre(text)).toMatchObject({ ok: false, reason: 'format' });
    },
  );
  it('refuses empty and too large amounts with their own reasons', () => {
    expect(parseOre('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseOre(' kr ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseOre('90 071 992 547 409,92')).toMatchObject({ ok: false, reason: 'range' });
    expect(parseOre('99999999999999999999')).toMatchObject({ ok: false, reason: 'range' });
  });
  it('throws a typed error on request', () => {
    expect(parseOreOrThrow('1 250,50')).toBe(125050);
    try {
      parseOreOrThrow('tolv kroner');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MoneyParseError);
      expect((error as MoneyParseError).reason).toBe('format');
      expect((error as MoneyParseError).message).toMatch(/^Ugyldig beløp/);
    }
  });
});

describe('formatOre', () => {
  it('formats nb-NO with a no-break space and comma decimals', () => {
    expect(formatOre(125050)).toBe('1\u00a0250,50');
    expect(formatOre(-24_000_000)).toBe('-240\u00a0000,00');
    expect(formatOre(5)).toBe('0,05');
    expect(formatOre(-5)).toBe('-0,05');
    expect(formatOre(0)).toBe('0,00');
    expect(formatOre(Number.MAX_SAFE_INTEGER)).toBe('90\u00a0071\u00a0992\u00a0547\u00a0409,91');
  });
  it('has a plain-space variant and a kroner variant', () => {
    expect(formatOrePlain(125050)).toBe('1 250,50');
    expect(formatKroner(125050)).toBe('1\u00a0250,50\u00a0kr');
  });
  it('agrees with Intl nb-NO digits (modulo the kind of space)', () => {
    const intl = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (ore) => {
        expect(formatOrePlain(ore)).toBe(intl.format(ore / 100).replace(/[\u00a0\u202f]/g, ' '));
      }),
    );
  });
  it('reads back what Intl nb-NO writes, negatives included', () => {
    const intl = new Intl.NumberFormat('nb-NO', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => {
        expect(parseOre(intl.format(ore / 100))).toEqual({ ok: true, value: ore });
      }),
    );
  });
  it('round-trips with parseOre', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (ore) => {
        expect(parseOre(formatOre(ore))).toEqual({ ok: true, value: ore });
        expect(parseOre(formatOrePlain(ore))).toEqual({ ok: true, value: ore });
      }),
    );
  });
  it('refuses fractions of an øre', () => {
    expect(() => formatOre(1.5)).toThrow(RangeError);
    expect(() => assertOre(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
    expect(isOre(12)).toBe(true);
    expect(isOre(1.2)).toBe(false);
    expect(isOre('12')).toBe(false);
  });
});

describe('sums', () => {
  it('adds, and refuses to overflow', () => {
    expect(addOre(1, 2, 3)).toBe(6);
    expect(sumOre([])).toBe(0);
    expect(sumOre([5, -5])).toBe(0);
    expect(() => sumOre([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => addOre(1, 0.5)).toThrow(RangeError);
  });
});

describe('splitByRatios', () => {
  it('splits without losing an øre, ties to the earlier part', () => {
    expect(splitByRatios(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByRatios(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(splitByRatios(1, [1, 1])).toEqual([1, 0]);
    expect(splitByRatios(-1, [1, 1])).toEqual([-1, 0]);
    expect(splitByRatios(1000, [0, 1])).toEqual([0, 1000]);
    expect(splitByRatios(0, [3, 4])).toEqual([0, 0]);
  });
  it('gives the remainder to the largest fractional part, not the first', () => {
    // exact shares 3.3, 3.3, 3.4 of 10 with weights 33/33/34
    expect(splitByRatios(10, [33, 33, 34])).toEqual([3, 3, 4]);
    expect(splitByRatios(100, [0.1, 0.2, 0.7])).toEqual([10, 20, 70]);
    expect(splitByRatios(10, [0.1, 0.2, 0.7])).toEqual([1, 2, 7]);
  });
  it('is exact for large totals and weights where floats would drift', () => {
    const total = Number.MAX_SAFE_INTEGER;
    const parts = splitByRatios(total, [Number.MAX_SAFE_INTEGER, 1, 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(parts).toEqual([total - 2, 1, 1]);
  });
  it('always sums to the total, and each part is within one øre of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)),
        (total, ratios) => {
          const parts = splitByRatios(total, ratios);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const weight = BigInt(ratios.reduce((a, b) => a + b, 0));
          parts.forEach((p, i) => {
            expect(Number.isSafeInteger(p)).toBe(true);
            if (ratios[i] === 0) expect(p).toBe(0);
            // |p·W − total·w| < W  ⇔  p is floor or ceil of the exact share
            const diff = BigInt(p) * weight - BigInt(total) * BigInt(ratios[i]!);
            expect(diff < weight && diff > -weight).toBe(true);
          });
          expect(splitByRatios(total, ratios)).toEqual(parts); // deterministic
          expect(splitByRatios(-total, ratios)).toEqual(parts.map((p) => (p === 0 ? 0 : -p))); // symmetric
        },
      ),
    );
  });
  it('refuses impossible ratios', () => {
    expect(() => splitByRatios(10, [])).toThrow(RangeError);
    expect(() => splitByRatios(10, [0, 0])).toThrow(RangeError);
    expect(() => splitByRatios(10, [-1, 2])).toThrow(RangeError);
    expect(() => splitByRatios(10, [Number.NaN, 2])).toThrow(RangeError);
    expect(() => splitByRatios(10, [Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => splitByRatios(1.5, [1])).toThrow(RangeError);
  });
});

describe('VAT', () => {
  it('takes 25 % rounded half away from zero', () => {
    expect(vatOf(10_000)).toBe(2500);
    expect(vatOf(2)).toBe(1); // 0.5 → 1
    expect(vatOf(1)).toBe(0); // 0.25 → 0
    expect(vatOf(-2)).toBe(-1);
    expect(vatOf(-1)).toBe(0);
    expect(vatOf(1000, 1500)).toBe(150);
    expect(vatOf(1000, 0)).toBe(0);
  });
  it('is exact beyond where amount × rate leaves the safe integers', () => {
    // 9 007 199 254 740 990 × 0.25 = 2 251 799 813 685 247.5 → …248
    expect(vatOf(9_007_199_254_740_990)).toBe(2_251_799_813_685_248);
  });
  it('agrees with an independent rational oracle', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const exact = (amount * bp) / 10_000; // amount·bp < 2^53 here, so this is the true quotient rounded once
        const abs = Math.abs(amount * bp);
        const floor = Math.floor(abs / 10_000);
        const expected = (abs % 10_000) * 2 >= 10_000 ? floor + 1 : floor;
        expect(vatOf(amount, bp)).toBe(expected === 0 ? 0 : Math.sign(exact) * expected);
      }),
    );
  });
  it('refuses a rate that is not whole basis points', () => {
    expect(() => vatOf(100, 25.5)).toThrow(RangeError);
    expect(() => vatOf(100, -1)).toThrow(RangeError);
  });
});

describe('kroner ↔ øre', () => {
  it('converts exactly, without float drift', () => {
    expect(oreToKroner(125050)).toBe(1250.5);
    expect(oreToKroner(-5)).toBe(-0.05);
    expect(Object.is(oreToKroner(0), 0)).toBe(true);
    expect(kronerToOre(1250.5)).toBe(125050);
    expect(kronerToOre(0.29)).toBe(29); // 0.29 × 100 = 28.999999999999996 in floats
    expect(kronerToOre(1.15)).toBe(115);
    expect(kronerToOre(-0.1 - 0.2)).toBe(-30);
    expect(kronerToOre(1.005)).toBe(101); // decimal half away from zero, not the double's 1.00499…
    expect(kronerToOre(1e-7)).toBe(0);
    expect(kronerToOre(5e20 / 1e10)).toBe(5_000_000_000_000);
    expect(Object.is(kronerToOre(-0), 0)).toBe(true);
  });
  it('refuses what is not an amount', () => {
    expect(() => kronerToOre(Number.NaN)).toThrow(MoneyParseError);
    expect(() => kronerToOre(Number.POSITIVE_INFINITY)).toThrow(MoneyParseError);
    expect(() => kronerToOre(1e21)).toThrow(MoneyParseError);
    expect(() => oreToKroner(0.5)).toThrow(RangeError);
  });
  it('round-trips every safe øre amount up to 10^15', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (ore) => {
        expect(kronerToOre(oreToKroner(ore))).toBe(ore);
        expect(oreToKroner(ore)).toBe(ore / 100);
      }),
    );
  });
});

describe('exact helpers', () => {
  it('reads decimals as exact fractions', () => {
    expect(decimalToFraction(0.1)).toEqual({ n: 1n, d: 10n });
    expect(decimalToFraction(-12.25)).toEqual({ n: -1225n, d: 100n });
    expect(decimalToFraction(1e21)).toEqual({ n: 10n ** 21n, d: 1n });
    expect(decimalToFraction(1.5e-7)).toEqual({ n: 15n, d: 10n ** 8n });
    expect(() => decimalToFraction(Number.NaN)).toThrow(RangeError);
  });
  it('divides with half-away-from-zero rounding', () => {
    expect(divRoundHalfAway(5n, 2n)).toBe(3n);
    expect(divRoundHalfAway(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfAway(5n, -2n)).toBe(-3n);
    expect(divRoundHalfAway(-4n, -3n)).toBe(1n);
    expect(() => divRoundHalfAway(1n, 0n)).toThrow(RangeError);
  });
  it('rounds and bounds øre', () => {
    expect(roundOre(2.5)).toBe(3);
    expect(roundOre(-2.5)).toBe(-3);
    expect(Object.is(roundOre(-0.4), 0)).toBe(true);
    expect(() => roundOre(Number.NaN)).toThrow(RangeError);
    expect(bigToOre(-0n)).toBe(0);
    expect(() => bigToOre(2n ** 53n)).toThrow(RangeError);
    expect(() => bigToOre(-(2n ** 53n))).toThrow(RangeError);
  });
});
