// Node-only: open an embedded libsql file database and apply the drizzle-kit migrations.
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from '../db/schema';
import type { Db } from '../db/client';

const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url));

export async function openDatabase(url: string): Promise<{ db: Db; close(): void }> {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  }
  const client = createClient({ url });
  if (url.startsWith('file:')) {
    // WAL lets the daily run write while the extension's lookups read.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA busy_timeout = 5000');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db, close: () => client.close() };
}
