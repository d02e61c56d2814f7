// The Hrana test server (test/helpers/hrana-server.ts) is a test double of Turso's HTTP protocol:
// the same statements through it (with @libsql/client/web, the worker's client) and through an
// embedded database (the Node entry's) must give the same answers, the same errors and the same
// transaction outcomes, so what the workerd tests see over HTTP is what Node sees in-process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createEmbedded, type Client, type ResultSet } from '@libsql/client';
import { createClient as createWeb } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { startHranaServer, type HranaServer } from '../../helpers/hrana-server';
import { insertRows } from '@backend/db/batch';
import { debtors } from '@backend/db/schema';

const migrationsFolder = fileURLToPath(new URL('../../../backend/db/migrations', import.meta.url));
let dir: string;
let server: HranaServer;
let remote: Client;
let local: Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hrana-contract-'));
  server = await startHranaServer({ file: join(dir, 'remote.db'), authToken: 'test-token' });
  remote = createWeb({ url: server.url, authToken: 'test-token' });
  local = createEmbedded({ url: `file:${join(dir, 'local.db')}` });
  for (const c of [remote, local]) await migrate(drizzle(c), { migrationsFolder });
});

afterAll(async () => {
  remote?.close();
  local?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a result set says, in plain data. */
const plain = (rs: ResultSet) => ({
  columns: rs.columns,
  columnTypes: rs.columnTypes,
  rows: rs.rows.map((r) => rs.columns.map((_, i) => (r[i] instanceof ArrayBuffer ? [...new Uint8Array(r[i] as ArrayBuffer)] : r[i]))),
  rowsAffected: rs.rowsAffected,
  lastInsertRowid: rs.lastInsertRowid,
});

async function both<T>(run: (c: Client) => Promise<T>): Promise<[T, T]> {
  return [await run(remote), await run(local)];
}

async function bothError(run: (c: Client) => Promise<unknown>): Promise<[string, string]> {
  const msg = async (c: Client) => {
    try {
      await run(c);
      return 'no error';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  return [await msg(remote), await msg(local)];
}

describe('Hrana test server against the embedded database', () => {
  it('has applied the same migrations with the same schema', async () => {
    const [a, b] = await both(async (c) => plain(await c.execute("select name, sql from sqlite_master where type in ('table','index','trigger') order by name")));
    expect(a.rows.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
    const [m1, m2] = await both(async (c) => plain(await c.execute('select hash, created_at from __drizzle_migrations order by id')));
    expect(m1).toEqual(m2);
  });

  it('gives the same rows, types, counts and rowids: integers past 2^53, reals, text, blobs, nulls', async () => {
    const setup = 'create table if not exists contract_values (id integer primary key, i integer, r real, t text, b blob, n text)';
    await both((c) => c.execute(setup));
    // In the default intMode ("number") both refuse an integer past 2^53 rather than round it.
    const insert = { sql: 'insert into contract_values (i, r, t, b, n) values (?, ?, ?, ?, ?) returning *', args: [9007199254740993n, 12.5, 'Ærlig øre å', new Uint8Array([0, 1, 255]), null] };
    const [big1, big2] = await bothError((c) => c.execute(insert));
    expect(big1).toMatch(/integer .* safely/);
    expect(big2).toMatch(/integer .* safely/);
    const remoteBig = createWeb({ url: server.url, authToken: 'test-token', intMode: 'bigint' });
    const localBig = createEmbedded({ url: `file:${join(dir, 'local.db')}`, intMode: 'bigint' });
    try {
      const sel = { sql: 'select i, r, t, b, n, typeof(i) as ti, i + 1 as i1 from contract_values where t = ? order by id', args: ['Ærlig øre å'] };
      const [sel1, sel2] = [plain(await remoteBig.execute(sel)), plain(await localBig.execute(sel))];
      expect(sel1).toEqual(sel2);
      expect(sel1.rows.length).toBe(1);
      expect(sel1.rows[0]!.slice(0, 3)).toEqual([9007199254740993n, 12.5, 'Ærlig øre å']);
    } finally {
      remoteBig.close();
      localBig.close();
    }
    const [small1, small2] = await both(async (c) => plain(await c.execute({ sql: 'insert into contract_values (i, r, t) values (?, ?, ?) returning id, i, r, t', args: [4200, 0.1, 'kr'] })));
    expect(small1).toEqual(small2);
    const [named1, named2] = await both(async (c) => plain(await c.execute({ sql: 'select :a as a, $b as b', args: { a: 1, b: 'x' } })));
    expect(named1).toEqual(named2);
  });

  it('runs the ledger lookup shape (CTEs, json_group_array) to the same JSON', async () => {
    const q = `with req(no) as materialized (select value from json_each(?)) select (select json_group_array(json_array(no, no * 2)) from req) as pairs`;
    const [a, b] = await both(async (c) => plain(await c.execute({ sql: q, args: ['[1,2,3]'] })));
    expect(a).toEqual(b);
    expect(JSON.parse(String(a.rows[0]![0]))).toEqual([[1, 2], [2, 4], [3, 6]]);
  });

  it('stores the sync’s JSON inserts (insertRows: json_each, ->>, a per-row fragment, an upsert) alike', async () => {
    const rows = [
      { id: 'json-a', creditorId: 'c1', customerNo: '10001', name: 'Ærlig Øst AS «1»', orgNo: null, orgNoInvalid: false, kind: 'business' as const },
      { id: 'json-b', creditorId: 'c1', customerNo: '10002', name: 'Skyldner 😀', orgNo: '923609016', orgNoInvalid: true, kind: 'consumer' as const },
    ];
    await both((c) => c.execute("insert into creditors (id, org_no, name, status, vat_deductible, accounts, dunning, approval, commission_bp, commission_min_ore, created_at, updated_at) values ('c1', '999999999', 'K', 'active', 1, '{}', 'agency_notice', 'manual', 1000, 5000, 'x', 'x') on conflict do nothing"));
    const statement = insertRows(debtors, rows, 'ON CONFLICT (creditor_id, customer_no) DO UPDATE SET name = excluded.name');
    expect(statement.sql).toContain('json_each(?)');
    const [a, b] = await both(async (c) => {
      await c.batch([statement, statement], 'write');
      return plain(await c.execute("select id, customer_no, name, org_no, org_no_invalid, typeof(org_no_invalid) as t, kind from debtors where creditor_id = 'c1' order by rowid"));
    });
    expect(a).toEqual(b);
    expect(a.rows.map((r) => r[2])).toEqual(['Ærlig Øst AS «1»', 'Skyldner 😀']);
    expect(a.rows.map((r) => [r[4], r[5]])).toEqual([[0, 'integer'], [1, 'integer']]);
  });

  it('reports the same constraint error and keeps nothing of a failed batch', async () => {
    await both((c) => c.execute('create table if not exists contract_unique (k text primary key, v integer not null)'));
    const [e1, e2] = await bothError((c) =>
      c.batch([{ sql: 'insert into contract_unique values (?, ?)', args: ['a', 1] }, { sql: 'insert into contract_unique values (?, ?)', args: ['a', 2] }], 'write'),
    );
    expect(e1).toMatch(/UNIQUE constraint failed: contract_unique\.k/);
    expect(e2).toMatch(/UNIQUE constraint failed: contract_unique\.k/);
    const [n1, n2] = await both(async (c) => plain(await c.execute('select count(*) as n from contract_unique')));
    expect(n1).toEqual(n2);
    expect(n1.rows[0]![0]).toBe(0);
    const [ok1, ok2] = await both(async (c) => (await c.batch([{ sql: 'insert into contract_unique values (?, ?)', args: ['b', 1] }, 'select k, v from contract_unique'], 'write')).map(plain));
    expect(ok1).toEqual(ok2);
  });

  it('keeps an interactive transaction across requests: commit keeps, rollback drops, others do not see it before commit', async () => {
    await both((c) => c.execute('create table if not exists contract_tx (k text primary key)'));
    const run = async (c: Client) => {
      const tx = await c.transaction('write');
      await tx.execute({ sql: 'insert into contract_tx values (?)', args: ['kept'] });
      const inside = plain(await tx.execute('select count(*) as n from contract_tx'));
      const outside = plain(await c.execute('select count(*) as n from contract_tx'));
      await tx.commit();
      const tx2 = await c.transaction('write');
      await tx2.execute({ sql: 'insert into contract_tx values (?)', args: ['dropped'] });
      await tx2.rollback();
      const after = plain(await c.execute('select k from contract_tx order by k'));
      return { inside, outside, after };
    };
    const [a, b] = await both(run);
    expect(a).toEqual(b);
    expect(a.inside.rows[0]![0]).toBe(1);
    expect(a.outside.rows[0]![0]).toBe(0);
    expect(a.after.rows).toEqual([['kept']]);
  });

  it('gives the same error for bad SQL and answers requests without the token with 401', async () => {
    const [e1, e2] = await bothError((c) => c.execute('selec 1'));
    expect(e1).toMatch(/syntax error/);
    expect(e2).toMatch(/syntax error/);
    const res = await fetch(`${server.url}/v2/pipeline`, { method: 'POST', body: JSON.stringify({ baton: null, requests: [{ type: 'close' }] }) });
    expect(res.status).toBe(401);
    const wrong = createWeb({ url: server.url, authToken: 'wrong' });
    await expect(wrong.execute('select 1')).rejects.toThrow(/401|Unauthorized/i);
    wrong.close();
  });
});
