// Migration 0010 moves what the jobs table held that was not a job: a registration under way (its
// progress through the wizard) and a company waiting for the agency's own activation. A database
// that has them as jobs rows keeps them, in their own tables, and its jobs table holds jobs only.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, expect, it } from 'vitest';

const migrations = fileURLToPath(new URL('../../db/migrations', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'modhi-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as it was before `tag`. */
function before(tag: string): string {
  const folder = join(dir, 'before');
  cpSync(migrations, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

it('carries registrations under way and the agency waiting list out of the jobs table', async () => {
  const client = createClient({ url: `file:${join(dir, 'db.sqlite')}` });
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: before('0010_registration_tables') });
  const at = '2026-11-30T08:00:00.000Z';
  await client.execute({ sql: "INSERT INTO creditors (id, org_no, name, status, vat_deductible, accounts, dunning, approval, commission_bp, commission_min_ore, created_at, updated_at) VALUES ('c1', '917757046', 'Delante AS', 'pending', 1, '{}', 'agency_notice', 'manual', 1000, 0, ?, ?)", args: [at, at] });
  const job = (id: string, queue: string, key: string, state: string, payload: unknown) =>
    client.execute({ sql: 'INSERT INTO jobs (id, queue, key, state, payload, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)', args: [id, queue, key, state, JSON.stringify(payload), at, at] });
  await job('j1', 'onboarding', 'c1', 'pending', { url: 'https://go.example/approve', register: 'found', details: { name: 'Delante AS' } });
  await job('j2', 'agency_activation', '923609016', 'pending', { firmId: 'f1', firmName: 'Regnskap AS', userId: 'u1' });
  await job('j3', 'daily', 'c1', 'done', { date: '2026-11-30' });

  await migrate(db, { migrationsFolder: migrations });

  const onboardings = (await client.execute('SELECT creditor_id, state, progress FROM onboardings')).rows;
  expect(onboardings.map((r) => ({ ...r, progress: JSON.parse(String(r['progress'])) }))).toEqual([{ creditor_id: 'c1', state: 'pending', progress: { url: 'https://go.example/approve', register: 'found', details: { name: 'Delante AS' } } }]);
  const waiting = (await client.execute('SELECT org_no, firm_id, firm_name, user_id, asked_at FROM activation_requests')).rows;
  expect(waiting.map((r) => ({ ...r }))).toEqual([{ org_no: '923609016', firm_id: 'f1', firm_name: 'Regnskap AS', user_id: 'u1', asked_at: at }]);
  expect((await client.execute('SELECT queue FROM jobs')).rows.map((r) => r['queue'])).toEqual(['daily']);
  client.close();
});
