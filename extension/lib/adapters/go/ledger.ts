// Kundereskontro: the ledger table, its customer groups and invoice rows, read in slices, and the
// empty cells our badges may lie over.
import { parseOre } from '@shared/money';
import { fromNorwegian } from '@shared/dates';
import { bodyRowsOf, cellAt, cellsOf, cellText, columnIndex, findTable, headRowOf, normalise, selectors, span } from './common';

export const ledgerHeaders = { text: 'Tekst', due: 'Forfall', balance: 'Saldo', amount: 'Beløp', voucherNo: 'Bilagsnr' } as const;

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
  /** The cell that says which invoice it is (Tekst). */
  anchor: HTMLTableCellElement;
  /** The invoice's balance (Saldo): our badge lies right after it, on every row alike. */
  readonly balanceCell: HTMLTableCellElement | null;
  customer: LedgerCustomer | null;
};

export type Ledger = { table: HTMLTableElement; invoices: LedgerInvoiceRow[]; customers: LedgerCustomer[] };

/** "Akkurat AS, 918649999 (10018)" or "Ola Nordmann (10030)" */
export function parseCustomerHeader(text: string): { name: string; orgNo: string | null; code: string } | null {
  const m = /^(.*?)(?:,\s*(\d{9}))?\s*\((\d+)\)$/.exec(normalise(text));
  return m ? { name: m[1]!.trim(), orgNo: m[2] ?? null, code: m[3]! } : null;
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

  get balanceCell(): HTMLTableCellElement | null {
    return cellAtFast(this.row, this.columns.balance, this.columns.width);
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

/** The cells right of `cell` that show nothing (ours aside), and the first one after them that
 *  shows something (null at the row's end): the room our badge may lie over. */
export function roomAfter(cell: HTMLTableCellElement): { empty: HTMLTableCellElement[]; next: HTMLTableCellElement | null } {
  const empty = emptyCellsAfter(cell);
  let next = (empty.at(-1) ?? cell).nextElementSibling;
  while (next && (next.matches(selectors.ours) || (next.tagName !== 'TD' && next.tagName !== 'TH'))) next = next.nextElementSibling;
  return { empty, next: next as HTMLTableCellElement | null };
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

