// Money is an integer number of øre (a safe integer), never a float. Parsing and formatting
// happen only at the edges: UI text, and Go's API, which speaks decimal kroner. Anything that
// multiplies or divides goes through BigInt, so no intermediate value loses precision.
export type Ore = number;

export type MoneyParseReason = 'empty' | 'format' | 'range';
export type ParseResult = { ok: true; value: Ore } | { ok: false; reason: MoneyParseReason; message: string };

/** Thrown by `parseOreOrThrow` and `kronerToOre`: the reason says what was wrong. */
export class MoneyParseError extends Error {
  constructor(
    readonly reason: MoneyParseReason,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyParseError';
  }
}

// Thousands separators we accept: space, no-break space (what nb-NO formatting emits) and narrow
// no-break space (what some browsers' Intl emits for nb-NO).
const groupSeparator = '[ \\u00a0\\u202f]';
const amountPattern = new RegExp(
  // sign, then either grouped digits (1 250 000) or plain digits (1250000), then up to 2 decimals
  `^(-?)(\\d{1,3}(?:${groupSeparator}\\d{3})+|\\d+)(?:[.,](\\d{1,2}))?$`,
);

/**
 * Parses an amount in kroner into øre: "1 250,50", "1\u00a0250,50", "-1 250,50", "1250.50",
 * "kr 99", "NOK 99", "-kr 99", "99 kr", "99,-", "−1 250,50" (U+2212, as Intl writes it) → øre. Thousands separators must group by three; at most two decimals.
 * Anything else is refused with a reason rather than guessed.
 */
export function parseOre(input: string): ParseResult {
  const text = input
    .trim()
    // The currency may stand before the amount, also after a sign ("-kr 5", "NOK 5"), or after it.
    .replace(/^([-\u2212]?)\s*(kr\.?|NOK)\s*/i, '$1')
    .replace(/\s*(kr\.?|NOK)$/i, '')
    .replace(/,-$/, '')
    // Intl's nb-NO formatting writes negatives with U+2212 MINUS SIGN.
    .replace(/^[-\u2212]\s*/, '-');
  if (text === '') return { ok: false, reason: 'empty', message: 'Beløp mangler / amount is empty' };
  const match = amountPattern.exec(text);
  if (!match) return { ok: false, reason: 'format', message: `Ugyldig beløp / invalid amount: "${input}"` };
  const [, sign = '', whole = '', fraction = ''] = match;
  const ore = BigInt(whole.replace(/\D/g, '')) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (ore > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'range', message: 'Beløpet er for stort / amount too large' };
  const value = Number(ore);
  return { ok: true, value: sign === '-' && value !== 0 ? -value : value };
}

export function parseOreOrThrow(input: string): Ore {
  const r = parseOre(input);
  if (!r.ok) throw new MoneyParseError(r.reason, r.message);
  return r.value;
}

function format(ore: Ore, separator: string): string {
  assertOre(ore);
  const abs = Math.abs(ore);
  const kroner = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  const fraction = (abs % 100).toString().padStart(2, '0');
  return `${ore < 0 ? '-' : ''}${kroner},${fraction}`;
}

/**
 * Formats øre as nb-NO kroner, "1 250,50", with U+00A0 (no-break space) as the thousands
 * separator so an amount never wraps across lines. Use `formatOrePlain` where a plain space is
 * wanted (CSV, plain-text letters, comparing with typed input).
 */
export function formatOre(ore: Ore): string {
  return format(ore, '\u00a0');
}

/** As `formatOre`, with a normal space (U+0020) as the thousands separator: "1 250,50". */
export function formatOrePlain(ore: Ore): string {
  return format(ore, ' ');
}

/** "1 250,50 kr" with no-break spaces, for UI text. */
export function formatKroner(ore: Ore): string {
  return `${formatOre(ore)}\u00a0kr`;
}

export function isOre(value: unknown): value is Ore {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertOre(value: number): asserts value is Ore {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an amount in øre: ${value}`);
}

export function addOre(...amounts: Ore[]): Ore {
  return sumOre(amounts);
}

/** Sum of øre amounts; throws rather than return a sum beyond the safe integers. */
export function sumOre(amounts: readonly Ore[]): Ore {
  let total = 0;
  for (const a of amounts) {
    assertOre(a);
    total += a;
    // Each partial sum is checked, so an overflow is caught before precision is lost twice.
    assertOre(total);
  }
  return total === 0 ? 0 : total;
}

/**
 * A finite, non-negative decimal number as an exact fraction of BigInts, from its shortest
 * decimal form: 0.1 is 1/10, not the binary double nearest to it.
 */
export function decimalToFraction(value: number): { n: bigint; d: bigint } {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!m) throw new RangeError(`not a decimal number: ${value}`);
  const [, sign = '', whole = '', fraction = '', exp = '0'] = m;
  let n = BigInt(whole + fraction);
  let d = 10n ** BigInt(fraction.length);
  const e = Number(exp);
  if (e > 0) n *= 10n ** BigInt(e);
  else d *= 10n ** BigInt(-e);
  return { n: sign === '-' ? -n : n, d };
}

/**
 * Splits `total` by `ratios` so the parts sum exactly to `total` (largest remainder method).
 * Arithmetic is exact (BigInt over the ratios' decimal values). Ties between equal remainders go
 * to the earlier part, so the split is deterministic. A negative total splits as the mirror image
 * of its absolute value; a zero ratio always gets 0.
 */
export function splitByRatios(total: Ore, ratios: readonly number[]): Ore[] {
  assertOre(total);
  if (ratios.length === 0) throw new RangeError('no ratios to split by');
  if (ratios.some((r) => !Number.isFinite(r) || r < 0)) throw new RangeError('ratios must be finite and ≥ 0');
  const fractions = ratios.map(decimalToFraction);
  // Bring every ratio to one common denominator so they become integer weights.
  const common = fractions.reduce((acc, f) => (acc % f.d === 0n ? acc : acc * f.d), 1n);
  const weights = fractions.map((f) => (f.n * common) / f.d);
  const weight = weights.reduce((a, b) => a + b, 0n);
  if (weight === 0n) throw new RangeError('ratios sum to zero');
  const abs = BigInt(Math.abs(total));
  const parts = weights.map((w) => (abs * w) / weight);
  const rests = weights.map((w) => (abs * w) % weight);
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  const order = rests.map((rest, i) => ({ i, rest })).sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  const sign = total < 0 ? -1 : 1;
  return parts.map((p) => (p === 0n ? 0 : sign * Number(p)));
}

/** Rounds a number of øre half away from zero (for values that are already exact, e.g. x.5). */
export function roundOre(value: number): Ore {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const r = Math.sign(value) * Math.round(Math.abs(value));
  return r === 0 ? 0 : r;
}

/** numerator / denominator rounded half away from zero, exactly. */
export function divRoundHalfAway(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/** BigInt øre back to a number, refusing what is not a safe integer. */
export function bigToOre(value: bigint): Ore {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError(`amount too large: ${value}`);
  const n = Number(value);
  return n === 0 ? 0 : n;
}

/** VAT of an amount at `rateBp` basis points (2500 = 25 %), rounded half away from zero to øre. */
export function vatOf(amount: Ore, rateBp = 2500): Ore {
  assertOre(amount);
  if (!Number.isSafeInteger(rateBp) || rateBp < 0) throw new RangeError(`not a VAT rate in basis points: ${rateBp}`);
  return bigToOre(divRoundHalfAway(BigInt(amount) * BigInt(rateBp), 10_000n));
}

/** Øre to decimal kroner for Go's API: 125050 → 1250.5 (the double nearest to the 2-decimal value). */
export function oreToKroner(ore: Ore): number {
  assertOre(ore);
  const abs = Math.abs(ore);
  const text = `${ore < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  const kroner = Number(text);
  return kroner === 0 ? 0 : kroner;
}

/**
 * Kroner as Go sends them (a JSON number) to øre, exactly: the number's shortest decimal form is
 * read as text, so 0.29 is 29 øre (not 0.29 × 100 = 28.999…). A value with more than two decimals
 * (float noise such as 0.1 + 0.2) is rounded half away from zero on its decimal digits.
 */
export function kronerToOre(kroner: number): Ore {
  if (!Number.isFinite(kroner)) throw new MoneyParseError('format', `Ugyldig beløp / not an amount: ${kroner}`);
  const { n, d } = decimalToFraction(kroner);
  const ore = divRoundHalfAway(n * 100n, d);
  if (ore > BigInt(Number.MAX_SAFE_INTEGER) || ore < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyParseError('range', `Beløpet er for stort / amount too large: ${kroner}`);
  }
  return bigToOre(ore);
}
