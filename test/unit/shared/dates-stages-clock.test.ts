import { describe, expect, it } from 'vitest';
import { addDays, compareDates, daysBetween, fromNorwegian, halfYearBounds, halfYearOf, isBookDate, toNorwegian } from '@shared/dates';
import { caseStages, isClosedStage, stageLabel, stageLabels } from '@shared/stages';
import { fixedClock, osloDate, systemClock, today } from '@shared/clock';
import { apiError, invoiceStatusRequest, registerPaymentRequest } from '@shared/api';

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
  it('knows half-years', () => {
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
});
