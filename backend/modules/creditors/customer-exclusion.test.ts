// "Ikke send denne kunden til inkasso" and back: through Go's documented PATCH /v2/Customers/{id}
// (JSON Patch on TransferToDebtCollectionAgency), idempotent, audited, for the firm's own creditors.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditLog } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
});
afterAll(async () => t.close());

const patches = async () => ((await (await fetch(`${t.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number> }).calls['PATCH /v2/Customers/:id'] ?? 0;
const akkurat = () => t.sandbox.store.client('conecto').customers.find((c) => c.code === '10018')!;
const put = (excluded: unknown, customerNo = '10018', id = t.conectoId) => t.request('PUT', `/api/v1/creditors/${id}/customers/${customerNo}/exclusion`, { token, body: { excluded } });

it('excludes a customer in Go, once, and back; Go’s customer data shows it', async () => {
  expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/customers/10018`, { token })).body).toEqual({ customerNo: '10018', name: 'Akkurat AS', excluded: false });
  const before = await patches();
  expect((await put(true)).body).toEqual({ customerNo: '10018', name: 'Akkurat AS', excluded: true });
  expect(akkurat().transferToDebtCollectionAgency).toBe(false);
  const card = await (await fetch(`${t.sandbox.url}/app/conecto/kunder/10018`)).text();
  expect(card).toContain('<dd data-field="Overføres til inkasso">Nei</dd>');
  // Asked again (a double click, a retry): no second write.
  expect((await put(true)).status).toBe(200);
  expect(await patches()).toBe(before + 1);
  expect((await put(false)).body.excluded).toBe(false);
  expect(akkurat().transferToDebtCollectionAgency).toBe(true);
  expect(await patches()).toBe(before + 2);
  const rows = (await t.db.select().from(auditLog)).filter((r) => r.action.startsWith('customer.exclusion'));
  expect(rows.map((r) => r.action)).toEqual(['customer.exclusion.requested', 'customer.exclusion', 'customer.exclusion.requested', 'customer.exclusion', 'customer.exclusion.requested', 'customer.exclusion']);
});

it('refuses bad input naming the field, an unknown customer, and another firm’s creditor', async () => {
  expect((await put('yes')).body.error.fields).toHaveProperty('excluded');
  expect((await put(true, 'abc')).body.error.fields).toHaveProperty('customerNo');
  expect((await put(true, '99999')).status).toBe(404);
  expect((await put(true, '10018', t.delanteId)).status).toBe(404);
});
