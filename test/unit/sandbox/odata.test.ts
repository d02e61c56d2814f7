// The OData slice of Go's legacy list routes: what the backend sends (a case code with a quote
// doubled) must find exactly that case; anything unsupported is refused, not silently ignored.
import { describe, expect, it } from 'vitest';
import { applyOData, parseFilter } from '../../../sandbox/api/odata';

const rows = [
  { code: "O'Brien-1", customerCode: 10018, invoiceNo: 19, closed: false },
  { code: 'S-2', customerCode: 10018, invoiceNo: 21, closed: true },
  { code: 'S-3', customerCode: 10013, invoiceNo: 14, closed: false },
];

describe('sandbox OData', () => {
  it('parses eq clauses joined by and, with quoted strings, numbers, booleans and null', () => {
    expect(parseFilter("code eq 'O''Brien-1'")).toEqual([{ field: 'code', value: "O'Brien-1" }]);
    expect(parseFilter('customerCode eq 10018 and closed eq false')).toEqual([{ field: 'customerCode', value: 10018 }, { field: 'closed', value: false }]);
    expect(parseFilter('code eq null')).toEqual([{ field: 'code', value: null }]);
    expect(parseFilter("code ne 'x'")).toBeNull();
    expect(parseFilter("code eq 'x' or code eq 'y'")).toBeNull();
    expect(parseFilter("code eq 'unterminated")).toBeNull();
  });

  it('filters, skips and takes; refuses what it cannot apply', () => {
    const codes = (r: ReturnType<typeof applyOData<(typeof rows)[number]>>) => (r.ok ? r.rows.map((x) => x.code) : r.field);
    expect(codes(applyOData(rows, { filter: "code eq 'O''Brien-1'" }))).toEqual(["O'Brien-1"]);
    expect(codes(applyOData(rows, { filter: 'CustomerCode eq 10018 and closed eq true' }))).toEqual(['S-2']);
    expect(codes(applyOData(rows, { filter: "customerCode eq '10013'" }))).toEqual(['S-3']);
    expect(codes(applyOData(rows, { skip: '1', top: '1' }))).toEqual(['S-2']);
    expect(codes(applyOData(rows, {}))).toEqual(["O'Brien-1", 'S-2', 'S-3']);
    expect(codes(applyOData(rows, { filter: "nope eq 'x'" }))).toBe('$filter');
    expect(codes(applyOData(rows, { filter: 'code gt 1' }))).toBe('$filter');
    expect(codes(applyOData(rows, { top: '-1' }))).toBe('$top');
    expect(codes(applyOData(rows, { skip: 'x' }))).toBe('$skip');
  });
});
