// PUT /creditors/{id}/settings keeps the agreed dunning choice in the backend. Go's API has no route
// for the client's Purring settings (Go changes them only in its own page), so saving the popup
// makes no call to Go at all (counted by the sandbox).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

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

it('stores the choice and calls Go for none of it', async () => {
  const start = await goCalls();
  expect((await put({ dunning: 'agency_notice', approval: 'manual' })).status).toBe(200);
  expect((await put({ dunning: 'own_reminders', approval: 'automatic' })).body).toEqual({ dunning: 'own_reminders', approval: 'automatic' });
  expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/settings`, { token })).body).toEqual({ dunning: 'own_reminders', approval: 'automatic' });
  expect(await goCalls()).toBe(start);
  // Go's own Purring settings are untouched.
  expect(t.sandbox.store.getPurringSettings('conecto')).toEqual({ reminderProfile: 'none', autoApproveTransfer: false });
});
