// The backend's tables. Money columns are integer øre (`*Ore`), book dates are YYYY-MM-DD text
// (Europe/Oslo), instants are UTC ISO text. Ids are UUIDs made by the services: time-ordered
// (db/ids.ts) for the rows the sync writes in bulk, random for the rest.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, real, uniqueIndex, index, primaryKey } from 'drizzle-orm/sqlite-core';

export const firms = sqliteTable('firms', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull(),
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  firmId: text('firm_id').notNull().references(() => firms.id),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** Chained PBKDF2-SHA256 as `pbkdf2-sha256$<rounds>x<iterations>$<salt b64>$<hash b64>`, or the
   *  first scheme `pbkdf2$<iterations>$…`, rehashed at login (backend/modules/auth/password.ts). */
  passwordHash: text('password_hash').notNull(),
  /** JSON array of 'accountant' | 'operations'. 'operations' counts only for agency accounts. */
  roles: text('roles', { mode: 'json' }).$type<('accountant' | 'operations' | 'admin')[]>().notNull(),
  /** 'firm': an accounting firm's user, sees only its firm's creditors. 'agency': Modhi's own staff
   *  (operations), whose firmId is the agency's own row in firms and who may see every creditor. */
  kind: text('kind', { enum: ['agency', 'firm'] }).notNull().default('firm'),
  createdAt: text('created_at').notNull(),
});

/** Login tokens, stored as SHA-256 hashes: a leaked table gives no usable token. */
export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** Login attempts per key in a fixed window, counted atomically before the password is hashed.
 *  Keys: `pair:<email> <address>` (the lock), `addr:<address>` and `acct:<email>` (ceilings).
 *  `strikes` counts windows that ended locked, so a pair's next lock lasts longer (progressive). */
export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  /** Epoch milliseconds the current window began. */
  windowStart: integer('window_start').notNull(),
  strikes: integer('strikes').notNull().default(0),
});

/** One row of Go's Utvidelser page as read (the extension's adapter). */
export type GoExtensionRow = { name: string; kind: string; active: boolean; canCreateCases: boolean };
/** How "never on two at once" was checked when a creditor was activated, and by whom. */
export type AgencyCheckRecord = {
  source: 'extension' | 'api' | 'manual';
  /** The user who activated (and, for 'manual', confirmed by hand). */
  confirmedBy: string;
  /** The reading: who had the extension read it, when, and what was ticked (not for 'manual'). */
  readBy?: string;
  readAt?: string;
  extensions?: GoExtensionRow[];
};

export type AccountMappingRow = {
  bank: string;
  customerLedger: string;
  interestIncome: string;
  commission: string;
  collectionFee: string;
  inputVat: string;
};

export const creditors = sqliteTable('creditors', {
  id: text('id').primaryKey(),
  orgNo: text('org_no').notNull().unique(),
  name: text('name').notNull(),
  status: text('status', { enum: ['pending', 'active', 'winding_down', 'ended'] }).notNull(),
  /** The Go client key, AES-GCM encrypted with the app secret; never returned nor logged. */
  goClientKeyEnc: text('go_client_key_enc'),
  vatDeductible: integer('vat_deductible', { mode: 'boolean' }).notNull(),
  accounts: text('accounts', { mode: 'json' }).$type<AccountMappingRow>().notNull(),
  dunning: text('dunning', { enum: ['agency_notice', 'own_reminders'] }).notNull(),
  approval: text('approval', { enum: ['manual', 'automatic'] }).notNull(),
  /** Commission in basis points of collected principal (1 000 = 10 %), with a minimum per payment. */
  commissionBp: integer('commission_bp').notNull(),
  commissionMinOre: integer('commission_min_ore').notNull(),
  address: text('address', { mode: 'json' }).$type<{ line1: string; line2?: string; postCode: string; city: string }>(),
  bankAccount: text('bank_account'),
  contact: text('contact', { mode: 'json' }).$type<{ firstName: string; lastName: string; email: string; phone?: string }>(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  /** Moved on by database triggers (migration 0002) on every write to this creditor's cases, case
   *  invoices and mirrored Go invoices: the ledger lookup's in-memory answers are valid only for the
   *  version they were read at, whoever wrote (this process, another one, a script). */
  lookupVersion: integer('lookup_version').notNull().default(0),
  /** Cases the creditor already had at the agency before the integration (an existing agency
   *  customer): handled manually, never picked up by the integration. */
  legacyOpenCases: integer('legacy_open_cases').notNull().default(0),
  /** When the user ended the relationship (POST /creditors/{id}/end): no new cases from then. */
  endRequestedAt: text('end_requested_at'),
  /** When the last open case closed after the end: the creditor is `ended`. */
  endedAt: text('ended_at'),
});

/** The agency's customers from before the integration (its own records, kept by operations): an
 *  org number here is an existing customer, and its open cases decide whether the wizard may
 *  activate it (at most 10) or the agency must (more than 10). */
export const agencyCustomers = sqliteTable('agency_customers', {
  orgNo: text('org_no').primaryKey(),
  name: text('name').notNull(),
  openCases: integer('open_cases').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** The collection agreement, one row per version: the text and the terms shown in step 4. */
export const agreements = sqliteTable('agreements', {
  version: integer('version').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  commissionBp: integer('commission_bp').notNull(),
  commissionMinOre: integer('commission_min_ore').notNull(),
  /** What the debtor pays (the statutory fees and interest), as shown with the agreement. */
  debtorPays: text('debtor_pays').notNull(),
  publishedAt: text('published_at').notNull(),
});

/** Who accepted which agreement version for which creditor, when, confirming their authority. */
export const agreementAcceptances = sqliteTable(
  'agreement_acceptances',
  {
    id: text('id').primaryKey(),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    agreementVersion: integer('agreement_version').notNull().references(() => agreements.version),
    userId: text('user_id').notNull().references(() => users.id),
    acceptedAt: text('accepted_at').notNull(),
    authorityConfirmed: integer('authority_confirmed', { mode: 'boolean' }).notNull(),
    /** "Never on two at once" before activation: how it was checked (the extension's reading of Go's
     *  Utvidelser page, a reading sent by an API client, or the user's manual confirmation) and by whom. */
    agencyCheck: text('agency_check', { mode: 'json' }).$type<AgencyCheckRecord>(),
  },
  (t) => [uniqueIndex('agreement_acceptances_creditor_version').on(t.creditorId, t.agreementVersion)],
);

/** A creditor's registration under way, between step 1 and activation: where Go's onboarding
 *  stands (its approval URL, what the company register said), the details of step 3 and the
 *  extension's reading of Go's Utvidelser page, merged as the wizard goes. `done` once activated,
 *  when the progress is cleared. */
export const onboardings = sqliteTable('onboardings', {
  creditorId: text('creditor_id').primaryKey().references(() => creditors.id),
  state: text('state', { enum: ['pending', 'done'] }).notNull(),
  progress: text('progress', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A company the agency activates itself (already its customer with many open cases): who asked
 *  at step 1 and when, for the operations page. One row per org number; the latest asking wins. */
export const activationRequests = sqliteTable('activation_requests', {
  orgNo: text('org_no').primaryKey(),
  firmId: text('firm_id').notNull(),
  firmName: text('firm_name').notNull(),
  userId: text('user_id').notNull(),
  askedAt: text('asked_at').notNull(),
});

/** A firm admin's invitation of a colleague: the token is stored as a SHA-256 hash, used once. */
export const invites = sqliteTable('invites', {
  tokenHash: text('token_hash').primaryKey(),
  firmId: text('firm_id').notNull().references(() => firms.id),
  email: text('email').notNull(),
  name: text('name').notNull(),
  invitedBy: text('invited_by').notNull().references(() => users.id),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
});

/** Which firm may see which creditor: every creditor route checks this. */
export const creditorAccess = sqliteTable(
  'creditor_access',
  {
    firmId: text('firm_id').notNull().references(() => firms.id),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
  },
  (t) => [primaryKey({ columns: [t.firmId, t.creditorId] })],
);

export const debtors = sqliteTable(
  'debtors',
  {
    id: text('id').primaryKey(),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    /** Go's customer code (customerCode / "(10018)" in the ledger). */
    customerNo: text('customer_no').notNull(),
    name: text('name').notNull(),
    orgNo: text('org_no'),
    /** True when the org number fails MOD11: kept as data, flagged. */
    orgNoInvalid: integer('org_no_invalid', { mode: 'boolean' }).notNull().default(false),
    kind: text('kind', { enum: ['business', 'consumer'] }).notNull(),
  },
  (t) => [uniqueIndex('debtors_creditor_customer').on(t.creditorId, t.customerNo)],
);

export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    debtorId: text('debtor_id').notNull().references(() => debtors.id),
    /** Our case number (saksnummer), sent to Go as `code`. */
    caseNo: text('case_no').notNull().unique(),
    /** Go's DebtCollectionCase id, null until Go has accepted the case. */
    goCaseId: text('go_case_id'),
    stage: text('stage', {
      enum: ['draft', 'approved', 'notice_sent', 'demand_sent', 'legal', 'paid', 'written_off', 'rejected', 'closed'],
    }).notNull(),
    dunning: text('dunning', { enum: ['agency_notice', 'own_reminders'] }).notNull(),
    openedAt: text('opened_at').notNull(),
    noticeSentAt: text('notice_sent_at'),
    noticeDeadline: text('notice_deadline'),
    demandSentAt: text('demand_sent_at'),
    demandDeadline: text('demand_deadline'),
    legalAt: text('legal_at'),
    closedAt: text('closed_at'),
    /** Costs (fees, salær) charged to the debtor and not yet paid. */
    costsOre: integer('costs_ore').notNull().default(0),
    /** Interest accrued up to `interestThrough` and not yet paid. */
    interestOre: integer('interest_ore').notNull().default(0),
    interestThrough: text('interest_through'),
    provisionalRate: integer('provisional_rate', { mode: 'boolean' }).notNull().default(false),
    /** What was last pushed to Go with UpdateStatus, so unchanged cases make no call. */
    pushedStatusText: text('pushed_status_text'),
    pushedBalanceOre: integer('pushed_balance_ore'),
    pushedClosed: integer('pushed_closed', { mode: 'boolean' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('cases_creditor').on(t.creditorId), index('cases_debtor').on(t.debtorId)],
);

export const caseInvoices = sqliteTable(
  'case_invoices',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => cases.id),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    /** Go's invoice id (guid). */
    goInvoiceId: text('go_invoice_id').notNull(),
    invoiceNo: integer('invoice_no').notNull(),
    customerNo: text('customer_no').notNull(),
    invoiceDate: text('invoice_date').notNull(),
    dueDate: text('due_date').notNull(),
    /** Principal when the case took the invoice over. */
    principalOre: integer('principal_ore').notNull(),
    /** Principal still open at the agency. */
    openOre: integer('open_ore').notNull(),
    state: text('state', { enum: ['open', 'paid', 'credited', 'written_off', 'withdrawn'] }).notNull(),
    /** The claim's own stage in the process (each claim its own inkassovarsel and deadline). Null
     *  only on rows from before per-claim stages (migration 0005): such a claim follows its case's
     *  stage and dates (modules/cases/process.ts withCaseDates). New rows get 'approved'. */
    claimStage: text('claim_stage', { enum: ['approved', 'notice_sent', 'demand_sent', 'legal'] }).$defaultFn(() => 'approved'),
    noticeSentAt: text('notice_sent_at'),
    noticeDeadline: text('notice_deadline'),
    demandSentAt: text('demand_sent_at'),
    demandDeadline: text('demand_deadline'),
    legalAt: text('legal_at'),
    /** When tungt salær was charged for this claim. */
    heavyAt: text('heavy_at'),
    /** Costs charged for this claim: the inkassovarsel fee (one per letter) and its salær share. */
    feeOre: integer('fee_ore').notNull().default(0),
    salaerOre: integer('salaer_ore').notNull().default(0),
    /** Disputed (innsigelse) or on hold: the process stops for this claim until resumed. */
    hold: text('hold', { enum: ['disputed', 'on_hold'] }),
    holdReason: text('hold_reason'),
    heldAt: text('held_at'),
    withdrawnAt: text('withdrawn_at'),
    /** KID / matching reference used to match remittance lines against the invoice in Go. */
    matchingReference: text('matching_reference'),
    /** Set once the invoice has been sent to Go with POST DebtCollection or AddInvoicesToCase. */
    linkedInGo: integer('linked_in_go', { mode: 'boolean' }).notNull().default(false),
    /** Go's `lastChanged` of the invoice when the case took it over (principalOre is its remaining
     *  amount then). Go stamps an invoice when an item is matched against it, so a matched item
     *  stamped at or before this is already in principalOre and must not reduce the case again. */
    goLastChanged: text('go_last_changed'),
  },
  (t) => [
    uniqueIndex('case_invoices_creditor_go_invoice').on(t.creditorId, t.goInvoiceId),
    index('case_invoices_creditor_invoice_no').on(t.creditorId, t.invoiceNo),
    index('case_invoices_case').on(t.caseId),
  ],
);

/** Everything that happened to a case. `externalRef` (e.g. `go-matched:<id>`) is unique so a
 *  matched item, payment or stage change is never counted twice. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => cases.id),
    at: text('at').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    amountOre: integer('amount_ore'),
    externalRef: text('external_ref').unique(),
    /** The remittance an event belongs to (its commission on a direct payment), so that a failed
     *  remittance undoes exactly its own events. */
    remittanceId: text('remittance_id'),
    createdAt: text('created_at').notNull(),
  },
  // Only the few events a remittance charged are in the remittance index: every other event (the
  // sync writes thousands) would otherwise add a NULL entry to it.
  (t) => [index('case_events_case').on(t.caseId), index('case_events_remittance').on(t.remittanceId).where(sql`${t.remittanceId} IS NOT NULL`)],
);

/** A debtor's payment to the agency, allocated costs → interest → principal. */
export const agencyPayments = sqliteTable(
  'agency_payments',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => cases.id),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    amountOre: integer('amount_ore').notNull(),
    paidAt: text('paid_at').notNull(),
    reference: text('reference').notNull(),
    costsOre: integer('costs_ore').notNull(),
    interestOre: integer('interest_ore').notNull(),
    principalOre: integer('principal_ore').notNull(),
    /** Principal per invoice: [{ caseInvoiceId, principalOre }]. */
    principalByInvoice: text('principal_by_invoice', { mode: 'json' }).$type<{ caseInvoiceId: string; principalOre: number }[]>().notNull(),
    /** Overpayment beyond the case balance, held for refund. */
    surplusOre: integer('surplus_ore').notNull().default(0),
    remittanceId: text('remittance_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('agency_payments_case_reference').on(t.caseId, t.reference), index('agency_payments_unremitted').on(t.creditorId, t.remittanceId)],
);

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: text('id').primaryKey(),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    trigger: text('trigger', { enum: ['daily', 'manual', 'send'] }).notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    ok: integer('ok', { mode: 'boolean' }).notNull().default(false),
    casesCreated: integer('cases_created').notNull().default(0),
    invoicesAdded: integer('invoices_added').notNull().default(0),
    statusUpdates: integer('status_updates').notNull().default(0),
    matchedItems: integer('matched_items').notNull().default(0),
    goCalls: integer('go_calls').notNull().default(0),
    errors: text('errors', { mode: 'json' }).$type<string[]>().notNull(),
    durationMs: integer('duration_ms').notNull().default(0),
  },
  (t) => [index('sync_runs_creditor').on(t.creditorId, t.startedAt)],
);

/** Where the last committed read of Go's matched items ended, per creditor. */
export const syncCursors = sqliteTable('sync_cursors', {
  creditorId: text('creditor_id').primaryKey().references(() => creditors.id),
  matchedItemsSince: text('matched_items_since'),
  /** lastChanged of the newest outgoing invoice mirrored from Go. */
  invoicesSince: text('invoices_since'),
  updatedAt: text('updated_at').notNull(),
});

/** Durable jobs and idempotency keys: one row per (queue, key), leased while it runs,
 *  with the last recovery point reached so a rerun resumes instead of repeating a Go write. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    queue: text('queue').notNull(),
    key: text('key').notNull(),
    state: text('state', { enum: ['pending', 'running', 'done', 'failed'] }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: text('lease_until'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('jobs_queue_key').on(t.queue, t.key)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    userId: text('user_id'),
    firmId: text('firm_id'),
    creditorId: text('creditor_id'),
    action: text('action').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('audit_log_creditor').on(t.creditorId, t.at)],
);

/** Named counters (case numbers) bumped inside a transaction. */
export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

export type RemittanceLineRow = {
  accountNo: string;
  accountName: string;
  debitOre: number;
  creditOre: number;
  customerNo?: string;
  invoiceNo?: number;
  matchingReference?: string;
  text: string;
};

export const remittances = sqliteTable(
  'remittances',
  {
    id: text('id').primaryKey(),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    date: text('date').notNull(),
    status: text('status', { enum: ['posting', 'posted', 'invoiced', 'settled', 'failed'] }).notNull(),
    payoutOre: integer('payout_ore').notNull(),
    totals: text('totals', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    lines: text('lines', { mode: 'json' }).$type<RemittanceLineRow[]>().notNull(),
    provisionalRate: integer('provisional_rate', { mode: 'boolean' }).notNull().default(false),
    /** Stored before the post to Go; Go refuses a second voucher with the same reference. */
    externalImportReference: text('external_import_reference').notNull().unique(),
    goVoucherId: text('go_voucher_id'),
    goVoucherNo: integer('go_voucher_no'),
    /** When costs exceed what was collected: the agency invoices the creditor this amount. */
    agencyInvoiceOre: integer('agency_invoice_ore').notNull().default(0),
    createdAt: text('created_at').notNull(),
    postedAt: text('posted_at'),
  },
  (t) => [index('remittances_creditor').on(t.creditorId, t.date)],
);

/** Go's outgoing invoices as last read (for the ledger lookup: Utkast / Godkjent / none), so the
 *  extension's one call per page view is answered from the database, never by calling Go. */
export const goInvoices = sqliteTable(
  'go_invoices',
  {
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    goInvoiceId: text('go_invoice_id').notNull(),
    invoiceNo: integer('invoice_no').notNull(),
    customerNo: text('customer_no').notNull(),
    dueDate: text('due_date').notNull(),
    amountOre: integer('amount_ore').notNull(),
    balanceOre: integer('balance_ore').notNull(),
    cid: text('cid'),
    /** invoiceDebtCollectionStatus: 0 None, 1 Draft, 2 OnHold, 3 Approved, 4 Exported, 10 Rejected. */
    dcStatus: integer('dc_status').notNull(),
    debtCollectionCode: text('debt_collection_code'),
    lastChanged: text('last_changed').notNull(),
  },
  (t) => [primaryKey({ columns: [t.creditorId, t.goInvoiceId] }), uniqueIndex('go_invoices_creditor_invoice_no').on(t.creditorId, t.invoiceNo)],
);

/** Official forsinkelsesrente rows entered by operations at run time (PUT
 *  /operations/interest-rates/{half}); they win over INTEREST_RATE_OVERRIDES and the shipped table.
 *  One row per half-year, the latest entry; every entry is also in the audit log. */
export const interestRates = sqliteTable('interest_rates', {
  half: text('half').primaryKey(),
  ratePct: real('rate_pct').notNull(),
  source: text('source').notNull(),
  enteredBy: text('entered_by'),
  enteredByEmail: text('entered_by_email'),
  enteredAt: text('entered_at').notNull(),
});

export type OverpaymentResolution = { refundReference?: string; refundedAt?: string; toCaseId?: string; toCaseNo?: string; toPaymentId?: string };

/** The part of an agency payment above the case balance: held by the agency (never remitted to
 *  the creditor) until operations refund it to the debtor or move it to another open case. */
export const overpayments = sqliteTable(
  'overpayments',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id').notNull().unique().references(() => agencyPayments.id),
    caseId: text('case_id').notNull().references(() => cases.id),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    amountOre: integer('amount_ore').notNull(),
    status: text('status', { enum: ['open', 'refunded', 'moved'] }).notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution', { mode: 'json' }).$type<OverpaymentResolution>(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('overpayments_status').on(t.status, t.creditorId), index('overpayments_case').on(t.caseId)],
);

/** Every inkassovarsel and betalingsoppfordring the process sent, with its content (the § 10 items). */
export const letters = sqliteTable(
  'letters',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull().references(() => cases.id),
    creditorId: text('creditor_id').notNull().references(() => creditors.id),
    /** The claims (invoice numbers) the letter is about. */
    invoiceNos: text('invoice_nos', { mode: 'json' }).$type<number[]>().notNull(),
    kind: text('kind', { enum: ['notice', 'demand'] }).notNull(),
    sentAt: text('sent_at').notNull(),
    deadline: text('deadline').notNull(),
    content: text('content', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Unique, so a rerun of the same step never stores the letter twice. */
    externalRef: text('external_ref').notNull().unique(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('letters_case').on(t.caseId)],
);
