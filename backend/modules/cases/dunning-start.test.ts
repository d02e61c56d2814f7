// The dunning choice against what Go did: from the documented lastReminder* of available invoices.
import { describe, expect, it } from 'vitest';
import { dunningStart } from '@backend/modules/cases/dunning-check';

const notice = { lastReminderSentDate: '2026-11-10T00:00:00', lastReminderDueDate: '2026-11-24', lastReminderVoucherType: 72 };
const reminder = { lastReminderSentDate: '2026-11-01', lastReminderDueDate: '2026-11-15', lastReminderVoucherType: 71 };
const nothing = { lastReminderSentDate: null, lastReminderDueDate: null, lastReminderVoucherType: null };

describe('dunningStart', () => {
  it('never sends a second inkassovarsel when Go sent one, and waits out its 14 days', () => {
    expect(dunningStart('own_reminders', [notice])).toEqual({ kind: 'go_notice', sentAt: '2026-11-10', deadline: '2026-11-24', mismatch: null });
    // Go's own deadline shorter than the law's 14 days: the law's.
    expect(dunningStart('own_reminders', [{ ...notice, lastReminderDueDate: '2026-11-15' }])).toMatchObject({ kind: 'go_notice', deadline: '2026-11-24' });
    // A later, longer deadline from Go is kept.
    expect(dunningStart('own_reminders', [{ ...notice, lastReminderDueDate: '2026-12-01' }])).toMatchObject({ deadline: '2026-12-01' });
  });

  it('a notice outranks a later purring among the invoices of one case', () => {
    expect(dunningStart('own_reminders', [{ ...reminder, lastReminderSentDate: '2026-11-20' }, notice])).toMatchObject({ kind: 'go_notice', sentAt: '2026-11-10' });
  });

  it('says so when Go sent the notice although the agency was to send it', () => {
    const r = dunningStart('agency_notice', [notice]);
    expect(r).toMatchObject({ kind: 'go_notice' });
    expect(r.mismatch).toMatch(/^PowerOffice GO sendte inkassovarsel 10\.11\.2026, men avtalt purreprofil er at Modhi sender inkassovarselet/);
  });

  it('the agency sends the notice after a purring or nothing, and flags own reminders that Go did not send', () => {
    expect(dunningStart('agency_notice', [nothing])).toEqual({ kind: 'agency_notice', mismatch: null });
    expect(dunningStart('agency_notice', [reminder]).mismatch).toMatch(/^PowerOffice GO sendte purring 01\.11\.2026/);
    expect(dunningStart('own_reminders', [reminder])).toMatchObject({ kind: 'agency_notice', mismatch: expect.stringMatching(/Go sendte bare purring \(01\.11\.2026\)\. Modhi sender inkassovarselet først/) });
    expect(dunningStart('own_reminders', [{}]).mismatch).toMatch(/Go sendte ingen purring eller inkassovarsel/);
    // An unknown voucher type is not taken for a reminder.
    expect(dunningStart('agency_notice', [{ ...reminder, lastReminderVoucherType: 73 }])).toEqual({ kind: 'agency_notice', mismatch: null });
  });
});
