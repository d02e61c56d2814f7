// insertRows and insertValues store what drizzle's own .values() stores, value for value and type
// for type, whether the rows go in as one JSON argument or, where JSON cannot carry them exactly,
// as VALUES with an argument per value.
import { describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { useTempDatabase } from '../../test/helpers/temp-db';
import { fragment, insertRows, insertValues, runBatch } from './batch';
import { counters, creditors } from './schema';

const temp = useTempDatabase('batch-test');

type CreditorInsert = typeof creditors.$inferInsert;
const creditor = (id: string, over: Partial<CreditorInsert> = {}): CreditorInsert => ({
  id, orgNo: `org-${id}`, name: `Kreditor ${id} AS – «Ærlig» Øst/Å 😀`, status: 'active', vatDeductible: id.endsWith('1'), accounts: { bank: '1920', customerLedger: '1500', interestIncome: '8050', commission: '7770', collectionFee: '3900', inputVat: '2710' },
  dunning: 'agency_notice', approval: 'manual', commissionBp: 1000, commissionMinOre: Number.MAX_SAFE_INTEGER, address: id.endsWith('2') ? null : { line1: 'Gate 1', postCode: '0150', city: 'Oslo' },
  createdAt: '2026-12-02T09:00:00.000Z', updatedAt: '2026-12-02T09:00:00.000Z', ...over,
});

/** Every column and SQLite's type of it, as stored. */
async function stored(prefix: string) {
  const columns = Object.values(creditors).filter((c) => typeof c === 'object' && c !== null && 'name' in c) as { name: string }[];
  const typed = columns.map((c) => `typeof("${c.name}") AS "t_${c.name}"`).join(', ');
  const rows = await temp.db.all<Record<string, unknown>>(sql.raw(`SELECT *, ${typed} FROM creditors WHERE id LIKE '${prefix}%' ORDER BY rowid`));
  // The prefix told apart the rows of each way; it is left out of what is compared.
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.replaceAll(prefix, '') : v])));
}

describe('insertRows', () => {
  it('goes in as one JSON argument and stores what drizzle .values() stores, types included', async () => {
    const rows = ['1', '2', '3'];
    const statement = insertRows(creditors, rows.map((n) => creditor(`json-${n}`, { orgNo: `json-org-${n}` })));
    expect(statement.sql).toContain('FROM json_each(?) AS j WHERE true');
    expect(statement.args).toHaveLength(1);
    await runBatch(temp.db, [statement]);
    await temp.db.insert(creditors).values(rows.map((n) => creditor(`drzl-${n}`, { orgNo: `drzl-org-${n}` })));
    expect(await stored('json-')).toEqual(await stored('drzl-'));
    expect((await stored('json-'))[0]).toMatchObject({ vat_deductible: 1, t_vat_deductible: 'integer', commission_min_ore: Number.MAX_SAFE_INTEGER, t_address: 'text', lookup_version: 0 });
    expect((await stored('json-'))[1]).toMatchObject({ address: null, t_address: 'null' });
  });

  it('reads a fragment’s arguments from each row, and an upsert can follow', async () => {
    await temp.db.insert(counters).values({ name: 'batch-test', value: 500 });
    const nth = "(SELECT CAST(value - ? AS TEXT) FROM counters WHERE name = 'batch-test')";
    const rows = [3, 2, 1].map((offset) => creditor(`frag-${offset}`, { orgNo: fragment(nth, offset) as unknown as string, name: fragment(`'Sak ' || ${nth} || ?`, offset, ' opprettet') as unknown as string }));
    const statement = insertRows(creditors, rows, 'ON CONFLICT (id) DO UPDATE SET name = excluded.name');
    expect(statement.sql).toContain('json_each');
    await runBatch(temp.db, [statement, statement]);
    const got = await temp.db.select({ id: creditors.id, orgNo: creditors.orgNo, name: creditors.name }).from(creditors).where(sql`id LIKE 'frag-%'`).orderBy(asc(sql`rowid`));
    expect(got).toEqual([
      { id: 'frag-3', orgNo: '497', name: 'Sak 497 opprettet' },
      { id: 'frag-2', orgNo: '498', name: 'Sak 498 opprettet' },
      { id: 'frag-1', orgNo: '499', name: 'Sak 499 opprettet' },
    ]);
  });

  it('falls back to VALUES for what JSON cannot carry exactly, and stores it alike', async () => {
    const lone = creditor('lone-1', { orgNo: 'lone-org-1', name: 'Halv \ud800 surrogat' });
    const mixed = [creditor('mix-1', { orgNo: fragment("'mix-' || ?", 'org-1') as unknown as string }), creditor('mix-2', { orgNo: 'mix-org-2' })];
    const bool = creditor('bool-1', { orgNo: fragment('?', true) as unknown as string });
    for (const rows of [[lone], mixed, [bool]]) {
      const statement = insertRows(creditors, rows);
      expect(statement.sql).toContain(' VALUES (');
      await runBatch(temp.db, [statement]);
    }
    // The driver stores a lone surrogate as U+FFFD whichever way; JSON would have stored other bytes.
    await temp.db.insert(creditors).values(creditor('lonedrzl-1', { orgNo: 'lonedrzl-org-1', name: lone.name }));
    const names = await temp.db.select({ name: creditors.name }).from(creditors).where(sql`id IN ('lone-1', 'lonedrzl-1')`);
    expect(names.map((n) => n.name)).toEqual(['Halv \ufffd surrogat', 'Halv \ufffd surrogat']);
    expect((await temp.db.select({ orgNo: creditors.orgNo }).from(creditors).where(sql`id LIKE 'mix-%'`).orderBy(asc(creditors.id))).map((r) => r.orgNo)).toEqual(['mix-org-1', 'mix-org-2']);
  });
});

describe('insertValues', () => {
  it('in tx.insert().select(), stores what .values() stores, as JSON or as VALUES', async () => {
    const rows = ['1', '2'].map((n) => creditor(`ivjs-${n}`, { orgNo: `ivjs-org-${n}` }));
    const rendered = temp.db.insert(creditors).select(insertValues(creditors, rows)).onConflictDoNothing().toSQL();
    expect(rendered.sql).toMatch(/SELECT .* FROM json_each\(\?\) AS j WHERE true on conflict do nothing$/);
    // A drizzle SQL value in a row: VALUES.
    const withSql = ['1', '2'].map((n) => creditor(`ivvl-${n}`, { orgNo: `ivvl-org-${n}`, name: sql`${`Kreditor ivvl-${n} AS – «Ærlig» Øst/Å 😀`}` as unknown as string }));
    expect(temp.db.insert(creditors).select(insertValues(creditors, withSql)).toSQL().sql).toMatch(/ values \(.*\), \(.*\)$/i);
    await temp.db.transaction(async (tx) => {
      await tx.insert(creditors).select(insertValues(creditors, rows)).onConflictDoNothing();
      await tx.insert(creditors).select(insertValues(creditors, withSql)).onConflictDoNothing();
    });
    await temp.db.insert(creditors).values(['1', '2'].map((n) => creditor(`ivdr-${n}`, { orgNo: `ivdr-org-${n}` })));
    const want = await stored('ivdr-');
    expect(await stored('ivjs-')).toEqual(want);
    expect(await stored('ivvl-')).toEqual(want);
  });
});
