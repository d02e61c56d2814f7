// What content scripts ask the background service worker, which holds the login and makes the
// calls (one batch per page view, chunks of ≤ 500 invoice numbers, cached briefly).
import type { CreditorSummary, InvoiceStatusItem, CaseDetail, TakeInvoiceResponse } from '@shared/api';
import type { Outcome } from './api';

export type ContentRequest =
  | { type: 'context'; orgNo: string }
  | { type: 'invoiceStatus'; creditorId: string; invoiceNos: number[] }
  | { type: 'send'; creditorId: string; invoiceNo: number }
  | { type: 'case'; caseId: string };

export type PageContext = { loggedIn: boolean; offline: boolean; creditor: CreditorSummary | null; registerUrl: string; locale: 'nb' | 'en' };

export type ContentResponse = {
  context: PageContext;
  invoiceStatus: Outcome<{ items: InvoiceStatusItem[] }>;
  send: Outcome<TakeInvoiceResponse>;
  case: Outcome<CaseDetail>;
};

export const invoiceStatusChunk = 500;
export const cacheMs = 30_000;
