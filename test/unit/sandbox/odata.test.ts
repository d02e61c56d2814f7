// The OData slice of Go's legacy list routes: what the backend sends (a case code with a quote
// doubled) must find exactly that case; field names are PascalCase as Go documents (the JSON is
// camelCase); anything unsupported is refused, not silently ignored.
import { describe, expect, it } from 'vitest';
import { applyOData, parseFilter } from '../../../sandbox/api/odata';

const rows = [
  { code: "O'Brien-1", customerCode: 10018, invoiceNo: 19, closed: false },
  { code: 'S-2', customerCode: 10018, invoiceNo: 21, closed: true },
  { code: 'S-3', customerCode: 10013, invoiceNo: 14, closed: false },
];

describe('sandbox OData', () => {
  it('parses eq clauses on PascalCase fields joined by and, with quoted strings, numbers, booleans and null', () => {
    expect(parseFilter("Code eq 'O''Brien-1'")).toEqual([{ field: 'Code', value: "O'Brien-1" }]);
    expect(parseFilter("(Code eq 'x')")).toEqual([{ field: 'Code', value: 'x' }]);
    expect(parseFilter('CustomerCode eq 10018 and Closed eq false')).toEqual([{ field: 'CustomerCode', value: 10018 }, { field: 'Closed', value: false }]);
    expect(parseFilter('Code eq null')).toEqual([{ field: 'Code', value: null }]);
    expect(parseFilter("code eq 'x'")).toBeNull();
    expect(parseFilter("Code ne 'x'")).toBeNull();
    expect(parseFilter("Code eq 'x' or Code eq 'y'")).toBeNull();
    expect(parseFilter("Code eq 'unterminated")).toBeNull();
  });

  it('filters, orders, skips and takes, counting before paging; refuses what it cannot apply', () => {
    const codes = (r: ReturnType<typeof applyOData<(typeof rows)[number]>>) => (r.ok ? r.rows.map((x) => x.code) : r.field);
    expect(codes(applyOData(rows, { filter: "Code eq 'O''Brien-1'" }))).toEqual(["O'Brien-1"]);
    expect(codes(applyOData(rows, { filter: 'CustomerCode eq 10018 and Closed eq true' }))).toEqual(['S-2']);
    expect(codes(applyOData(rows, { filter: "CustomerCode eq '10013'" }))).toEqual(['S-3']);
    expect(codes(applyOData(rows, { orderby: 'InvoiceNo desc', skip: '1', top: '1' }))).toEqual(["O'Brien-1"]);
    const paged = applyOData(rows, { orderby: 'InvoiceNo', top: '1' });
    expect(paged.ok && [paged.rows.map((r) => r.invoiceNo), paged.count]).toEqual([[14], 3]);
    expect(codes(applyOData(rows, {}))).toEqual(["O'Brien-1", 'S-2', 'S-3']);
    expect(codes(applyOData(rows, { filter: "Nope eq 'x'" }))).toBe('$filter');
    expect(codes(applyOData(rows, { filter: "code eq 'x'" }))).toBe('$filter');
    expect(codes(applyOData(rows, { filter: 'Code gt 1' }))).toBe('$filter');
    expect(codes(applyOData(rows, { orderby: 'InvoiceNo', top: '-1' }))).toBe('$top');
    expect(codes(applyOData(rows, { orderby: 'InvoiceNo', skip: 'x' }))).toBe('$skip');
    expect(codes(applyOData(rows, { skip: '1' }))).toBe('$skip');
    expect(codes(applyOData(rows, { orderby: 'Nope' }))).toBe('$orderby');
  });
});
