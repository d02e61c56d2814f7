import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatAccountNo,
  formatOrgNo,
  makeAccountNo,
  makeKid,
  makeOrgNo,
  mod10CheckDigit,
  mod11CheckDigit,
  validateAccountNo,
  validateKid,
  validateNationalId,
  validateOrgNo,
  validatePostCode,
} from '@shared/identifiers';

const digits = (min: number, max = min) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Every number that differs from `value` in exactly one digit position (check digit included). */
function singleDigitChanges(value: string): string[] {
  const out: string[] = [];
  for (let pos = 0; pos < value.length; pos++) {
    for (const d of '0123456789-') {
      if (d === value[pos]) continue;
      if (d === '-' && pos !== value.length - 1) continue; // "-" only ever stands as a check digit
      out.push(value.slice(0, pos) + d + value.slice(pos + 1));
    }
  }
  return out;
}

describe('organisasjonsnummer', () => {
  it('knows the values from DOMAIN.md', () => {
    expect(validateOrgNo('917757046')).toEqual({ ok: true, value: '917757046' });
    expect(validateOrgNo('918 649 999')).toEqual({ ok: true, value: '918649999' });
    expect(validateOrgNo('374644730')).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(formatOrgNo('917757046')).toBe('917 757 046');
    expect(() => formatOrgNo('374644730')).toThrow(RangeError);
  });
  it('says why, in Norwegian first', () => {
    expect(validateOrgNo('12345678')).toMatchObject({ ok: false, reason: 'length' });
    expect(validateOrgNo('9177570461')).toMatchObject({ ok: false, reason: 'length' });
    const bad = validateOrgNo('91775704a');
    expect(bad).toMatchObject({ ok: false, reason: 'non_digit' });
    if (!bad.ok) expect(bad.message).toMatch(/^Organisasjonsnummer kan bare/);
  });
  it('accepts every generated number and refuses every single-digit change of it', () => {
    fc.assert(
      fc.property(digits(8), (base) => {
        const orgNo = makeOrgNo(base);
        if (orgNo === null) {
          // check digit 10: no completion of this base is valid
          for (let d = 0; d < 10; d++) expect(validateOrgNo(base + d).ok).toBe(false);
          return;
        }
        expect(validateOrgNo(orgNo)).toEqual({ ok: true, value: orgNo });
        for (const changed of singleDigitChanges(orgNo)) expect(validateOrgNo(changed).ok).toBe(false);
      }),
    );
  });
  it('has no valid number when the check digit would be 10, and check 0 when the remainder is 0', () => {
    // 10000006: 3·1 + 2·6 = 15 → 11 − 4 = 7; search for the bases with remainder 1 and 0
    let tenBase = '';
    let zeroBase = '';
    for (let i = 0; i < 1000 && !(tenBase && zeroBase); i++) {
      const b = String(10_000_000 + i);
      const sum = [...b].reduce((a, d, k) => a + Number(d) * [3, 2, 7, 6, 5, 4, 3, 2][k]!, 0);
      if (sum % 11 === 1 && !tenBase) tenBase = b;
      if (sum % 11 === 0 && !zeroBase) zeroBase = b;
    }
    expect(makeOrgNo(tenBase)).toBeNull();
    expect(makeOrgNo(zeroBase)).toBe(`${zeroBase}0`);
    expect(mod11CheckDigit(tenBase, [3, 2, 7, 6, 5, 4, 3, 2])).toBeNull();
  });
  it('refuses a malformed base in the generator', () => {
    expect(() => makeOrgNo('1234567')).toThrow(RangeError);
    expect(() => makeOrgNo('1234567a')).toThrow(RangeError);
  });
});

describe('kontonummer', () => {
  it('knows the value from DOMAIN.md, with or without dots and spaces', () => {
    expect(validateAccountNo('15038059359')).toEqual({ ok: true, value: '15038059359' });
    expect(validateAccountNo('1503.80.59359')).toEqual({ ok: true, value: '15038059359' });
    expect(validateAccountNo('1503 80 59359')).toEqual({ ok: true, value: '15038059359' });
    expect(validateAccountNo('15038059358')).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(validateAccountNo('1503805935')).toMatchObject({ ok: false, reason: 'length' });
    expect(validateAccountNo('1503-80-59359')).toMatchObject({ ok: false, reason: 'non_digit' });
    expect(formatAccountNo('15038059359')).toBe('1503.80.59359');
    expect(() => formatAccountNo('15038059358')).toThrow(RangeError);
  });
  it('accepts every generated number and refuses every single-digit change of it', () => {
    fc.assert(
      fc.property(digits(10), (base) => {
        const no = makeAccountNo(base);
        fc.pre(no !== null);
        expect(validateAccountNo(no!).ok).toBe(true);
        for (const changed of singleDigitChanges(no!)) expect(validateAccountNo(changed).ok).toBe(false);
      }),
    );
    expect(() => makeAccountNo('123')).toThrow(RangeError);
  });
});

describe('KID', () => {
  it('checks MOD10 (Luhn) and reports the method', () => {
    expect(mod10CheckDigit('7992739871')).toBe(3);
    expect(validateKid('79927398713')).toEqual({ ok: true, value: { value: '79927398713', method: 'MOD10' } });
    expect(validateKid('7992 7398 713')).toEqual({ ok: true, value: { value: '79927398713', method: 'MOD10' } });
    expect(validateKid('79927398713', 'MOD10')).toMatchObject({ ok: true });
  });
  it('says why', () => {
    expect(validateKid('1')).toMatchObject({ ok: false, reason: 'length' });
    expect(validateKid('1'.repeat(26))).toMatchObject({ ok: false, reason: 'length' });
    expect(validateKid('12a4')).toMatchObject({ ok: false, reason: 'non_digit' });
    expect(validateKid('12-4')).toMatchObject({ ok: false, reason: 'non_digit' });
    const wrong = validateKid('79927398710', 'MOD10');
    expect(wrong).toMatchObject({ ok: false, reason: 'check_digit' });
    if (!wrong.ok) expect(wrong.message).toContain('MOD10');
  });
  it('accepts a MOD11 KID whose check is 10 written as "-", and only as MOD11', () => {
    let body = '';
    for (let i = 10; i < 2000 && !body; i++) if (makeKid(String(i), 'MOD11').endsWith('-')) body = String(i);
    expect(validateKid(`${body}-`)).toEqual({ ok: true, value: { value: `${body}-`, method: 'MOD11' } });
    expect(validateKid(`${body}-`, 'MOD10')).toMatchObject({ ok: false, reason: 'check_digit' });
    for (let d = 0; d < 10; d++) expect(validateKid(`${body}${d}`, 'MOD11').ok).toBe(false);
  });
  it('computes MOD11 with weights 2–7 from the right', () => {
    // body 1234567: 7·2 + 6·3 + 5·4 + 4·5 + 3·6 + 2·7 + 1·2 = 106; 106 mod 11 = 7 → check 4
    expect(makeKid('1234567', 'MOD11')).toBe('12345674');
    expect(validateKid('12345674', 'MOD11')).toEqual({ ok: true, value: { value: '12345674', method: 'MOD11' } });
  });
  for (const method of ['MOD10', 'MOD11'] as const) {
    it(`accepts every generated ${method} KID and refuses every single-digit change of it`, () => {
      fc.assert(
        fc.property(digits(1, 24), (body) => {
          const kid = makeKid(body, method);
          expect(validateKid(kid, method)).toEqual({ ok: true, value: { value: kid, method } });
          for (const changed of singleDigitChanges(kid)) expect(validateKid(changed, method).ok).toBe(false);
        }),
      );
    });
  }
  it('refuses a malformed body in the generator', () => {
    expect(() => makeKid('', 'MOD10')).toThrow(RangeError);
    expect(() => makeKid('1'.repeat(25), 'MOD11')).toThrow(RangeError);
  });
});

describe('postnummer', () => {
  it('is exactly 4 digits', () => {
    expect(validatePostCode('1480')).toEqual({ ok: true, value: '1480' });
    expect(validatePostCode(' 0150 ')).toEqual({ ok: true, value: '0150' });
    expect(validatePostCode('148')).toMatchObject({ ok: false, reason: 'length' });
    expect(validatePostCode('14 80')).toMatchObject({ ok: false, reason: 'non_digit' });
    expect(validatePostCode('14a0')).toMatchObject({ ok: false, reason: 'non_digit' });
  });
});

describe('validateNationalId (fødselsnummer, D-nummer)', () => {
  it.each(['15076500565', '17054026641', '29029900157'])('accepts %s', (n) => expect(validateNationalId(n)).toEqual({ ok: true, value: n }));
  it('refuses a wrong first or second check digit, and a wrong length', () => {
    expect(validateNationalId('15076500575')).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(validateNationalId('15076500566')).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(validateNationalId('1507650056')).toMatchObject({ ok: false, reason: 'length' });
    expect(validateNationalId('150765OO565')).toMatchObject({ ok: false, reason: 'non_digit' });
  });
  it('accepts the separators people write', () => expect(validateNationalId('150765 00565')).toEqual({ ok: true, value: '15076500565' }));
});
