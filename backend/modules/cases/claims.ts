// Actions on one claim of a case, by a firm user or operations, with a reason: dispute, hold,
// resume, withdraw.
import { eq } from 'drizzle-orm';
import { stageLabel } from '@shared/stages';
import { today } from '@shared/clock';
import type { AppDeps } from '../../deps';
import { caseInvoices, cases } from '../../db/schema';
import { resumedDeadline } from '../../domain/claim-stages';
import { letterContent } from '../../domain/letter-content';
import { storeLetter } from './letters';
import { DomainError, type Text } from '../../errors';
import { overrides } from './balance';
import { caseContext, recordEvent, followClaims, closeIfSettled } from './process';

export type ClaimAction = 'dispute' | 'hold' | 'resume' | 'withdraw';
export type ClaimRefusal = 'claim_not_found' | 'case_closed' | 'claim_not_open' | 'not_held';
/** A claim action refused, in domain words (app.ts's table: claim_not_found 404, the rest 409). */
export class ClaimActionRefused extends DomainError {
  constructor(code: ClaimRefusal, message: Text) {
    super(code, { message, fields: { invoiceNo: message } });
  }
}

const refusals: Record<ClaimRefusal, Text> = {
  claim_not_found: { nb: 'Fant ikke kravet i saken', en: 'Claim not found in the case' },
  case_closed: { nb: 'Saken er avsluttet', en: 'The case is closed' },
  claim_not_open: { nb: 'Kravet er ikke lenger under inndriving', en: 'The claim is no longer being collected' },
  not_held: { nb: 'Kravet er ikke bestridt eller stanset', en: 'The claim is not disputed or on hold' },
};

/**
 * Disputes (innsigelse), holds, resumes or withdraws one claim, by a firm user or operations, with
 * a reason; every step is a case event naming who and why. A held claim makes no step and gets no
 * letter or cost (advanceCase skips it); interest keeps running by law (forsinkelsesrenteloven)
 * and is shown as it accrues. Resume: a letter whose deadline ran out during the stop is renewed
 * with a full deadline from the resumption, without a new fee. Withdraw: the claim leaves
 * collection with its unpaid costs; a case with no claim left is rejected (and Go told: rejectInGo).
 * Repeating a step that is already in effect changes nothing (`changed: false`).
 */
export async function claimAction(deps: AppDeps, caseId: string, invoiceNo: number, action: ClaimAction, input: { reason: string; by: { name: string; email: string } }): Promise<{ changed: boolean }> {
  const now = deps.clock.now().toISOString();
  const date = today(deps.clock);
  const rates = overrides(deps);
  return deps.db.transaction(async (tx) => {
    const { c, creditor, debtor, invoices } = await caseContext(tx, caseId);
    const inv = invoices.find((i) => i.invoiceNo === invoiceNo);
    if (!inv) throw new ClaimActionRefused('claim_not_found', refusals.claim_not_found);
    if (action === 'withdraw' && inv.state === 'withdrawn') return { changed: false };
    if (c.closedAt) throw new ClaimActionRefused('case_closed', refusals.case_closed);
    const who = `${input.by.name} (${input.by.email})`;
    const event = (kind: string, text: string, amountOre: number | null = null) =>
      recordEvent(tx, { caseId, at: date, kind, text: `${text}. Av ${who}: ${input.reason}`, amountOre, externalRef: `claim:${inv.id}:${kind}:${now}:${crypto.randomUUID()}`, createdAt: now });
    if (action === 'dispute' || action === 'hold') {
      if (inv.state !== 'open') throw new ClaimActionRefused('claim_not_open', refusals.claim_not_open);
      const hold = action === 'dispute' ? 'disputed' : 'on_hold';
      if (inv.hold === hold) return { changed: false };
      await tx.update(caseInvoices).set({ hold, holdReason: input.reason, heldAt: date }).where(eq(caseInvoices.id, inv.id));
      await event(action === 'dispute' ? 'claim_disputed' : 'claim_held', action === 'dispute' ? `Faktura ${invoiceNo} bestridt (innsigelse): inndrivingen er stanset` : `Faktura ${invoiceNo} satt på vent: inndrivingen er stanset`);
      await tx.update(cases).set({ updatedAt: now }).where(eq(cases.id, caseId));
      return { changed: true };
    }
    if (action === 'resume') {
      if (inv.state !== 'open') throw new ClaimActionRefused('claim_not_open', refusals.claim_not_open);
      if (!inv.hold) throw new ClaimActionRefused('not_held', refusals.not_held);
      const resumed = resumedDeadline(inv, date);
      // The claim's stage and dates are written out (a claim from before per-claim stages had none).
      const set = {
        hold: null, holdReason: null, heldAt: null, claimStage: inv.claimStage,
        noticeSentAt: resumed?.renewed && resumed.kind === 'notice' ? date : inv.noticeSentAt,
        noticeDeadline: resumed?.renewed && resumed.kind === 'notice' ? resumed.deadline : inv.noticeDeadline,
        demandSentAt: resumed?.renewed && resumed.kind === 'demand' ? date : inv.demandSentAt,
        demandDeadline: resumed?.renewed && resumed.kind === 'demand' ? resumed.deadline : inv.demandDeadline,
        legalAt: inv.legalAt,
      };
      await tx.update(caseInvoices).set(set).where(eq(caseInvoices.id, inv.id));
      const text = resumed?.renewed
        ? `Inndrivingen av faktura ${invoiceNo} gjenopptatt: fristen løp ut under stansen, ny ${resumed.kind === 'notice' ? 'inkassovarsel' : 'betalingsoppfordring'} med frist ${resumed.deadline} (uten nytt gebyr)`
        : `Inndrivingen av faktura ${invoiceNo} gjenopptatt${resumed ? `, frist ${resumed.deadline} står` : ''}`;
      await event('claim_resumed', text);
      if (resumed?.renewed) {
        const [fresh] = await tx.select().from(caseInvoices).where(eq(caseInvoices.id, inv.id));
        await storeLetter(tx, {
          caseId, creditorId: c.creditorId, kind: resumed.kind, sentAt: date, deadline: resumed.deadline, now, invoiceNos: [invoiceNo], externalRef: `letter:${caseId}:${resumed.kind}:${date}:${inv.id}:renewed`,
          content: letterContent({
            kind: resumed.kind, sentAt: date, deadline: resumed.deadline,
            creditor: { name: creditor.name, orgNo: creditor.orgNo },
            debtor: { name: debtor.name, customerNo: debtor.customerNo, orgNo: debtor.orgNo, kind: debtor.kind },
            claims: [{ invoiceNo, invoiceDate: fresh!.invoiceDate, dueDate: fresh!.dueDate, openOre: fresh!.openOre }],
            feesOre: fresh!.feeOre, salaerOre: fresh!.salaerOre, rates,
          }),
        });
      }
      await followClaims(tx, caseId, now);
      return { changed: true };
    }
    // withdraw
    if (inv.state !== 'open') throw new ClaimActionRefused('claim_not_open', refusals.claim_not_open);
    const dropped = Math.min(c.costsOre, inv.feeOre + inv.salaerOre);
    await tx.update(caseInvoices).set({ state: 'withdrawn', withdrawnAt: date, hold: null }).where(eq(caseInvoices.id, inv.id));
    await tx.update(cases).set({ costsOre: c.costsOre - dropped, updatedAt: now }).where(eq(cases.id, caseId));
    await event('claim_withdrawn', `Faktura ${invoiceNo} trukket fra inkasso (åpen hovedstol ${inv.openOre / 100} kr og kravets kostnader ${dropped / 100} kr faller bort)`, inv.openOre + dropped);
    const rest = invoices.filter((i) => i.id !== inv.id);
    if (rest.every((i) => i.state === 'withdrawn')) {
      await tx.update(cases).set({ stage: 'rejected', closedAt: date, updatedAt: now }).where(eq(cases.id, caseId));
      await recordEvent(tx, { caseId, at: date, kind: 'rejected', text: `${stageLabel('rejected')}: ingen krav igjen i saken`, externalRef: `stage:${caseId}:rejected`, createdAt: now });
      // The key for Go's DELETE, stored before the call (rejectInGo).
      if (c.goCaseId) await recordEvent(tx, { caseId, at: date, kind: 'go_reject_requested', text: 'Saken avvises i PowerOffice GO', externalRef: `go-reject:${caseId}`, createdAt: now });
    } else {
      await closeIfSettled(tx, caseId, date, now);
      await followClaims(tx, caseId, now);
    }
    return { changed: true };
  });
}
