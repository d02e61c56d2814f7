// When Go fails (every answer a 500, after the client's retries), the API says so with a 502 that
// names Go, never a 500 of ours; the sync records the failure instead of throwing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  await t.control('/faults', { rate: 1, kinds: ['500'], seed: 7 });
});
afterAll(async () => t.close());

it('answers 502 naming Go for a send, and records a failed sync run; a settings change needs no Go', async () => {
  // The dunning choice is the backend's own (Go's API has no Purring route): saved while Go fails.
  const put = await t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body: { dunning: 'own_reminders', approval: 'manual' } });
  expect(put.status, put.text).toBe(200);
  expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/settings`, { token })).body).toEqual({ dunning: 'own_reminders', approval: 'manual' });
  const send = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/19/send-to-collection`, { token });
  expect(send.status).toBe(502);
  expect(send.body.error.code).toBe('go_error');
  const sync = await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  expect(sync.status).toBe(200);
  expect(sync.body.ok).toBe(false);
  expect(sync.body.errors.length).toBeGreaterThan(0);
  for (const body of [send.text, sync.text]) expect(body).not.toMatch(/at .*\.ts:\d+/);
});
