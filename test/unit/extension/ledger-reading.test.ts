// @vitest-environment happy-dom
// Reading Go's ledger in slices and finding room for a badge, against the saved sandbox page.
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyCellRuns, emptyCellsAfter, findLedgerTable, LedgerReader, parsingLedgerBody, readLedger } from '@/lib/adapters/go';
import { intersect, spanNear } from '@/lib/overlay';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures', name), 'utf8');

describe('LedgerReader', () => {
  beforeEach(() => {
    document.documentElement.innerHTML = fixture('ledger.html').replace(/^<!doctype html>/i, '');
  });

  it('read in slices of any size gives the same ledger as one read', () => {
    const table = findLedgerTable(document)!;
    const whole = readLedger(table);
    for (const slice of [1, 2, 3, 7]) {
      const reader = new LedgerReader(table);
      let reads = 0;
      while (!reader.done) {
        reader.read(slice);
        reads++;
      }
      expect(reads).toBeGreaterThan(1);
      expect(reader.ledger.invoices.map((i) => [i.invoiceNo, i.dueDate, i.balanceOre, i.customer?.code])).toEqual(whole.invoices.map((i) => [i.invoiceNo, i.dueDate, i.balanceOre, i.customer?.code]));
      expect(reader.ledger.customers.map((c) => c.code)).toEqual(whole.customers.map((c) => c.code));
    }
  });

  it('reads due date and balance when first asked for, not when the row is scanned', () => {
    const table = findLedgerTable(document)!;
    const ledger = readLedger(table);
    const f25 = ledger.invoices.find((i) => i.invoiceNo === 25)!;
    const saldo = Array.from(table.querySelectorAll('thead th')).findIndex((th) => th.textContent?.trim() === 'Saldo');
    const cell = f25.row.cells[saldo]!;
    cell.textContent = '1 234,56'; // changed after the scan, before anyone asked
    expect(f25.balanceOre).toBe(123_456);
    cell.textContent = '9,99'; // once read, the value is kept (Go's re-render makes a new reader)
    expect(f25.balanceOre).toBe(123_456);
    expect(f25.dueDate).toBe('2026-11-23');
  });

  it('finds the body the parser is filling, and nothing before the ledger or the client header is there', () => {
    expect(parsingLedgerBody(document)).toBe(findLedgerTable(document)!.querySelector('tbody'));
    document.querySelector('.go-client-orgno')!.remove();
    expect(parsingLedgerBody(document)).toBeNull();
  });

  it('finds the empty cells beside the invoice text and the empty runs of a row', () => {
    const ledger = readLedger(findLedgerTable(document)!);
    const f21 = ledger.invoices.find((i) => i.invoiceNo === 21)!;
    // Faktura 21 has a description: no room right of its text, but Utbetales (and Inkasso, empty
    // before the sync) are free.
    expect(emptyCellsAfter(f21.anchor)).toEqual([]);
    const runs = emptyCellRuns(f21.row).map((run) => run.map((c) => c.cellIndex));
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) for (const index of run) expect(f21.row.cells[index]!.textContent!.trim()).toBe('');
    // A cell with only an icon button shows something: it is neither beside-text room nor a run.
    const f21Text = f21.anchor.nextElementSibling as HTMLTableCellElement;
    const saved = f21Text.innerHTML;
    f21Text.replaceChildren(document.createElement('svg'));
    expect(emptyCellsAfter(f21.anchor)).toEqual([]);
    f21Text.replaceChildren();
    expect(emptyCellsAfter(f21.anchor)[0]).toBe(f21Text);
    f21Text.innerHTML = saved;
    // The cell with Go's Avskriv button is never room for us.
    const avskriv = Array.from(f21.row.cells).find((c) => c.querySelector('button'))!;
    expect(runs.flat()).not.toContain(avskriv.cellIndex);
  });
});

describe('overlay geometry', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ top: i * 27, bottom: i * 27 + 27 }));

  it('finds the rows meeting a band with a few reads, also at the ends', () => {
    let reads = 0;
    const box = (i: number) => {
      reads++;
      return rows[i]!;
    };
    expect(spanNear(rows.length, box, 27 * 100 + 5, 27 * 130)).toEqual([100, 131]);
    expect(reads).toBeLessThan(40);
    expect(spanNear(rows.length, box, -500, 10)).toEqual([0, 1]);
    expect(spanNear(rows.length, box, 27 * 4999 + 1, 27 * 6000)).toEqual([4999, 5000]);
    expect(spanNear(rows.length, box, 27 * 6000, 27 * 7000)).toEqual([5000, 5000]);
    expect(spanNear(0, box, 0, 100)).toEqual([0, 0]);
  });

  it('cuts a rectangle by every clip, and says when nothing is left', () => {
    const view = { top: 0, bottom: 800, left: 0, right: 1280 };
    expect(intersect(view, [{ top: 100, bottom: 2000, left: 20, right: 1260 }])).toEqual({ top: 100, bottom: 800, left: 20, right: 1260 });
    expect(intersect(view, [])).toEqual(view);
    expect(intersect(view, [{ top: 900, bottom: 1000, left: 0, right: 10 }])).toBeNull();
  });
});

describe('LedgerReader while Go’s page is parsed', () => {
  it('reads the rows parsed so far, and after resume() the rest, each row once', () => {
    document.documentElement.innerHTML = fixture('ledger.html').replace(/^<!doctype html>/i, '');
    const table = findLedgerTable(document)!;
    const whole = readLedger(table).invoices.map((i) => i.invoiceNo);
    const tbody = table.querySelector('tbody')!;
    const later = Array.from(tbody.children).slice(6); // not parsed yet
    for (const row of later) row.remove();
    const state = Object.getOwnPropertyDescriptor(Document.prototype, 'readyState') ?? Object.getOwnPropertyDescriptor(document, 'readyState');
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'loading' });
    let reader: LedgerReader;
    try {
      reader = new LedgerReader(table);
      expect(reader.complete).toBe(false);
      reader.read();
    } finally {
      if (state) Object.defineProperty(document, 'readyState', state);
      else delete (document as unknown as Record<string, unknown>)['readyState'];
    }
    expect(reader.done).toBe(true);
    const early = reader.ledger.invoices.length;
    expect(early).toBeLessThan(whole.length);
    tbody.append(...later); // the parser goes on
    reader.resume();
    expect(reader.complete).toBe(true);
    reader.read();
    expect(reader.ledger.invoices.map((i) => i.invoiceNo)).toEqual(whole);
  });
});
