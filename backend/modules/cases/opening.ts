// How a case opens: its first stage and cost by the creditor's dunning profile, and the balance
// Go is told when the case is created.
import { compareDates } from '@shared/dates';
import type { RateOverrides } from '@shared/interest';
import { noticeFee, salaer } from '@shared/fees';
import { caseBalance, type BalanceInvoice, type CaseInvoiceRow, type CaseRow } from './balance';

function claimOf(invoices: Pick<CaseInvoiceRow, 'principalOre'>[]): number {
  return invoices.reduce((s, i) => s + i.principalOre, 0);
}

/** Sets the stage a new case starts in, by the creditor's dunning profile. */
/** The stage a case opens at and the cost that comes with it: the agency's inkassovarsel (notice
 *  fee), or, when the creditor sent its own reminders and notice from Go, the betalingsoppfordring
 *  with lett salær. Pure, so the sync can tell Go a new case's balance in the same call that
 *  creates it (POST DebtCollection with balanceAgency), before startCase books it. */
export function opening(input: {
  dunning: CaseRow['dunning'];
  invoices: Pick<CaseInvoiceRow, 'dueDate' | 'principalOre'>[];
  date: string;
  debtorKind: 'business' | 'consumer';
  vatDeductible: boolean;
  /** The inkassovarsel Go sent (own reminders): until its deadline has run the case waits at
   *  notice_sent, with no cost of ours; the demand may come only after it. */
  goNotice?: { sentAt: string; deadline: string } | null;
}): { stage: 'notice_sent' | 'demand_sent'; feeOre: number } {
  const { dunning, invoices, date } = input;
  if (dunning === 'own_reminders' && input.goNotice && compareDates(date, input.goNotice.deadline) <= 0) return { stage: 'notice_sent', feeOre: 0 };
  if (dunning === 'agency_notice') {
    const earliestDue = invoices.map((i) => i.dueDate).sort()[0] ?? date;
    return { stage: 'notice_sent', feeOre: noticeFee({ dueDate: earliestDue, date }) };
  }
  return { stage: 'demand_sent', feeOre: salaer({ claimOre: claimOf(invoices), date, debtor: input.debtorKind, vatDeductible: input.vatDeductible, heavy: false }) };
}

/** The label of a case's opening stage: Go is not told it on its own (see pushStatus). */
export function openingStage(dunning: CaseRow['dunning']): 'notice_sent' | 'demand_sent' {
  return dunning === 'agency_notice' ? 'notice_sent' : 'demand_sent';
}

/** What the debtor owes on a case that opens today with these invoices (principal, interest
 *  since due, the opening cost): the balance Go is given when the case is created. */
export function openingBalance(input: Omit<Parameters<typeof opening>[0], 'invoices'> & { invoices: (BalanceInvoice & Pick<CaseInvoiceRow, 'principalOre'>)[]; rates: RateOverrides }): number {
  const { feeOre } = opening(input);
  return caseBalance({ closedAt: null, interestOre: 0, costsOre: feeOre, interestThrough: null }, input.invoices, input.date, input.rates);
}
