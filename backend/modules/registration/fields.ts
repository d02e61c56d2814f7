// The wizard's fields and their rules, one source for the page (bundled into its client script)
// and for the API: a field is checked the same way when the user leaves it and when it arrives.
// Messages are Norwegian, first; the API keeps them as they are (the page shows them at the field).
import { validateAccountNo, validateOrgNo, validatePostCode } from '@shared/identifiers';

/** The Norwegian half of shared's "norsk / english" messages. */
const norsk = (message: string) => message.split(' / ')[0]!;

export type FieldRule = (value: string) => string | null;

const required = (what: string): FieldRule => (v) => (v.trim() ? null : `${what} må fylles ut`);

export const rules = {
  orgNo: (v: string) => {
    if (!v.trim()) return 'Organisasjonsnummer må fylles ut';
    const r = validateOrgNo(v.replace(/\s/g, ''));
    return r.ok ? null : norsk(r.message);
  },
  name: (v: string) => (v.trim().length >= 2 ? null : 'Firmanavn må fylles ut'),
  line1: required('Adresselinje 1'),
  line2: (v: string) => (v.length <= 100 ? null : 'Adresselinje 2 kan ha høyst 100 tegn'),
  postCode: (v: string) => {
    if (!v.trim()) return 'Postnummer må fylles ut';
    const r = validatePostCode(v);
    return r.ok ? null : norsk(r.message);
  },
  city: required('Poststed'),
  bankAccount: (v: string) => {
    if (!v.trim()) return 'Bankkontonummer må fylles ut';
    const r = validateAccountNo(v.replace(/[\s.]/g, ''));
    return r.ok ? null : `${norsk(r.message)} (11 siffer, MOD11)`;
  },
  firstName: required('Fornavn'),
  lastName: required('Etternavn'),
  email: (v: string) => (!v.trim() ? 'E-post må fylles ut' : /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v.trim()) ? null : 'Ugyldig e-postadresse (navn@firma.no)'),
  phone: (v: string) => {
    const digits = v.replace(/[\s-]/g, '');
    if (!digits) return null;
    return /^(\+47|0047)?[2-9]\d{7}$/.test(digits) ? null : 'Telefonnummer må ha 8 siffer (ev. med +47 foran)';
  },
  account: (v: string) => {
    if (!v.trim()) return 'Kontonummer må fylles ut';
    return /^\d{4}$/.test(v.trim()) ? null : 'Kontonummer må være 4 siffer';
  },
} satisfies Record<string, FieldRule>;

export const accountKeys = ['bank', 'customerLedger', 'interestIncome', 'commission', 'collectionFee', 'inputVat'] as const;
export type AccountKey = (typeof accountKeys)[number];

/** The guide's accounts and their defaults (inngående MVA only with a VAT deduction right). */
export const accountLabels: Record<AccountKey, { label: string; default: string }> = {
  bank: { label: 'Konto for bankinnskudd / interimskonto', default: '1920' },
  customerLedger: { label: 'Kundekonto', default: '1500' },
  interestIncome: { label: 'Konto for renter', default: '8055' },
  commission: { label: 'Konto for provisjon', default: '6790' },
  collectionFee: { label: 'Konto for salær', default: '7790' },
  inputVat: { label: 'Konto for inngående MVA', default: '2710' },
};

/** Step 3's fields, flat as the page has them, with the rule of each. */
export const step3Fields = ['name', 'line1', 'line2', 'postCode', 'city', 'bankAccount', 'firstName', 'lastName', 'email', 'phone'] as const;
export type Step3Field = (typeof step3Fields)[number];

export function formatPhone(v: string): string {
  return v.replace(/[\s-]/g, '');
}
