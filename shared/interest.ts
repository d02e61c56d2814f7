// Forsinkelsesrente: simple interest, actual days / 365, each day at the rate of its half-year,
// from the day after the due date through the day of payment, rounded once to øre (half up).
// The sum Σ(days × rate) is kept as an exact integer (BigInt), so there is no float accumulation.
import { compareDates, fromDayNumber, halfYearBounds, halfYearOf, isHalfYear, toDayNumber, type BookDate, type HalfYear } from './dates';
import { assertOre, bigToOre, decimalToFraction, divRoundHalfAway, splitByRatios, type Ore } from './money';
import { lateInterestRates, type InterestRow } from './rates';

export class MissingRateError extends Error {
  constructor(readonly half: HalfYear) {
    super(`Forsinkelsesrente mangler for ${half} / no late-payment interest rate for ${half}`);
    this.name = 'MissingRateError';
  }
}

/** Official rates set by operations, in percent per year, by half-year: { "2026H2": 12.25 }. */
export type RateOverrides = Partial<Record<HalfYear, number>>;

export type InterestPeriod = {
  half: HalfYear;
  from: BookDate;
  to: BookDate;
  days: number;
  ratePct: number;
  /** The rate is the shipped provisional row, not an official one. */
  provisional: boolean;
  /** This period's share of `interestOre`; the shares sum exactly to the total. */
  interestOre: Ore;
};

export type InterestResult = { interestOre: Ore; days: number; provisional: boolean; periods: InterestPeriod[] };

const rowsByHalf = new Map<string, InterestRow>(lateInterestRates.map((r) => [r.half, r]));

const fractions = new Map<number, { n: bigint; d: bigint }>();

/** A rate in percent as an exact fraction, memoised: the same few rates recur on every call. */
function rateFraction(ratePct: number): { n: bigint; d: bigint } {
  let f = fractions.get(ratePct);
  if (!f) {
    f = decimalToFraction(ratePct);
    fractions.set(ratePct, f);
  }
  return f;
}

/** Problems with an overrides record (bad key or rate), as messages naming the key; empty when fine. */
export function checkRateOverrides(overrides: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (!isHalfYear(key)) problems.push(`${key}: nøkkelen må være ÅÅÅÅH1 eller ÅÅÅÅH2 / key must be YYYYH1 or YYYYH2`);
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 100) {
      problems.push(`${key}: renten må være en prosent mellom 0 og 100 / rate must be a percentage in [0, 100)`);
    }
  }
  return problems;
}

/** The rate of a half-year: an override wins (and is official), else the shipped row. */
export function rateFor(half: HalfYear, overrides: RateOverrides = {}): { ratePct: number; provisional: boolean; source: string } {
  const override = overrides[half];
  if (override !== undefined) {
    if (!Number.isFinite(override) || override < 0 || override >= 100) throw new RangeError(`invalid rate override for ${half}: ${override}`);
    return { ratePct: override, provisional: false, source: 'override set by operations (INTEREST_RATE_OVERRIDES)' };
  }
  const row = rowsByHalf.get(half);
  if (!row) throw new MissingRateError(half);
  return { ratePct: row.ratePct, provisional: row.provisional === true, source: row.source };
}

/**
 * Interest on `principalOre` for a claim due on `dueDate` and paid on `paidDate`. Nothing accrues
 * when paid on or before the due date. Throws `MissingRateError` naming the first half-year in the
 * span that has no rate (never guesses one).
 */
export function interest(input: { principalOre: Ore; dueDate: BookDate; paidDate: BookDate; overrides?: RateOverrides }): InterestResult {
  const { principalOre, dueDate, paidDate, overrides = {} } = input;
  assertOre(principalOre);
  const periods: InterestPeriod[] = [];
  // Zero principal accrues nothing whatever the rates (and needs none, so no MissingRateError).
  if (compareDates(paidDate, dueDate) <= 0 || principalOre === 0) return { interestOre: 0, days: 0, provisional: false, periods };

  // Each rate as an exact fraction n/d percent; the weights Σ days × rate share one denominator.
  // The walk is on day numbers, one step per half-year, so its cost does not grow with the days.
  const weights: { n: bigint; d: bigint }[] = [];
  const paidDay = toDayNumber(paidDate);
  let fromDay = toDayNumber(dueDate) + 1;
  while (fromDay <= paidDay) {
    const from = fromDayNumber(fromDay);
    const half = halfYearOf(from);
    const toDay = Math.min(toDayNumber(halfYearBounds(half).to), paidDay);
    const days = toDay - fromDay + 1;
    const { ratePct, provisional } = rateFor(half, overrides);
    periods.push({ half, from, to: fromDayNumber(toDay), days, ratePct, provisional, interestOre: 0 });
    const rate = rateFraction(ratePct);
    weights.push({ n: rate.n * BigInt(days), d: rate.d });
    fromDay = toDay + 1;
  }

  // principal × Σ(days × rate%) / (365 × 100), rounded half away from zero once.
  const common = weights.reduce((acc, w) => (acc % w.d === 0n ? acc : acc * w.d), 1n);
  const scaled = weights.map((w) => (w.n * common) / w.d);
  const dayRate = scaled.reduce((a, b) => a + b, 0n);
  const total = bigToOre(divRoundHalfAway(BigInt(principalOre) * dayRate, 365n * 100n * common));

  // Shares per period for statements, by largest remainder so they add up to the total.
  if (dayRate > 0n) {
    const shares = splitByRatios(total, scaled.map(Number));
    shares.forEach((share, i) => (periods[i]!.interestOre = share));
  }
  return {
    interestOre: total,
    days: periods.reduce((a, p) => a + p.days, 0),
    provisional: periods.some((p) => p.provisional),
    periods,
  };
}
