// npm start's posted remittance for Conecto AS (scripts/demo-remittance.ts): after the first sync,
// a case paid in full is remitted, the voucher is in Go with its number, the case is closed, the
// overview counts it this month, and a second start adds nothing.
import { afterEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { remittances } from '@backend/db/schema';
import { syncCreditor } from '@backend/modules/sync/run';
import { seedDemoRemittance } from '../../../scripts/demo-remittance';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

it('posts one remittance for Conecto AS, with its Go voucher, once', async () => {
  t = await makeTestBackend();
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const first = await seedDemoRemittance(t.deps, t.conectoId);
  expect(first).toMatchObject({ date: '2026-11-28', goVoucherNo: expect.any(Number) });
  expect(first!.payoutOre).toBeGreaterThan(0);
  const client = t.sandbox.store.clients.find((c) => c.name === 'Conecto AS')!;
  const [voucher] = client.vouchers.filter((v) => v.externalImportReference === `modhi-rem-${first!.id}`);
  expect(voucher!.voucherNo).toBe(first!.goVoucherNo);
  const token = await t.login();
  const cases = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items as { caseNo: string; stage: string }[];
  expect(cases.find((x) => x.caseNo === first!.caseNo)?.stage).toBe('paid');
  const overview = (await t.request('GET', '/api/v1/overview', { token })).body;
  expect(overview.clients[0].remittedThisMonth).toEqual({ count: 1, payoutOre: first!.payoutOre });
  // A second start: nothing new.
  const again = await seedDemoRemittance(t.deps, t.conectoId);
  expect(again!.id).toBe(first!.id);
  expect(await t.db.select().from(remittances).where(eq(remittances.creditorId, t.conectoId))).toHaveLength(1);
});
