// Forsinkelsesrente: simple interest, actual days / 365, each day at the rate of its half-year,
// from the day after the due date through the day of payment, rounded once to øre (half up).
import { addDays, compareDates, daysBetween, halfYearBounds, halfYearOf, type BookDate, type HalfYear } from './dates';
import type { Ore } from './money';
import { lateInterestRates } from './rates';

export class MissingRateError extends Error {
  constructor(readonly half: HalfYear) {
    super(`Forsinkelsesrente mangler for ${half} / no late-payment interest rate for ${half}`);
    this.name = 'MissingRateError';
  }
}

export type RateOverrides = Partial<Record<HalfYear, number>>;

export type InterestPeriod = { half: HalfYear; from: BookDate; to: BookDate; days: number; ratePct: number; provisional: boolean };

export type InterestResult = { interestOre: Ore; days: number; provisional: boolean; periods: InterestPeriod[] };

export function rateFor(half: HalfYear, overrides: RateOverrides = {}): { ratePct: number; provisional: boolean } {
  const override = overrides[half];
  if (override !== undefined) return { ratePct: override, provisional: false };
  const row = lateInterestRates.find((r) => r.half === half);
  if (!row) throw new MissingRateError(half);
  return { ratePct: row.ratePct, provisional: row.provisional === true };
}

/** Basis points of a percentage with up to two decimals (12.25 → 1225), exactly. */
function toBp(ratePct: number): bigint {
  return BigInt(Math.round(ratePct * 100));
}

export function interest(input: { principalOre: Ore; dueDate: BookDate; paidDate: BookDate; overrides?: RateOverrides }): InterestResult {
  const { principalOre, dueDate, paidDate, overrides = {} } = input;
  if (!Number.isSafeInteger(principalOre)) throw new RangeError(`not an amount in øre: ${principalOre}`);
  const periods: InterestPeriod[] = [];
  if (compareDates(paidDate, dueDate) <= 0 || principalOre === 0) return { interestOre: 0, days: 0, provisional: false, periods };
  let from = addDays(dueDate, 1);
  let dayBp = 0n;
  while (compareDates(from, paidDate) <= 0) {
    const half = halfYearOf(from);
    const end = halfYearBounds(half).to;
    const to = compareDates(end, paidDate) < 0 ? end : paidDate;
    const days = daysBetween(from, to) + 1;
    const { ratePct, provisional } = rateFor(half, overrides);
    periods.push({ half, from, to, days, ratePct, provisional });
    dayBp += BigInt(days) * toBp(ratePct);
    from = addDays(to, 1);
  }
  // principal × Σ(days × bp) / (365 × 10 000), rounded half away from zero once.
  const numerator = BigInt(principalOre) * dayBp;
  const denominator = 365n * 10_000n;
  const abs = numerator < 0n ? -numerator : numerator;
  let q = abs / denominator;
  if ((abs % denominator) * 2n >= denominator) q += 1n;
  const value = Number(numerator < 0n ? -q : q);
  return {
    interestOre: value === 0 ? 0 : value,
    days: periods.reduce((a, p) => a + p.days, 0),
    provisional: periods.some((p) => p.provisional),
    periods,
  };
}
