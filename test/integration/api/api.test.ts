// Every /api/v1 route: the happy path and each error (bad body naming the field, unknown id,
// another firm's creditor → 404, no token → 401, wrong role → 403), and no secret in any answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';
import { approveInGoPage } from '../../helpers/go-pages';

let t: TestBackend;
let token: string;
let otherToken: string;
let opsToken: string;
const bodies: string[] = [];

beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  otherToken = await t.login('annen@regnskap.example', 'demo');
  opsToken = await t.loginOps();
  const original = t.request;
  t.request = async (...args) => {
    const r = await original(...args);
    bodies.push(r.text);
    return r;
  };
});
afterAll(async () => {
  // Secrets never leave the backend: no client key and no password hash in any response.
  for (const body of bodies) {
    for (const key of t.clientKeys) expect(body).not.toContain(key);
    expect(body).not.toContain('pbkdf2');
  }
  expect(JSON.stringify(t.logs)).not.toContain(t.clientKeys[0]!);
  await t.close();
});

const routes = (id: string) => [
  ['GET', `/api/v1/creditors/${id}`],
  ['GET', `/api/v1/creditors/${id}/settings`],
  ['PUT', `/api/v1/creditors/${id}/settings`, { dunning: 'agency_notice', approval: 'manual' }],
  ['POST', `/api/v1/creditors/${id}/invoice-status`, { invoiceNos: [21] }],
  ['POST', `/api/v1/creditors/${id}/invoices/21/take`],
  ['POST', `/api/v1/creditors/${id}/sync`],
  ['GET', `/api/v1/creditors/${id}/sync-runs`],
  ['GET', `/api/v1/creditors/${id}/cases`],
] as const;

describe('auth', () => {
  it('logs in, tells who I am, refuses bad credentials and rate-limits repeated failures', async () => {
    const me = await t.request('GET', '/api/v1/me', { token });
    expect(me.body).toMatchObject({ email: 'demo@regnskap.example', kind: 'firm', firmName: 'Demo Regnskap AS', roles: ['accountant'] });
    // The agency's staff are another kind of account, of no accounting firm.
    expect((await t.request('GET', '/api/v1/me', { token: opsToken })).body).toMatchObject({ email: 'drift@modhi.example', kind: 'agency', firmName: 'Modhi Norge AS', roles: ['operations'] });
    expect((await t.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await t.request('GET', '/api/v1/me', { token: 'forged' })).body.error.code).toBe('unauthorized');
    const bad = await t.request('POST', '/api/v1/auth/login', { body: { email: 'not-an-email', password: '' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['email', 'password']);
    expect((await t.request('POST', '/api/v1/auth/login', { raw: '{not json' })).status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await t.request('POST', '/api/v1/auth/login', { body: { email: 'victim@regnskap.example', password: 'guess' } })).status).toBe(401);
    const limited = await t.request('POST', '/api/v1/auth/login', { body: { email: 'victim@regnskap.example', password: 'guess' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
  it('logs out: the token stops working', async () => {
    const temp = await t.login();
    expect((await t.request('POST', '/api/v1/auth/logout', { token: temp })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/me', { token: temp })).status).toBe(401);
  });
});

describe('creditors', () => {
  it('lists only the firm’s creditors', async () => {
    expect((await t.request('GET', '/api/v1/creditors', { token })).body.items).toEqual([{ id: t.conectoId, orgNo: '923456783', name: 'Conecto AS', status: 'active' }]);
    expect((await t.request('GET', '/api/v1/creditors', { token: otherToken })).body.items.map((c: { name: string }) => c.name)).toEqual(['Delante AS']);
  });

  for (const [method, path, body] of routes('ID')) {
    it(`${method} ${path.replace('ID', '{id}')}: 401 without a token, 404 for another firm’s creditor and for an unknown id`, async () => {
      const call = (id: string, tok?: string) => t.request(method, path.replace('ID', id), { ...(tok ? { token: tok } : {}), ...(body ? { body } : {}) });
      expect((await call(t.conectoId)).status).toBe(401);
      expect((await call(t.delanteId, token)).status).toBe(404);
      expect((await call(t.conectoId, otherToken)).status).toBe(404);
      expect((await call('no-such-creditor', token)).body.error.code).toBe('not_found');
    });
  }

  it('detail and settings; the agreed setting is kept here and Go’s Purring settings are not written', async () => {
    const detail = await t.request('GET', `/api/v1/creditors/${t.conectoId}`, { token });
    expect(detail.body).toMatchObject({ name: 'Conecto AS', settings: { dunning: 'agency_notice', approval: 'manual' }, accounts: { bank: '1920', customerLedger: '1500' } });
    const bad = await t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body: { dunning: 'sometimes', approval: 'manual' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('dunning');
    const put = await t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body: { dunning: 'own_reminders', approval: 'automatic' } });
    expect(put.body).toEqual({ dunning: 'own_reminders', approval: 'automatic' });
    // Go's Purring settings are changed only in Go's own page; the backend keeps the agreed choice.
    expect(t.sandbox.store.getPurringSettings('conecto')).toEqual({ reminderProfile: 'none', autoApproveTransfer: false });
    expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/settings`, { token })).body).toEqual({ dunning: 'own_reminders', approval: 'automatic' });
    await t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body: { dunning: 'agency_notice', approval: 'manual' } });
  });

  it('invoice-status: bounded batch, states from the database', async () => {
    const tooMany = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: Array.from({ length: 1001 }, (_, i) => i + 1) } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields).toHaveProperty('invoiceNos');
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: ['x'] } })).body.error.fields).toHaveProperty('invoiceNos.0');
    await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
    const r = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: [19, 21, 23, 9999] } });
    // 19 is in Go's Utkast, which Go's API does not show (only Go's own page does): 'none' here.
    expect(r.body.items.map((i: { invoiceNo: number; state: string }) => [i.invoiceNo, i.state])).toEqual([[19, 'none'], [21, 'in_case'], [23, 'none'], [9999, 'none']]);
    expect(r.body.items[1].case).toMatchObject({ caseNo: expect.stringMatching(/^\d+$/), stageLabel: 'Inkassovarsel sendt', url: expect.stringContaining('/cases/') });
  });

  it('take: after Go’s page approved the invoice, a case; or why not', async () => {
    const send = (no: number | string) => t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/${no}/take`, { token });
    // Still in Utkast: Go has not approved it, so it is not the agency's to take.
    expect((await send(19)).body.error.code).toBe('not_approved');
    await approveInGoPage(t.sandbox, 'conecto', [19]);
    const ok = await send(19);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ invoiceNo: 19, state: 'in_case', case: { stage: 'notice_sent' }, notice: null });
    // Taking it again answers with the same case (idempotent).
    expect((await send(19)).body).toEqual(ok.body);
    expect((await send(23)).body.error.code).toBe('not_overdue');
    expect((await send(28)).body.error.code).toBe('excluded_customer');
    expect((await send(424242)).status).toBe(404);
    expect((await send('abc')).body.error.fields).toHaveProperty('invoiceNo');
    const ledger = await (await fetch(`${t.sandbox.url}/app/conecto/reskontro`)).text();
    expect(ledger).toContain(`<td>${ok.body.case.caseNo}</td>`);
  });

  it('sync, sync runs and cases', async () => {
    const run = await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
    expect(run.body).toMatchObject({ ok: true, trigger: 'manual' });
    const runs = await t.request('GET', `/api/v1/creditors/${t.conectoId}/sync-runs`, { token });
    expect(runs.body.items.length).toBeGreaterThanOrEqual(2);
    const list = await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token });
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    expect(list.body.items[0]).toMatchObject({ debtor: { name: expect.any(String) }, stageLabel: expect.any(String), balanceOre: expect.any(Number) });
  });
});

describe('cases and jobs', () => {
  it('GET /cases/{id} with its timeline; other firms get 404', async () => {
    const list = await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token });
    const id = list.body.items[0].id;
    const detail = await t.request('GET', `/api/v1/cases/${id}`, { token });
    expect(detail.body.timeline.length).toBeGreaterThan(1);
    expect((await t.request('GET', `/api/v1/cases/${id}`, { token: otherToken })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/cases/nope', { token })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/cases/${id}`)).status).toBe(401);
    // The case link shows nothing without a login (case-page.test.ts logs in).
    const page = await t.app.request(`/cases/${id}`);
    expect(page.status).toBe(401);
    expect(await page.text()).not.toContain('Tidslinje');
  });

  it('POST /cases/{id}/payments: the agency’s operations only, validated, idempotent by reference', async () => {
    const list = await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token });
    const id = list.body.items[0].id;
    const bad = await t.request('POST', `/api/v1/cases/${id}/payments`, { token: opsToken, body: { amountOre: -5, paidAt: '28.11.2026', reference: '' } });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['amountOre', 'paidAt', 'reference']);
    // A firm's user never registers agency payments: neither on its own firm's case nor another's.
    for (const tok of [token, otherToken]) expect((await t.request('POST', `/api/v1/cases/${id}/payments`, { token: tok, body: { amountOre: 100, paidAt: '2026-11-28', reference: 'x' } })).status).toBe(403);
    const first = await t.request('POST', `/api/v1/cases/${id}/payments`, { token: opsToken, body: { amountOre: 10_000, paidAt: '2026-11-28', reference: 'OCR-1' } });
    expect(first.status).toBe(201);
    expect(first.body.allocation.costsOre).toBe(3_750);
    const again = await t.request('POST', `/api/v1/cases/${id}/payments`, { token: opsToken, body: { amountOre: 10_000, paidAt: '2026-11-28', reference: 'OCR-1' } });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect((await t.request('POST', '/api/v1/cases/unknown/payments', { token: opsToken, body: { amountOre: 100, paidAt: '2026-11-28', reference: 'x' } })).status).toBe(404);
  });

  it('POST /jobs/daily: the agency’s operations only; a date only where the configuration allows it', async () => {
    // Neither firm's user runs jobs, whatever they send.
    for (const tok of [token, otherToken]) {
      expect((await t.request('POST', '/api/v1/jobs/daily', { token: tok, body: {} })).status).toBe(403);
      expect((await t.request('POST', '/api/v1/jobs/daily', { token: tok, body: { date: '2026-12-20' } })).status).toBe(403);
    }
    expect((await t.request('POST', '/api/v1/jobs/daily', { token: opsToken, body: { date: 'tomorrow' } })).body.error.fields).toHaveProperty('date');
    const r = await t.request('POST', '/api/v1/jobs/daily', { token: opsToken, body: {} });
    expect(r.body.creditors.every((c: { ok: boolean }) => c.ok)).toBe(true);
    expect(r.body.creditors.map((c: { creditorId: string }) => c.creditorId).sort()).toEqual([t.conectoId, t.delanteId].sort());
    expect((await t.request('POST', '/api/v1/jobs/daily', { body: {} })).status).toBe(401);
    // Production: no date from anyone (the test backend is a sandbox configuration).
    t.deps.config.allowJobDate = false;
    try {
      const refused = await t.request('POST', '/api/v1/jobs/daily', { token: opsToken, body: { date: '2026-12-20' } });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'date_not_allowed', fields: { date: expect.any(String) } });
    } finally {
      t.deps.config.allowJobDate = true;
    }
  });

  it('POST /creditors/{id}/remittances/run: a firm’s user never runs remittances, not even its own firm’s', async () => {
    for (const [tok, id] of [[token, t.conectoId], [otherToken, t.delanteId]] as const) {
      expect((await t.request('POST', `/api/v1/creditors/${id}/remittances/run`, { token: tok })).status).toBe(403);
    }
    // Another firm's creditor is unknown to it, as on every creditor route.
    expect((await t.request('POST', `/api/v1/creditors/${t.delanteId}/remittances/run`, { token })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/remittances/run`, { token: opsToken })).status).toBe(200);
  });

  it('OpenAPI and docs', async () => {
    const doc = await t.request('GET', '/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/creditors/{id}/invoice-status');
    expect((await t.request('GET', '/api/v1/docs')).text).toContain('invoice-status');
    expect((await t.request('GET', '/api/v1/nothing-here')).status).toBe(404);
    expect((await t.request('GET', '/health')).body).toEqual({ ok: true });
  });
});
