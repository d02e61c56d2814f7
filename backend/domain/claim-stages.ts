// Each claim (invoice) in a case runs its own process: its own inkassovarsel with its own
// deadline, its betalingsoppfordring only after that deadline, its own legal step. Pure rules, so
// the figures can be worked by hand in tests; backend/modules/cases/process.ts applies them.
import { addDays, compareDates, type BookDate } from '@shared/dates';
import { salaer, type DebtorKind } from '@shared/fees';
import { stageLabel, type CaseStage } from '@shared/stages';

export type ClaimStage = 'approved' | 'notice_sent' | 'demand_sent' | 'legal';
export type ClaimHold = 'disputed' | 'on_hold';

/** Inkassoloven § 9: the inkassovarsel's deadline is at least 14 days from sending. */
export const noticeDays = 14;
/** Inkassoloven § 10: the betalingsoppfordring's deadline is at least 14 days. */
export const demandDays = 14;
/** Tungt salær once the betalingsoppfordring deadline is missed by more than this. */
export const heavyAfterDays = 28;

export const claimStageOrder: Record<ClaimStage, number> = { approved: 0, notice_sent: 1, demand_sent: 2, legal: 3 };

export type Claim = {
  id: string;
  invoiceNo: number;
  dueDate: BookDate;
  principalOre: number;
  state: 'open' | 'paid' | 'credited' | 'written_off' | 'withdrawn';
  claimStage: ClaimStage;
  noticeDeadline: BookDate | null;
  demandSentAt: BookDate | null;
  demandDeadline: BookDate | null;
  hold: ClaimHold | null;
  heavyAt: BookDate | null;
  linkedInGo: boolean;
};

/** A claim is in the process while it is open (not settled, not withdrawn). */
export function inProcess(c: Pick<Claim, 'state'>): boolean {
  return c.state === 'open';
}

/** A step the clock makes due for one claim on `date`. */
export type Step =
  | { kind: 'notice'; claimId: string; at: BookDate; deadline: BookDate }
  | { kind: 'demand'; claimId: string; at: BookDate; deadline: BookDate }
  | { kind: 'legal'; claimId: string; at: BookDate }
  | { kind: 'heavy'; claimId: string; at: BookDate };

/**
 * The steps due on `date`, oldest first. A held (disputed or on hold) claim makes no step, a claim
 * no longer open makes none (paid inside its notice deadline: no betalingsoppfordring, no salær).
 * `dunning: 'own_reminders'`: the creditor sent the reminders and the inkassovarsel from Go, so a
 * claim the agency takes over starts with the betalingsoppfordring.
 */
export function dueSteps(claims: Claim[], date: BookDate, dunning: 'agency_notice' | 'own_reminders'): Step[] {
  const steps: Step[] = [];
  for (const c of [...claims].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNo - b.invoiceNo)) {
    if (!inProcess(c) || c.hold) continue;
    if (c.claimStage === 'approved') {
      if (!c.linkedInGo) continue;
      if (dunning === 'agency_notice') steps.push({ kind: 'notice', claimId: c.id, at: date, deadline: addDays(date, noticeDays) });
      else steps.push({ kind: 'demand', claimId: c.id, at: date, deadline: addDays(date, demandDays) });
    } else if (c.claimStage === 'notice_sent' && c.noticeDeadline && compareDates(date, c.noticeDeadline) > 0) {
      const at = addDays(c.noticeDeadline, 1);
      steps.push({ kind: 'demand', claimId: c.id, at, deadline: addDays(at, demandDays) });
    } else if (c.claimStage === 'demand_sent' && c.demandDeadline && compareDates(date, c.demandDeadline) > 0) {
      steps.push({ kind: 'legal', claimId: c.id, at: addDays(c.demandDeadline, 1) });
    }
    // Tungt salær: deadline missed by more than 28 days, checked on the same run as the legal step.
    const stage = steps.at(-1)?.claimId === c.id && steps.at(-1)?.kind === 'legal' ? 'legal' : c.claimStage;
    if (stage === 'legal' && !c.heavyAt && c.demandDeadline && compareDates(date, addDays(c.demandDeadline, heavyAfterDays)) > 0) {
      steps.push({ kind: 'heavy', claimId: c.id, at: addDays(c.demandDeadline, heavyAfterDays + 1) });
    }
  }
  return steps;
}

export type SalaerArgs = { date: BookDate; debtor: DebtorKind; vatDeductible: boolean; heavy: boolean };

/**
 * Claims of one creditor against one debtor collected together are one claim for salær: a claim
 * that reaches its betalingsoppfordring adds what the salær on the sum grows by (`basisOre` = the
 * claims already charged), never a full salær of its own on top. Where a bracket edge would make
 * the sum's growth larger than the claim's own salær alone, the claim's own salær is the share, so
 * the total is never more than either the salær on the sum or the salærs of the claims one by one.
 * The table rises with the claim, so the share is never negative.
 */
export function salaerShare(basisOre: number, claimOre: number, args: SalaerArgs): number {
  const before = basisOre > 0 ? salaer({ claimOre: basisOre, ...args }) : 0;
  return Math.min(salaer({ claimOre: basisOre + claimOre, ...args }) - before, salaer({ claimOre, ...args }));
}

/** The extra of tungt over lett salær for a claim joining `basisOre` already charged tungt. */
export function heavyShare(basisOre: number, claimOre: number, args: Omit<SalaerArgs, 'heavy'>): number {
  return salaerShare(basisOre, claimOre, { ...args, heavy: true }) - salaerShare(basisOre, claimOre, { ...args, heavy: false });
}

/** The case's stage: the most advanced stage among its open claims (the ledger badge and Go's
 *  status text are per case); null when no claim is open. */
export function caseStageOf(claims: Pick<Claim, 'state' | 'claimStage'>[]): ClaimStage | null {
  let best: ClaimStage | null = null;
  for (const c of claims) if (inProcess(c) && (best === null || claimStageOrder[c.claimStage] > claimStageOrder[best])) best = c.claimStage;
  return best;
}

export const heldLabel: Record<ClaimHold, string> = { disputed: 'Bestridt – stanset', on_hold: 'Stanset' };

/** The status text Go shows for a case: its stage, or "Bestridt – stanset" when the process is
 *  stopped for every open claim (any disputed), or the stage with the stopped claims named. */
export function statusText(stage: CaseStage, claims: Pick<Claim, 'state' | 'hold' | 'invoiceNo'>[]): string {
  const open = claims.filter(inProcess);
  const held = open.filter((c) => c.hold);
  if (held.length === 0) return stageLabel(stage);
  const label = held.some((c) => c.hold === 'disputed') ? heldLabel.disputed : heldLabel.on_hold;
  if (held.length === open.length) return label;
  return `${stageLabel(stage)} (faktura ${held.map((c) => c.invoiceNo).sort((a, b) => a - b).join(', ')}: ${label.toLowerCase()})`;
}

/**
 * The deadline a claim's current letter has after a resumption on `date`: the letter's own when it
 * has not run out, else a fresh one of the same length from the resumption (the debtor gets the full
 * deadline again in a renewed letter, without a new fee). Null when the claim has no running letter.
 */
export function resumedDeadline(c: Pick<Claim, 'claimStage' | 'noticeDeadline' | 'demandDeadline'>, date: BookDate): { kind: 'notice' | 'demand'; deadline: BookDate; renewed: boolean } | null {
  const current = c.claimStage === 'notice_sent' ? { kind: 'notice' as const, deadline: c.noticeDeadline, days: noticeDays } : c.claimStage === 'demand_sent' ? { kind: 'demand' as const, deadline: c.demandDeadline, days: demandDays } : null;
  if (!current || !current.deadline) return null;
  if (compareDates(current.deadline, date) >= 0) return { kind: current.kind, deadline: current.deadline, renewed: false };
  return { kind: current.kind, deadline: addDays(date, current.days), renewed: true };
}
