// GET /api/v1/overview against the real sandbox: the figures agree with Go's own books (overdue
// invoices not sent: in Utkast or before it), a posted remittance counts as remitted this month with its Go
// voucher number, a failed sync needs the accountant, and each user sees only what they may: a
// firm's user its own clients, the agency's staff every client.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { overview as overviewSchema, type Overview } from '@shared/overview';
import { creditors } from '@backend/db/schema';
import { DcStatus } from '../../../sandbox/store';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const get = async (tb: TestBackend, token: string) => {
  const r = await tb.request('GET', '/api/v1/overview', { token });
  expect(r.status, r.text).toBe(200);
  return overviewSchema.parse(r.body) as Overview;
};

describe('overview', () => {
  it('needs a login, and is in the API docs', async () => {
    t = await makeTestBackend();
    expect(Object.keys((await t.request('GET', '/api/v1/openapi.json')).body.paths)).toContain('/overview');
    const r = await t.request('GET', '/api/v1/overview');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
  });

  it('a firm user sees only its firm’s clients; the agency’s staff see every client', async () => {
    t = await makeTestBackend();
    const demo = await get(t, await t.login());
    expect(demo.clients.map((c) => c.creditorId)).toEqual([t.conectoId]);
    const other = await get(t, await t.login('annen@regnskap.example', 'demo'));
    expect(other.clients.map((c) => c.creditorId)).toEqual([t.delanteId]);
    const ops = await get(t, await t.loginOps());
    expect(ops.clients.map((c) => c.creditorId).sort()).toEqual([t.conectoId, t.delanteId].sort());
  });

  it('agrees with Go’s books after a sync, counts a posted remittance this month, and names what needs the accountant', async () => {
    t = await makeTestBackend();
    const token = await t.login();
    const ops = await t.loginOps();
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).status).toBe(200);
    const store = t.sandbox.store;
    const client = store.clients.find((c) => c.name === 'Conecto AS')!;
    const open = client.invoices.filter((i) => store.balance(client, i) > 0);
    const first = await get(t, token);
    expect(first.date).toBe('2026-11-28');
    expect(first.month).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    const conecto = first.clients[0]!;
    const cases = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items as { id: string; invoiceNos: number[]; stage: string }[];
    const inCase = new Set(cases.flatMap((c) => c.invoiceNos));
    // Not released by Go: still in Utkast (Draft) or not yet proposed (None), past due, in no case.
    const overdue = open.filter((i) => (i.dcStatus === DcStatus.Draft || i.dcStatus === DcStatus.None) && i.dueDate < '2026-11-28' && !inCase.has(i.invoiceNo));
    expect(overdue.some((i) => i.dcStatus === DcStatus.Draft)).toBe(true);
    expect(conecto.overdueNotSent).toEqual({ count: overdue.length, amountOre: overdue.reduce((s, i) => s + store.balance(client, i), 0) });
    expect(conecto.approval).toBe('manual');
    // Open cases by stage, with the same balances the creditor's own page shows.
    const detail = (await t.request('GET', `/api/v1/creditors/${t.conectoId}`, { token })).body as { stageTotals: { stage: string; count: number; balanceOre: number }[] };
    expect(conecto.openCases.byStage).toEqual(detail.stageTotals.map(({ stage, count, balanceOre }) => ({ stage, count, balanceOre })));
    expect(conecto.openCases.count).toBe(cases.length);
    expect(conecto.remittedThisMonth).toEqual({ count: 0, payoutOre: 0 });
    expect(conecto.lastSync?.ok).toBe(true);
    expect(conecto.failedSyncs).toBe(0);
    expect(conecto.attention).toEqual([{ kind: 'not_sent', count: overdue.length, detail: null }]);
    expect(first.attentionCount).toBe(overdue.length);

    // The debtor of invoice 21 pays in full; the daily run posts the remittance in Go.
    const case21 = cases.find((c) => c.invoiceNos.includes(21))!;
    const balance = (await t.request('GET', `/api/v1/cases/${case21.id}`, { token })).body.balanceOre as number;
    expect((await t.request('POST', `/api/v1/cases/${case21.id}/payments`, { token: ops, body: { amountOre: balance, paidAt: '2026-11-28', reference: 'OCR-21' } })).status).toBe(201);
    expect((await t.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} })).status).toBe(200);
    const [rem] = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/remittances`, { token })).body.items as { id: string; payoutOre: number; goVoucherNo: number; date: string }[];
    const second = (await get(t, token)).clients[0]!;
    expect(second.remittedThisMonth).toEqual({ count: 1, payoutOre: rem!.payoutOre });
    expect(second.lastRemittance).toEqual({ id: rem!.id, date: rem!.date, payoutOre: rem!.payoutOre, goVoucherNo: rem!.goVoucherNo });
    expect(rem!.goVoucherNo).toEqual(expect.any(Number));

    // Go fails: the sync is recorded as failed, and that needs the accountant, first in the list.
    t.clock.set('2026-11-28T10:00:00Z');
    await t.control('/faults', { rate: 1, kinds: ['500'], seed: 7 });
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).body.ok).toBe(false);
    await t.control('/faults', { rate: 0, kinds: ['500'], seed: 7 });
    const third = await get(t, token);
    const failing = third.clients[0]!;
    expect(failing.failedSyncs).toBe(1);
    expect(failing.lastSync?.ok).toBe(false);
    expect(failing.attention[0]).toMatchObject({ kind: 'sync_failed', count: 1, detail: expect.any(String) });
    expect(third.attentionCount).toBe(failing.attention.reduce((s, a) => s + a.count, 0));
    // A sync that goes through again clears it.
    t.clock.set('2026-11-28T11:00:00Z');
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).body.ok).toBe(true);
    expect((await get(t, token)).clients[0]!.failedSyncs).toBe(0);
  });

  it('with automatic approval, invoices not yet sent do not need the accountant', async () => {
    t = await makeTestBackend();
    const token = await t.login();
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).status).toBe(200);
    await t.db.update(creditors).set({ approval: 'automatic' }).where(eq(creditors.id, t.conectoId));
    const c = (await get(t, token)).clients[0]!;
    expect(c.overdueNotSent.count).toBeGreaterThan(0);
    expect(c.attention.map((a) => a.kind)).not.toContain('not_sent');
  });

  it('a client still registering needs the accountant', async () => {
    t = await makeTestBackend();
    await t.db.update(creditors).set({ status: 'pending' }).where(eq(creditors.id, t.conectoId));
    const o = await get(t, await t.login());
    expect(o.clients[0]!.attention).toContainEqual({ kind: 'pending_registration', count: 1, detail: null });
  });
});

describe('remittances in reach', () => {
  it('list, CSV, statement HTML and PDF: the firm’s own user and the agency’s staff see them, another firm gets 404 on each', async () => {
    t = await makeTestBackend();
    const token = await t.login();
    const ops = await t.loginOps();
    const other = await t.login('annen@regnskap.example', 'demo');
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).status).toBe(200);
    const cases = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items as { id: string; invoiceNos: number[] }[];
    const case21 = cases.find((c) => c.invoiceNos.includes(21))!;
    expect((await t.request('POST', `/api/v1/cases/${case21.id}/payments`, { token: ops, body: { amountOre: 100_000, paidAt: '2026-11-28', reference: 'OCR-x' } })).status).toBe(201);
    const run = await t.request('POST', `/api/v1/creditors/${t.conectoId}/remittances/run`, { token: ops });
    const id = run.body.created.id as string;
    const paths = [`/api/v1/creditors/${t.conectoId}/remittances`, `/api/v1/creditors/${t.conectoId}/remittances.csv`, `/api/v1/remittances/${id}`, `/api/v1/remittances/${id}/statement`, `/api/v1/remittances/${id}/statement.pdf`];
    for (const path of paths) {
      expect((await t.request('GET', path, { token })).status, path).toBe(200);
      expect((await t.request('GET', path, { token: ops })).status, path).toBe(200);
      expect((await t.request('GET', path, { token: other })).status, path).toBe(404);
      expect((await t.request('GET', path)).status, path).toBe(401);
    }
    // The overview names the same remittance, and the CSV and statement speak dd.mm.åååå.
    expect((await get(t, token)).clients[0]!.lastRemittance?.id).toBe(id);
    const csv = await t.request('GET', `/api/v1/creditors/${t.conectoId}/remittances.csv`, { token });
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="remitteringer-28.11.2026.csv"');
    expect(csv.text.split('\r\n')[1]).toMatch(/^28\.11\.2026;Bokført;\d+;/);
    const pdf = await t.app.request(`/api/v1/remittances/${id}/statement.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.headers.get('content-disposition')).toBe('inline; filename="avregningsoppgave-28.11.2026.pdf"');
  });
});
