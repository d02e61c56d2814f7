// The sandbox's own small helpers. It imports nothing of the product (not even shared/): it is the
// independent stand-in for PowerOffice GO that our tests compare against.
const DAY = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export function isDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** "2019-07-15" → "15.07.2019" as Go shows dates. */
export function displayDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** Øre → "180 000,00" with a no-break space, as Go shows amounts. */
export function displayAmount(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const kr = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${kr},${String(abs % 100).padStart(2, '0')}`;
}

/** Go's APIs take and give kroner as decimal numbers. */
export function toKroner(ore: number): number {
  return Math.round(ore) / 100;
}

export function toOre(kroner: number): number {
  return Math.round(kroner * 100);
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** MOD11 org number check, the sandbox's own (Brønnøysund refuses invalid numbers). */
export function validOrgNo(orgNo: string): boolean {
  if (!/^\d{9}$/.test(orgNo)) return false;
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(orgNo[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(orgNo[8]);
}

/** A Luhn (MOD10) KID for an invoice. */
export function kidFor(customerCode: string, invoiceNo: number): string {
  const body = `${customerCode.padStart(6, '0')}${String(invoiceNo).padStart(7, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

/** A small seeded PRNG (mulberry32) so fault injection and generated ledgers repeat. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
