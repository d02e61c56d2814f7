// PUT /creditors/{id}/settings keeps the agreed dunning profile and approval mode here only. Go has
// no API for its Purring settings (Innstillinger → Purring): the extension changes those in Go's
// own page, as the accountant. So a settings change makes no call to Go at all (counted by the
// sandbox), and Go's settings stay what Go's page set.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
});
afterAll(async () => t.close());

async function goCalls(): Promise<number> {
  const stats = (await (await fetch(`${t.sandbox.url}/_sandbox/stats`)).json()) as { total: number };
  return stats.total;
}

const put = (body: { dunning: string; approval: string }) => t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body });

it('stores the agreed settings and calls Go for none of it', async () => {
  const start = await goCalls();
  expect((await put({ dunning: 'own_reminders', approval: 'automatic' })).body).toEqual({ dunning: 'own_reminders', approval: 'automatic' });
  expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/settings`, { token })).body).toEqual({ dunning: 'own_reminders', approval: 'automatic' });
  expect((await put({ dunning: 'own_reminders', approval: 'automatic' })).status).toBe(200);
  expect(await goCalls()).toBe(start);
  expect(t.sandbox.store.getPurringSettings('conecto')).toEqual({ reminderProfile: 'none', autoApproveTransfer: false });
  const audit = await t.request('GET', `/api/v1/creditors/${t.conectoId}`, { token });
  expect(audit.body.settings).toEqual({ dunning: 'own_reminders', approval: 'automatic' });
});
