// The slice of OData that Go's legacy list routes accept and agencies use: `$filter` with
// `<Field> eq <literal>` clauses joined by `and` (PascalCase field names, as Go documents, though
// the JSON is camelCase; strings in single quotes, '' for a quote, numbers, true/false/null),
// optionally parenthesised; `$orderby` on one field (asc/desc); `$top` and `$skip`, which need an
// `$orderby`. Anything else is refused, as Go refuses a bad query.

type Literal = string | number | boolean | null;
type Clause = { field: string; value: Literal };

const clausePattern = /^\s*([A-Z][A-Za-z0-9]*)\s+eq\s+('(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false|null)\s*/i;

/** Parses a `$filter`; null when it is not in the supported slice. */
export function parseFilter(filter: string): Clause[] | null {
  const clauses: Clause[] = [];
  let rest = filter.trim();
  while (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  for (;;) {
    const m = clausePattern.exec(rest);
    if (!m || !/^[A-Z]/.test(m[1]!)) return null;
    const raw = m[2]!;
    const lower = raw.toLowerCase();
    const value: Literal = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : lower === 'true' ? true : lower === 'false' ? false : lower === 'null' ? null : Number(raw);
    clauses.push({ field: m[1]!, value });
    rest = rest.slice(m[0].length);
    if (rest.trim() === '') return clauses;
    const and = /^and\s+/i.exec(rest);
    if (!and) return null;
    rest = rest.slice(and[0].length);
  }
}

function fieldValue(row: Record<string, unknown>, field: string): unknown {
  const key = Object.keys(row).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : row[key];
}

/** `count` is the number of rows matching the filter, before `$skip` and `$top` (as Go's DataPage). */
export type ODataResult<T> = { ok: true; rows: T[]; count: number } | { ok: false; field: string; message: string };

/** Applies `$filter`, `$orderby`, `$skip` and `$top` to the JSON rows a route would answer. */
export function applyOData<T extends Record<string, unknown>>(rows: T[], query: { filter?: string | undefined; orderby?: string | undefined; top?: string | undefined; skip?: string | undefined }): ODataResult<T> {
  let result = rows;
  if (query.filter !== undefined && query.filter.trim() !== '') {
    const clauses = parseFilter(query.filter);
    if (!clauses) return { ok: false, field: '$filter', message: `Ugyldig eller ikke støttet $filter: ${query.filter}` };
    const first = rows[0];
    const unknown = first && clauses.find((c) => fieldValue(first, c.field) === undefined);
    if (unknown) return { ok: false, field: '$filter', message: `Ukjent felt i $filter: ${unknown.field}` };
    result = result.filter((row) => clauses.every((c) => {
      const v = fieldValue(row, c.field);
      return typeof c.value === 'number' && typeof v === 'string' ? Number(v) === c.value : typeof c.value === 'string' && typeof v === 'number' ? String(v) === c.value : v === c.value;
    }));
  }
  const count = result.length;
  if (query.orderby !== undefined) {
    const m = /^\s*([A-Z][A-Za-z0-9]*)(?:\s+(asc|desc))?\s*$/.exec(query.orderby);
    if (!m) return { ok: false, field: '$orderby', message: `Ugyldig eller ikke støttet $orderby: ${query.orderby}` };
    const first = rows[0];
    if (first && fieldValue(first, m[1]!) === undefined) return { ok: false, field: '$orderby', message: `Ukjent felt i $orderby: ${m[1]}` };
    const sign = m[2] === 'desc' ? -1 : 1;
    result = [...result].sort((a, b) => {
      const x = fieldValue(a, m[1]!);
      const y = fieldValue(b, m[1]!);
      return sign * (x === y ? 0 : x === null || x === undefined ? -1 : y === null || y === undefined ? 1 : (x as number | string) < (y as number | string) ? -1 : 1);
    });
  } else if (query.top !== undefined || query.skip !== undefined) {
    return { ok: false, field: query.skip !== undefined ? '$skip' : '$top', message: '$top og $skip krever $orderby' };
  }
  for (const [name, raw] of [['$skip', query.skip], ['$top', query.top]] as const) {
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) return { ok: false, field: name, message: `${name} må være et ikke-negativt heltall` };
    result = name === '$skip' ? result.slice(n) : result.slice(0, n);
  }
  return { ok: true, rows: result, count };
}
