// What a case's claims do on a date, planned without the database: the claims' starts (each claim
// still 'approved' and linked in Go its own inkassovarsel or betalingsoppfordring, or Go's own
// inkassovarsel where Go sent it) and the clock's steps (notice deadline run out → betalingsoppfordring
// with salær, its deadline run out → legal recovery, more than 28 days → tungt salær), each with its
// fee or salær, its event and its stored letter with the § 9 / § 10 content, and the case following
// its most advanced claim. One set of rules for the per-case path (a joining claim, the daily run)
// and the sync's commit, which plans a hundred cases and writes them as a few multi-row statements;
// backend/modules/cases/process.ts reads the contexts and applies the plans.
import { compareDates, toNorwegian, type BookDate } from '@shared/dates';
import { noticeFee, type DebtorKind } from '@shared/fees';
import type { RateOverrides } from '@shared/interest';
import { stageLabel, type CaseStage } from '@shared/stages';
import { caseStageOf, dueSteps, heavyShare, salaerShare, type Claim, type ClaimHold, type ClaimStage } from './claim-stages';
import { letterContent, type LetterContent, type LetterKind } from './letter-content';

/** The case as the plan needs it (a `cases` row fits). */
export type PlanCase = {
  id: string;
  creditorId: string;
  stage: CaseStage;
  dunning: 'agency_notice' | 'own_reminders';
  noticeSentAt: BookDate | null;
  noticeDeadline: BookDate | null;
  demandSentAt: BookDate | null;
  demandDeadline: BookDate | null;
  legalAt: BookDate | null;
  closedAt: BookDate | null;
  costsOre: number;
};

/** A claim as stored (a `case_invoices` row fits): `claimStage` null on a claim from before
 *  per-claim stages, which follows its case's stage and dates (withCaseDates). */
export type PlanClaim = {
  id: string;
  invoiceNo: number;
  invoiceDate: BookDate;
  dueDate: BookDate;
  principalOre: number;
  openOre: number;
  state: Claim['state'];
  claimStage: ClaimStage | null;
  noticeSentAt: BookDate | null;
  noticeDeadline: BookDate | null;
  demandSentAt: BookDate | null;
  demandDeadline: BookDate | null;
  legalAt: BookDate | null;
  heavyAt: BookDate | null;
  feeOre: number;
  salaerOre: number;
  hold: ClaimHold | null;
  linkedInGo: boolean;
};

export type PlanContext = {
  case: PlanCase;
  claims: PlanClaim[];
  creditor: { name: string; orgNo: string; vatDeductible: boolean };
  debtor: { name: string; customerNo: string; orgNo: string | null; kind: DebtorKind };
  /** Before per-claim stages tungt salær was one event per case (`fee:<case>:heavy`): its date,
   *  which the case's claims without a stage of their own have had. */
  legacyHeavyAt: BookDate | null;
};

type CaseDates = Pick<PlanCase, 'stage' | 'noticeSentAt' | 'noticeDeadline' | 'demandSentAt' | 'demandDeadline' | 'legalAt'>;
type ClaimDates = Pick<PlanClaim, 'claimStage' | 'noticeSentAt' | 'noticeDeadline' | 'demandSentAt' | 'demandDeadline' | 'legalAt'>;

/** A claim stored before per-claim stages (claimStage null) ran with its case's single notice:
 *  it takes the case's stage and dates. */
export function withCaseDates<T extends ClaimDates>(i: T, c: CaseDates): T & { claimStage: ClaimStage } {
  if (i.claimStage !== null) return { ...i, claimStage: i.claimStage };
  const claimStage: ClaimStage = c.legalAt ? 'legal' : c.demandSentAt ? 'demand_sent' : c.noticeSentAt ? 'notice_sent' : 'approved';
  return { ...i, claimStage, noticeSentAt: c.noticeSentAt, noticeDeadline: c.noticeDeadline, demandSentAt: c.demandSentAt, demandDeadline: c.demandDeadline, legalAt: c.legalAt };
}

export function toClaim(i: Omit<PlanClaim, 'claimStage' | 'openOre' | 'invoiceDate' | 'feeOre' | 'salaerOre' | 'noticeSentAt' | 'legalAt'> & { claimStage: ClaimStage }): Claim {
  return {
    id: i.id, invoiceNo: i.invoiceNo, dueDate: i.dueDate, principalOre: i.principalOre, state: i.state, claimStage: i.claimStage,
    noticeDeadline: i.noticeDeadline, demandSentAt: i.demandSentAt, demandDeadline: i.demandDeadline, hold: i.hold, heavyAt: i.heavyAt, linkedInGo: i.linkedInGo,
  };
}

/** The columns a plan writes on a claim, and on its case. */
export type ClaimChange = Partial<Pick<PlanClaim, 'claimStage' | 'noticeSentAt' | 'noticeDeadline' | 'demandSentAt' | 'demandDeadline' | 'legalAt' | 'heavyAt' | 'feeOre' | 'salaerOre'>>;
export type CaseChange = Partial<Pick<PlanCase, 'stage' | 'noticeSentAt' | 'noticeDeadline' | 'demandSentAt' | 'demandDeadline' | 'legalAt' | 'costsOre'>> & { updatedAt?: string };
/** An event, stored once by its unique external reference. */
export type PlannedEvent = { caseId: string; at: BookDate; kind: string; text: string; amountOre: number | null; externalRef: string; createdAt: string };
/** A letter, stored once by its unique external reference. */
export type PlannedLetter = { caseId: string; creditorId: string; kind: LetterKind; sentAt: BookDate; deadline: BookDate; content: LetterContent; invoiceNos: number[]; externalRef: string; createdAt: string };
/** Tungt salær: charged (the claim changed, the cost added) only when its event is new, so it is
 *  applied step by step; only the daily run makes it, never a start. */
export type HeavyStep = { claimId: string; change: ClaimChange; extraOre: number; event: PlannedEvent };

export type Plan = {
  caseId: string;
  claims: { id: string; change: ClaimChange }[];
  events: PlannedEvent[];
  letters: PlannedLetter[];
  heavy: HeavyStep[];
  /** The case's costs before and after the plan (tungt salær not counted: see HeavyStep). */
  costsBeforeOre: number;
  costsOre: number;
  /** The case's stage and dates where the claims moved them (the case follows its claims). */
  follow: CaseChange | null;
  /** The case's stage after the plan. */
  stage: CaseStage;
};

const stageFromClaim: Record<ClaimStage, CaseStage> = { approved: 'approved', notice_sent: 'notice_sent', demand_sent: 'demand_sent', legal: 'legal' };

function invoiceList(nos: number[]): string {
  return `faktura ${nos.sort((a, b) => a - b).join(', ')}`;
}

/** The case row follows its claims: the most advanced open claim's stage and dates, so Go's status
 *  text, the ledger badge and nextStep read one case. `change` is null when nothing moves. */
export function follow(c: CaseDates & Pick<PlanCase, 'closedAt'>, claims: (ClaimDates & Pick<PlanClaim, 'state' | 'invoiceNo'>)[]): { stage: CaseStage; change: Omit<CaseChange, 'costsOre' | 'updatedAt'> | null } {
  if (c.closedAt) return { stage: c.stage, change: null };
  const invoices = claims.map((i) => withCaseDates(i, c));
  const stage = caseStageOf(invoices);
  if (stage === null) return { stage: c.stage, change: null };
  const lead = invoices
    .filter((i) => i.state === 'open' && i.claimStage === stage)
    .sort((a, b) => (a.demandDeadline ?? a.noticeDeadline ?? '').localeCompare(b.demandDeadline ?? b.noticeDeadline ?? '') || a.invoiceNo - b.invoiceNo)[0]!;
  const next = { stage: stageFromClaim[stage], noticeSentAt: lead.noticeSentAt, noticeDeadline: lead.noticeDeadline, demandSentAt: lead.demandSentAt, demandDeadline: lead.demandDeadline, legalAt: lead.legalAt };
  const moved = next.stage !== c.stage || next.noticeDeadline !== c.noticeDeadline || next.demandDeadline !== c.demandDeadline || next.legalAt !== c.legalAt;
  return { stage: next.stage, change: moved ? next : null };
}

/**
 * The plan for one case on `date`.
 * `start`: the claims the case took over and Go has linked (still 'approved', open), each its own
 * inkassovarsel and deadline (or, with the creditor's own reminders, its betalingsoppfordring);
 * where Go itself sent the inkassovarsel (recorded on the case) and its deadline still runs, the
 * claims take Go's notice and deadline: no second notice, no fee, the demand after Go's deadline.
 * `advance`: every claim moved on by the clock, each by its own deadlines; a disputed or held claim
 * makes no step.
 * Claims noticed together on one day share one inkassovarsel (one fee, one letter); claims of one
 * debtor collected together are one claim for salær (salaerShare on what is already charged).
 */
export function planClaims(ctx: PlanContext, o: { mode: 'start' | 'advance'; date: BookDate; now: string; rates: RateOverrides }): Plan {
  const { date, now, rates } = o;
  const c = ctx.case;
  const caseId = c.id;
  // The claims as the database will hold them, changed as the plan goes.
  const stored = new Map(ctx.claims.map((i) => [i.id, { ...i }]));
  const changes = new Map<string, ClaimChange>();
  const change = (id: string, set: ClaimChange) => {
    Object.assign(stored.get(id)!, set);
    changes.set(id, { ...changes.get(id), ...set });
  };
  const resolved = () => [...stored.values()].map((i) => ({ ...withCaseDates(i, c), ...(ctx.legacyHeavyAt && i.claimStage === null ? { heavyAt: ctx.legacyHeavyAt } : {}) }));
  const events: PlannedEvent[] = [];
  const letters: PlannedLetter[] = [];
  const heavy: HeavyStep[] = [];
  let costs = c.costsOre;
  // The case's stage and dates as the plan leaves them.
  const caseNow: CaseDates & Pick<PlanCase, 'closedAt'> = { stage: c.stage, noticeSentAt: c.noticeSentAt, noticeDeadline: c.noticeDeadline, demandSentAt: c.demandSentAt, demandDeadline: c.demandDeadline, legalAt: c.legalAt, closedAt: c.closedAt };
  let followed: CaseChange | null = null;
  const followClaims = (): CaseStage => {
    const f = follow(caseNow, [...stored.values()]);
    if (f.change) {
      Object.assign(caseNow, f.change);
      followed = { ...followed, ...f.change, updatedAt: now };
    }
    return f.stage;
  };
  const plan = (stage: CaseStage): Plan => ({
    caseId, claims: [...changes].map(([id, set]) => ({ id, change: set })), events, letters, heavy, costsBeforeOre: c.costsOre, costsOre: costs, follow: followed, stage,
  });

  let startOnly: ReadonlySet<string> | null = null;
  if (o.mode === 'start') {
    const goNotice = c.dunning === 'own_reminders' && c.noticeSentAt && c.noticeDeadline ? { sentAt: c.noticeSentAt, deadline: c.noticeDeadline } : null;
    const waiting = resolved().filter((i) => i.claimStage === 'approved' && i.linkedInGo && i.state === 'open');
    if (waiting.length === 0) return plan(c.stage);
    // Go's deadline still running: the claims wait for it. Past it: the demand goes out today.
    if (goNotice && compareDates(date, goNotice.deadline) <= 0) {
      for (const i of waiting) change(i.id, { claimStage: 'notice_sent', noticeSentAt: goNotice.sentAt, noticeDeadline: goNotice.deadline });
      events.push({ caseId, at: date, kind: 'notice_sent', text: `${stageLabel('notice_sent')} fra PowerOffice GO ${toNorwegian(goNotice.sentAt)}, frist ${toNorwegian(goNotice.deadline)}`, amountOre: null, externalRef: `stage:${caseId}:notice_sent`, createdAt: now });
    }
    startOnly = new Set(waiting.map((i) => i.id));
  }

  const stepped = (): CaseStage => {
    if (c.closedAt) return c.stage;
    const claims = resolved();
    const byId = new Map(claims.map((i) => [i.id, i]));
    const steps = dueSteps(claims.map(toClaim), date, c.dunning).filter((s) => !startOnly || startOnly.has(s.claimId));
    if (steps.length === 0) return c.stage;
    const args = { debtor: ctx.debtor.kind, vatDeductible: ctx.creditor.vatDeductible };
    // What salær has been charged on so far (claims collected together are one claim for salær).
    let lightBasis = claims.filter((i) => i.state !== 'withdrawn' && i.demandSentAt !== null).reduce((s, i) => s + i.principalOre, 0);
    let heavyBasis = claims.filter((i) => i.state !== 'withdrawn' && i.heavyAt !== null).reduce((s, i) => s + i.principalOre, 0);
    const letterOut: { kind: LetterKind; at: BookDate; deadline: BookDate; ids: string[]; feeOre: number }[] = [];
    const batch = (kind: LetterKind, at: BookDate, deadline: BookDate) => {
      let b = letterOut.find((l) => l.kind === kind && l.at === at);
      if (!b) letterOut.push((b = { kind, at, deadline, ids: [], feeOre: 0 }));
      return b;
    };
    for (const s of steps) {
      const inv = byId.get(s.claimId)!;
      if (s.kind === 'notice') {
        const b = batch('notice', s.at, s.deadline);
        // One inkassovarsel (one fee) for the claims noticed together on one day.
        const fee = b.ids.length === 0 ? noticeFee({ dueDate: inv.dueDate, date: s.at }) : 0;
        b.ids.push(inv.id);
        b.feeOre += fee;
        costs += fee;
        change(inv.id, { claimStage: 'notice_sent', noticeSentAt: s.at, noticeDeadline: s.deadline, feeOre: inv.feeOre + fee });
      } else if (s.kind === 'demand') {
        const fee = salaerShare(lightBasis, inv.principalOre, { ...args, date: s.at, heavy: false });
        lightBasis += inv.principalOre;
        costs += fee;
        const b = batch('demand', s.at, s.deadline);
        b.ids.push(inv.id);
        b.feeOre += fee;
        change(inv.id, { claimStage: 'demand_sent', demandSentAt: s.at, demandDeadline: s.deadline, salaerOre: inv.salaerOre + fee });
      } else if (s.kind === 'legal') {
        change(inv.id, { claimStage: 'legal', legalAt: s.at });
        events.push({ caseId, at: s.at, kind: 'legal', text: `${stageLabel('legal')} (${invoiceList([inv.invoiceNo])})`, amountOre: null, externalRef: `stage:${caseId}:legal:${inv.id}`, createdAt: now });
      } else {
        const extra = heavyShare(heavyBasis, inv.principalOre, { ...args, date: inv.demandSentAt ?? s.at });
        heavyBasis += inv.principalOre;
        heavy.push({
          claimId: inv.id, change: { heavyAt: s.at, salaerOre: inv.salaerOre + extra }, extraOre: extra,
          event: { caseId, at: s.at, kind: 'heavy_fee', text: `Tungt salær (${invoiceList([inv.invoiceNo])}: fristen oversittet med mer enn 28 dager)`, amountOre: extra, externalRef: `fee:${caseId}:heavy:${inv.id}`, createdAt: now },
        });
      }
    }
    for (const l of letterOut) {
      const fresh = l.ids.map((id) => stored.get(id)!);
      const nos = fresh.map((i) => i.invoiceNo);
      const stage = l.kind === 'notice' ? 'notice_sent' : 'demand_sent';
      const text = `${stageLabel(stage)} (${invoiceList(nos)}), frist ${l.deadline}${l.kind === 'demand' ? ' (salær)' : ''}`;
      events.push({ caseId, at: l.at, kind: stage, text, amountOre: l.feeOre, externalRef: `stage:${caseId}:${stage}:${l.ids.join(',')}`, createdAt: now });
      letters.push({
        caseId, creditorId: c.creditorId, kind: l.kind, sentAt: l.at, deadline: l.deadline, createdAt: now, externalRef: `letter:${caseId}:${l.kind}:${l.at}:${l.ids.join(',')}`,
        content: letterContent({
          kind: l.kind, sentAt: l.at, deadline: l.deadline,
          creditor: { name: ctx.creditor.name, orgNo: ctx.creditor.orgNo },
          debtor: { name: ctx.debtor.name, customerNo: ctx.debtor.customerNo, orgNo: ctx.debtor.orgNo, kind: ctx.debtor.kind },
          claims: fresh.map((i) => ({ invoiceNo: i.invoiceNo, invoiceDate: i.invoiceDate, dueDate: i.dueDate, openOre: i.openOre })),
          feesOre: fresh.reduce((s, i) => s + i.feeOre, 0),
          salaerOre: fresh.reduce((s, i) => s + i.salaerOre, 0),
          rates,
        }),
        invoiceNos: nos,
      });
    }
    return followClaims();
  };

  const stage = stepped();
  if (o.mode === 'start') return plan(followClaims());
  return plan(stage);
}
