// The forsinkelsesrente in effect: the shipped table (shared/rates.ts), the env override
// INTEREST_RATE_OVERRIDES, and the official rates operations enter at run time (table
// interest_rates). Precedence: an entry by operations wins over the env, which wins over the table
// (README, Configuration). A half-year with none of these uses the last known rate, marked
// provisional (shared/interest.ts rateFor).
//
// Balances are computed synchronously from a snapshot of these rates per process (`currentRates`);
// every read or job that computes balances first calls `loadRates` (one small query), so an entry
// made by any process is in effect at the next read, without restart. The ledger lookup's cached
// answers are invalidated by moving every creditor's lookup_version on when a rate is entered.
import { asc, eq, sql } from 'drizzle-orm';
import { today } from '@shared/clock';
import { halfYearOf, isHalfYear, nextHalfYear, type HalfYear } from '@shared/dates';
import { rateFor, type RateOverrides } from '@shared/interest';
import { lateInterestRates } from '@shared/rates';
import type { InterestRateStatus, User } from '@shared/api';
import type { AppDeps } from '../../deps';
import { creditors, interestRates } from '../../db/schema';
import { invalid } from '../../errors';

type EnteredRow = typeof interestRates.$inferSelect;
type Snapshot = { rates: RateOverrides; entered: EnteredRow[] };

const snapshots = new WeakMap<AppDeps, Snapshot>();
const logged = new WeakMap<AppDeps, Set<HalfYear>>();
const inUseMemo = new WeakMap<AppDeps, { key: string; halves: HalfYear[] }>();

const firstHalf = lateInterestRates[0]!.half;
const lastTableHalf = lateInterestRates.at(-1)!.half;

function envRates(deps: Pick<AppDeps, 'config'>): RateOverrides {
  return deps.config.interestRateOverrides as RateOverrides;
}

function merge(deps: Pick<AppDeps, 'config'>, entered: EnteredRow[]): RateOverrides {
  const rates: RateOverrides = { ...envRates(deps) };
  for (const row of entered) if (isHalfYear(row.half)) rates[row.half] = row.ratePct;
  return rates;
}

/** Reads the rates operations entered and makes them this process's snapshot. */
export async function loadRates(deps: AppDeps): Promise<RateOverrides> {
  const entered = await deps.db.select().from(interestRates).orderBy(asc(interestRates.half));
  const snapshot = { rates: merge(deps, entered), entered };
  snapshots.set(deps, snapshot);
  // Every read that computes balances comes here first: the place to tell operations, once per
  // half-year per process, that today's figures use a provisional rate.
  if (deps.log) noteProvisional(deps, snapshot.rates);
  return snapshot.rates;
}

/** The official rates to compute with (env and operations' entries, as last loaded). Called per
 *  balance, so it only reads the snapshot. */
export function currentRates(deps: AppDeps): RateOverrides {
  return snapshots.get(deps)?.rates ?? envRates(deps);
}

/** The half-years from after the shipped table up to today's whose rate is provisional. */
export function provisionalInUse(deps: Pick<AppDeps, 'clock'>, rates: RateOverrides): HalfYear[] {
  const current = halfYearOf(today(deps.clock));
  const halves: HalfYear[] = [];
  for (let h = nextHalfYear(lastTableHalf); h <= current; h = nextHalfYear(h)) if (rateFor(h, rates).provisional) halves.push(h);
  return halves;
}

function noteProvisional(deps: AppDeps, rates: RateOverrides): void {
  const key = `${today(deps.clock)}|${JSON.stringify(rates)}`;
  let memo = inUseMemo.get(deps);
  if (memo?.key === key) return;
  memo = { key, halves: provisionalInUse(deps, rates) };
  inUseMemo.set(deps, memo);
  let seen = logged.get(deps);
  if (!seen) logged.set(deps, (seen = new Set()));
  for (const half of memo.halves) {
    if (seen.has(half)) continue;
    seen.add(half);
    const r = rateFor(half, rates);
    deps.log?.('interest.provisional_rate', {
      half, ratePct: r.ratePct, basedOn: r.basedOn ?? null,
      message: `Forsinkelsesrente for ${half} er ikke lagt inn: bruker ${r.ratePct} % fra ${r.basedOn ?? half} som foreløpig rente. Legg inn den offisielle satsen med PUT /api/v1/operations/interest-rates/${half} / no official rate for ${half}, using ${r.ratePct} % provisionally`,
    });
  }
}

/** Every half-year from the table's first to the later of today's and the last entered, with its
 *  rate, where it comes from and whether it is provisional. */
export async function rateStatus(deps: AppDeps): Promise<InterestRateStatus> {
  const rates = await loadRates(deps);
  const entered = new Map(snapshots.get(deps)!.entered.map((r) => [r.half, r]));
  const env = envRates(deps);
  const date = today(deps.clock);
  const current = halfYearOf(date);
  const known = [current, lastTableHalf, ...(Object.keys(rates) as HalfYear[])].sort();
  const last = known.at(-1)!;
  const rows: InterestRateStatus['rows'] = [];
  for (let h = (known[0]! < firstHalf ? known[0]! : firstHalf); h <= last; h = nextHalfYear(h)) {
    const r = rateFor(h, rates);
    const op = entered.get(h);
    const origin = op ? 'operations' : env[h] !== undefined ? 'env' : r.provisional ? 'last_known' : 'table';
    rows.push({
      half: h, ratePct: r.ratePct, provisional: r.provisional,
      source: op ? op.source : origin === 'env' ? 'INTEREST_RATE_OVERRIDES' : r.source,
      origin, ...(r.basedOn ? { basedOn: r.basedOn } : {}),
      enteredBy: op?.enteredByEmail ?? null, enteredAt: op?.enteredAt ?? null,
    });
  }
  return { today: date, currentHalf: current, provisionalInUse: provisionalInUse(deps, rates), rows };
}


/** Operations enter (or correct) the official rate of a half-year: stored with its source, who and
 *  when; in effect at once in this process and at the next read in every other. */
export async function setRate(deps: AppDeps, user: User, half: HalfYear, input: { ratePct: number; source: string }): Promise<void> {
  const latest = nextHalfYear(halfYearOf(today(deps.clock)));
  if (half < firstHalf || half > latest) throw invalid({ half: { nb: `Renten kan legges inn for ${firstHalf} til ${latest}`, en: `The rate can be entered for ${firstHalf} through ${latest}` } });
  const now = deps.clock.now().toISOString();
  const row = { half, ratePct: input.ratePct, source: input.source, enteredBy: user.id, enteredByEmail: user.email, enteredAt: now };
  await deps.db.transaction(async (tx) => {
    await tx.insert(interestRates).values(row).onConflictDoUpdate({ target: interestRates.half, set: row });
    // Every balance may change: the ledger lookup's cached answers (modules/ledger-lookup/cache.ts) are read at a
    // lookup_version, so moving all of them on makes every process read afresh.
    await tx.update(creditors).set({ lookupVersion: sql`${creditors.lookupVersion} + 1` });
  });
  await loadRates(deps);
  logged.get(deps)?.delete(half);
}

export async function enteredRate(deps: AppDeps, half: HalfYear): Promise<EnteredRow | null> {
  const [row] = await deps.db.select().from(interestRates).where(eq(interestRates.half, half));
  return row ?? null;
}
