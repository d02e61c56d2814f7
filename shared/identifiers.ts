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

function digitsOnly(input: string, length: number, what: string): IdResult {
  const value = input.replace(/[\s.\u00a0]/g, '');
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

export function validateAccountNo(input: string): IdResult {
  const r = digitsOnly(input, 11, 'Kontonummer');
  if (!r.ok) return r;
  const check = mod11CheckDigit(r.value.slice(0, 10), accountWeights);
  if (check === null || check !== Number(r.value[10])) return fail('check_digit', 'Kontonummeret har feil kontrollsiffer / wrong check digit');
  return r;
}

export type Kid = { value: string; method: 'MOD10' | 'MOD11' };

export function validateKid(input: string): IdResult<Kid> {
  const value = input.replace(/\s/g, '');
  if (value.length < 2 || value.length > 25) return fail('length', 'KID må ha 2–25 tegn / must have 2–25 characters');
  const body = value.slice(0, -1);
  const last = value.slice(-1);
  if (!/^\d+$/.test(body) || !/^[\d-]$/.test(last)) return fail('non_digit', 'KID kan bare inneholde siffer (og "-" til slutt) / only digits');
  if (last !== '-' && mod10CheckDigit(body) === Number(last)) return { ok: true, value: { value, method: 'MOD10' } };
  const check = kidMod11(body);
  if ((check === null && last === '-') || (check !== null && String(check) === last)) return { ok: true, value: { value, method: 'MOD11' } };
  return fail('check_digit', 'KID har feil kontrollsiffer / wrong check digit');
}

export function validatePostCode(input: string): IdResult {
  return digitsOnly(input.trim(), 4, 'Postnummer');
}

/** Completes an 8-digit base with its check digit, or null when no valid number exists for it. */
export function makeOrgNo(base8: string): string | null {
  const check = mod11CheckDigit(base8, orgWeights);
  return check === null ? null : base8 + check;
}

export function makeAccountNo(base10: string): string | null {
  const check = mod11CheckDigit(base10, accountWeights);
  return check === null ? null : base10 + check;
}

export function makeKid(body: string, method: 'MOD10' | 'MOD11'): string {
  if (method === 'MOD10') return body + mod10CheckDigit(body);
  const check = kidMod11(body);
  return body + (check === null ? '-' : String(check));
}
