// Norwegian identifiers. Each check returns a typed result with the reason when invalid.
export type IdReason = 'length' | 'non_digit' | 'check_digit';
export type IdResult<T = string> = { ok: true; value: T } | { ok: false; reason: IdReason; message: string };

const orgWeights = [3, 2, 7, 6, 5, 4, 3, 2];
const accountWeights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** MOD11 check digit for `digits` with the given weights; null when the check would be 10. */
export function mod11CheckDigit(digits: string, weights: readonly number[]): number | null {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/** MOD11 with weights 2,3,4,5,6,7 repeating from the right, as KID uses. */
function kidMod11(body: string): number | null {
  const weights: number[] = [];
  for (let i = 0; i < body.length; i++) weights.unshift(2 + (i % 6));
  return mod11CheckDigit(body, weights);
}

/** MOD10 (Luhn) check digit for `body`. */
export function mod10CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function fail(reason: IdReason, message: string): { ok: false; reason: IdReason; message: string } {
  return { ok: false, reason, message };
}

/** Strips the separators people write (spaces, dots: "1503.80.59359", "918 649 999"). */
function digitsOnly(input: string, length: number, what: string): IdResult {
  const value = input.replace(/[\s.\u00a0\u202f]/g, '');
  if (!/^\d*$/.test(value)) return fail('non_digit', `${what} kan bare inneholde siffer / only digits`);
  if (value.length !== length) return fail('length', `${what} må ha ${length} siffer / must have ${length} digits`);
  return { ok: true, value };
}

export function validateOrgNo(input: string): IdResult {
  const r = digitsOnly(input, 9, 'Organisasjonsnummer');
  if (!r.ok) return r;
  const check = mod11CheckDigit(r.value.slice(0, 8), orgWeights);
  if (check === null || check !== Number(r.value[8])) return fail('check_digit', 'Organisasjonsnummeret har feil kontrollsiffer / wrong check digit');
  return r;
}

const nationalIdWeights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const nationalIdWeights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Fødselsnummer or D-nummer: 11 digits, two MOD11 check digits (weights 3,7,6,1,8,9,4,5,2 and
 *  5,4,3,2,7,6,5,4,3,2). Only the check digits are verified: the date part of a D-nummer (day + 40)
 *  and of synthetic test numbers (month + 40 or + 80) is not a calendar date. */
export function validateNationalId(input: string): IdResult {
  const r = digitsOnly(input, 11, 'Fødselsnummer');
  if (!r.ok) return r;
  const k1 = mod11CheckDigit(r.value.slice(0, 9), nationalIdWeights1);
  const k2 = k1 === null ? null : mod11CheckDigit(r.value.slice(0, 10), nationalIdWeights2);
  if (k1 !== Number(r.value[9]) || k2 !== Number(r.value[10])) return fail('check_digit', 'Fødselsnummeret har feil kontrollsiffer / wrong check digit');
  return r;
}

export function validateAccountNo(input: string): IdResult {
  const r = digitsOnly(input, 11, 'Kontonummer');
  if (!r.ok) return r;
  const check = mod11CheckDigit(r.value.slice(0, 10), accountWeights);
  if (check === null || check !== Number(r.value[10])) return fail('check_digit', 'Kontonummeret har feil kontrollsiffer / wrong check digit');
  return r;
}

export type KidMethod = 'MOD10' | 'MOD11';
export type Kid = { value: string; method: KidMethod };

/**
 * KID (customer reference on a giro): 2–25 characters, digits with a check digit by MOD10 (Luhn)
 * or MOD11 (weights 2–7 from the right; a check of 10 is written "-"). Without `method` either is
 * accepted and the result says which held (MOD10 is tried first); with `method` — the scheme the
 * creditor's bank agreement uses — only that one is accepted.
 */
export function validateKid(input: string, method?: KidMethod): IdResult<Kid> {
  const value = input.replace(/\s/g, '');
  if (!/^\d*[\d-]?$/.test(value)) return fail('non_digit', 'KID kan bare inneholde siffer (og "-" til slutt) / only digits, and "-" last');
  if (value.length < 2 || value.length > 25) return fail('length', 'KID må ha 2–25 tegn / must have 2–25 characters');
  const body = value.slice(0, -1);
  const last = value.slice(-1);
  if (method !== 'MOD11' && last !== '-' && mod10CheckDigit(body) === Number(last)) return { ok: true, value: { value, method: 'MOD10' } };
  if (method !== 'MOD10') {
    const check = kidMod11(body);
    if ((check === null ? '-' : String(check)) === last) return { ok: true, value: { value, method: 'MOD11' } };
  }
  return fail('check_digit', `KID har feil kontrollsiffer${method ? ` (${method})` : ''} / wrong check digit`);
}

/** Postnummer: exactly 4 digits (no check digit; whether it exists is Posten's register). */
export function validatePostCode(input: string): IdResult {
  const value = input.trim();
  if (!/^\d*$/.test(value)) return fail('non_digit', 'Postnummer kan bare inneholde siffer / only digits');
  if (value.length !== 4) return fail('length', 'Postnummer må ha 4 siffer / must have 4 digits');
  return { ok: true, value };
}

function requireDigits(base: string, min: number, max: number, what: string): void {
  if (!/^\d+$/.test(base) || base.length < min || base.length > max) throw new RangeError(`${what}: expected ${min === max ? min : `${min}–${max}`} digits, got "${base}"`);
}

/** Completes an 8-digit base with its check digit, or null when no valid number exists for it. */
export function makeOrgNo(base8: string): string | null {
  requireDigits(base8, 8, 8, 'makeOrgNo');
  const check = mod11CheckDigit(base8, orgWeights);
  return check === null ? null : base8 + check;
}

/** Completes a 10-digit base with its check digit, or null when no valid number exists for it. */
export function makeAccountNo(base10: string): string | null {
  requireDigits(base10, 10, 10, 'makeAccountNo');
  const check = mod11CheckDigit(base10, accountWeights);
  return check === null ? null : base10 + check;
}

/** Appends the check digit to a KID body of 1–24 digits (MOD11 may append "-"). */
export function makeKid(body: string, method: KidMethod): string {
  requireDigits(body, 1, 24, 'makeKid');
  if (method === 'MOD10') return body + mod10CheckDigit(body);
  const check = kidMod11(body);
  return body + (check === null ? '-' : String(check));
}

/** "15038059359" → "1503.80.59359", the way kontonummer are printed. */
export function formatAccountNo(accountNo: string): string {
  const r = validateAccountNo(accountNo);
  if (!r.ok) throw new RangeError(r.message);
  return `${r.value.slice(0, 4)}.${r.value.slice(4, 6)}.${r.value.slice(6)}`;
}

/** "917757046" → "917 757 046", the way Brønnøysundregistrene prints organisasjonsnummer. */
export function formatOrgNo(orgNo: string): string {
  const r = validateOrgNo(orgNo);
  if (!r.ok) throw new RangeError(r.message);
  return `${r.value.slice(0, 3)} ${r.value.slice(3, 6)} ${r.value.slice(6)}`;
}
