// The ledger lookup answers from memory (backend/modules/ledger-lookup/cache.ts) only while nothing it
// reads has changed: any write to the creditor's cases, case invoices or mirrored Go invoices, by
// this process or another connection, is seen on the very next call, as is a new day's interest;
// and the cached answer is byte for byte the uncached one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseInvoices, cases, creditors, goInvoices } from '@backend/db/schema';
import { openDatabase } from '@backend/node/db';
import { lookupInvoiceStatus } from '@backend/modules/ledger-lookup/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { seedLedgerPage } from '../../../test/helpers/ledger-page';

let t: TestBackend;
let token: string;
let page: number[];
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  page = await seedLedgerPage(t, 300_000);
});
afterAll(async () => t.close());

type Item = { invoiceNo: number; state: string; case?: { id: string; stage: string; balanceOre: number } };

async function lookup(invoiceNos = page): Promise<{ text: string; items: Item[] }> {
  const r = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  return { text: r.text, items: r.body.items as Item[] };
}

const itemOf = (items: Item[], invoiceNo: number) => items.find((i) => i.invoiceNo === invoiceNo)!;

it('answers again from memory with exactly the uncached answer', async () => {
  const first = await lookup();
  const second = await lookup();
  expect(second.text).toBe(first.text);
  // The cache holds our own figures; the send guard's findings (read from Go) are added on top.
  const withoutGuards = (JSON.parse(second.text) as { items: (Item & { guard?: unknown })[] }).items.map(({ guard: _guard, ...rest }) => rest);
  expect(JSON.stringify({ items: withoutGuards })).toBe(JSON.stringify({ items: await lookupInvoiceStatus(t.deps, t.conectoId, page) }));
});

it('sees a case changed behind its back at once', async () => {
  const inCase = itemOf((await lookup()).items, 300_000);
  expect(inCase.case!.stage).toBe('notice_sent');
  await t.db.update(cases).set({ stage: 'demand_sent', demandDeadline: '2026-12-31' }).where(eq(cases.id, inCase.case!.id));
  expect(itemOf((await lookup()).items, 300_000).case!.stage).toBe('demand_sent');
  await t.db.update(cases).set({ closedAt: t.clock.now().toISOString(), stage: 'paid' }).where(eq(cases.id, inCase.case!.id));
  expect(itemOf((await lookup()).items, 300_000)).toMatchObject({ state: 'closed', case: { stage: 'paid', balanceOre: 0 } });
});

it('sees a case invoice and a mirrored Go invoice change at once', async () => {
  const before = itemOf((await lookup()).items, 300_006).case!.balanceOre;
  await t.db.update(caseInvoices).set({ openOre: 0, state: 'paid' }).where(eq(caseInvoices.invoiceNo, 300_006));
  expect(itemOf((await lookup()).items, 300_006).case!.balanceOre).toBeLessThan(before);
  const mirrored = 300_250; // the first invoice only mirrored from Go (none, draft, approved in turn)
  const state = itemOf((await lookup()).items, mirrored).state;
  await t.db.update(goInvoices).set({ dcStatus: state === 'approved' ? 1 : 3 }).where(eq(goInvoices.invoiceNo, mirrored));
  expect(itemOf((await lookup()).items, mirrored).state).toBe(state === 'approved' ? 'draft' : 'approved');
});

it('sees a write made through another connection (another process) at once', async () => {
  const version = async () => (await t.db.select({ v: creditors.lookupVersion }).from(creditors).where(eq(creditors.id, t.conectoId)))[0]!.v;
  const inCase = itemOf((await lookup()).items, 300_010);
  const before = await version();
  const other = await openDatabase(t.dbUrl);
  try {
    await other.db.update(cases).set({ stage: 'legal' }).where(eq(cases.id, inCase.case!.id));
  } finally {
    other.close();
  }
  expect(await version()).toBeGreaterThan(before);
  expect(itemOf((await lookup()).items, 300_010).case!.stage).toBe('legal');
});

it('a new day brings its interest; an invoice not seen before is read, not guessed', async () => {
  const open = itemOf((await lookup()).items, 300_020);
  t.clock.advanceDays(10);
  try {
    expect(itemOf((await lookup()).items, 300_020).case!.balanceOre).toBeGreaterThan(open.case!.balanceOre);
  } finally {
    t.clock.advanceDays(-10);
  }
  const unknown = (await lookup([...page.slice(0, 10), 9_999_999])).items;
  expect(itemOf(unknown, 9_999_999)).toMatchObject({ invoiceNo: 9_999_999, state: 'none' });
  await t.db.insert(goInvoices).values({ creditorId: t.conectoId, goInvoiceId: crypto.randomUUID(), invoiceNo: 9_999_999, customerNo: '80001', dueDate: '2026-11-01', amountOre: 1_000, balanceOre: 1_000, dcStatus: 3, lastChanged: t.clock.now().toISOString() });
  expect(itemOf((await lookup([9_999_999])).items, 9_999_999)).toMatchObject({ invoiceNo: 9_999_999, state: 'approved' });
});
