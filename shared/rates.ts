// Rates as dated data, each row with its source. Values that are not confirmed say so; the
// provisional row is replaced by operations through configuration when the official rate is out.
import type { HalfYear } from './dates';

export type SatsRow = { from: string; to: string | null; ore: number; source: string };

/** Inkassosatsen (inkassoforskriften § 1-2). */
export const inkassosats: readonly SatsRow[] = [
  { from: '2017-01-01', to: '2025-12-31', ore: 70_000, source: 'Inkassoforskriften § 1-2; 700 kr, frozen since 2018 (Finanstilsynet)' },
  { from: '2026-01-01', to: null, ore: 75_000, source: 'kred.no: inkassosatsen 750 kr fra 1.1.2026 (one source)' },
];

/** Reminder and inkassovarsel fee as a fraction of the sats, by the claim's due date. */
export const reminderFeeRule = {
  changedOn: '2020-10-01',
  divisorFrom: 20,
  divisorBefore: 10,
  source: 'Inkassoforskriften § 1-1, endret 2020-10-01 (1/20 av inkassosatsen, før: 1/10)',
} as const;

export type InterestRow = { half: HalfYear; ratePct: number; source: string; provisional?: boolean; unconfirmed?: boolean };

/** Forsinkelsesrente per half-year: Norges Bank's policy rate on 1 Jan / 1 Jul + 8 points. */
export const lateInterestRates: readonly InterestRow[] = [
  { half: '2020H1', ratePct: 9.5, source: 'Finansdepartementet, forsinkelsesrenten 1.1.2020' },
  { half: '2020H2', ratePct: 8.0, source: 'Finansdepartementet, forsinkelsesrenten 1.7.2020' },
  { half: '2021H1', ratePct: 8.0, source: 'Finansdepartementet, forsinkelsesrenten 1.1.2021' },
  { half: '2021H2', ratePct: 8.0, source: 'Finansdepartementet, forsinkelsesrenten 1.7.2021' },
  { half: '2022H1', ratePct: 8.5, source: 'Finansdepartementet, forsinkelsesrenten 1.1.2022' },
  { half: '2022H2', ratePct: 9.25, source: 'Finansdepartementet, forsinkelsesrenten 1.7.2022' },
  { half: '2023H1', ratePct: 10.75, source: 'Finansdepartementet, forsinkelsesrenten 1.1.2023' },
  { half: '2023H2', ratePct: 11.75, source: 'Finansdepartementet, forsinkelsesrenten 1.7.2023' },
  { half: '2024H1', ratePct: 12.5, source: 'Finansdepartementet, forsinkelsesrenten 1.1.2024' },
  { half: '2024H2', ratePct: 12.5, source: 'Finansdepartementet, forsinkelsesrenten 1.7.2024' },
  { half: '2025H1', ratePct: 12.5, source: 'Finansdepartementet, forsinkelsesrenten 1.1.2025' },
  { half: '2025H2', ratePct: 12.25, source: 'Derived from Norges Bank policy rate 4.25 % + 8 (unconfirmed)', unconfirmed: true },
  { half: '2026H1', ratePct: 12.0, source: 'kred.no: forsinkelsesrenten 12 % fra 1.1.2026' },
  {
    half: '2026H2',
    ratePct: 12.0,
    source: 'PROVISIONAL: not published in the sources found; equal to 2026H1 until operations set the official rate (INTEREST_RATE_OVERRIDES)',
    provisional: true,
  },
];

/** Salær factors (× sats) for lett salær, consumer debtor, creditor with VAT deduction, by claim size. */
export const salaerBrackets: readonly { upToOre: number | null; factor: number }[] = [
  { upToOre: 50_000, factor: 0.25 },
  { upToOre: 100_000, factor: 0.35 },
  { upToOre: 250_000, factor: 0.4 },
  { upToOre: 1_000_000, factor: 0.8 },
  { upToOre: 5_000_000, factor: 1.6 },
  { upToOre: 25_000_000, factor: 3.6 },
  { upToOre: null, factor: 7.2 },
];

export const salaerRules = {
  /** Multipliers as exact fractions [numerator, denominator]. */
  heavyMultiplier: [2, 1] as const,
  businessMultiplier: [3, 2] as const,
  noVatDeductionMultiplier: [5, 4] as const,
  source: 'Inkassoforskriften §§ 2-2, 2-3 (lett/tungt salær, næringsdrivende skyldner × 1,5, kreditor uten fradragsrett × 1,25)',
} as const;
