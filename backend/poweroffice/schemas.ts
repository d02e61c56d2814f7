// Go's responses, validated field by field (DOMAIN.md). Amounts arrive in kroner; the client turns
// them into øre at this edge.
import { z } from 'zod';

export const tokenResponse = z.object({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number().positive() });

export const envelope = <T extends z.ZodType>(data: T) => z.object({ data, success: z.literal(true), count: z.number().optional() });

export const debtCollectionInvoice = z.object({
  id: z.string(),
  customerCode: z.union([z.number(), z.string()]).transform(String),
  invoiceNo: z.number().int(),
  invoiceDate: z.string(),
  dueDate: z.string(),
  originalAmount: z.number(),
  remainingAmount: z.number(),
  currencyCode: z.string().nullable().optional(),
  cID: z.string().nullable().optional(),
  lastChanged: z.string().nullable().optional(),
  invoiceEmailAddress: z.string().nullable().optional(),
  /** The last reminder Go sent on the invoice (legacy VoucherType: 71 purring, 72 inkassovarsel). */
  lastReminderSentDate: z.string().nullable().optional(),
  lastReminderDueDate: z.string().nullable().optional(),
  lastReminderVoucherType: z.number().int().nullable().optional(),
});
export type DebtCollectionInvoice = z.infer<typeof debtCollectionInvoice>;

export const debtCollectionCase = z.object({
  id: z.string(),
  code: z.string(),
  status: z.number().int(),
  invoices: z.array(debtCollectionInvoice),
  externalCaseUrl: z.string().nullable().optional(),
  balanceAgency: z.number().nullable().optional(),
  lastChanged: z.string().nullable().optional(),
});
export type DebtCollectionCase = z.infer<typeof debtCollectionCase>;

export const matchedItem = z.object({
  id: z.string(),
  customerCode: z.union([z.number(), z.string()]).transform(String),
  voucherDate: z.string(),
  voucherNo: z.number().int().nullable().optional(),
  voucherType: z.string().nullable().optional(),
  voucherId: z.string().nullable().optional(),
  amount: z.number(),
  isWriteOff: z.boolean(),
  lastChanged: z.string(),
  externalImportReference: z.string().nullable().optional(),
  matchId: z.string().nullable().optional(),
});
export type MatchedItem = z.infer<typeof matchedItem>;

export const matchedGroup = z.object({ invoiceId: z.string(), invoiceNo: z.number().int().optional(), matchedItems: z.array(matchedItem) });

export const customer = z.object({
  id: z.string(),
  customerNo: z.union([z.number(), z.string()]).transform(String),
  name: z.string(),
  organizationNumber: z.string().nullable().optional(),
  isPerson: z.boolean().optional().default(false),
  subledgerAccountId: z.number().int(),
  transferToDebtCollectionAgency: z.boolean().optional().default(true),
});
export type GoCustomer = z.infer<typeof customer>;

export const outgoingInvoice = z.object({
  id: z.string(),
  invoiceNo: z.number().int(),
  customerNo: z.union([z.number(), z.string()]).transform(String),
  invoiceDate: z.string(),
  dueDate: z.string(),
  amount: z.number(),
  balance: z.number(),
  cID: z.string().nullable().optional(),
  invoiceDebtCollectionStatus: z.number().int(),
  debtCollectionCode: z.string().nullable().optional(),
  lastChanged: z.string(),
});
export type OutgoingInvoice = z.infer<typeof outgoingInvoice>;

export const ledgerAccount = z.object({ id: z.number().int(), accountNo: z.number().int(), name: z.string() });

export const manualJournal = z.object({ id: z.string(), voucherNo: z.number().int(), externalImportReference: z.string().nullable().optional() });
export type ManualJournal = z.infer<typeof manualJournal>;
