// Statutory fees: the reminder / inkassovarsel fee and salær, from the dated rate tables.
// Everything is integer arithmetic with one rounding at the end.
import { addDays, compareDates, halfYearOf, type BookDate } from './dates';
import { assertOre, type Ore } from './money';
import { feeBearingNoticeMinDays, inkassosats, noticeFeeRows, salaerBrackets, salaerRules, standardCompensation } from './rates';

export class MissingSatsError extends Error {
  constructor(readonly date: BookDate) {
    super(`Ingen inkassosats for ${date} / no inkassosats for ${date}`);
    this.name = 'MissingSatsError';
  }
}

/** The inkassosats in force on `date`, in øre. */
export function satsOn(date: BookDate): Ore {
  const row = inkassosats.find((r) => compareDates(r.from, date) <= 0 && (r.to === null || compareDates(date, r.to) <= 0));
  if (!row) throw new MissingSatsError(date);
  return row.ore;
}

/** a / b for positive integers, rounded half up. */
function divHalfUp(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

/**
 * The fee for a reminder or inkassovarsel sent on `date` for a claim due on `dueDate`: the sats in
 * force on `date` divided by 20 (claims due from 2020-10-01) or 10 (before). Whether a fee may be
 * charged at all (not earlier than 14 days after due) is `mayChargeNoticeFee`'s question.
 */
export function noticeFee(input: { dueDate: BookDate; date: BookDate }): Ore {
  const row = noticeFeeRows.find(
    (r) => (r.dueFrom === null || compareDates(r.dueFrom, input.dueDate) <= 0) && (r.dueTo === null || compareDates(input.dueDate, r.dueTo) <= 0),
  );
  /* v8 ignore next -- the rows cover every date; kept so a gap in edited data is loud */
  if (!row) throw new RangeError(`no notice fee rule for a claim due ${input.dueDate}`);
  return divHalfUp(satsOn(input.date), row.divisor);
}

/** The first day a fee-bearing reminder or inkassovarsel may be sent for a claim due on `dueDate`. */
export function firstFeeBearingNoticeDate(dueDate: BookDate): BookDate {
  return addDays(dueDate, feeBearingNoticeMinDays.days);
}

/** Whether a reminder or inkassovarsel sent on `date` may carry a fee (14 days after due or later). */
export function mayChargeNoticeFee(input: { dueDate: BookDate; date: BookDate }): boolean {
  return compareDates(input.date, firstFeeBearingNoticeDate(input.dueDate)) >= 0;
}

export type DebtorKind = 'consumer' | 'business';

export type SalaerInput = {
  /** Principal plus interest before due. */
  claimOre: Ore;
  date: BookDate;
  debtor: DebtorKind;
  vatDeductible: boolean;
  /** Tungt salær: the betalingsoppfordring deadline was missed by more than 28 days. */
  heavy: boolean;
};

function salaerFor(factorPct: number, input: Omit<SalaerInput, 'claimOre'>): Ore {
  // sats × factorPct/100 × multipliers, each an exact fraction; one rounding (half up) at the end.
  let numerator = satsOn(input.date) * factorPct;
  let denominator = 100;
  const apply = ([n, d]: readonly [number, number]) => {
    numerator *= n;
    denominator *= d;
  };
  if (input.heavy) apply(salaerRules.heavyMultiplier);
  if (input.debtor === 'business') apply(salaerRules.businessMultiplier);
  if (!input.vatDeductible) apply(salaerRules.noVatDeductionMultiplier);
  return divHalfUp(numerator, denominator);
}

/** The salær for a claim on `date` (inkassosats in force that day, claim-size bracket, multipliers). */
export function salaer(input: SalaerInput): Ore {
  assertOre(input.claimOre);
  if (input.claimOre < 0) throw new RangeError(`claim cannot be negative: ${input.claimOre}`);
  const bracket = salaerBrackets.find((b) => b.upToOre === null || input.claimOre <= b.upToOre);
  /* v8 ignore next -- the last bracket is open-ended */
  if (!bracket) throw new RangeError('no salær bracket');
  return salaerFor(bracket.factorPct, input);
}

export type SalaerTableRow = { upToOre: Ore | null; lightOre: Ore; heavyOre: Ore };

/** The whole salær table (lett and tungt per bracket) for a date, debtor kind and VAT position. */
export function salaerTable(input: { date: BookDate; debtor: DebtorKind; vatDeductible: boolean }): SalaerTableRow[] {
  return salaerBrackets.map((b) => ({
    upToOre: b.upToOre,
    lightOre: salaerFor(b.factorPct, { ...input, heavy: false }),
    heavyOre: salaerFor(b.factorPct, { ...input, heavy: true }),
  }));
}

/**
 * Whether standardkompensasjon (forsinkelsesrenteloven § 3a) may be claimed for a claim, and how
 * much: only when both creditor and debtor are businesses, only instead of reminder fees (never
 * beside them), and only in a half-year with a known rate (null otherwise: not guessed). The
 * agency does not add it to a case (docs/domain.md): it is the creditor's claim, made in Go before
 * the invoice is transferred.
 */
export function standardCompensationFor(input: { date: BookDate; debtor: DebtorKind; reminderFeesOre: Ore }): { ore: Ore; source: string } | null {
  if (input.debtor !== 'business' || input.reminderFeesOre > 0) return null;
  const half = halfYearOf(input.date);
  const row = standardCompensation.find((r) => r.half === half);
  return row ? { ore: row.ore, source: row.source } : null;
}
