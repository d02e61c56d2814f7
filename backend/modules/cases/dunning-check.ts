// What Go already did about an invoice before it came to us, against the agreed dunning profile.
// Go documents, on each available invoice, the last reminder it sent (lastReminderSentDate,
// lastReminderDueDate, lastReminderVoucherType: 71 purring, 72 inkassovarsel). From that the case
// starts at the lawful step:
//   - Go sent the inkassovarsel: the agency sends no second one; the case is at "Inkassovarsel
//     sendt" from Go's date, and the betalingsoppfordring waits until the notice's 14 days have run
//     (inkassoloven § 9: at least 14 days after the notice was sent, and not before its deadline).
//   - Go sent only a purring, or nothing: the agency sends the inkassovarsel (a purring is not a
//     notice; the demand may not come without one).
// When that is not what the agreed profile expected, the accountant is told (a case event and the
// take answer's notice), since Go's Purring settings and the agreement have drifted apart.
import { addDays, compareDates, toNorwegian as norwegian } from '@shared/dates';
import type { CreditorSettings } from '@shared/api';
import { noticeDays } from '../../domain/claim-stages';

/** The case event that tells the accountant Go's behaviour and the agreed profile differ. */
export const dunningMismatchEvent = 'dunning_mismatch';

export const goVoucherType = { paymentReminder: 71, noticeOfDebtCollection: 72 } as const;

export type GoReminder = { lastReminderSentDate?: string | null; lastReminderDueDate?: string | null; lastReminderVoucherType?: number | null };

export type DunningStart =
  | { kind: 'agency_notice'; mismatch: string | null }
  /** Go sent the notice: the case is at notice_sent from `sentAt`, demand not before `deadline` + 1. */
  | { kind: 'go_notice'; sentAt: string; deadline: string; mismatch: string | null };

const day = (s: string) => s.slice(0, 10);

/** Go's latest reminder over the invoices of one new case (a notice outranks a purring). */
type Sent = { type: 'notice' | 'reminder'; sentAt: string; dueAt: string | null };
function latest(invoices: GoReminder[]): Sent | null {
  let best: Sent | null = null;
  for (const i of invoices) {
    if (!i.lastReminderSentDate || !i.lastReminderVoucherType) continue;
    const type = i.lastReminderVoucherType === goVoucherType.noticeOfDebtCollection ? 'notice' : i.lastReminderVoucherType === goVoucherType.paymentReminder ? 'reminder' : null;
    if (!type) continue;
    const candidate: Sent = { type, sentAt: day(i.lastReminderSentDate), dueAt: i.lastReminderDueDate ? day(i.lastReminderDueDate) : null };
    if (!best || (candidate.type === 'notice' && best.type !== 'notice') || (candidate.type === best.type && compareDates(candidate.sentAt, best.sentAt) > 0)) best = candidate;
  }
  return best;
}

export function dunningStart(profile: CreditorSettings['dunning'], invoices: GoReminder[]): DunningStart {
  const go = latest(invoices);
  if (go?.type === 'notice') {
    const lawful = addDays(go.sentAt, noticeDays);
    const deadline = go.dueAt && compareDates(go.dueAt, lawful) > 0 ? go.dueAt : lawful;
    const mismatch = profile === 'agency_notice'
      ? `PowerOffice GO sendte inkassovarsel ${norwegian(go.sentAt)}, men avtalt purreprofil er at Modhi sender inkassovarselet. Modhi sender ikke et nytt varsel; sjekk Innstillinger → Purring i Go.`
      : null;
    return { kind: 'go_notice', sentAt: go.sentAt, deadline, mismatch };
  }
  if (profile === 'own_reminders') {
    const what = go ? `bare purring (${norwegian(go.sentAt)})` : 'ingen purring eller inkassovarsel';
    return { kind: 'agency_notice', mismatch: `Avtalt purreprofil er egne purringer og inkassovarsel fra PowerOffice GO, men Go sendte ${what}. Modhi sender inkassovarselet først; sjekk Innstillinger → Purring i Go.` };
  }
  if (go?.type === 'reminder') {
    return { kind: 'agency_notice', mismatch: `PowerOffice GO sendte purring ${norwegian(go.sentAt)}, men avtalt purreprofil er at Modhi sender første purring (inkassovarsel). Sjekk Innstillinger → Purring i Go.` };
  }
  return { kind: 'agency_notice', mismatch: null };
}
