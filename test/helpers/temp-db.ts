// A migrated embedded database in a temp directory for one test file: opened before its tests,
// closed and removed after them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '@backend/node/db';
import type { Db } from '@backend/db/client';

export function useTempDatabase(name: string): { readonly db: Db } {
  let opened: { db: Db; close(): void; dir: string } | null = null;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), `${name}-`));
    opened = { ...(await openDatabase(`file:${join(dir, `${name}.db`)}`)), dir };
  });
  afterAll(() => {
    opened?.close();
    if (opened) rmSync(opened.dir, { recursive: true, force: true });
  });
  return {
    get db() {
      if (!opened) throw new Error('useTempDatabase: read the database inside a test');
      return opened.db;
    },
  };
}
