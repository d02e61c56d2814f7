// PUT /creditors/{id}/settings writes Go's Purring settings only when they change: saving the
// popup unchanged, or a choice Go already has, makes no write in Go (counted by the sandbox).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
});
afterAll(async () => t.close());

async function goWrites(): Promise<number> {
  const stats = (await (await fetch(`${t.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number> };
  return stats.calls['PUT /v2/DunningSettings'] ?? 0;
}

const put = (body: { dunning: string; approval: string }) => t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body });

it('writes Go only when the settings change', async () => {
  // The demo creditor starts as agency_notice / manual, which is what Go has (no reminders, no auto-approval).
  const start = await goWrites();
  expect((await put({ dunning: 'agency_notice', approval: 'manual' })).status).toBe(200);
  expect(await goWrites()).toBe(start);

  expect((await put({ dunning: 'agency_notice', approval: 'automatic' })).body).toEqual({ dunning: 'agency_notice', approval: 'automatic' });
  expect(await goWrites()).toBe(start + 1);
  const page = await (await fetch(`${t.sandbox.url}/app/conecto/innstillinger/purring`)).text();
  expect(page).toMatch(/name="autoApproveTransfer" value="true" checked/);

  // The same again: nothing to write.
  expect((await put({ dunning: 'agency_notice', approval: 'automatic' })).status).toBe(200);
  expect(await goWrites()).toBe(start + 1);
  expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/settings`, { token })).body).toEqual({ dunning: 'agency_notice', approval: 'automatic' });

  // Back to manual: one write.
  await put({ dunning: 'agency_notice', approval: 'manual' });
  expect(await goWrites()).toBe(start + 2);
});
