// Money is an integer number of øre. Parsing and formatting happen only at the edges.
export type Ore = number;

export type ParseResult = { ok: true; value: Ore } | { ok: false; reason: 'empty' | 'format' | 'range'; message: string };

const spaces = /[\s\u00a0\u202f]/g;

/** Parses "1 250,50", "-1 250,50 kr", "1250.50", "1250" into øre. */
export function parseOre(input: string): ParseResult {
  const text = input.replace(/kr\.?/gi, '').replace(spaces, '');
  if (text === '') return { ok: false, reason: 'empty', message: 'Beløp mangler / amount is empty' };
  const match = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return { ok: false, reason: 'format', message: `Ugyldig beløp / invalid amount: "${input}"` };
  const [, sign, whole, fraction = ''] = match;
  const ore = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(ore)) return { ok: false, reason: 'range', message: 'Beløpet er for stort / amount too large' };
  return { ok: true, value: sign === '-' && ore !== 0 ? -ore : ore };
}

/** Formats øre as nb-NO kroner: "1 250,50" with U+00A0 as the thousands separator. */
export function formatOre(ore: Ore): string {
  assertOre(ore);
  const negative = ore < 0;
  const abs = Math.abs(ore);
  const kroner = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const fraction = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${kroner},${fraction}`;
}

export function assertOre(value: number): asserts value is Ore {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an amount in øre: ${value}`);
}

export function addOre(...amounts: Ore[]): Ore {
  return sumOre(amounts);
}

export function sumOre(amounts: readonly Ore[]): Ore {
  let total = 0;
  for (const a of amounts) {
    assertOre(a);
    total += a;
  }
  assertOre(total);
  return total;
}

/**
 * Splits `total` by `ratios` so the parts sum exactly to `total` (largest remainder method).
 * Ties go to the earlier part, so the split is deterministic.
 */
export function splitByRatios(total: Ore, ratios: readonly number[]): Ore[] {
  assertOre(total);
  if (ratios.length === 0) throw new RangeError('no ratios to split by');
  if (ratios.some((r) => !(r >= 0) || !Number.isFinite(r))) throw new RangeError('ratios must be finite and ≥ 0');
  const weight = ratios.reduce((a, b) => a + b, 0);
  if (weight === 0) throw new RangeError('ratios sum to zero');
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const exact = ratios.map((r) => (abs * r) / weight);
  const parts = exact.map(Math.floor);
  let left = abs - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rest: e - Math.floor(e) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts.map((p) => (p === 0 ? 0 : sign * p));
}

/** Rounds a rational number of øre half away from zero. */
export function roundOre(value: number): Ore {
  const r = Math.sign(value) * Math.round(Math.abs(value));
  return r === 0 ? 0 : r;
}

/** VAT of an amount at `rateBp` basis points (2500 = 25 %), rounded half away from zero to øre. */
export function vatOf(amount: Ore, rateBp = 2500): Ore {
  assertOre(amount);
  const scaled = amount * rateBp;
  const q = Math.trunc(scaled / 10_000);
  const rem = Math.abs(scaled % 10_000);
  const v = rem * 2 >= 10_000 ? q + Math.sign(amount) : q;
  return v === 0 ? 0 : v;
}

/** Øre to kroner for Go's API, which takes decimal kroner (exact for safe øre up to 2^53/100). */
export function oreToKroner(ore: Ore): number {
  assertOre(ore);
  return Number((ore / 100).toFixed(2));
}

/** Kroner as Go sends them (a number with up to 2 decimals) to øre, exact, without float drift. */
export function kronerToOre(kroner: number): Ore {
  if (!Number.isFinite(kroner)) throw new RangeError(`not an amount: ${kroner}`);
  const parsed = parseOre(kroner.toFixed(2));
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.value;
}
