import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rowId } from './ids';

const uuid = z.uuid();

describe('rowId', () => {
  it('is a UUID version 7 (RFC 9562) that zod accepts, its time first', () => {
    const id = rowId('2026-12-02T09:00:00.000Z');
    expect(uuid.safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(Date.parse('2026-12-02T09:00:00.000Z'));
  });

  it('keeps increasing under a fixed clock, past the 4 096 a millisecond holds, with no repeat', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const ids = Array.from({ length: 10_000 }, () => rowId(at));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('never goes backwards when the clock does', () => {
    const later = rowId('2031-05-01T10:00:00Z');
    const earlier = rowId('2031-04-01T10:00:00Z');
    expect(earlier > later).toBe(true);
    expect(rowId(new Date('2031-06-01T00:00:00Z')) > earlier).toBe(true);
  });

  it('refuses what is not a time', () => {
    expect(() => rowId('not a date')).toThrow(RangeError);
  });
});
