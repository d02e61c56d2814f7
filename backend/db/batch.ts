// Several statements in one atomic call: a libsql batch runs them in one write transaction, in
// order, and on Turso in one HTTP request (an interactive transaction costs a round trip per
// statement). Reads cannot feed later statements of the same batch, so a batch is "read first,
// then write at once". Statements are drizzle queries, or plain SQL with its arguments for the
// multi-row inserts of the sync, where building thousands of values through the query builder
// cost more than storing them (insertRows).
import type { InStatement, InValue, ResultSet } from '@libsql/client';
import { getTableColumns, getTableName, is, Param, sql, SQL, StringChunk, type SQLChunk } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';

type Rendered = { sql: string; params: unknown[] };
/** A statement of a batch: plain SQL, or a drizzle query (`toSQL`) or raw SQL (`db.run`, `getQuery`). */
export type Statement = InStatement | { toSQL(): Rendered } | { getQuery(): Rendered };

/** Runs the statements as one write transaction (nothing when there are none); their libsql
 *  results in order (`rows` of a select by column name). */
export async function runBatch(db: Db, statements: readonly Statement[]): Promise<ResultSet[]> {
  if (statements.length === 0) return [];
  const plain = statements.map((s): InStatement => {
    if (typeof s === 'object' && ('toSQL' in s || 'getQuery' in s)) {
      const q = 'toSQL' in s ? s.toSQL() : s.getQuery();
      return { sql: q.sql, args: q.params as InValue[] };
    }
    return s;
  });
  return db.$client.batch(plain, 'write');
}

/** A piece of SQL in a row of insertRows, for a value computed by the database. */
export type Fragment = { fragment: string; args: InValue[] };
export const fragment = (text: string, ...args: InValue[]): Fragment => ({ fragment: text, args });

/**
 * One multi-row insert with its arguments. The columns are the keys of the first row (every row
 * has the same); values are mapped as drizzle maps them (booleans, JSON), a column a row leaves out
 * takes its schema default. `tail`: e.g. `ON CONFLICT DO NOTHING`. The rows go in as one JSON
 * argument where they can (jsonSelect), else as `VALUES (…), …` with an argument per value.
 */
export function insertRows<T extends SQLiteTable>(table: T, rows: readonly Partial<Record<keyof T['_']['columns'], unknown>>[], tail = ''): { sql: string; args: InValue[] } {
  const columns = getTableColumns(table) as Record<string, T['_']['columns'][string]>;
  const keys = Object.keys(columns).filter((k) => rows.some((r) => (r as Record<string, unknown>)[k] !== undefined) || columns[k]!.hasDefault);
  const cells = rows.map((row) =>
    keys.map((k): Cell => {
      const column = columns[k]!;
      let value = (row as Record<string, unknown>)[k];
      if (value === undefined) value = column.defaultFn ? column.defaultFn() : column.default;
      if (isFragment(value)) return value;
      if (is(value, SQL)) throw new Error('insertRows takes fragments, not drizzle SQL');
      return value === undefined || value === null ? null : (column.mapToDriverValue(value) as InValue);
    }),
  );
  const head = `INSERT INTO "${getTableName(table)}" (${keys.map((k) => `"${columns[k]!.name}"`).join(', ')})`;
  const end = tail ? ` ${tail}` : '';
  const json = jsonSelect(cells);
  if (json) return { sql: `${head} SELECT ${json.list} FROM json_each(?) AS j WHERE true${end}`, args: [json.rows] };
  const args: InValue[] = [];
  const tuples = cells.map((row) => {
    const sqlCells = row.map((cell) => {
      if (isFragment(cell)) {
        args.push(...cell.args);
        return cell.fragment;
      }
      args.push(cell);
      return '?';
    });
    return `(${sqlCells.join(', ')})`;
  });
  return { sql: `${head} VALUES ${tuples.join(', ')}${end}`, args };
}

/** A cell of a multi-row insert: a value as the driver takes it, or SQL computed per row. */
type Cell = InValue | Fragment;

const isFragment = (v: unknown): v is Fragment => typeof v === 'object' && v !== null && 'fragment' in v && 'args' in v;

/** A value SQLite's JSON carries exactly: null, well-formed text, a finite number (integers exact
 *  up to 2^53, as JavaScript holds them). Not a blob, a bigint, a boolean or a lone surrogate. */
const loneSurrogate = /\p{Cs}/u;
const carriedByJson = (v: unknown): v is InValue => v === null || (typeof v === 'string' ? !loneSurrogate.test(v) : typeof v === 'number' && Number.isFinite(v));

/**
 * The rows of a multi-row insert as one JSON argument, read back column by column by SQLite:
 * `SELECT j.value ->> 0, … FROM json_each(?) AS j WHERE true` (the callers write that; the WHERE
 * lets an upsert follow, as SQLite's grammar asks of INSERT … SELECT). One short statement to
 * prepare and one argument, where `VALUES` has an argument per value: the sync's inserts of
 * thousands of rows spent as long preparing their statements and binding their arguments as
 * storing the rows, and on Turso each argument is a typed JSON object of its own in the request.
 * `json_each` keeps the array's order, so rows go in in the order given, as with `VALUES`. A
 * fragment becomes part of the select list, its `?` read from the row; it must be the same SQL on
 * every row. Null (use `VALUES`) for rows this cannot carry exactly.
 */
function jsonSelect(cells: readonly (readonly unknown[])[]): { list: string; rows: string } | null {
  const first = cells[0];
  if (!first) return null;
  const templates = first.map((c) => (isFragment(c) ? c.fragment : null));
  const placeholders = templates.map((t) => (t === null ? 0 : t.split('?').length - 1));
  const rows: InValue[][] = [];
  for (const row of cells) {
    const flat: InValue[] = [];
    for (let i = 0; i < templates.length; i++) {
      const cell = row[i]!;
      if (templates[i] === null) {
        if (isFragment(cell) || !carriedByJson(cell)) return null;
        flat.push(cell);
      } else {
        if (!isFragment(cell) || cell.fragment !== templates[i] || cell.args.length !== placeholders[i] || !cell.args.every(carriedByJson)) return null;
        flat.push(...cell.args);
      }
    }
    rows.push(flat);
  }
  let n = 0;
  const list = templates.map((t) => (t === null ? `j.value ->> ${n++}` : t.split('?').reduce((sqlText, part) => `${sqlText}(j.value ->> ${n++})${part}`)));
  return { list: list.join(', '), rows: JSON.stringify(rows) };
}

/** Rows of `VALUES (…), (…)` for UPDATE … FROM: SQLite names their columns column1, column2, …
 *  One flat list of chunks, each value a parameter: drizzle renders a nested `sql` per value and
 *  per row with many type checks each, which cost more than the update itself. */
export function valuesList(rows: readonly (readonly unknown[])[]): SQL {
  const chunks: SQLChunk[] = [];
  rows.forEach((r, i) => {
    chunks.push(new StringChunk(i === 0 ? '(' : ', ('));
    r.forEach((v, j) => {
      if (j > 0) chunks.push(new StringChunk(', '));
      chunks.push(valueChunk(v));
    });
    chunks.push(new StringChunk(')'));
  });
  return new SQL(chunks);
}

/** A value as a chunk of drizzle SQL, rendered as a parameter. A string, number or null goes in
 *  as it is, as drizzle's own sql`${value}` puts it: drizzle renders such a chunk after a few cheap
 *  checks, where a Param object goes through its type checks first, each walking the class chain
 *  (a third of the rendering of a large VALUES list). */
function valueChunk(v: unknown): SQLChunk {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v as SQLChunk;
  return typeof v === 'object' && is(v, SQL) ? v : new Param(v);
}

/**
 * The rows of a multi-row insert with every column of the table, in the order drizzle's insert
 * names them, for `tx.insert(table).select(insertValues(table, rows))` inside a drizzle
 * transaction: the rows drizzle's `.values(rows)` would write (a value as the column maps it, a
 * column left out its default or null), without rendering each value through the query builder.
 * As one JSON argument where it can (jsonSelect), else as `VALUES (…), (…)`.
 */
export function insertValues<T extends SQLiteTable>(table: T, rows: readonly Partial<Record<keyof T['_']['columns'], unknown>>[]): SQL {
  const columns = Object.entries(getTableColumns(table) as Record<string, SQLiteColumn>).filter(([, c]) => !c.generated || c.generated.type === 'byDefault'); // as drizzle's insert: no generated column
  const cells = rows.map((row) =>
    columns.map(([key, column]): unknown => {
      let value = (row as Record<string, unknown>)[key];
      if (value === undefined) value = column.default ?? column.defaultFn?.();
      if (value === undefined || value === null) return null;
      return typeof value === 'object' && is(value, SQL) ? value : column.mapToDriverValue(value);
    }),
  );
  // A drizzle SQL value is neither a fragment nor carried by JSON, so such rows take VALUES.
  const json = jsonSelect(cells);
  if (json) return sql`SELECT ${sql.raw(json.list)} FROM json_each(${json.rows}) AS j WHERE true`;
  return sql`VALUES ${valuesList(cells)}`;
}

/** A row of selected columns, typed as drizzle's select types it. */
export type RowOf<C extends Record<string, SQLiteColumn>> = { [K in keyof C]: C[K]['_']['notNull'] extends true ? C[K]['_']['data'] : C[K]['_']['data'] | null };

/**
 * Many rows read as one value: the columns of every row as a JSON array of arrays, built by SQLite
 * (json_group_array, in rowid order or by `orderBy`) and parsed once, for `tx.select({ rows: q.sql }).from(table)
 * .where(…)` and `q.parse(rows)`. @libsql/client turns each row into an object with two property
 * definitions per column, which for the sync's thousands of rows cost several times the query
 * itself; SQLite's JSON and JSON.parse do that work in native code. Each value is mapped as the
 * column maps it (booleans, JSON text); integers are exact up to 2^53 (øre, counts), and a blob
 * column cannot be read this way (SQLite's JSON holds no blobs).
 */
export function jsonRows<C extends Record<string, SQLiteColumn>>(columns: C, orderBy: SQLiteColumn | null = null): { sql: SQL<string>; parse(text: string): RowOf<C>[] } {
  const entries = Object.entries(columns);
  const list = sql.join(entries.map(([, c]) => sql`${c}`), sql`, `);
  return {
    sql: sql<string>`json_group_array(json_array(${list}) ORDER BY ${orderBy ?? sql.raw('rowid')})`,
    parse(text) {
      return (JSON.parse(text) as unknown[][]).map((values) => {
        const row: Record<string, unknown> = {};
        entries.forEach(([key, column], i) => {
          const v = values[i];
          row[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
        });
        return row as RowOf<C>;
      });
    },
  };
}

/** `size`-long slices of `items`, for multi-row statements under SQLite's variable limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
