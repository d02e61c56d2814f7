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
 * One multi-row `INSERT INTO table (…) VALUES (…), …` with its arguments. The columns are the keys
 * of the first row (every row has the same); values are mapped as drizzle maps them (booleans,
 * JSON), a column a row leaves out takes its schema default. `tail`: e.g. `ON CONFLICT DO NOTHING`.
 */
export function insertRows<T extends SQLiteTable>(table: T, rows: readonly Partial<Record<keyof T['_']['columns'], unknown>>[], tail = ''): InStatement {
  const columns = getTableColumns(table) as Record<string, T['_']['columns'][string]>;
  const keys = Object.keys(columns).filter((k) => rows.some((r) => (r as Record<string, unknown>)[k] !== undefined) || columns[k]!.hasDefault);
  const args: InValue[] = [];
  const tuples = rows.map((row) => {
    const cells = keys.map((k) => {
      const column = columns[k]!;
      let value = (row as Record<string, unknown>)[k];
      if (value === undefined) value = column.defaultFn ? column.defaultFn() : column.default;
      if (value && typeof value === 'object' && 'fragment' in value) {
        args.push(...(value as Fragment).args);
        return (value as Fragment).fragment;
      }
      if (is(value, SQL)) throw new Error('insertRows takes fragments, not drizzle SQL');
      args.push(value === undefined || value === null ? null : (column.mapToDriverValue(value) as InValue));
      return '?';
    });
    return `(${cells.join(', ')})`;
  });
  const tableName = getTableName(table);
  const names = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
  return { sql: `INSERT INTO "${tableName}" (${names}) VALUES ${tuples.join(', ')}${tail ? ` ${tail}` : ''}`, args };
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
 * The `VALUES (…), (…)` of a multi-row insert with every column of the table, in the order
 * drizzle's insert names them, for `tx.insert(table).select(insertValues(table, rows))` inside a
 * drizzle transaction: the rows drizzle's `.values(rows)` would write (a value as the column maps
 * it, a column left out its default or null), without rendering each value through the query
 * builder.
 */
export function insertValues<T extends SQLiteTable>(table: T, rows: readonly Partial<Record<keyof T['_']['columns'], unknown>>[]): SQL {
  const columns = Object.entries(getTableColumns(table) as Record<string, SQLiteColumn>).filter(([, c]) => !c.generated || c.generated.type === 'byDefault'); // as drizzle's insert: no generated column
  const out: SQLChunk[] = [new StringChunk('VALUES ')];
  rows.forEach((row, i) => {
    out.push(new StringChunk(i === 0 ? '(' : ', ('));
    columns.forEach(([key, column], j) => {
      if (j > 0) out.push(new StringChunk(', '));
      let value = (row as Record<string, unknown>)[key];
      if (value === undefined) value = column.default ?? column.defaultFn?.();
      if (value === undefined) out.push(new StringChunk('null'));
      else if (typeof value === 'object' && value !== null && is(value, SQL)) out.push(value);
      else out.push(valueChunk(value === null ? null : column.mapToDriverValue(value)));
    });
    out.push(new StringChunk(')'));
  });
  return new SQL(out);
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
