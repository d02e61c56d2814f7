// The per-claim rules, by hand: steps by each claim's own deadline, salær on claims collected
// together (consumer versus business), Go's status text for stopped claims, the deadline after a
// resumption, the breakdown's identity, standardkompensasjon, the letter's wording and wrapping.
import { describe, expect, it } from 'vitest';
import { caseStageOf, dueSteps, heavyShare, resumedDeadline, salaerShare, statusText, type Claim } from '@backend/domain/claim-stages';
import { breakdownOf } from '@backend/domain/breakdown';
import { letterContent, letterLines } from '@backend/domain/letter-content';
import { wrap } from '@backend/modules/cases/letters';
import { standardCompensationFor } from '@shared/fees';

const base: Claim = { id: 'a', invoiceNo: 21, dueDate: '2026-11-13', principalOre: 24_000_000, state: 'open', claimStage: 'approved', noticeDeadline: null, demandSentAt: null, demandDeadline: null, hold: null, heavyAt: null, linkedInGo: true };

describe('dueSteps', () => {
  it('starts a linked claim with its own notice (14 days), or with the demand under own reminders', () => {
    expect(dueSteps([base], '2026-11-28', 'agency_notice')).toEqual([{ kind: 'notice', claimId: 'a', at: '2026-11-28', deadline: '2026-12-12' }]);
    expect(dueSteps([base], '2026-11-28', 'own_reminders')).toEqual([{ kind: 'demand', claimId: 'a', at: '2026-11-28', deadline: '2026-12-12' }]);
    expect(dueSteps([{ ...base, linkedInGo: false }], '2026-11-28', 'agency_notice')).toEqual([]);
  });
  it('moves each claim by its own deadline only', () => {
    const first = { ...base, claimStage: 'notice_sent' as const, noticeDeadline: '2026-12-12' };
    const second = { ...base, id: 'b', invoiceNo: 700, claimStage: 'notice_sent' as const, noticeDeadline: '2026-12-19' };
    expect(dueSteps([first, second], '2026-12-12', 'agency_notice')).toEqual([]);
    expect(dueSteps([first, second], '2026-12-13', 'agency_notice')).toEqual([{ kind: 'demand', claimId: 'a', at: '2026-12-13', deadline: '2026-12-27' }]);
    expect(dueSteps([first, second], '2026-12-20', 'agency_notice').map((s) => [s.claimId, s.at])).toEqual([['a', '2026-12-13'], ['b', '2026-12-20']]);
  });
  it('a held, paid or withdrawn claim makes no step', () => {
    const late = { ...base, claimStage: 'notice_sent' as const, noticeDeadline: '2026-12-12' };
    for (const c of [{ ...late, hold: 'disputed' as const }, { ...late, hold: 'on_hold' as const }, { ...late, state: 'paid' as const }, { ...late, state: 'withdrawn' as const }]) {
      expect(dueSteps([c], '2027-02-01', 'agency_notice')).toEqual([]);
    }
  });
  it('legal after the demand deadline, tungt salær once it is missed by more than 28 days', () => {
    const demand = { ...base, claimStage: 'demand_sent' as const, demandSentAt: '2026-12-13', demandDeadline: '2026-12-27' };
    expect(dueSteps([demand], '2026-12-28', 'agency_notice')).toEqual([{ kind: 'legal', claimId: 'a', at: '2026-12-28' }]);
    expect(dueSteps([demand], '2027-01-25', 'agency_notice').map((s) => s.kind)).toEqual(['legal', 'heavy']);
    expect(dueSteps([{ ...demand, claimStage: 'legal' }], '2027-01-24', 'agency_notice')).toEqual([]);
    expect(dueSteps([{ ...demand, claimStage: 'legal', heavyAt: '2027-01-25' }], '2027-03-01', 'agency_notice')).toEqual([]);
  });
});

describe('salær for claims collected together', () => {
  const business = { date: '2026-12-13', debtor: 'business' as const, vatDeductible: true, heavy: false };
  const consumer = { ...business, debtor: 'consumer' as const };
  it('consumer versus business: 240 000 kr is 3.6 × 750 = 2 700 kr, × 1.5 = 4 050 kr for a business', () => {
    expect(salaerShare(0, 24_000_000, consumer)).toBe(270_000);
    expect(salaerShare(0, 24_000_000, business)).toBe(405_000);
    // Without VAT deduction × 1.25: 3 375 kr for the consumer.
    expect(salaerShare(0, 24_000_000, { ...consumer, vatDeductible: false })).toBe(337_500);
  });
  it('a joining claim adds what the sum’s salær grows by, at most its own salær alone', () => {
    // 240 000 + 1 000 kr stays in the same bracket: nothing more.
    expect(salaerShare(24_000_000, 100_000, business)).toBe(0);
    // 240 000 + 20 000 crosses 250 000: the sum's salær grows by 8 100 − 4 050 = 4 050 kr, the claim
    // alone is 1.6 × 750 × 1.5 = 1 800 kr: 1 800 kr.
    expect(salaerShare(24_000_000, 2_000_000, business)).toBe(180_000);
    // 2 000 + 3 000 kr (consumer): on the sum 5 000 kr → 0.8 × 750 = 600 kr; the first alone 0.4 × 750 = 300 kr, so 300 kr more.
    expect(salaerShare(0, 200_000, consumer) + salaerShare(200_000, 300_000, consumer)).toBe(60_000);
  });
  it('tungt salær doubles the share: the extra is the lett share again', () => {
    expect(heavyShare(0, 24_000_000, business)).toBe(405_000);
    expect(heavyShare(24_000_000, 2_000_000, business)).toBe(180_000);
  });
});

describe('case stage and Go status text', () => {
  it('the case is at its most advanced open claim', () => {
    expect(caseStageOf([{ state: 'open', claimStage: 'notice_sent' }, { state: 'open', claimStage: 'demand_sent' }, { state: 'paid', claimStage: 'legal' }])).toBe('demand_sent');
    expect(caseStageOf([{ state: 'paid', claimStage: 'legal' }])).toBeNull();
  });
  it('"Bestridt – stanset" when every open claim is stopped; the stopped claims named otherwise', () => {
    expect(statusText('notice_sent', [{ state: 'open', hold: 'disputed', invoiceNo: 21 }])).toBe('Bestridt – stanset');
    expect(statusText('notice_sent', [{ state: 'open', hold: 'on_hold', invoiceNo: 21 }])).toBe('Stanset');
    expect(statusText('demand_sent', [{ state: 'open', hold: null, invoiceNo: 21 }, { state: 'open', hold: 'disputed', invoiceNo: 700 }])).toBe('Betalingsoppfordring sendt (faktura 700: bestridt – stanset)');
    expect(statusText('demand_sent', [{ state: 'open', hold: null, invoiceNo: 21 }])).toBe('Betalingsoppfordring sendt');
  });
});

describe('resumedDeadline', () => {
  it('keeps a running deadline, renews one that ran out during the stop', () => {
    const notice = { claimStage: 'notice_sent' as const, noticeDeadline: '2026-12-12', demandDeadline: null };
    expect(resumedDeadline(notice, '2026-12-10')).toEqual({ kind: 'notice', deadline: '2026-12-12', renewed: false });
    expect(resumedDeadline(notice, '2026-12-22')).toEqual({ kind: 'notice', deadline: '2027-01-05', renewed: true });
    expect(resumedDeadline({ claimStage: 'legal', noticeDeadline: null, demandDeadline: '2026-12-27' }, '2027-01-10')).toBeNull();
  });
});

describe('breakdownOf', () => {
  it('hovedstol + renter + gebyrer + salær − innbetalt = saldo, interest per period with its rate', () => {
    const claims = [{ id: 'a', invoiceNo: 21, dueDate: '2026-11-13', principalOre: 24_000_000, openOre: 23_000_000, state: 'open' as const }];
    // Booked 1 000 kr of interest through 2026-12-01, of which a payment took 500 kr; fee 37,50, salær 4 050.
    const payments = [{ costsOre: 408_750, interestOre: 50_000, principalOre: 1_000_000, principalByInvoice: [{ caseInvoiceId: 'a', principalOre: 1_000_000 }] }];
    const c = { stage: 'demand_sent', closedAt: null, interestOre: 50_000, costsOre: 0, interestThrough: '2026-12-01' };
    // Pending: 230 000 kr × 12 % × 19 days (2026-12-02 … 2026-12-20) / 365 = 1 436,71 kr
    const pending = Math.round((23_000_000 * 0.12 * 19) / 365);
    const balanceOre = 23_000_000 + 50_000 + pending;
    const b = breakdownOf({ c, claims, events: [{ kind: 'notice_sent', amountOre: 3_750 }, { kind: 'demand_sent', amountOre: 405_000 }, { kind: 'payment', amountOre: 1_458_750 }], payments, date: '2026-12-20', rates: {}, balanceOre });
    expect(b.interest).toEqual([
      { kind: 'booked', invoiceNo: null, from: null, to: '2026-12-01', days: null, ratePct: null, provisional: false, interestOre: 100_000 },
      { kind: 'period', invoiceNo: 21, from: '2026-12-02', to: '2026-12-20', days: 19, ratePct: 12, provisional: true, interestOre: pending }, // 2026H2 has no shipped rate: the last known, marked
    ]);
    expect(b).toMatchObject({ principalOre: 24_000_000, interestOre: 100_000 + pending, feesOre: 3_750, salaerOre: 405_000, paidOre: 1_458_750, writtenOffOre: 0, withdrawnOre: 0 });
    expect(b.principalOre + b.interestOre + b.feesOre + b.salaerOre - b.paidOre - b.writtenOffOre - b.withdrawnOre).toBe(balanceOre);
  });
});

describe('standardkompensasjon', () => {
  it('only for a business debtor, only without reminder fees, only at a known rate', () => {
    expect(standardCompensationFor({ date: '2026-03-01', debtor: 'business', reminderFeesOre: 0 })).toMatchObject({ ore: 46_000 });
    expect(standardCompensationFor({ date: '2025-03-01', debtor: 'business', reminderFeesOre: 0 })).toMatchObject({ ore: 47_000 });
    expect(standardCompensationFor({ date: '2026-03-01', debtor: 'consumer', reminderFeesOre: 0 })).toBeNull();
    expect(standardCompensationFor({ date: '2026-03-01', debtor: 'business', reminderFeesOre: 3_750 })).toBeNull();
    expect(standardCompensationFor({ date: '2026-09-01', debtor: 'business', reminderFeesOre: 0 })).toBeNull();
  });
});

describe('letter content', () => {
  const input = {
    kind: 'demand' as const, sentAt: '2026-12-13', deadline: '2026-12-27', creditor: { name: 'Conecto AS', orgNo: '999999999' },
    debtor: { name: 'Ola Nordmann', customerNo: '10001', orgNo: null, kind: 'consumer' as const },
    claims: [{ invoiceNo: 5, invoiceDate: '2026-10-30', dueDate: '2026-11-13', openOre: 100_000 }], feesOre: 3_750, salaerOre: 24_500, rates: {},
  };
  it('a consumer is told of free debt advice; the amount is split and totalled', () => {
    const l = letterContent(input);
    // 1 000 kr × 12 % × 30 days (2026-11-14 … 2026-12-13) / 365 = 9,86 kr
    expect(l.amount).toEqual({ principalOre: 100_000, interestOre: 986, feesOre: 3_750, salaerOre: 24_500, totalOre: 129_236 });
    expect(l.wording.join(' ')).toContain('NAV økonomirådgivning');
    expect(l.consequences.join(' ')).toContain('rettslig inndrivelse');
    expect(letterContent({ ...input, debtor: { ...input.debtor, kind: 'business' } }).wording.join(' ')).not.toContain('NAV');
    expect(letterLines(l)).toContain('Betalingsoppfordring');
  });
  it('wraps a line at spaces to the width, cutting a word longer than a line', () => {
    const font = { widthOfTextAtSize: (s: string) => s.length };
    expect(wrap('aaa bbb ccc', font, 10, 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('abcdefghij', font, 10, 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
