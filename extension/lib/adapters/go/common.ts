// What the extension knows about PowerOffice GO's pages in general: the frame (client header, main
// container), which page a URL is, where Go's other pages are, and how its tables are read. Tables
// are found by their column headers, never by position or by Go's class names alone, so a
// reordered grid or another extension's extra column does not break us. One file per page beside
// this one; every piece of Go page knowledge is in this folder, tested against saved fixtures.
export const selectors = {
  clientName: '.go-client-name',
  clientOrgNo: '.go-client-orgno',
  main: '#go-main',
  /** Our own inserts carry this attribute, so we never read or annotate them as Go's. */
  ours: '[data-modhi]',
} as const;


export type GoClientInfo = { name: string; orgNo: string };

/** The Go client shown in the header: the creditor the page belongs to. */
export function readClient(doc: Document): GoClientInfo | null {
  const name = doc.querySelector(selectors.clientName)?.textContent?.trim();
  const orgText = doc.querySelector(selectors.clientOrgNo)?.textContent ?? '';
  const orgNo = orgText.replace(/\D/g, '');
  if (!name || orgNo.length !== 9) return null;
  return { name, orgNo };
}

export type PageKind = 'ledger' | 'extensions' | 'inkasso' | 'other';

export function pageKind(url: string): PageKind {
  const path = new URL(url).pathname;
  if (/\/reskontro\/?$/.test(path)) return 'ledger';
  // Inkasso and its tabs (Utkast, Godkjent, Åpne), where the accountant approves drafts in Go.
  if (/\/inkasso(\/(utkast|godkjent|apne))?\/?$/.test(path)) return 'inkasso';
  if (/\/innstillinger\/utvidelser\/?$/.test(path)) return 'extensions';
  return 'other';
}

export function mainContainer(doc: Document): Element {
  return doc.querySelector(selectors.main) ?? doc.body;
}

// Rows and cells through selectors rather than the table DOM API, which some DOMs (and frameworks
// rendering Go's grid) do not fill in.
export function cellsOf(row: Element): HTMLTableCellElement[] {
  return Array.from(row.children).filter((c): c is HTMLTableCellElement => c.tagName === 'TD' || c.tagName === 'TH');
}
export function span(cell: Element): number {
  return Number(cell.getAttribute('colspan') ?? '1') || 1;
}
export function headRowOf(table: HTMLTableElement): Element | null {
  return table.querySelector(':scope > thead > tr') ?? table.querySelector('tr');
}
export function bodyRowsOf(table: HTMLTableElement): HTMLTableRowElement[] {
  const rows = Array.from(table.querySelectorAll<HTMLTableRowElement>(':scope > tbody > tr'));
  return rows.length ? rows : Array.from(table.querySelectorAll<HTMLTableRowElement>('tr')).slice(1);
}

export function normalise(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Column index by header text; only header cells that are not ours count. */
export function columnIndex(table: HTMLTableElement): Map<string, number> {
  const map = new Map<string, number>();
  const headRow = headRowOf(table);
  if (!headRow) return map;
  let index = 0;
  for (const cell of cellsOf(headRow)) {
    if (!cell.matches(selectors.ours)) map.set(normalise(cell.textContent), index);
    index += span(cell);
  }
  return map;
}

export function findTable(root: ParentNode, required: string[]): HTMLTableElement | null {
  for (const table of Array.from(root.querySelectorAll('table'))) {
    const cols = columnIndex(table);
    if (required.every((h) => cols.has(h))) return table;
  }
  return null;
}

export function cellAt(row: HTMLTableRowElement, column: number | undefined): HTMLTableCellElement | null {
  if (column === undefined) return null;
  let index = 0;
  for (const cell of cellsOf(row)) {
    if (index === column) return cell;
    index += span(cell);
  }
  return null;
}

/** Text of a cell without our own inserts. */
export function cellText(cell: HTMLTableCellElement | null): string {
  if (!cell) return '';
  let text = '';
  for (const node of Array.from(cell.childNodes)) {
    if (node.nodeType === 1 && (node as Element).matches(selectors.ours)) continue;
    text += node.textContent ?? '';
  }
  return normalise(text);
}


/** Where Go's pages for the client of `pageUrl` are (Go's URLs carry the client: /app/<client>/…),
 *  or null on a page that belongs to no client. */
export type GoPages = { ledger: string; utkast: (highlight?: number) => string; purring: string; utvidelser: string; customer: (customerNo: string) => string };
export function goPages(pageUrl: string): GoPages | null {
  const url = new URL(pageUrl);
  const m = /^\/app\/([^/]+)\//.exec(url.pathname);
  if (!m) return null;
  const base = `${url.origin}/app/${m[1]}`;
  return {
    ledger: `${base}/reskontro`,
    utkast: (highlight) => `${base}/inkasso/utkast${highlight ? `?highlight=${highlight}` : ''}`,
    purring: `${base}/innstillinger/purring`,
    utvidelser: `${base}/innstillinger/utvidelser`,
    customer: (customerNo) => `${base}/kunder/${encodeURIComponent(customerNo)}`,
  };
}

/** The hidden field Go's page forms carry their antiforgery token in (ASP.NET's name). */
export const antiforgeryField = '__RequestVerificationToken';

/** Why the adapter did not act in Go's page: it never guesses, so each of these leads to opening
 *  Go's own page with the thing pointed out (`fallbackUrl`). */
export type GoPageFailure = {
  ok: false;
  reason: 'no_row' | 'no_form' | 'no_token' | 'unexpected_page' | 'refused' | 'unreachable';
  /** Go's own message, when Go refused. */
  message: string | null;
  fallbackUrl: string;
};

export type PageFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** GET of one of Go's pages in the accountant's session (their cookies, same origin). */
export async function fetchGoPage(fetcher: PageFetch, url: string, signal?: AbortSignal): Promise<Document | null> {
  try {
    const res = await fetcher(url, { credentials: 'same-origin', ...(signal ? { signal } : {}) });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('html')) return null;
    return new DOMParser().parseFromString(await res.text(), 'text/html');
  } catch {
    return null;
  }
}

/** Posts a form of Go's page the way Go's own page script does (its fields, X-Go-Partial), and
 *  reads Go's answer: its flash message (ok) or its error (refused, with Go's words). */
export async function postGoForm(fetcher: PageFetch, action: string, body: URLSearchParams, signal?: AbortSignal): Promise<{ ok: true; doc: Document } | { ok: false; reason: 'refused' | 'unexpected_page' | 'unreachable'; message: string | null }> {
  let res: Response;
  try {
    res = await fetcher(action, { method: 'POST', credentials: 'same-origin', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Go-Partial': '1' }, ...(signal ? { signal } : {}) });
  } catch {
    return { ok: false, reason: 'unreachable', message: null };
  }
  const doc = new DOMParser().parseFromString(await res.text().catch(() => ''), 'text/html');
  const answer = goAnswerIn(doc);
  if (!res.ok) return { ok: false, reason: answer?.ok === false ? 'refused' : 'unexpected_page', message: answer?.ok === false ? answer.message : null };
  if (answer?.ok === false) return { ok: false, reason: 'refused', message: answer.message };
  if (!answer) return { ok: false, reason: 'unexpected_page', message: null };
  return { ok: true, doc };
}

/** What Go's page says after one of its own actions: its error (with Go's words) before its flash
 *  message; null when it shows neither. Our inserts are never read as Go's. */
export function goAnswerIn(root: ParentNode): { ok: true } | { ok: false; message: string } | null {
  const error = Array.from(root.querySelectorAll('.go-error, [role=alert]')).find((e) => !e.closest(selectors.ours) && normalise(e.textContent) !== '');
  if (error) return { ok: false, message: normalise(error.textContent) };
  const flash = Array.from(root.querySelectorAll('.go-flash, [role=status]')).find((e) => !e.closest(selectors.ours));
  return flash ? { ok: true } : null;
}

/** The hidden fields of a form (antiforgery token and ids), as Go's page would send them. */
export function hiddenFields(form: HTMLFormElement): [string, string][] {
  return Array.from(form.querySelectorAll<HTMLInputElement>('input[type=hidden][name]')).map((i) => [i.name, i.value]);
}

/** The visible text of a control's label (its <label> ancestor or label[for]). */
export function labelOf(input: HTMLInputElement): string {
  const label = input.closest('label') ?? (input.id ? input.ownerDocument.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null);
  return normalise(label?.textContent);
}
