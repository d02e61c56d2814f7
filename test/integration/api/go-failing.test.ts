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

it('answers 502 naming Go for a take and an exclusion, keeps the agreed settings, and records a failed sync run', async () => {
  // The agreed profile is ours alone: saved whatever Go does.
  const put = await t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body: { dunning: 'own_reminders', approval: 'manual' } });
  expect(put.status, put.text).toBe(200);
  const exclude = await t.request('PUT', `/api/v1/creditors/${t.conectoId}/customers/10018/exclusion`, { token, body: { excluded: true } });
  expect(exclude.status).toBe(502);
  expect(exclude.body.error.code).toBe('go_error');
  const send = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/19/take`, { token });
  expect(send.status).toBe(502);
  expect(send.body.error.code).toBe('go_error');
  const sync = await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  expect(sync.status).toBe(200);
  expect(sync.body.ok).toBe(false);
  expect(sync.body.errors.length).toBeGreaterThan(0);
  for (const body of [exclude.text, send.text, sync.text]) expect(body).not.toMatch(/at .*\.ts:\d+/);
});
