// What a case owes: open principal, interest at forsinkelsesrente (booked and pending) and
// costs, with its provisional mark; and its next step by date.
import { addDays, compareDates, type HalfYear } from '@shared/dates';
import { interest, type RateOverrides } from '@shared/interest';
import { stageLabel } from '@shared/stages';
import type { AppDeps } from '../../deps';
import { caseInvoices, cases } from '../../db/schema';
import { currentRates } from '../interest-rates/service';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInvoiceRow = typeof caseInvoices.$inferSelect;
/** What a balance is computed from; the ledger lookup reads only these columns. */
export type BalanceCase = Pick<CaseRow, 'closedAt' | 'interestOre' | 'costsOre' | 'interestThrough'>;
export type BalanceInvoice = Pick<CaseInvoiceRow, 'state' | 'openOre' | 'dueDate'>;

/** The official rates in effect (env and operations' entries; modules/interest-rates/service.ts). */
export function overrides(deps: AppDeps): RateOverrides {
  return currentRates(deps);
}

type Accrued = { interestOre: number; provisional: boolean; provisionalHalves: HalfYear[] };
const memo = new Map<string, Accrued>();
const memoLimit = 50_000;

/** interest() is pure in (principal, from, to, rates), and the ledger lookup asks for the same open
 * invoices on every page view, so the answers are memoised (a full memo is simply emptied). The
 * rates are part of the key by value, so a changed override is never answered from the memo. */
function accruedInterest(principalOre: number, from: string, date: string, rates: RateOverrides, ratesKey: string): Accrued {
  const key = `${principalOre}|${from}|${date}|${ratesKey}`;
  let r = memo.get(key);
  if (!r) {
    const { interestOre, provisional, provisionalHalves } = interest({ principalOre, dueDate: from, paidDate: date, overrides: rates });
    r = { interestOre, provisional, provisionalHalves };
    if (memo.size >= memoLimit) memo.clear();
    memo.set(key, r);
  }
  return r;
}

/** Interest accrued on open principal from `interestThrough` (or due) to `date`, not yet booked. */
export function pendingInterest(c: Pick<CaseRow, 'interestThrough'>, invoices: BalanceInvoice[], date: string, rates: RateOverrides): { ore: number; provisional: boolean; provisionalHalves: HalfYear[] } {
  let ore = 0;
  let provisional = false;
  let halves: HalfYear[] = [];
  const ratesKey = JSON.stringify(rates);
  for (const inv of invoices) {
    if (inv.state !== 'open' || inv.openOre <= 0) continue;
    const from = c.interestThrough && compareDates(c.interestThrough, inv.dueDate) > 0 ? c.interestThrough : inv.dueDate;
    if (compareDates(date, from) <= 0) continue;
    const r = accruedInterest(inv.openOre, from, date, rates, ratesKey);
    ore += r.interestOre;
    if (r.provisional) {
      provisional = true;
      for (const h of r.provisionalHalves) if (!halves.includes(h)) halves = [...halves, h];
    }
  }
  return { ore, provisional, provisionalHalves: halves.sort() };
}

/** The balance with its provisional mark: true when the case booked interest at a provisional rate
 *  or today's interest uses one; `provisionalHalves` are the half-years today's interest uses. */
export function markedBalance(c: BalanceCase & Partial<Pick<CaseRow, 'provisionalRate'>>, invoices: BalanceInvoice[], date: string, rates: RateOverrides): { balanceOre: number; provisionalRate: boolean; provisionalHalves: HalfYear[] } {
  if (c.closedAt) return { balanceOre: 0, provisionalRate: false, provisionalHalves: [] };
  const pending = pendingInterest(c, invoices, date, rates);
  return { balanceOre: openPrincipal(invoices) + c.interestOre + pending.ore + c.costsOre, provisionalRate: Boolean(c.provisionalRate) || pending.provisional, provisionalHalves: pending.provisionalHalves };
}

export function openPrincipal(invoices: BalanceInvoice[]): number {
  return invoices.reduce((s, i) => s + (i.state === 'open' ? i.openOre : 0), 0);
}

/** What the debtor owes the agency today: open principal + interest + unpaid costs. */
export function caseBalance(c: BalanceCase, invoices: BalanceInvoice[], date: string, rates: RateOverrides): number {
  if (c.closedAt) return 0;
  return openPrincipal(invoices) + c.interestOre + pendingInterest(c, invoices, date, rates).ore + c.costsOre;
}

export function nextStep(c: Pick<CaseRow, 'stage' | 'noticeDeadline' | 'demandDeadline'>): { nextStep: string | null; nextStepDate: string | null } {
  if (c.stage === 'notice_sent' && c.noticeDeadline) return { nextStep: stageLabel('demand_sent'), nextStepDate: addDays(c.noticeDeadline, 1) };
  if (c.stage === 'demand_sent' && c.demandDeadline) return { nextStep: stageLabel('legal'), nextStepDate: addDays(c.demandDeadline, 1) };
  return { nextStep: null, nextStepDate: null };
}
