import type { GoClientInfo, PageKind } from '@/lib/adapters/go';
import type { ContentRequest, ContentResponse, PageContext } from '@/lib/messages';
import type { Locale, T } from '@/lib/i18n';

export type Ask = <R extends ContentRequest>(request: R) => Promise<ContentResponse[R['type']]>;

/** What every feature gets for one page view; `signal` aborts on navigation or extension update.
 *  `page()` is the login and creditor for the Go client shown (asked once per page view, early).
 *  A feature may start while Go's page is still being parsed (the ledger does, to ask for its
 *  first invoices early); `ready` resolves when the document is complete (DOMContentLoaded). */
export type FeatureContext = {
  doc: Document;
  signal: AbortSignal;
  client: GoClientInfo;
  ask: Ask;
  t: T;
  locale: Locale;
  today: string;
  page(): Promise<PageContext>;
  ready: Promise<void>;
  /** Tells of changes made outside this page (until `signal` aborts): 'login' when the login or
   *  the backend changed, 'approvals' when drafts approved in Go's own Inkasso page were taken (or
   *  are being taken) by the backend (lib/go-approvals.ts), 'data' when the popup saved settings
   *  or ran a sync. */
  onChange(listener: (what: 'login' | 'approvals' | 'data') => void, signal: AbortSignal): void;
};

export type Feature = { id: string; pages: PageKind[]; run(ctx: FeatureContext): Promise<void> | void };
