// @vitest-environment happy-dom
// The Go page adapter against saved pages of the sandbox, and against variants: columns reordered,
// a row already altered by another extension, an extra column, an empty ledger.
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agenciesCreatingCases, findExtensionsTable, findLedgerTable, pageKind, parseCustomerHeader, readClient, readExtensions, readLedger } from '@/lib/adapters/go';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures', name), 'utf8');

function load(html: string): Document {
  document.documentElement.innerHTML = html.replace(/^<!doctype html>/i, '');
  return document;
}

describe('ledger page', () => {
  beforeEach(() => load(fixture('ledger.html')));

  it('reads the Go client from the header', () => {
    expect(readClient(document)).toEqual({ name: 'Conecto AS', orgNo: '923456783' });
    expect(pageKind('https://go.poweroffice.net/app/conecto/reskontro')).toBe('ledger');
    expect(pageKind('https://go.poweroffice.net/app/conecto/innstillinger/utvidelser')).toBe('extensions');
    expect(pageKind('https://go.poweroffice.net/app/conecto/inkasso')).toBe('inkasso');
    expect(pageKind('https://go.poweroffice.net/app/conecto/inkasso/utkast')).toBe('inkasso');
    expect(pageKind('https://go.poweroffice.net/app/conecto/kunder/10018')).toBe('other');
  });

  it('finds invoices with due date, balance and customer by the column headers', () => {
    const ledger = readLedger(findLedgerTable(document)!);
    const f19 = ledger.invoices.find((i) => i.invoiceNo === 19)!;
    expect(f19).toMatchObject({ dueDate: '2026-10-19', balanceOre: 18_000_000 });
    expect(f19.customer).toMatchObject({ name: 'Akkurat AS', orgNo: '918649999', code: '10018' });
    expect(f19.anchor.textContent).toBe('Faktura 19');
    // BreidaBlikk's invalid org number is kept as data; the "Bank" line is not an invoice
    expect(ledger.customers.find((c) => c.code === '10013')).toMatchObject({ orgNo: '374644730' });
    expect(ledger.invoices.map((i) => i.invoiceNo).sort((a, b) => a - b)).toEqual([14, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(ledger.invoices.find((i) => i.invoiceNo === 25)!.balanceOre).toBe(900_000);
    expect(ledger.customers.find((c) => c.code === '10030')).toMatchObject({ name: 'Ola Nordmann', orgNo: null });
  });

  it('still reads the ledger with the columns reordered', () => {
    const table = findLedgerTable(document)!;
    for (const row of Array.from(table.querySelectorAll('tr'))) {
      const cells = () => Array.from(row.children);
      if (cells().length < 3) continue;
      row.append(cells()[1]!); // Tekst last
      row.insertBefore(cells()[5]!, cells()[0]!); // Saldo first
    }
    const ledger = readLedger(table);
    expect(ledger.invoices.find((i) => i.invoiceNo === 21)).toMatchObject({ balanceOre: 24_000_000, dueDate: '2026-11-13' });
    expect(ledger.invoices).toHaveLength(11);
  });

  it('ignores what another extension added: an extra column and a decorated cell', () => {
    const table = findLedgerTable(document)!;
    const th = document.createElement('th');
    th.textContent = 'Annet';
    table.querySelector('thead tr')!.prepend(th);
    for (const row of Array.from(table.querySelectorAll('tbody tr'))) {
      if (row.children.length < 3) continue;
      const td = document.createElement('td');
      td.textContent = '★';
      row.prepend(td);
    }
    const f21 = Array.from(table.querySelectorAll('td')).find((td) => td.textContent === 'Faktura 21')!;
    const extra = document.createElement('span');
    extra.setAttribute('data-modhi', '');
    extra.textContent = 'Sak 100001';
    f21.append(extra);
    const ledger = readLedger(table);
    expect(ledger.invoices.find((i) => i.invoiceNo === 21)).toMatchObject({ balanceOre: 24_000_000 });
    expect(ledger.invoices).toHaveLength(11);
  });

  it('does not take a table without the ledger headers for the ledger', () => {
    document.body.innerHTML = '<table><thead><tr><th>Dato</th><th>Tekst</th></tr></thead><tbody><tr><td>1</td><td>Faktura 1</td></tr></tbody></table>';
    expect(findLedgerTable(document)).toBeNull();
  });
});

describe('empty ledger', () => {
  it('has a table and no invoices', () => {
    load(fixture('ledger-empty.html'));
    const ledger = readLedger(findLedgerTable(document)!);
    expect(ledger.invoices).toEqual([]);
    expect(ledger.customers).toEqual([]);
  });
});

describe('Utvidelser', () => {
  it('finds two collection agencies that may create cases at Delante', () => {
    load(fixture('utvidelser-delante.html'));
    const ext = readExtensions(findExtensionsTable(document)!);
    expect(agenciesCreatingCases(ext).map((e) => e.name)).toEqual(['PoInkasso', 'Modhi Norge Inkasso']);
  });
  it('finds one at Conecto (the bank integration is not an agency)', () => {
    load(fixture('utvidelser-conecto.html'));
    const ext = readExtensions(findExtensionsTable(document)!);
    expect(ext).toHaveLength(2);
    expect(agenciesCreatingCases(ext).map((e) => e.name)).toEqual(['Modhi Norge Inkasso']);
  });
});

describe('customer header', () => {
  it('parses the forms Go uses', () => {
    expect(parseCustomerHeader('BreidaBlikk & Ventilasjon AS, 374644730 (10013)')).toEqual({ name: 'BreidaBlikk & Ventilasjon AS', orgNo: '374644730', code: '10013' });
    expect(parseCustomerHeader('SUM')).toBeNull();
  });
});
