// Everything the extension knows about PowerOffice GO's pages lives here. Tables are found by
// their column headers, never by position or by Go's class names alone, so a reordered grid or
// another extension's extra column does not break us. Tested against saved page fixtures.
import { parseOre } from '@shared/money';
import { fromNorwegian } from '@shared/dates';

export const selectors = {
  clientName: '.go-client-name',
  clientOrgNo: '.go-client-orgno',
  main: '#go-main',
  /** Our own inserts carry this attribute, so we never read or annotate them as Go's. */
  ours: '[data-modhi]',
} as const;

export const ledgerHeaders = { text: 'Tekst', due: 'Forfall', balance: 'Saldo', amount: 'Beløp', voucherNo: 'Bilagsnr' } as const;
export const extensionHeaders = { name: 'Utvidelse', kind: 'Type', active: 'Aktiv', canCreate: 'Inkassobyrå kan opprette nye saker' } as const;

export type GoClientInfo = { name: string; orgNo: string };

/** The Go client shown in the header: the creditor the page belongs to. */
export function readClient(doc: Document): GoClientInfo | null {
  const name = doc.querySelector(selectors.clientName)?.textContent?.trim();
  const orgText = doc.querySelector(selectors.clientOrgNo)?.textContent ?? '';
  const orgNo = orgText.replace(/\D/g, '');
  if (!name || orgNo.length !== 9) return null;
  return { name, orgNo };
}

export type PageKind = 'ledger' | 'extensions' | 'other';

export function pageKind(url: string): PageKind {
  const path = new URL(url).pathname;
  if (/\/reskontro\/?$/.test(path)) return 'ledger';
  if (/\/innstillinger\/utvidelser\/?$/.test(path)) return 'extensions';
  return 'other';
}

export function mainContainer(doc: Document): Element {
  return doc.querySelector(selectors.main) ?? doc.body;
}

// Rows and cells through selectors rather than the table DOM API, which some DOMs (and frameworks
// rendering Go's grid) do not fill in.
function cellsOf(row: Element): HTMLTableCellElement[] {
  return Array.from(row.children).filter((c): c is HTMLTableCellElement => c.tagName === 'TD' || c.tagName === 'TH');
}
function span(cell: Element): number {
  return Number(cell.getAttribute('colspan') ?? '1') || 1;
}
function headRowOf(table: HTMLTableElement): Element | null {
  return table.querySelector(':scope > thead > tr') ?? table.querySelector('tr');
}
function bodyRowsOf(table: HTMLTableElement): HTMLTableRowElement[] {
  const rows = Array.from(table.querySelectorAll<HTMLTableRowElement>(':scope > tbody > tr'));
  return rows.length ? rows : Array.from(table.querySelectorAll<HTMLTableRowElement>('tr')).slice(1);
}

function normalise(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Column index by header text; only header cells that are not ours count. */
function columnIndex(table: HTMLTableElement): Map<string, number> {
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

function findTable(root: ParentNode, required: string[]): HTMLTableElement | null {
  for (const table of Array.from(root.querySelectorAll('table'))) {
    const cols = columnIndex(table);
    if (required.every((h) => cols.has(h))) return table;
  }
  return null;
}

export function findLedgerTable(root: ParentNode): HTMLTableElement | null {
  return findTable(root, [ledgerHeaders.text, ledgerHeaders.due, ledgerHeaders.balance]);
}

export type LedgerCustomer = { name: string; orgNo: string | null; code: string; row: HTMLTableRowElement };

export type LedgerInvoiceRow = {
  row: HTMLTableRowElement;
  invoiceNo: number;
  dueDate: string | null;
  balanceOre: number | null;
  /** The cell our badge goes into (Tekst). */
  anchor: HTMLTableCellElement;
  customer: LedgerCustomer | null;
};

export type Ledger = { table: HTMLTableElement; invoices: LedgerInvoiceRow[]; customers: LedgerCustomer[] };

/** "Akkurat AS, 918649999 (10018)" or "Ola Nordmann (10030)" */
export function parseCustomerHeader(text: string): { name: string; orgNo: string | null; code: string } | null {
  const m = /^(.*?)(?:,\s*(\d{9}))?\s*\((\d+)\)$/.exec(normalise(text));
  return m ? { name: m[1]!.trim(), orgNo: m[2] ?? null, code: m[3]! } : null;
}

function cellAt(row: HTMLTableRowElement, column: number | undefined): HTMLTableCellElement | null {
  if (column === undefined) return null;
  let index = 0;
  for (const cell of cellsOf(row)) {
    if (index === column) return cell;
    index += span(cell);
  }
  return null;
}

/** Text of a cell without our own inserts. */
function cellText(cell: HTMLTableCellElement | null): string {
  if (!cell) return '';
  let text = '';
  for (const node of Array.from(cell.childNodes)) {
    if (node.nodeType === 1 && (node as Element).matches(selectors.ours)) continue;
    text += node.textContent ?? '';
  }
  return normalise(text);
}

export function readLedger(table: HTMLTableElement): Ledger {
  const cols = columnIndex(table);
  const invoices: LedgerInvoiceRow[] = [];
  const customers: LedgerCustomer[] = [];
  let customer: LedgerCustomer | null = null;
  for (const row of bodyRowsOf(table)) {
    if (row.matches(selectors.ours)) continue;
    const cells = cellsOf(row);
    const first = cells[0];
    if (cells.length === 1 || (first && span(first) > 1 && cells.length <= 2)) {
      const parsed = parseCustomerHeader(cellText(first ?? null));
      if (parsed) {
        customer = { ...parsed, row };
        customers.push(customer);
      }
      continue;
    }
    const anchor = cellAt(row, cols.get(ledgerHeaders.text));
    const m = /^Faktura\s+(\d+)$/i.exec(cellText(anchor));
    if (!anchor || !m) continue;
    const due = fromNorwegian(cellText(cellAt(row, cols.get(ledgerHeaders.due))));
    const balance = parseOre(cellText(cellAt(row, cols.get(ledgerHeaders.balance))));
    invoices.push({ row, invoiceNo: Number(m[1]), dueDate: due, balanceOre: balance.ok ? balance.value : null, anchor, customer });
  }
  return { table, invoices, customers };
}

export type GoExtension = { name: string; kind: string; active: boolean; canCreateCases: boolean };

export function findExtensionsTable(root: ParentNode): HTMLTableElement | null {
  return findTable(root, [extensionHeaders.name, extensionHeaders.canCreate]);
}

export function readExtensions(table: HTMLTableElement): GoExtension[] {
  const cols = columnIndex(table);
  const yes = (t: string) => /^(ja|yes|✓|x)$/i.test(t);
  return bodyRowsOf(table)
    .filter((row) => !row.matches(selectors.ours))
    .map((row) => ({
      name: cellText(cellAt(row, cols.get(extensionHeaders.name))),
      kind: cellText(cellAt(row, cols.get(extensionHeaders.kind))),
      active: yes(cellText(cellAt(row, cols.get(extensionHeaders.active)))),
      canCreateCases: yes(cellText(cellAt(row, cols.get(extensionHeaders.canCreate)))),
    }))
    .filter((e) => e.name);
}

/** Collection agency extensions that may create new cases right now. */
export function agenciesCreatingCases(extensions: GoExtension[]): GoExtension[] {
  return extensions.filter((e) => /inkasso/i.test(e.kind) && e.active && e.canCreateCases);
}
