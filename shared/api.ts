// Request and response schemas of the backend's /api/v1, shared by the backend (which validates
// with them) and the extension (which reads with them). Money is integer øre, book dates are
// YYYY-MM-DD (Europe/Oslo), instants are UTC ISO strings.
import { z } from 'zod';
import { caseStages } from './stages';
import { bookDateProblem, isHalfYear, type HalfYear } from './dates';

export const ore = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer');
export const bookDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** Every book date a request carries: shape, calendar and range checked (dates.ts bookDateRange),
 *  the message Norwegian first. Answers keep `bookDate` (a date from Go is shown, not judged). */
export const bookDateInput = z.string().superRefine((value, ctx) => {
  const problem = bookDateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
// A custom check (the year must be a real one), so its JSON Schema is said here: OpenAPI documents read it.
export const halfYear = z.custom<HalfYear>((v) => isHalfYear(v), 'Halvår skrives ÅÅÅÅH1 eller ÅÅÅÅH2').meta({ type: 'string', pattern: '^\\d{4}H[12]$', description: 'Halvår, ÅÅÅÅH1 eller ÅÅÅÅH2 / half-year' });
/** The most one payment may be: 100 000 000 kr. Far above any claim the agency takes, far below
 *  where sums of øre stop being exact. */
export const maxPaymentOre = 10_000_000_000;
export const instant = z.string();
export const caseStage = z.enum(caseStages);

/** Every 4xx/5xx body: Norwegian-first message, field names in `fields`. */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;

// --- auth -----------------------------------------------------------------------------------
export const loginRequest = z.object({ email: z.string().email(), password: z.string().min(1) });
export const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  /** 'firm': an accounting firm's user; 'agency': the agency's own staff (operations). */
  kind: z.enum(['agency', 'firm']),
  firmId: z.string(),
  firmName: z.string(),
  roles: z.array(z.enum(['accountant', 'operations', 'admin'])),
});
export type User = z.infer<typeof user>;
export const loginResponse = z.object({ token: z.string(), user });

// --- creditors --------------------------------------------------------------------------------
export const creditorStatus = z.enum(['pending', 'active', 'winding_down', 'ended']);
export type CreditorStatus = z.infer<typeof creditorStatus>;
export const creditorSummary = z.object({
  id: z.string(),
  orgNo: z.string(),
  name: z.string(),
  status: creditorStatus,
});
export type CreditorSummary = z.infer<typeof creditorSummary>;
export const creditorList = z.object({ items: z.array(creditorSummary) });

export const dunningProfile = z.enum(['agency_notice', 'own_reminders']);
export const approvalMode = z.enum(['manual', 'automatic']);
export const creditorSettings = z.object({ dunning: dunningProfile, approval: approvalMode });
export type CreditorSettings = z.infer<typeof creditorSettings>;

export const accountMapping = z.object({
  bank: z.string(),
  customerLedger: z.string(),
  interestIncome: z.string(),
  commission: z.string(),
  collectionFee: z.string(),
  inputVat: z.string(),
});
export type AccountMapping = z.infer<typeof accountMapping>;

export const creditorDetail = creditorSummary.extend({
  vatDeductible: z.boolean(),
  accounts: accountMapping,
  settings: creditorSettings,
  lastSync: z
    .object({ id: z.string(), startedAt: instant, finishedAt: instant.nullable(), ok: z.boolean(), summary: z.string() })
    .nullable(),
  stageTotals: z.array(z.object({ stage: caseStage, stageLabel: z.string(), count: z.number().int(), balanceOre: ore })),
  provisionalRate: z.boolean(),
  provisionalHalves: z.array(halfYear),
  /** Open cases where what Go did (its reminders, its notice) differs from the agreed profile. */
  dunningNotices: z.array(z.object({ caseId: z.string(), caseNo: z.string(), at: bookDate, text: z.string() })),
});
export type CreditorDetail = z.infer<typeof creditorDetail>;

// --- invoice status: the one call the ledger page makes -------------------------------------------
export const maxInvoiceStatusBatch = 1000;
export const invoiceStatusRequest = z.object({
  invoiceNos: z.array(z.number().int().positive()).min(1).max(maxInvoiceStatusBatch),
});
export const invoiceState = z.enum(['none', 'draft', 'approved', 'in_case', 'closed']);
export type InvoiceState = z.infer<typeof invoiceState>;
export const caseBadge = z.object({
  id: z.string(),
  caseNo: z.string(),
  stage: caseStage,
  stageLabel: z.string(),
  balanceOre: ore,
  nextStep: z.string().nullable(),
  nextStepDate: bookDate.nullable(),
  url: z.string(),
  /** Present (true) only when the balance carries interest at a provisional rate. */
  provisionalRate: z.literal(true).optional(),
  provisionalHalves: z.array(halfYear).optional(),
});
export type CaseBadge = z.infer<typeof caseBadge>;
/** What the send guard found for an invoice not yet in collection (see backend/domain/send-guard.ts).
 *  `ok: false` means a one-click send would be refused; the ledger shows the first blocking finding
 *  on the row instead of a button that cannot work. */
export const guardFindingCode = z.enum(['not_open', 'partly_paid', 'unmatched_payment', 'unmatched_credit_note', 'excluded', 'disputed', 'no_address', 'invalid_org_no', 'invalid_national_id']);
export const guardFinding = z.object({
  code: guardFindingCode,
  blocking: z.boolean(),
  amountOre: ore.optional(),
  date: bookDate.optional(),
  message: z.object({ nb: z.string(), en: z.string() }),
});
export type GuardFinding = z.infer<typeof guardFinding>;
export const sendGuard = z.object({ ok: z.boolean(), claimOre: ore, findings: z.array(guardFinding) });
export type SendGuard = z.infer<typeof sendGuard>;
export const invoiceStatusItem = z.object({
  invoiceNo: z.number().int(),
  state: invoiceState,
  case: caseBadge.optional(),
  /** Present for an invoice not in a case when the creditor is connected and Go's ledger was read. */
  guard: sendGuard.optional(),
});
export type InvoiceStatusItem = z.infer<typeof invoiceStatusItem>;
export const invoiceStatusResponse = z.object({ items: z.array(invoiceStatusItem) });

// --- send to collection ------------------------------------------------------------------------
// The accountant approves the draft in Go's own Inkasso page (the extension does it for them in
// their session); then the backend is asked to take the invoice now.
export const sendRefusal = z.enum(['not_overdue', 'excluded_customer', 'another_agency_active', 'not_approved', 'not_found', 'creditor_not_active']);
export const takeInvoiceResponse = z.object({
  invoiceNo: z.number().int(),
  state: invoiceState,
  case: caseBadge.optional(),
  /** Set when Go's reminders differ from the agreed dunning profile (what was done about it). */
  notice: z.string().nullable(),
});
export type TakeInvoiceResponse = z.infer<typeof takeInvoiceResponse>;

// --- per-customer exclusion (Go's TransferToDebtCollectionAgency) ------------------------------
export const customerCollection = z.object({ customerNo: z.string(), name: z.string(), excluded: z.boolean() });
export type CustomerCollection = z.infer<typeof customerCollection>;
export const customerExclusionRequest = z.object({ excluded: z.boolean() });

// --- overpayments (a payment above the case balance, held until operations resolve it) -----------
export const overpaymentStatus = z.enum(['open', 'refunded', 'moved']);
export const overpayment = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  creditorId: z.string(),
  paymentId: z.string(),
  paymentReference: z.string(),
  paidAt: bookDate,
  amountOre: ore,
  status: overpaymentStatus,
  resolvedAt: instant.nullable(),
  resolution: z.object({ refundReference: z.string().optional(), refundedAt: bookDate.optional(), toCaseId: z.string().optional(), toCaseNo: z.string().optional(), toPaymentId: z.string().optional() }).nullable(),
});
export type Overpayment = z.infer<typeof overpayment>;

// --- sync and cases ------------------------------------------------------------------------------
export const syncRun = z.object({
  id: z.string(),
  creditorId: z.string(),
  trigger: z.enum(['daily', 'manual', 'send']),
  startedAt: instant,
  finishedAt: instant.nullable(),
  ok: z.boolean(),
  casesCreated: z.number().int(),
  invoicesAdded: z.number().int(),
  statusUpdates: z.number().int(),
  matchedItems: z.number().int(),
  goCalls: z.number().int(),
  errors: z.array(z.string()),
  durationMs: z.number().int(),
});
export type SyncRun = z.infer<typeof syncRun>;
export const syncRunList = z.object({ items: z.array(syncRun) });

export const caseSummary = z.object({
  id: z.string(),
  caseNo: z.string(),
  debtor: z.object({ customerNo: z.string(), name: z.string(), orgNo: z.string().nullable() }),
  stage: caseStage,
  stageLabel: z.string(),
  balanceOre: ore,
  invoiceNos: z.array(z.number().int()),
  provisionalRate: z.literal(true).optional(),
  provisionalHalves: z.array(halfYear).optional(),
});
export const caseList = z.object({ items: z.array(caseSummary) });
export const caseEvent = z.object({
  at: bookDate,
  kind: z.string(),
  text: z.string(),
  amountOre: ore.nullable(),
});
export const debtorKind = z.enum(['consumer', 'business']);
export const claimState = z.enum(['open', 'paid', 'credited', 'written_off', 'withdrawn']);
export const caseClaim = z.object({
  invoiceNo: z.number().int(),
  dueDate: bookDate,
  state: claimState,
  stage: z.enum(['approved', 'notice_sent', 'demand_sent', 'legal']),
  stageLabel: z.string(),
  noticeSentAt: bookDate.nullable(),
  noticeDeadline: bookDate.nullable(),
  demandSentAt: bookDate.nullable(),
  demandDeadline: bookDate.nullable(),
  legalAt: bookDate.nullable(),
  principalOre: ore,
  openOre: ore,
  feeOre: ore,
  salaerOre: ore,
  hold: z.enum(['disputed', 'on_hold']).nullable(),
  holdReason: z.string().nullable(),
  heldAt: bookDate.nullable(),
  withdrawnAt: bookDate.nullable(),
  nextStep: z.string().nullable(),
  nextStepDate: bookDate.nullable(),
});
export type CaseClaim = z.infer<typeof caseClaim>;
export const interestLine = z.object({
  /** 'booked': interest booked on the case through `to` (not yet paid); 'period': interest accruing
   *  since, one line per claim and half-year with its rate. */
  kind: z.enum(['booked', 'period']),
  invoiceNo: z.number().int().nullable(),
  from: bookDate.nullable(),
  to: bookDate,
  days: z.number().int().nullable(),
  ratePct: z.number().nullable(),
  provisional: z.boolean(),
  interestOre: ore,
});
/** hovedstol + renter + gebyrer + salær − innbetalt − avskrevet − trukket = saldo. */
export const caseBreakdown = z.object({
  principalOre: ore,
  interestOre: ore,
  interest: z.array(interestLine),
  feesOre: ore,
  salaerOre: ore,
  paidOre: ore,
  writtenOffOre: ore,
  withdrawnOre: ore,
  balanceOre: ore,
});
export type CaseBreakdown = z.infer<typeof caseBreakdown>;
export const letterSummary = z.object({ id: z.string(), kind: z.enum(['notice', 'demand']), sentAt: bookDate, deadline: bookDate, invoiceNos: z.array(z.number().int()), pdfUrl: z.string() });
export const letterList = z.object({ items: z.array(letterSummary.extend({ content: z.record(z.string(), z.unknown()) })) });
export const claimActionRequest = z.object({
  reason: z
    .string({ error: 'Oppgi en begrunnelse / give a reason' })
    .trim()
    .min(3, 'Begrunnelsen må ha minst 3 tegn / the reason needs at least 3 characters')
    .max(500, 'Begrunnelsen kan ha høyst 500 tegn / at most 500 characters'),
});
export type ClaimActionRequest = z.infer<typeof claimActionRequest>;
export const caseDetail = caseSummary.extend({
  creditorId: z.string(),
  openedAt: bookDate,
  principalOre: ore,
  interestOre: ore,
  costsOre: ore,
  paidOre: ore,
  provisionalRate: z.boolean(),
  /** The half-years whose provisional rate today's figures use (interest not yet booked). */
  provisionalHalves: z.array(halfYear),
  overpayments: z.array(overpayment),
  nextStep: z.string().nullable(),
  nextStepDate: bookDate.nullable(),
  invoices: z.array(z.object({ invoiceNo: z.number().int(), dueDate: bookDate, principalOre: ore, openOre: ore, state: claimState })),
  timeline: z.array(caseEvent),
  /** The debtor with its kind (from Go's customer: IsPerson), which decides salær and wording. */
  debtor: z.object({ customerNo: z.string(), name: z.string(), orgNo: z.string().nullable(), kind: debtorKind }),
  /** Each claim's own stage and dates (each claim its own inkassovarsel and deadline). */
  claims: z.array(caseClaim),
  breakdown: caseBreakdown,
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const registerPaymentRequest = z.object({
  amountOre: z
    .number({ error: 'Beløpet må være et tall i øre / amount must be a number of øre' })
    .int('Beløpet må være hele øre / amount must be whole øre')
    .positive('Beløpet må være større enn 0 / amount must be positive')
    .max(maxPaymentOre, `Beløpet kan ikke være over ${maxPaymentOre} øre (100 000 000 kr) per innbetaling / at most ${maxPaymentOre} øre per payment`),
  paidAt: bookDateInput,
  reference: z.string().trim().min(1).max(100),
  /** A payment above the case balance is refused unless the caller says it is one: the surplus is
   *  then held as an overpayment that operations resolve (refund or move), never remitted. */
  acceptOverpayment: z.boolean().optional(),
});
export const dailyJobRequest = z.object({ date: bookDateInput.optional() });

// --- operations: interest rates and overpayments ---------------------------------------------------
export const setInterestRateRequest = z.object({
  ratePct: z
    .number({ error: 'Renten må være et tall (prosent per år) / rate must be a number (percent a year)' })
    .min(0, 'Renten kan ikke være negativ / rate cannot be negative')
    .lt(100, 'Renten må være under 100 % / rate must be below 100 %')
    .refine((v) => Math.round(v * 10_000) === v * 10_000, 'Høyst fire desimaler / at most four decimals'),
  source: z.string().trim().min(3, 'Oppgi kilden (f.eks. Finansdepartementets kunngjøring) / give the source').max(300),
});
export const interestRateRow = z.object({
  half: halfYear,
  ratePct: z.number(),
  provisional: z.boolean(),
  source: z.string(),
  /** Where the rate comes from: the shipped table, the env override, an entry by operations, or
   *  the last known rate standing in. */
  origin: z.enum(['table', 'env', 'operations', 'last_known']),
  basedOn: halfYear.optional(),
  enteredBy: z.string().nullable(),
  enteredAt: instant.nullable(),
});
export const interestRateStatus = z.object({
  today: bookDate,
  currentHalf: halfYear,
  /** The half-years up to the current one whose rate is provisional: figures built on them are marked. */
  provisionalInUse: z.array(halfYear),
  rows: z.array(interestRateRow),
});
export type InterestRateStatus = z.infer<typeof interestRateStatus>;

export const overpaymentList = z.object({ items: z.array(overpayment) });
export const refundOverpaymentRequest = z.object({ reference: z.string().trim().min(1).max(100), refundedAt: bookDateInput });
export const moveOverpaymentRequest = z.object({ caseId: z.string().uuid('Ukjent sak / not a case id') });

// --- remittances -----------------------------------------------------------------------------------
/** `settled`: the payments covered only what the agency keeps, so nothing was posted in Go. */
export const remittanceStatus = z.enum(['posting', 'posted', 'invoiced', 'settled', 'failed']);
export const remittanceSummary = z.object({
  id: z.string(),
  date: bookDate,
  status: remittanceStatus,
  payoutOre: ore,
  goVoucherNo: z.number().int().nullable(),
});
export const remittanceList = z.object({ items: z.array(remittanceSummary) });
export const remittanceLine = z.object({
  accountNo: z.string(),
  accountName: z.string(),
  debitOre: ore,
  creditOre: ore,
  customerNo: z.string().optional(),
  invoiceNo: z.number().int().optional(),
  text: z.string(),
});
export type RemittanceLine = z.infer<typeof remittanceLine>;
export const remittanceDetail = remittanceSummary.extend({
  creditorId: z.string(),
  externalImportReference: z.string(),
  goVoucherId: z.string().nullable(),
  postedAt: instant.nullable(),
  provisionalRate: z.boolean(),
  agencyInvoiceOre: ore,
  totals: z.object({
    principalOre: ore, interestOre: ore, costsOre: ore, commissionOre: ore, vatOre: ore, creditorSalaerOre: ore, roundingOre: ore, payoutOre: ore, agencyInvoiceOre: ore,
  }),
  lines: z.array(remittanceLine),
  /** `surplusOre`: the part of the payment above the case balance, held as an overpayment (not paid out). */
  payments: z.array(z.object({ id: z.string(), caseId: z.string(), caseNo: z.string(), paidAt: bookDate, amountOre: ore, costsOre: ore, interestOre: ore, principalOre: ore, surplusOre: ore.optional() })),
  directPayments: z.array(z.object({ caseId: z.string(), caseNo: z.string(), chargedOre: ore, text: z.string() })),
  cases: z.array(z.object({ id: z.string(), caseNo: z.string(), stage: caseStage, closed: z.boolean() })),
});
export type RemittanceDetail = z.infer<typeof remittanceDetail>;
export const remittanceRunResult = z.object({ created: remittanceSummary.nullable(), resumed: z.array(remittanceSummary) });
