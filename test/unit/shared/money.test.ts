import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addOre, assertOre, formatOre, kronerToOre, oreToKroner, parseOre, roundOre, splitByRatios, sumOre, vatOf } from '@shared/money';

describe('parseOre', () => {
  it.each([
    ['1 250,50', 125050],
    ['1250.50', 125050],
    ['1\u00a0250,5', 125050],
    ['-240 000,00', -24_000_000],
    ['kr 99', 9900],
    ['0,01', 1],
    ['-0', 0],
  ])('%s → %i øre', (text, ore) => {
    expect(parseOre(text)).toEqual({ ok: true, value: ore });
  });
  it('names why it refuses', () => {
    expect(parseOre('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseOre('12,345')).toMatchObject({ ok: false, reason: 'format' });
    expect(parseOre('abc')).toMatchObject({ ok: false, reason: 'format' });
    expect(parseOre('99999999999999999999')).toMatchObject({ ok: false, reason: 'range' });
  });
});

describe('formatOre', () => {
  it('formats nb-NO with a no-break space and comma decimals', () => {
    expect(formatOre(125050)).toBe('1\u00a0250,50');
    expect(formatOre(-24_000_000)).toBe('-240\u00a0000,00');
    expect(formatOre(5)).toBe('0,05');
    expect(formatOre(0)).toBe('0,00');
  });
  it('round-trips with parseOre', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ore) => {
      expect(parseOre(formatOre(ore))).toEqual({ ok: true, value: ore });
    }));
  });
  it('refuses fractions of an øre', () => {
    expect(() => formatOre(1.5)).toThrow(RangeError);
    expect(() => assertOre(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });
});

describe('sums and splits', () => {
  it('adds', () => {
    expect(addOre(1, 2, 3)).toBe(6);
    expect(sumOre([])).toBe(0);
  });
  it('splits by ratios without losing an øre', () => {
    expect(splitByRatios(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByRatios(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(splitByRatios(1000, [0, 1])).toEqual([0, 1000]);
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)), (total, ratios) => {
      const parts = splitByRatios(total, ratios);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((p, i) => {
        if (ratios[i] === 0) expect(p).toBe(0);
        expect(Number.isInteger(p)).toBe(true);
      });
    }));
  });
  it('refuses impossible ratios', () => {
    expect(() => splitByRatios(10, [])).toThrow();
    expect(() => splitByRatios(10, [0, 0])).toThrow();
    expect(() => splitByRatios(10, [-1, 2])).toThrow();
  });
});

describe('VAT and conversion', () => {
  it('takes 25 % rounded half away from zero', () => {
    expect(vatOf(10_000)).toBe(2500);
    expect(vatOf(2)).toBe(1); // 0.5 → 1
    expect(vatOf(1)).toBe(0); // 0.25 → 0
    expect(vatOf(-2)).toBe(-1);
    expect(vatOf(1000, 1500)).toBe(150);
  });
  it('converts between kroner and øre exactly', () => {
    expect(oreToKroner(125050)).toBe(1250.5);
    expect(kronerToOre(1250.5)).toBe(125050);
    expect(kronerToOre(0.29)).toBe(29);
    expect(kronerToOre(-0.1 - 0.2)).toBe(-30);
    expect(() => kronerToOre(Number.NaN)).toThrow();
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ore) => {
      expect(kronerToOre(oreToKroner(ore))).toBe(ore);
    }));
  });
  it('rounds rational øre', () => {
    expect(roundOre(2.5)).toBe(3);
    expect(roundOre(-2.5)).toBe(-3);
    expect(roundOre(-0.4)).toBe(0);
  });
});
