// The one family of errors the backend's services throw. A service names what went wrong in
// domain words (a code, a message in Norwegian and English, the fields it concerns); it knows
// nothing of HTTP. One table in http/errors.ts maps each code to a status; app.ts's onError answers
// { error: { code, message, fields } } in the language the request asked for (Accept-Language,
// Norwegian by default), never both joined.

/** A text in both languages the API answers in. */
export type Text = { nb: string; en: string };
export type Lang = keyof Text;

/** Every code a DomainError carries. http/errors.ts's table gives each its HTTP status. */
export const errorCodes = [
  // the request itself
  'validation', 'bad_request', 'too_large', 'not_found', 'unauthorized', 'forbidden', 'invalid_credentials', 'rate_limited', 'date_not_allowed',
  // a creditor on the integration
  'creditor_not_active',
  // sending an invoice to collection
  'not_overdue', 'excluded_customer', 'another_agency_active', 'not_approved',
  // payments and overpayments
  'case_closed', 'overpayment', 'not_open', 'bad_target',
  // one claim of a case: dispute, hold, resume, withdraw
  'claim_not_found', 'claim_not_open', 'not_held',
  // registering a creditor
  'not_configured', 'unavailable', 'unknown_company', 'company_register', 'go_onboarding', 'not_started', 'wrong_client', 'not_connected',
  'agency_contact', 'agreement_changed', 'already_active', 'already_registered', 'email_taken', 'no_details', 'not_active', 'not_active_in_go', 'other_agency', 'go_unreachable',
  // ending a creditor
  'not_ending',
  // remittances
  'posting_refused',
  // PowerOffice GO answered with an error or not at all
  'go_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type DomainErrorOptions = {
  message: Text;
  /** Per field path (`address.postCode`), what is wrong with it. */
  fields?: Record<string, Text>;
  /** Only for errors raised at the HTTP edge itself (routes, middleware); services leave the
   *  status to http/errors.ts's table. */
  status?: number;
};

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly text: Text;
  readonly fields?: Record<string, Text>;
  /** The HTTP status chosen at the edge (options.status); else http/errors.ts's table decides. */
  readonly httpStatus?: number;
  constructor(code: ErrorCode, options: DomainErrorOptions) {
    super(options.message.nb);
    this.name = 'DomainError';
    this.code = code;
    this.text = options.message;
    if (options.fields) this.fields = options.fields;
    if (options.status !== undefined) this.httpStatus = options.status;
  }
}

/** The same text in both languages (a number, an id, a name). */
export const both = (s: string): Text => ({ nb: s, en: s });

/** Field names in the words a person uses, by the last segment of a field's path. */
const fieldLabels: Record<string, Text> = {
  body: { nb: 'innholdet', en: 'the body' },
  email: { nb: 'e-post', en: 'email' },
  password: { nb: 'passord', en: 'password' },
  orgNo: { nb: 'organisasjonsnummer', en: 'organisation number' },
  name: { nb: 'firmanavn', en: 'company name' },
  line1: { nb: 'adresselinje 1', en: 'address line 1' },
  line2: { nb: 'adresselinje 2', en: 'address line 2' },
  postCode: { nb: 'postnummer', en: 'postcode' },
  city: { nb: 'poststed', en: 'town' },
  bankAccount: { nb: 'bankkontonummer', en: 'bank account number' },
  vatDeductible: { nb: 'fradragsrett for MVA', en: 'VAT deduction' },
  firstName: { nb: 'fornavn', en: 'first name' },
  lastName: { nb: 'etternavn', en: 'last name' },
  phone: { nb: 'telefon', en: 'phone' },
  bank: { nb: 'konto for bankinnskudd', en: 'bank account (ledger)' },
  customerLedger: { nb: 'kundekonto', en: 'customer account' },
  interestIncome: { nb: 'konto for renter', en: 'interest account' },
  commission: { nb: 'konto for provisjon', en: 'commission account' },
  collectionFee: { nb: 'konto for salær', en: 'collection fee account' },
  inputVat: { nb: 'konto for inngående MVA', en: 'input VAT account' },
  acceptAgreement: { nb: 'godkjenning av avtalen', en: 'acceptance of the agreement' },
  invoiceNos: { nb: 'fakturanumre', en: 'invoice numbers' },
  invoiceNo: { nb: 'fakturanummer', en: 'invoice number' },
  customerNo: { nb: 'kundenummer', en: 'customer number' },
  excluded: { nb: 'unntatt fra inkasso', en: 'excluded from collection' },
  dunning: { nb: 'purreprofil', en: 'dunning profile' },
  approval: { nb: 'godkjenning', en: 'approval' },
  amountOre: { nb: 'beløp', en: 'amount' },
  paidAt: { nb: 'innbetalingsdato', en: 'payment date' },
  reference: { nb: 'referanse', en: 'reference' },
  acceptOverpayment: { nb: 'godta overbetaling', en: 'accept overpayment' },
  date: { nb: 'dato', en: 'date' },
  half: { nb: 'halvår', en: 'half-year' },
  ratePct: { nb: 'rentesats', en: 'interest rate' },
  source: { nb: 'kilde', en: 'source' },
  refundedAt: { nb: 'tilbakebetalingsdato', en: 'refund date' },
  caseId: { nb: 'sak', en: 'case' },
  id: { nb: 'id', en: 'id' },
  status: { nb: 'status', en: 'status' },
  token: { nb: 'svaret fra PowerOffice GO', en: "PowerOffice GO's answer" },
};

/** `address.postCode` → "postnummer"; an unknown name becomes words (`someField` → "some field"). */
export function fieldLabel(path: string, lang: Lang): string {
  const last = path.split('.').filter((s) => !/^\d+$/.test(s)).pop() ?? path;
  return fieldLabels[last]?.[lang] ?? last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A bad request naming its fields in words: "Ugyldig forespørsel: sjekk postnummer og bankkontonummer". */
export function invalid(fields: Record<string, Text>): DomainError {
  const list = (lang: Lang) => {
    const names = [...new Set(Object.keys(fields).map((p) => fieldLabel(p, lang)))];
    const and = lang === 'nb' ? ' og ' : ' and ';
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')}${and}${names.at(-1)}`;
  };
  return new DomainError('validation', { message: { nb: `Ugyldig forespørsel: sjekk ${list('nb')}`, en: `Invalid request: check ${list('en')}` }, fields });
}

/** Something the caller asked for does not exist (or is another firm's: the same answer). */
export function notFound(what: Text, fields?: Record<string, Text>): DomainError {
  return new DomainError('not_found', { message: { nb: `Fant ikke ${what.nb}`, en: `${what.en.charAt(0).toUpperCase()}${what.en.slice(1)} not found` }, ...(fields ? { fields } : {}) });
}

/** The language a request asks for: the first of nb/nn/no/en in Accept-Language by weight; nb by default. */
export function requestLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'nb';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number.parseFloat(q.slice(2)) : 1;
      return { primary: tag.split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const t of ranked) {
    if (t.primary === 'en') return 'en';
    if (t.primary === 'nb' || t.primary === 'nn' || t.primary === 'no') return 'nb';
  }
  return 'nb';
}
