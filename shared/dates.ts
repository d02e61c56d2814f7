// Book dates are `YYYY-MM-DD` strings: local dates in Europe/Oslo, with no time and no zone.
// All arithmetic here is on whole day numbers (days since 1970-01-01 in the proleptic Gregorian
// calendar), computed with integer civil-calendar formulas: no Date objects, no clock, no daylight
// saving, so the same input gives the same answer on every machine.

export type BookDate = string;
/** A half-year as the rate tables key it: "2023H1" (1 Jan–30 Jun) or "2023H2" (1 Jul–31 Dec). */
export type HalfYear = `${number}H${1 | 2}`;

export type DateResult = { ok: true; value: BookDate } | { ok: false; message: string };

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const halfPattern = /^(\d{4})H([12])$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parts(value: string): [number, number, number] | null {
  const m = pattern.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

export function isBookDate(value: unknown): value is BookDate {
  return typeof value === 'string' && parts(value) !== null;
}

/** The book dates the product accepts as input: nothing it does is dated before 2000 (the rate
 *  table starts in 2020), and a year past 2099 is a typing error, not a plan. */
export const bookDateRange = { from: '2000-01-01', to: '2099-12-31' } as const;

/** Why `value` is not an acceptable book date (Norwegian first), or null when it is: the
 *  `YYYY-MM-DD` shape, a day that exists in the calendar, and inside `bookDateRange` (or the
 *  narrower bounds given). */
export function bookDateProblem(value: unknown, bounds: { from?: BookDate; to?: BookDate } = {}): string | null {
  const from = bounds.from ?? bookDateRange.from;
  const to = bounds.to ?? bookDateRange.to;
  if (typeof value !== 'string' || !pattern.test(value)) return `Ugyldig dato, bruk ÅÅÅÅ-MM-DD / invalid date, use YYYY-MM-DD`;
  if (!isBookDate(value)) return `Datoen ${value} finnes ikke i kalenderen / ${value} is not a calendar date`;
  if (value < from || value > to) return `Datoen ${value} må være mellom ${from} og ${to} / the date must be between ${from} and ${to}`;
  return null;
}

/** Validates a book date, with a Norwegian-first message for the caller to show. */
export function parseBookDate(value: string): DateResult {
  return isBookDate(value)
    ? { ok: true, value }
    : { ok: false, message: `Ugyldig dato, bruk ÅÅÅÅ-MM-DD / invalid date, use YYYY-MM-DD: "${value}"` };
}

function partsOrThrow(date: BookDate): [number, number, number] {
  const p = parts(date);
  if (!p) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return p;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function toDayNumber(date: BookDate): number {
  const [year, m, d] = partsOrThrow(date);
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The book date of a day number (inverse of `toDayNumber`). */
export function fromDayNumber(dayNumber: number): BookDate {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`not a day number: ${dayNumber}`);
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RangeError(`date out of range: year ${y}`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(date: BookDate, days: number): BookDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: BookDate, to: BookDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1, for sorting; throws on a string that is not a date rather than mis-ordering it. */
export function compareDates(a: BookDate, b: BookDate): -1 | 0 | 1 {
  partsOrThrow(a);
  partsOrThrow(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function halfYearOf(date: BookDate): HalfYear {
  const [y, m] = partsOrThrow(date);
  return `${y}H${m <= 6 ? 1 : 2}` as HalfYear;
}

export function isHalfYear(value: unknown): value is HalfYear {
  return typeof value === 'string' && halfPattern.test(value);
}

/** First and last day of a half-year. */
export function halfYearBounds(half: HalfYear): { from: BookDate; to: BookDate } {
  const m = halfPattern.exec(half);
  if (!m) throw new RangeError(`not a half-year (YYYYH1|YYYYH2): ${half}`);
  const year = m[1];
  return m[2] === '1' ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
}

/** The half-year after `half`: 2023H2 → 2024H1. */
export function nextHalfYear(half: HalfYear): HalfYear {
  const { to } = halfYearBounds(half);
  return halfYearOf(addDays(to, 1));
}

/** '2019-07-15' → '15.07.2019' */
export function toNorwegian(date: BookDate): string {
  partsOrThrow(date);
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** '15.07.2019' (or '5.7.2019') → '2019-07-15'; null when it is not a date. */
export function fromNorwegian(text: string): BookDate | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isBookDate(iso) ? iso : null;
}
