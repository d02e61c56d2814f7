// Go's responses, validated field by field against Go's published contract. v2 answers in
// PascalCase and the legacy API in camelCase, and sources disagree on small things (Cid / cID,
// title / Title), so every object schema here reads its keys case-insensitively (`caseless`): the
// names below are Go's own field names, first letter lower-cased. Amounts arrive in kroner; the
// client turns them into øre at this edge.
import { z } from 'zod';

/** A function renaming an object's keys to the given names where they match ignoring case; other
 *  keys stay. Built once per schema: it runs on every object of every Go answer. An object whose
 *  keys need no renaming (Go's usual casing) is passed on as it is. */
function keyNormalizer(names: readonly string[]): (value: unknown) => unknown {
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const exact = new Set(names);
  // Per key as Go spells it (the same few keys on every object): whether it may stay as it is,
  // and the name it is renamed to, so an answer's thousands of objects lower-case no key twice.
  const seen = new Map<string, { keeps: boolean; name: string }>();
  const resolve = (key: string) => {
    let r = seen.get(key);
    if (!r) {
      const lower = key.toLowerCase();
      r = { keeps: exact.has(key) || !byLower.has(lower), name: byLower.get(lower) ?? key };
      if (seen.size < 1000) seen.set(key, r); // bounded, whatever keys an answer brings
    }
    return r;
  };
  return (value) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.every((key) => resolve(key).keeps)) return value;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      const name = resolve(key).name;
      // An exact match wins over a differently cased duplicate.
      if (name in out && key !== name) continue;
      out[name] = v;
    }
    return out;
  };
}

/** Renames an object's keys to the given names where they match ignoring case; other keys stay. */
export function normalizeKeys(value: unknown, names: readonly string[]): unknown {
  return keyNormalizer(names)(value);
}

/** z.object whose keys are matched case-insensitively. */
export function caseless<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(keyNormalizer(Object.keys(shape)), z.object(shape));
}

const customerNo = z.union([z.number(), z.string()]).transform(String);

export const tokenResponse = caseless({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number().positive() });

/** Legacy Envelope<T> / DataPage<T> on success. */
export const envelope = <T extends z.ZodType>(data: T) => caseless({ data, success: z.literal(true), count: z.number().optional() });

/** Legacy refusal: HTTP 200, success=false, ValidationResult. */
export const legacyRefusal = caseless({
  success: z.literal(false),
  validation: caseless({ summary: z.string().nullable().optional(), fields: z.record(z.string(), z.unknown()).nullable().optional(), errorLogReference: z.string().nullable().optional() }).nullable().optional(),
});

/** v2 ProblemDetails (RFC 7807). */
export const problemDetails = caseless({ title: z.string().nullable().optional(), detail: z.string().nullable().optional(), status: z.number().nullable().optional(), type: z.string().nullable().optional() });

export const debtCollectionInvoice = caseless({
  id: z.string(),
  customerCode: customerNo,
  invoiceNo: z.number().int(),
  invoiceDate: z.string(),
  dueDate: z.string(),
  originalAmount: z.number(),
  remainingAmount: z.number(),
  currencyCode: z.string().nullable().optional(),
  cID: z.string().nullable().optional(),
  lastChanged: z.string().nullable().optional(),
  lastReminderSentDate: z.string().nullable().optional(),
  lastReminderDueDate: z.string().nullable().optional(),
  /** Legacy VoucherType: 71 payment reminder, 72 notice of debt collection. */
  lastReminderVoucherType: z.number().int().nullable().optional(),
  invoiceEmailAddress: z.string().nullable().optional(),
});
export type DebtCollectionInvoice = z.infer<typeof debtCollectionInvoice>;

export const debtCollectionCase = caseless({
  id: z.string(),
  code: z.string(),
  status: z.number().int(),
  invoices: z.array(debtCollectionInvoice),
  externalCaseUrl: z.string().nullable().optional(),
  balanceAgency: z.number().nullable().optional(),
  lastChanged: z.string().nullable().optional(),
});
export type DebtCollectionCase = z.infer<typeof debtCollectionCase>;

/** Legacy VoucherType numbers the sync tells apart. */
export const legacyVoucherType = { outgoingCreditNote: 5 } as const;

export const matchedItem = caseless({
  id: z.union([z.number(), z.string()]).transform(String),
  customerCode: customerNo,
  voucherDate: z.string(),
  voucherNo: z.number().int().nullable().optional(),
  voucherType: z.number().int().nullable().optional(),
  voucherId: z.string().nullable().optional(),
  amount: z.number(),
  cID: z.string().nullable().optional(),
  isWriteOff: z.boolean(),
  lastChanged: z.string(),
  externalImportReference: z.string().nullable().optional(),
  matchId: z.union([z.number(), z.string()]).transform(String).nullable().optional(),
});
export type MatchedItem = z.infer<typeof matchedItem>;

/** DebtCollectionCaseWithMatches: Go documents only its matchedItems. */
export const matchedGroup = caseless({ matchedItems: z.array(matchedItem) });

/** v2 CustomerDto: Id is the contact id (path id of GET/PATCH), Number the customer no. */
export const customer = caseless({
  id: z.number().int(),
  number: customerNo,
  name: z.string().nullable().optional(),
  organizationNumber: z.string().nullable().optional(),
  isPerson: z.boolean().nullable().optional(),
  subledgerAccountId: z.number().int(),
  transferToDebtCollectionAgency: z.boolean().nullable().optional(),
  sendPaymentReminders: z.boolean().nullable().optional(),
}).transform((c) => ({
  id: c.id,
  customerNo: c.number,
  name: c.name ?? `Kunde ${c.number}`,
  organizationNumber: c.organizationNumber ?? null,
  isPerson: c.isPerson ?? false,
  subledgerAccountId: c.subledgerAccountId,
  // Go's default for both flags is true.
  transferToDebtCollectionAgency: c.transferToDebtCollectionAgency ?? true,
  sendPaymentReminders: c.sendPaymentReminders ?? true,
}));
export type GoCustomer = z.infer<typeof customer>;

/** v2 OutgoingInvoiceDto: no debt-collection field exists on it. */
export const outgoingInvoice = caseless({
  id: z.string(),
  invoiceNo: z.number().int(),
  customerNo: customerNo,
  voucherDate: z.string(),
  dueDate: z.string(),
  totalAmount: z.number(),
  balance: z.number(),
  cid: z.string().nullable().optional(),
  lastChangedDateTimeOffset: z.string(),
  balanceLastChangedDateTimeOffset: z.string().nullable().optional(),
});
export type OutgoingInvoice = z.infer<typeof outgoingInvoice>;

/** v2 CustomerLedgerEntryDto (Customerledger/OpenItems): one open item on a customer's ledger. */
export const customerLedgerEntry = caseless({
  id: z.number().int(),
  customerAccountNo: z.number().int().nullable().optional(),
  customerName: z.string().nullable().optional(),
  voucherType: z.string().nullable().optional(),
  invoiceNo: z.string().nullable().optional(),
  voucherDate: z.string().nullable().optional(),
  dueDate: z.string().nullable().optional(),
  amount: z.number(),
  balance: z.number(),
});
export type CustomerLedgerEntry = z.infer<typeof customerLedgerEntry>;

export const ledgerAccount = caseless({ id: z.number().int(), accountNo: z.number().int(), name: z.string().nullable().optional() });

/** v2 ManualVoucherDto. */
export const manualJournal = caseless({ id: z.string(), voucherNo: z.number().int(), externalImportReference: z.string().nullable().optional() });
export type ManualJournal = z.infer<typeof manualJournal>;

/** v2 JournalEntryVoucherListItem. */
export const journalEntryVoucher = caseless({
  id: z.string(),
  voucherType: z.string().nullable().optional(),
  isCreatedByCurrentIntegration: z.boolean().nullable().optional(),
  createdDateTimeOffset: z.string().nullable().optional(),
});
