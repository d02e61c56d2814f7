// Inkasso → Utkast: approving a draft for collection, as the accountant would in Go's page. Go has
// no API for it, so the adapter makes the request Go's own page makes: it fetches the Utkast tab in
// the accountant's session, finds the invoice's row by the column headers and its «Godkjenn» form
// (with the page's antiforgery token), and posts that form. Anything it does not recognise (no
// row, no form, no token, another page) is a failure with Go's Utkast page to open, the invoice
// pointed out; it never guesses.
import { antiforgeryField, bodyRowsOf, cellAt, cellText, columnIndex, fetchGoPage, findTable, goPages, hiddenFields, normalise, postGoForm, selectors, type GoPageFailure, type PageFetch } from './common';

export const inkassoHeaders = { customer: 'Kunde', invoice: 'Faktura', due: 'Forfall' } as const;
const approveLabel = 'Godkjenn';

export type DraftApproval = { action: string; body: URLSearchParams };

/** The Utkast table (found by its headers) in a page of Go's. */
export function findCollectionTable(doc: Document): HTMLTableElement | null {
  return findTable(doc.querySelector(selectors.main) ?? doc.body, [inkassoHeaders.customer, inkassoHeaders.invoice, inkassoHeaders.due]);
}

/** The «Godkjenn» request for an invoice's draft row in Go's Utkast page, or why there is none. */
export function findDraftApproval(doc: Document, invoiceNo: number, pageUrl: string): DraftApproval | Omit<GoPageFailure, 'fallbackUrl'> {
  const fail = (reason: GoPageFailure['reason']) => ({ ok: false as const, reason, message: null });
  const table = findCollectionTable(doc);
  if (!table) return fail('unexpected_page');
  const column = columnIndex(table).get(inkassoHeaders.invoice);
  // The invoice's own cell starts with Go's text (another extension may have added after it).
  const own = new RegExp(`^Faktura\\s+${invoiceNo}(?!\\d)`);
  const row = bodyRowsOf(table).find((r) => !r.matches(selectors.ours) && own.test(cellText(cellAt(r, column))));
  if (!row) return fail('no_row');
  const form = Array.from(row.querySelectorAll('form')).find((f) => {
    const submit = f.querySelector('button[type=submit], button:not([type]), input[type=submit]');
    return !f.matches(selectors.ours) && submit !== null && normalise(submit.textContent || (submit as HTMLInputElement).value) === approveLabel;
  });
  if (!form || (form.getAttribute('method') ?? 'get').toLowerCase() !== 'post') return fail('no_form');
  const fields = hiddenFields(form);
  if (!fields.some(([name, value]) => name === antiforgeryField && value !== '')) return fail('no_token');
  const action = new URL(form.getAttribute('action') ?? '', pageUrl);
  if (action.origin !== new URL(pageUrl).origin) return fail('unexpected_page');
  return { action: action.href, body: new URLSearchParams(fields) };
}

/** Approves the invoice's draft in Go, in the accountant's session. */
export async function approveDraft(fetcher: PageFetch, pageUrl: string, invoiceNo: number, signal?: AbortSignal): Promise<{ ok: true } | GoPageFailure> {
  const pages = goPages(pageUrl);
  const fallbackUrl = pages?.utkast(invoiceNo) ?? pageUrl;
  if (!pages) return { ok: false, reason: 'unexpected_page', message: null, fallbackUrl };
  const doc = await fetchGoPage(fetcher, pages.utkast(), signal);
  if (!doc) return { ok: false, reason: 'unreachable', message: null, fallbackUrl };
  const approval = findDraftApproval(doc, invoiceNo, pages.utkast());
  if (!('action' in approval)) return { ...approval, fallbackUrl };
  const answer = await postGoForm(fetcher, approval.action, approval.body, signal);
  return answer.ok ? { ok: true } : { ...answer, fallbackUrl };
}

/** The invoice a «Godkjenn» the accountant clicked in Go's own Utkast page is for (the submit of
 *  the row's form), read by the same rules as findDraftApproval: the Utkast table by its headers,
 *  the invoice by Go's text in its column, the button by its label. Null for any other form. */
export function approvedDraftOf(form: HTMLFormElement, submitter: Element | null): number | null {
  if (form.matches(selectors.ours)) return null;
  const table = findCollectionTable(form.ownerDocument);
  const row = form.closest('tr');
  if (!table || !row || row.closest('table') !== table) return null;
  const button = submitter ?? form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  if (!button || normalise(button.textContent || (button as HTMLInputElement).value) !== approveLabel) return null;
  const m = /^Faktura\s+(\d+)(?!\d)/.exec(cellText(cellAt(row, columnIndex(table).get(inkassoHeaders.invoice))));
  return m ? Number(m[1]) : null;
}
