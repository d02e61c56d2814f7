// What content scripts ask the background service worker, which holds the login and makes the
// calls (one batch per page view, chunks of ≤ 500 invoice numbers, cached briefly).
import type { CreditorSummary, CustomerCollection, InvoiceStatusItem, CaseDetail, TakeInvoiceResponse } from '@shared/api';
import type { GoPurring } from './adapters/go';
import type { Outcome } from './api';

export type ContentRequest =
  | { type: 'context'; orgNo: string }
  | { type: 'invoiceStatus'; creditorId: string; invoiceNos: number[] }
  | { type: 'send'; creditorId: string; invoiceNo: number }
  | { type: 'case'; caseId: string }
  | { type: 'customer'; creditorId: string; customerNo: string }
  | { type: 'exclusion'; creditorId: string; customerNo: string; excluded: boolean };

/** What the popup asks the content script in a Go tab: Go's Purring settings, read or saved in Go's
 *  own page in the accountant's session (Go has no API for them). */
export type GoTabRequest = { type: 'goPurring:read' } | { type: 'goPurring:write'; settings: GoPurring };

export type PageContext = { loggedIn: boolean; offline: boolean; creditor: CreditorSummary | null; registerUrl: string; locale: 'nb' | 'en' };

export type ContentResponse = {
  context: PageContext;
  invoiceStatus: Outcome<{ items: InvoiceStatusItem[] }>;
  send: Outcome<TakeInvoiceResponse>;
  case: Outcome<CaseDetail>;
  customer: Outcome<CustomerCollection>;
  exclusion: Outcome<CustomerCollection>;
};

export const invoiceStatusChunk = 500;
export const cacheMs = 30_000;
