// Book dates are YYYY-MM-DD strings (Europe/Oslo). Arithmetic is done on UTC midnight, which has no
// daylight saving, so a day is always 86 400 000 ms here.
const DAY = 86_400_000;
const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export type BookDate = string;
export type HalfYear = `${number}H${1 | 2}`;

export function isBookDate(value: string): boolean {
  const m = pattern.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function toTime(date: BookDate): number {
  if (!isBookDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

function fromTime(t: number): BookDate {
  return new Date(t).toISOString().slice(0, 10);
}

export function addDays(date: BookDate, days: number): BookDate {
  return fromTime(toTime(date) + days * DAY);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: BookDate, to: BookDate): number {
  return Math.round((toTime(to) - toTime(from)) / DAY);
}

export function compareDates(a: BookDate, b: BookDate): number {
  return toTime(a) - toTime(b);
}

export function halfYearOf(date: BookDate): HalfYear {
  toTime(date);
  const month = Number(date.slice(5, 7));
  return `${Number(date.slice(0, 4))}H${month <= 6 ? 1 : 2}` as HalfYear;
}

/** First and last day of a half-year. */
export function halfYearBounds(half: HalfYear): { from: BookDate; to: BookDate } {
  const year = half.slice(0, 4);
  return half.endsWith('H1') ? { from: `${year}-01-01`, to: `${year}-06-30` } : { from: `${year}-07-01`, to: `${year}-12-31` };
}

/** '2019-07-15' → '15.07.2019' */
export function toNorwegian(date: BookDate): string {
  toTime(date);
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** '15.07.2019' → '2019-07-15'; null when it is not a date. */
export function fromNorwegian(text: string): BookDate | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isBookDate(iso) ? iso : null;
}
