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

/** While Go's page is still being parsed: the body of the ledger table (whose rows the parser is
 *  adding), or null while there is no ledger table or no client header yet. */
export function parsingLedgerBody(doc: Document): HTMLTableSectionElement | null {
  if (!doc.querySelector(selectors.clientOrgNo)) return null;
  const main = doc.querySelector(selectors.main);
  const table = main ? findLedgerTable(main) : null;
  return table?.querySelector<HTMLTableSectionElement>(':scope > tbody') ?? null;
}

export type LedgerCustomer = {
  name: string;
  orgNo: string | null;
  code: string;
  row: HTMLTableRowElement;
  /** The header cell ("Akkurat AS, 918649999 (10018)"): our sum goes after its text. */
  anchor: HTMLTableCellElement;
};

export type LedgerInvoiceRow = {
  readonly row: HTMLTableRowElement;
  readonly invoiceNo: number;
  readonly dueDate: string | null;
  readonly balanceOre: number | null;
  /** The cell our badge lies after (Tekst). */
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

/** The cell in `column`: directly when the row has a cell per column (Go's invoice rows), else
 *  by walking the colspans. */
function cellAtFast(row: HTMLTableRowElement, column: number | undefined, width: number): HTMLTableCellElement | null {
  if (column === undefined) return null;
  if (row.childElementCount !== width) return cellAt(row, column);
  // Walking siblings makes no collection object per row (row.children does): on 5 000 rows that
  // is garbage the page would pay for in collector pauses.
  let cell = row.firstElementChild;
  for (let i = 0; i < column && cell; i++) cell = cell.nextElementSibling;
  return cell && (cell.tagName === 'TD' || cell.tagName === 'TH') ? (cell as HTMLTableCellElement) : null;
}

/** Reads a ledger table, in slices if asked: `read(n)` looks at the next n rows. Each row is
 *  looked at for its invoice number only; due date and balance are read when first asked for (for
 *  the rows near the viewport), because touching every cell of a 5 000-row ledger costs a content
 *  script on a fresh page a hundred milliseconds and more. */
export class LedgerReader {
  readonly ledger: Ledger;
  private rows: HTMLTableRowElement[];
  private next = 0;
  private customer: LedgerCustomer | null = null;
  private readonly cols: LedgerColumns;
  /** False when made while Go's page was still being parsed: its rows are the ones parsed then. */
  complete: boolean;

  constructor(table: HTMLTableElement) {
    this.complete = table.ownerDocument.readyState !== 'loading';
    const cols = columnIndex(table);
    const width = cellsOf(headRowOf(table) ?? table).reduce((n, c) => n + span(c), 0);
    this.cols = { text: cols.get(ledgerHeaders.text), due: cols.get(ledgerHeaders.due), balance: cols.get(ledgerHeaders.balance), width };
    this.rows = bodyRowsOf(table);
    this.ledger = { table, invoices: [], customers: [] };
  }

  /** Once Go's page is complete: takes in the rows parsed since (the parser only appends, so the
   *  rows read so far keep their places) and reads on from where it was. */
  resume(): void {
    this.rows = bodyRowsOf(this.ledger.table);
    this.complete = true;
  }

  get done(): boolean {
    return this.next >= this.rows.length;
  }

  read(count = Infinity): Ledger {
    const end = Math.min(this.rows.length, this.next + count);
    for (; this.next < end; this.next++) this.readRow(this.rows[this.next]!);
    return this.ledger;
  }

  private readRow(row: HTMLTableRowElement): void {
    const count = row.childElementCount;
    const first = row.firstElementChild;
    if (count === 1 || (count <= 2 && first && span(first) > 1)) {
      if (row.matches(selectors.ours) || !first) return;
      const parsed = parseCustomerHeader(cellText(first as HTMLTableCellElement));
      if (parsed) {
        this.customer = { ...parsed, row, anchor: first as HTMLTableCellElement };
        this.ledger.customers.push(this.customer);
      }
      return;
    }
    const anchor = cellAtFast(row, this.cols.text, this.cols.width);
    if (!anchor) return;
    // Go's own text first; only a cell that another extension wrote into needs the careful read.
    const raw = anchor.childElementCount === 0 ? normalise(anchor.textContent) : cellText(anchor);
    const m = /^Faktura\s+(\d+)$/i.exec(raw);
    if (!m || row.matches(selectors.ours)) return;
    this.ledger.invoices.push(new InvoiceRow(row, Number(m[1]), anchor, this.customer, this.cols));
  }
}

export function readLedger(table: HTMLTableElement): Ledger {
  return new LedgerReader(table).read();
}

/** Where a reader finds the cells it reads (by header), and how many columns a full row has;
 *  shared by all its rows. */
type LedgerColumns = { text?: number; due?: number; balance?: number; width: number };

/** One object per invoice row, with due date and balance read on first use: a 5 000-row ledger
 *  keeps 5 000 of these alive, so they carry no closures of their own (the collector's pauses
 *  grow with what the page keeps). */
class InvoiceRow implements LedgerInvoiceRow {
  private due: string | null | undefined;
  private balance: number | null | undefined;

  constructor(
    readonly row: HTMLTableRowElement,
    readonly invoiceNo: number,
    public anchor: HTMLTableCellElement,
    public customer: LedgerCustomer | null,
    private readonly columns: LedgerColumns,
  ) {}

  get dueDate(): string | null {
    if (this.due === undefined) this.due = fromNorwegian(cellText(cellAtFast(this.row, this.columns.due, this.columns.width)));
    return this.due;
  }

  get balanceOre(): number | null {
    if (this.balance === undefined) {
      const parsed = parseOre(cellText(cellAtFast(this.row, this.columns.balance, this.columns.width)));
      this.balance = parsed.ok ? parsed.value : null;
    }
    return this.balance;
  }
}

/** Cells right of `cell` in its row that show nothing (ours aside): room our badge may lie over
 *  without hiding any of Go's data. Stops at the first cell with content. */
export function emptyCellsAfter(cell: HTMLTableCellElement): HTMLTableCellElement[] {
  const out: HTMLTableCellElement[] = [];
  for (let next = cell.nextElementSibling; next; next = next.nextElementSibling) {
    if (next.tagName !== 'TD' && next.tagName !== 'TH') break;
    if (next.matches(selectors.ours)) continue;
    if (!showsNothing(next as HTMLTableCellElement)) break;
    out.push(next as HTMLTableCellElement);
  }
  return out;
}

/** Runs of neighbouring cells in `row` that show nothing (ours aside), left to right: where a
 *  badge may lie over the row without hiding any of Go's data. */
export function emptyCellRuns(row: HTMLTableRowElement): HTMLTableCellElement[][] {
  const runs: HTMLTableCellElement[][] = [];
  let run: HTMLTableCellElement[] = [];
  for (let cell = row.firstElementChild; cell; cell = cell.nextElementSibling) {
    if (cell.tagName !== 'TD' && cell.tagName !== 'TH') continue;
    if (cell.matches(selectors.ours)) continue;
    if (showsNothing(cell as HTMLTableCellElement)) run.push(cell as HTMLTableCellElement);
    else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

/** No text and no control or picture (an icon-only button is something we must not cover). */
function showsNothing(cell: HTMLTableCellElement): boolean {
  return cellText(cell) === '' && cell.querySelector('button,input,select,a,img,svg') === null;
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
