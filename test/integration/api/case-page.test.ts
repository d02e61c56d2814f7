// The case page behind Go's externalCaseUrl and the badge link: escaped, uncached, unindexed, no
// script; and a sync of a creditor that is not connected is refused instead of failing inside.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases, creditors, debtors } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
});
afterAll(async () => t.close());

it('renders the case escaped, with headers that keep the link private', async () => {
  const [c] = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  await t.db.update(debtors).set({ name: '<script>alert("x")</script> & Sønner AS' }).where(eq(debtors.id, c!.debtorId));
  const res = await t.app.request(`/cases/${c!.id}`);
  const html = await res.text();
  expect(res.status).toBe(200);
  expect(html).toContain(`Inkassosak ${c!.caseNo}`);
  expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Sønner AS');
  expect(html).not.toContain('<script>');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect((await t.app.request(`/cases/${crypto.randomUUID()}`)).status).toBe(404);
  expect((await t.app.request('/cases/1%27%20or%201=1')).status).toBe(404);
});

it('refuses to sync a creditor that is not connected to Go', async () => {
  await t.db.update(creditors).set({ status: 'pending' }).where(eq(creditors.id, t.conectoId));
  const r = await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  expect(r.status).toBe(409);
  expect(r.body.error.code).toBe('creditor_not_active');
  await t.db.update(creditors).set({ status: 'active', goClientKeyEnc: null }).where(eq(creditors.id, t.conectoId));
  expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).status).toBe(409);
});
