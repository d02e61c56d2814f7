// Rates as dated data, each row with its source. Values that are not confirmed say so. A
// half-year after the last row has no shipped rate: interest.ts uses the last known rate for it,
// marked provisional, until operations enter the official one (see backend/modules/interest-rates/service.ts).
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

export type NoticeFeeRow = { dueFrom: string | null; dueTo: string | null; divisor: number; source: string };

/** The same rule as dated rows, keyed by the claim's due date (inclusive bounds). */
export const noticeFeeRows: readonly NoticeFeeRow[] = [
  { dueFrom: null, dueTo: '2020-09-30', divisor: 10, source: 'Inkassoforskriften § 1-1 før endringen 2020-10-01: 1/10 av inkassosatsen' },
  { dueFrom: '2020-10-01', dueTo: null, divisor: 20, source: 'Inkassoforskriften § 1-1, endret 2020-10-01: 1/20 av inkassosatsen for krav med forfall fra 1.10.2020' },
];

/** A fee-bearing reminder or inkassovarsel may be sent no earlier than this many days after due. */
export const feeBearingNoticeMinDays = { days: 14, source: 'Inkassoforskriften § 1-1 / inkassoloven § 9: tidligst 14 dager etter forfall' } as const;

export type InterestRow = { half: HalfYear; ratePct: number; source: string; provisional?: boolean; unconfirmed?: boolean };

/** Forsinkelsesrente per half-year: Norges Bank's policy rate on 1 Jan / 1 Jul + 8 points. Only
 *  published (or, flagged, derived) rates: a half-year not here is provisional until entered. */
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
];

/**
 * Salær factors for lett salær (consumer debtor, creditor with VAT deduction), by claim size
 * (principal plus interest before due, inclusive upper bound). `factorPct` is the factor × 100
 * as an integer (25 = 0.25 × sats) so the calculation stays in integers.
 */
export const salaerBrackets: readonly { upToOre: number | null; factorPct: number; factor: number; source: string }[] = [
  { upToOre: 50_000, factorPct: 25, factor: 0.25, source: 'Inkassoforskriften kap. 2 (salærtabell): krav inntil 500 kr, 0,25 × sats' },
  { upToOre: 100_000, factorPct: 35, factor: 0.35, source: 'Inkassoforskriften kap. 2 (salærtabell): inntil 1 000 kr, 0,35 × sats' },
  { upToOre: 250_000, factorPct: 40, factor: 0.4, source: 'Inkassoforskriften kap. 2 (salærtabell): inntil 2 500 kr, 0,40 × sats' },
  { upToOre: 1_000_000, factorPct: 80, factor: 0.8, source: 'Inkassoforskriften kap. 2 (salærtabell): inntil 10 000 kr, 0,80 × sats' },
  { upToOre: 5_000_000, factorPct: 160, factor: 1.6, source: 'Inkassoforskriften kap. 2 (salærtabell): inntil 50 000 kr, 1,6 × sats' },
  { upToOre: 25_000_000, factorPct: 360, factor: 3.6, source: 'Inkassoforskriften kap. 2 (salærtabell): inntil 250 000 kr, 3,6 × sats' },
  { upToOre: null, factorPct: 720, factor: 7.2, source: 'Inkassoforskriften kap. 2 (salærtabell): over 250 000 kr, 7,2 × sats' },
];

export const salaerRules = {
  /** Multipliers as exact fractions [numerator, denominator]. */
  heavyMultiplier: [2, 1] as const,
  businessMultiplier: [3, 2] as const,
  noVatDeductionMultiplier: [5, 4] as const,
  source: 'Inkassoforskriften kap. 2 (lett/tungt salær, næringsdrivende skyldner × 1,5, kreditor uten fradragsrett × 1,25)',
} as const;

export type CompensationRow = { half: HalfYear; ore: number; source: string };

/** Standardkompensasjon (forsinkelsesrenteloven § 3a, between businesses only): EUR 40 in NOK,
 *  set per half-year. Instead of reminder fees, never beside them. */
export const standardCompensation: readonly CompensationRow[] = [
  { half: '2025H1', ore: 47_000, source: 'Lovdata: standardkompensasjon 470 kr fra 1.1.2025' },
  { half: '2026H1', ore: 46_000, source: 'kred.no: standardkompensasjon 460 kr fra 1.1.2026 (one source)' },
];
