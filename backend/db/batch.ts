// Several statements in one atomic call: `db.batch` runs them in one transaction, in order, and on
// Turso in one HTTP request (an interactive transaction costs a round trip per statement). Reads
// cannot feed later statements of the same batch, so a batch is "read first, then write at once".
import type { BatchItem } from 'drizzle-orm/batch';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';

export type Statement = BatchItem<'sqlite'>;

/** Runs the statements as one transaction (nothing when there are none); their results in order. */
export async function runBatch(db: Db, statements: readonly Statement[]): Promise<unknown[]> {
  if (statements.length === 0) return [];
  return [...(await db.batch(statements as unknown as readonly [Statement, ...Statement[]]))] as unknown[];
}

/** Rows of `VALUES (…), (…)` for UPDATE … FROM: SQLite names their columns column1, column2, … */
export function valuesList(rows: readonly (readonly unknown[])[]): SQL {
  return sql.join(rows.map((r) => sql`(${sql.join(r.map((v) => sql`${v}`), sql`, `)})`), sql`, `);
}

/** `size`-long slices of `items`, for multi-row statements under SQLite's variable limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
