import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bookDateProblem,
  bookDateRange,
  addDays,
  compareDates,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  fromNorwegian,
  halfYearBounds,
  halfYearOf,
  isBookDate,
  isHalfYear,
  isLeapYear,
  nextHalfYear,
  parseBookDate,
  toDayNumber,
  toNorwegian,
} from '@shared/dates';
import { caseStages, isClosedStage, stageLabel, stageLabels } from '@shared/stages';
import { fixedClock, osloDate, systemClock, today } from '@shared/clock';
import { apiError, bookDateInput, halfYear, invoiceStatusRequest, maxPaymentOre, registerPaymentRequest } from '@shared/api';

describe('book dates', () => {
  it('validates and moves dates', () => {
    expect(isBookDate('2024-02-29')).toBe(true);
    expect(isBookDate('2023-02-29')).toBe(false);
    expect(isBookDate('2023-2-1')).toBe(false);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-03-31', -31)).toBe('2024-02-29');
    expect(daysBetween('2023-06-15', '2023-07-15')).toBe(30);
    expect(compareDates('2023-01-02', '2023-01-01')).toBeGreaterThan(0);
    expect(() => addDays('nope', 1)).toThrow(RangeError);
  });
  it('validates calendar rules', () => {
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2024)).toBe(true);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 4)).toBe(30);
    expect(daysInMonth(2023, 12)).toBe(31);
    expect(isBookDate('2000-02-29')).toBe(true);
    expect(isBookDate('1900-02-29')).toBe(false);
    expect(isBookDate('2023-13-01')).toBe(false);
    expect(isBookDate('2023-00-10')).toBe(false);
    expect(isBookDate('2023-04-31')).toBe(false);
    expect(isBookDate('2023-04-00')).toBe(false);
    expect(isBookDate(' 2023-04-01')).toBe(false);
    expect(isBookDate(20230401)).toBe(false);
    expect(parseBookDate('2023-04-01')).toEqual({ ok: true, value: '2023-04-01' });
    expect(parseBookDate('01.04.2023')).toMatchObject({ ok: false, message: expect.stringMatching(/^Ugyldig dato/) });
  });
  it('numbers days like the UTC calendar does (oracle: Date.UTC)', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1) / 86_400_000, max: Date.UTC(9999, 11, 31) / 86_400_000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(fromDayNumber(day)).toBe(iso);
        expect(toDayNumber(iso)).toBe(day);
        expect(isBookDate(iso)).toBe(true);
      }),
    );
    expect(() => fromDayNumber(1.5)).toThrow(RangeError);
    expect(() => fromDayNumber(toDayNumber('9999-12-31') + 1)).toThrow(RangeError);
    expect(() => addDays('2024-01-01', 0.5)).toThrow(RangeError);
  });
  it('compares and refuses non-dates instead of mis-ordering them', () => {
    expect(compareDates('2023-01-01', '2023-01-01')).toBe(0);
    expect(compareDates('2022-12-31', '2023-01-01')).toBe(-1);
    expect(() => compareDates('2023-1-1', '2023-01-01')).toThrow(RangeError);
    expect(() => compareDates('2023-01-01', 'x')).toThrow(RangeError);
    expect(() => toNorwegian('2023-02-30')).toThrow(RangeError);
  });
  it('knows half-years', () => {
    expect(nextHalfYear('2023H2')).toBe('2024H1');
    expect(nextHalfYear('2024H1')).toBe('2024H2');
    expect(isHalfYear('2024H2')).toBe(true);
    expect(isHalfYear('2024H3')).toBe(false);
    expect(isHalfYear('24H1')).toBe(false);
    expect(() => halfYearBounds('2024H3' as '2024H1')).toThrow(RangeError);
    expect(halfYearOf('2023-06-30')).toBe('2023H1');
    expect(halfYearOf('2023-07-01')).toBe('2023H2');
    expect(halfYearBounds('2023H2')).toEqual({ from: '2023-07-01', to: '2023-12-31' });
    expect(halfYearBounds('2024H1')).toEqual({ from: '2024-01-01', to: '2024-06-30' });
  });
  it('converts to and from Norwegian display', () => {
    expect(toNorwegian('2019-07-15')).toBe('15.07.2019');
    expect(fromNorwegian('15.07.2019')).toBe('2019-07-15');
    expect(fromNorwegian('5.7.2019')).toBe('2019-07-05');
    expect(fromNorwegian('31.02.2019')).toBeNull();
    expect(fromNorwegian('SUM')).toBeNull();
  });
});

describe('clock', () => {
  it('gives the Oslo book date, across midnight UTC', () => {
    expect(osloDate(new Date('2026-11-27T23:30:00Z'))).toBe('2026-11-28');
    expect(osloDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // CEST
    const clock = fixedClock('2026-01-01T12:00:00Z');
    expect(today(clock)).toBe('2026-01-01');
    clock.advanceDays(31);
    expect(today(clock)).toBe('2026-02-01');
    clock.set('2027-03-01T00:00:00Z');
    expect(today(clock)).toBe('2027-03-01');
    expect(systemClock.now()).toBeInstanceOf(Date);
  });
});

describe('stages', () => {
  it('labels every stage in Norwegian and English', () => {
    expect(caseStages.map((s) => stageLabel(s))).toEqual([
      'Utkast', 'Godkjent', 'Inkassovarsel sendt', 'Betalingsoppfordring sendt', 'Rettslig inndrivelse', 'Betalt', 'Avskrevet', 'Avvist', 'Avsluttet',
    ]);
    expect(stageLabel('notice_sent', 'en')).toBe('Collection notice sent');
    expect(Object.keys(stageLabels)).toHaveLength(caseStages.length);
    expect(isClosedStage('paid')).toBe(true);
    expect(isClosedStage('legal')).toBe(false);
  });
});

describe('api schemas', () => {
  it('bounds the invoice-status batch and validates payments', () => {
    expect(invoiceStatusRequest.safeParse({ invoiceNos: [1, 2] }).success).toBe(true);
    expect(invoiceStatusRequest.safeParse({ invoiceNos: Array.from({ length: 1001 }, (_, i) => i + 1) }).success).toBe(false);
    expect(registerPaymentRequest.safeParse({ amountOre: 0, paidAt: '2026-01-01', reference: 'x' }).success).toBe(false);
    expect(registerPaymentRequest.safeParse({ amountOre: 100, paidAt: '2026-1-1', reference: 'x' }).success).toBe(false);
    expect(apiError.safeParse({ error: { code: 'validation', message: 'm', fields: { a: 'b' } } }).success).toBe(true);
  });
  it('bounds a payment: positive whole øre up to 100 000 000 kr', () => {
    const pay = (amountOre: unknown) => registerPaymentRequest.safeParse({ amountOre, paidAt: '2026-01-01', reference: 'x' });
    expect(pay(maxPaymentOre).success).toBe(true);
    expect(pay(1).success).toBe(true);
    for (const v of [maxPaymentOre + 1, Number.MAX_SAFE_INTEGER, -1, 0, 1.5, Number.NaN, '100', null]) expect(pay(v).success, String(v)).toBe(false);
    expect(pay(Number.MAX_SAFE_INTEGER).error!.issues[0]!.message).toMatch(/^Beløpet kan ikke være over 10000000000 øre/);
  });
  it('checks a book date against the calendar and the range, Norwegian first', () => {
    expect(bookDateProblem('2026-02-28')).toBeNull();
    expect(bookDateProblem('2024-02-29')).toBeNull();
    expect(bookDateProblem(bookDateRange.from)).toBeNull();
    expect(bookDateProblem(bookDateRange.to)).toBeNull();
    expect(bookDateProblem('2026-02-30')).toMatch(/^Datoen 2026-02-30 finnes ikke i kalenderen \/ /);
    expect(bookDateProblem('1999-12-31')).toMatch(/^Datoen 1999-12-31 må være mellom 2000-01-01 og 2099-12-31/);
    expect(bookDateProblem('2026-06-01', { from: '2026-06-02' })).toMatch(/mellom 2026-06-02 og 2099-12-31/);
    expect(bookDateProblem('2026-06-03', { to: '2026-06-02' })).toMatch(/mellom 2000-01-01 og 2026-06-02/);
    expect(bookDateProblem(20260101)).toMatch(/^Ugyldig dato/);
    expect(bookDateInput.safeParse('2026-13-01').success).toBe(false);
    expect(bookDateInput.safeParse('2026-12-01').success).toBe(true);
    expect(halfYear.safeParse('2027H1').success).toBe(true);
    expect(halfYear.safeParse('2027H3').success).toBe(false);
  });
});

describe('index', () => {
  it('re-exports the domain core', async () => {
    const core = await import('@shared/index');
    expect(core.formatOre(125050)).toBe('1\u00a0250,50');
    expect(core.validateOrgNo('917757046').ok).toBe(true);
    expect(core.interest({ principalOre: 1_000_000, dueDate: '2023-06-15', paidDate: '2023-07-15' }).interestOre).toBe(9247);
    expect(core.stageLabel('draft')).toBe('Utkast');
  });
});
