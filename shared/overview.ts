// GET /api/v1/overview: one answer for the accountant's "Oversikt" page, every client of the firm on
// the integration (the agency's staff: every client), and what needs the accountant. Counts and
// øre only; the extension words them in the user's language.
import { z } from 'zod';
import { bookDate, caseStage, creditorStatus, instant, ore } from './api';

/** What needs the accountant, in the order the page lists them. */
export const attentionKinds = ['sync_failed', 'not_sent', 'dunning_mismatch', 'remittance_failed', 'pending_registration'] as const;
export const attentionKind = z.enum(attentionKinds);
export type AttentionKind = z.infer<typeof attentionKind>;

export const attentionItem = z.object({
  kind: attentionKind,
  /** How many of them (invoices not sent, failed runs, cases with a dunning mismatch, failed remittances). */
  count: z.number().int().nonnegative(),
  /** The newest failed sync's first error, or the newest dunning notice's text. */
  detail: z.string().nullable(),
});
export type AttentionItem = z.infer<typeof attentionItem>;

export const overviewClient = z.object({
  creditorId: z.string(),
  name: z.string(),
  orgNo: z.string(),
  status: creditorStatus,
  approval: z.enum(['manual', 'automatic']),
  /** Go invoices past due with money left that Go has not released to the agency (not approved,
   *  in no case): they wait in Go's Inkasso → Utkast for the accountant's approval, or for Go's own
   *  reminders first. Go's API does not tell Utkast apart (v2 OutgoingInvoices has no
   *  debt-collection status), so the two are one figure; Go's Utkast page shows the split. */
  overdueNotSent: z.object({ count: z.number().int().nonnegative(), amountOre: ore }),
  openCases: z.object({
    count: z.number().int().nonnegative(),
    balanceOre: ore,
    byStage: z.array(z.object({ stage: caseStage, count: z.number().int().nonnegative(), balanceOre: ore })),
  }),
  /** Remittances dated this month (Europe/Oslo) that are posted, invoiced or settled. */
  remittedThisMonth: z.object({ count: z.number().int().nonnegative(), payoutOre: ore }),
  lastRemittance: z.object({ id: z.string(), date: bookDate, payoutOre: ore, goVoucherNo: z.number().int().nullable() }).nullable(),
  lastSync: z.object({ startedAt: instant, ok: z.boolean() }).nullable(),
  /** Sync runs that failed since the last one that went through. */
  failedSyncs: z.number().int().nonnegative(),
  attention: z.array(attentionItem),
});
export type OverviewClient = z.infer<typeof overviewClient>;

export const overview = z.object({
  date: bookDate,
  month: z.object({ from: bookDate, to: bookDate }),
  clients: z.array(overviewClient),
  /** The number the extension's icon shows: every attention item's count, over every client. */
  attentionCount: z.number().int().nonnegative(),
});
export type Overview = z.infer<typeof overview>;
