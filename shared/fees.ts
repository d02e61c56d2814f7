// Statutory fees: the reminder / inkassovarsel fee and salær, from the dated rate tables.
import { compareDates, type BookDate } from './dates';
import { roundOre, type Ore } from './money';
import { inkassosats, reminderFeeRule, salaerBrackets, salaerRules } from './rates';

export class MissingSatsError extends Error {
  constructor(readonly date: BookDate) {
    super(`Ingen inkassosats for ${date} / no inkassosats for ${date}`);
    this.name = 'MissingSatsError';
  }
}

export function satsOn(date: BookDate): Ore {
  const row = inkassosats.find((r) => compareDates(r.from, date) <= 0 && (r.to === null || compareDates(date, r.to) <= 0));
  if (!row) throw new MissingSatsError(date);
  return row.ore;
}

/** The fee for a reminder or inkassovarsel sent on `date` for a claim due on `dueDate`. */
export function noticeFee(input: { dueDate: BookDate; date: BookDate }): Ore {
  const divisor = compareDates(input.dueDate, reminderFeeRule.changedOn) >= 0 ? reminderFeeRule.divisorFrom : reminderFeeRule.divisorBefore;
  return roundOre(satsOn(input.date) / divisor);
}

export type SalaerInput = {
  /** Principal plus interest before due. */
  claimOre: Ore;
  date: BookDate;
  debtor: 'consumer' | 'business';
  vatDeductible: boolean;
  /** Tungt salær: the betalingsoppfordring deadline was missed by more than 28 days. */
  heavy: boolean;
};

export function salaer(input: SalaerInput): Ore {
  const bracket = salaerBrackets.find((b) => b.upToOre === null || input.claimOre <= b.upToOre);
  if (!bracket) throw new RangeError('no salær bracket');
  // Exact rational arithmetic: factor in hundredths, multipliers as fractions, one rounding at the end.
  let numerator = satsOn(input.date) * Math.round(bracket.factor * 100);
  let denominator = 100;
  const apply = ([n, d]: readonly [number, number]) => {
    numerator *= n;
    denominator *= d;
  };
  if (input.heavy) apply(salaerRules.heavyMultiplier);
  if (input.debtor === 'business') apply(salaerRules.businessMultiplier);
  if (!input.vatDeductible) apply(salaerRules.noVatDeductionMultiplier);
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}
