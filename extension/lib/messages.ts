// What content scripts ask the background service worker, which holds the login and makes the
// calls (the ledger's batch comes in chunks of ≤ 500 invoice numbers, each one message).
import type { CreditorSummary, CustomerCollection, InvoiceStatusItem, CaseDetail, TakeInvoiceResponse } from '@shared/api';
import type { GoPurring } from './adapters/go';
import type { Outcome } from './api';
import type { ReadGoExtensionsResult } from '@shared/wizard-bridge';
import type { GoExtensionsTabRequest } from '@/features/agency-check/reader';
import type { GoApproval } from './go-approvals';

export type ContentRequest =
  | { type: 'context'; orgNo: string }
  | { type: 'invoiceStatus'; creditorId: string; invoiceNos: number[] }
  | { type: 'send'; creditorId: string; invoiceNo: number }
  | { type: 'case'; caseId: string }
  | { type: 'customer'; creditorId: string; customerNo: string }
  | { type: 'exclusion'; creditorId: string; customerNo: string; excluded: boolean }
  /** The way out of "logged out": the extension's options page, where the accountant logs in. */
  | { type: 'openOptions' }
  /** The wizard page's bridge: read Go's Utvidelser page for the client and post the reading. */
  | { type: 'readGoExtensions'; creditorId: string; orgNo: string }
  /** The accountant approved these drafts with Go's own Godkjenn (go-approvals.ts): take them now. */
  | { type: 'approvedInGo'; creditorId: string; invoiceNos: number[] }
  /** A ledger has said what became of these approvals. */
  | { type: 'approvalsSeen'; creditorId: string; invoiceNos: number[] };

/** What the popup asks the content script in a Go tab: Go's Purring settings, read or saved in Go's
 *  own page in the accountant's session (Go has no API for them). */
export type GoTabRequest = { type: 'goPurring:read' } | { type: 'goPurring:write'; settings: GoPurring } | GoExtensionsTabRequest;

export type PageContext = { loggedIn: boolean; offline: boolean; creditor: CreditorSummary | null; registerUrl: string; locale: 'nb' | 'en' };

export type ContentResponse = {
  context: PageContext;
  invoiceStatus: Outcome<{ items: InvoiceStatusItem[] }>;
  send: Outcome<TakeInvoiceResponse>;
  case: Outcome<CaseDetail>;
  customer: Outcome<CustomerCollection>;
  exclusion: Outcome<CustomerCollection>;
  openOptions: { ok: true };
  readGoExtensions: ReadGoExtensionsResult;
  approvedInGo: GoApproval[];
  approvalsSeen: { ok: true };
};
