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
  /** The rate is not an official one (the last known rate standing in). */
  provisional: boolean;
  /** This period's share of `interestOre`; the shares sum exactly to the total. */
  interestOre: Ore;
};

export type InterestResult = {
  interestOre: Ore;
  days: number;
  /** Some period used a provisional rate (see `provisionalHalves`). */
  provisional: boolean;
  /** The half-years whose rate was provisional, in order. */
  provisionalHalves: HalfYear[];
  periods: InterestPeriod[];
};

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

export type RateInfo = {
  ratePct: number;
  /** Not an official rate: the last known rate stands in until operations enter the official one. */
  provisional: boolean;
  source: string;
  /** For a provisional rate, the half-year whose rate stands in. */
  basedOn?: HalfYear;
};

const firstHalf = lateInterestRates[0]!.half;
const lastHalf = lateInterestRates.at(-1)!.half;

function checkedOverride(half: HalfYear, override: number): number {
  if (!Number.isFinite(override) || override < 0 || override >= 100) throw new RangeError(`invalid rate override for ${half}: ${override}`);
  return override;
}

/** The rate of a half-year: an override (an official rate entered by operations) wins, else the
 *  shipped row. A half-year after every known rate (no row, no override) gets the last known rate
 *  before it, marked provisional: an unpublished rate must never stop a balance. Only a half-year
 *  before the table (and without an override) has no rate at all. */
export function rateFor(half: HalfYear, overrides: RateOverrides = {}): RateInfo {
  const override = overrides[half];
  if (override !== undefined) return { ratePct: checkedOverride(half, override), provisional: false, source: 'official rate entered by operations' };
  const row = rowsByHalf.get(half);
  if (row) return { ratePct: row.ratePct, provisional: row.provisional === true, source: row.source };
  if (half < firstHalf) throw new MissingRateError(half);
  // Half-year keys compare as strings (four-digit years): the latest known one before `half`.
  let basedOn: HalfYear = lastHalf;
  for (const key of Object.keys(overrides) as HalfYear[]) if (key < half && key > basedOn && overrides[key] !== undefined) basedOn = key;
  const base = rateFor(basedOn, overrides);
  return {
    ratePct: base.ratePct,
    provisional: true,
    source: `PROVISIONAL: no official rate for ${half}; the rate of ${basedOn} (${base.ratePct} %) until operations enter the official one`,
    basedOn,
  };
}

/**
 * Interest on `principalOre` for a claim due on `dueDate` and paid on `paidDate`. Nothing accrues
 * when paid on or before the due date. A half-year without an official rate uses the last known
 * one, marked provisional; `MissingRateError` only for a half-year before the shipped table.
 */
export function interest(input: { principalOre: Ore; dueDate: BookDate; paidDate: BookDate; overrides?: RateOverrides }): InterestResult {
  const { principalOre, dueDate, paidDate, overrides = {} } = input;
  assertOre(principalOre);
  const periods: InterestPeriod[] = [];
  // Zero principal accrues nothing whatever the rates (and needs none, so no MissingRateError).
  if (compareDates(paidDate, dueDate) <= 0 || principalOre === 0) return { interestOre: 0, days: 0, provisional: false, provisionalHalves: [], periods };

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
    provisionalHalves: periods.filter((p) => p.provisional).map((p) => p.half),
    periods,
  };
}
