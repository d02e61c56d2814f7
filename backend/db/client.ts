// The database handle every service takes. libsql works the same with a local file (Node) and a
// remote Turso URL (Worker); the web client is used on the edge, the node client in node.ts.
import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema';

/** `$client` is the libsql client drizzle wraps, for the one hot path that skips the query builder. */
export type Db = LibSQLDatabase<typeof schema> & { $client: Client };
/** The handle inside `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
