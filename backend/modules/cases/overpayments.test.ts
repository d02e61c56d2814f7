// Payments are bounded, and a payment above the case balance is an explicit overpayment: refused
// unless the caller says so, then held by the agency (never remitted to the creditor), listed for
// operations and on the case, and resolved by a refund to the debtor or a move to another open case
// of the same creditor, where it is booked and remitted. Every step audited.
//
// Hand-worked, on 2026-11-28: case 100002 (invoice 24, 45 000 kr due 2026-11-08) owes 45 000 kr +
// notice fee 37,50 kr + interest 45 000 × 12 % × 20/365 = 295,89 kr = 45 333,39 kr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { agencyPayments, auditLog, cases } from '@backend/db/schema';
import { voucherSum } from '@backend/modules/remittance/settle';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
let token: string;
let caseA: string; // 100002, invoice 24
let caseB: string; // 100001, invoice 21
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.loginOps();
  await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  const items = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items as { id: string; caseNo: string; balanceOre: number }[];
  caseA = items.find((c) => c.caseNo === '100002')!.id;
  caseB = items.find((c) => c.caseNo === '100001')!.id;
});
afterAll(async () => t.close());

const pay = (caseId: string, body: Record<string, unknown>) => t.request('POST', `/api/v1/cases/${caseId}/payments`, { token, body: { paidAt: '2026-11-28', ...body } });
const detail = async (caseId: string) => (await t.request('GET', `/api/v1/cases/${caseId}`, { token })).body;
const audits = async (action: string) => (await t.db.select().from(auditLog)).filter((a) => a.action === action);

describe('overpayments', () => {
  it('refuses amounts that are not a sane payment, naming the field', async () => {
    for (const amountOre of [9_007_199_254_740_991, 10_000_000_001, 0, -500, 12.5, '100']) {
      const r = await pay(caseA, { amountOre, reference: `bad-${amountOre}` });
      expect(r.status, String(amountOre)).toBe(400);
      expect(Object.keys(r.body.error.fields)).toEqual(['amountOre']);
      expect(r.body.error.fields.amountOre).toMatch(/^Beløpet/);
    }
    expect((await detail(caseA)).paidOre).toBe(0);
  });

  it('refuses a payment above the balance unless it is declared an overpayment, and books nothing then', async () => {
    expect((await detail(caseA)).balanceOre).toBe(4_533_339);
    const r = await pay(caseA, { amountOre: 5_000_000, reference: 'KID-A' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('overpayment');
    expect(r.body.error.message).toMatch(/^Beløpet er 4\u00a0666,61 kr mer enn saken skylder \(45\u00a0333,39 kr per 2026-11-28\)/);
    expect(r.body.error.fields.amountOre).toMatch(/^Overstiger saldo 4533339 øre med 466661 øre/);
    const [row] = await t.db.select().from(cases).where(eq(cases.id, caseA));
    expect(row).toMatchObject({ interestOre: 0, interestThrough: null, closedAt: null }); // the accrual was rolled back
    expect(await t.db.select().from(agencyPayments)).toHaveLength(0);
  });

  let overpaymentId: string;
  it('holds the surplus of a declared overpayment, visible on the case and to operations', async () => {
    const r = await pay(caseA, { amountOre: 5_000_000, reference: 'KID-A', acceptOverpayment: true });
    expect(r.status).toBe(201);
    expect(r.body.allocation).toEqual({ costsOre: 3_750, interestOre: 29_589, principalOre: 4_500_000, surplusOre: 466_661 });
    expect(r.body.case).toMatchObject({ stage: 'paid', balanceOre: 0 });
    expect(r.body.case.overpayments).toEqual([expect.objectContaining({ amountOre: 466_661, status: 'open', paymentReference: 'KID-A', paidAt: '2026-11-28', resolution: null })]);
    expect(r.body.case.timeline.map((e: { kind: string }) => e.kind)).toContain('overpayment');
    overpaymentId = r.body.case.overpayments[0].id;
    // Retrying the same payment (same reference) is the same payment, not a second overpayment.
    expect((await pay(caseA, { amountOre: 5_000_000, reference: 'KID-A', acceptOverpayment: true })).status).toBe(200);
    const list = await t.request('GET', '/api/v1/operations/overpayments?status=open', { token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: overpaymentId, caseNo: '100002', creditorId: t.conectoId, amountOre: 466_661, status: 'open' })]);
    expect((await t.request('GET', '/api/v1/operations/overpayments?status=refunded', { token })).body.items).toEqual([]);
    expect((await t.request('GET', '/api/v1/operations/overpayments?status=lost', { token })).status).toBe(400);
    expect((await audits('overpayment.held')).map((a) => a.detail)).toEqual([expect.objectContaining({ overpaymentId, caseId: caseA, amountOre: 466_661 })]);
  });

  it('never remits the surplus: the voucher pays out only what the allocation took', async () => {
    const run = await t.request('POST', `/api/v1/creditors/${t.conectoId}/remittances/run`, { token });
    expect(run.status).toBe(200);
    const r = (await t.request('GET', `/api/v1/remittances/${run.body.created.id}`, { token })).body;
    // 45 000 + 295,89 − commission 10 % 4 500 − VAT 25 % on it 1 125 = 39 670,89 kr; the notice fee stays with the agency.
    expect(r.totals).toMatchObject({ principalOre: 4_500_000, interestOre: 29_589, costsOre: 3_750, commissionOre: 450_000, vatOre: 112_500, payoutOre: 3_967_089 });
    expect(r.payments).toEqual([expect.objectContaining({ amountOre: 5_000_000, principalOre: 4_500_000, surplusOre: 466_661 })]);
    expect(voucherSum(r.lines)).toBe(0);
    expect(r.lines.find((l: { accountNo: string }) => l.accountNo === '1920')).toMatchObject({ debitOre: 3_967_089 });
    for (const l of r.lines) expect([l.debitOre, l.creditOre]).not.toContain(466_661);
    const html = (await t.request('GET', `/api/v1/remittances/${run.body.created.id}/statement`, { token })).text;
    expect(html).toContain('Overbetaling 4\u00a0666,61 kr er holdt tilbake av inkassobyrået');
  });

  it('moves it to another open case of the same creditor, where it is booked and remitted', async () => {
    const move = (id: string, body: unknown) => t.request('POST', `/api/v1/operations/overpayments/${id}/move`, { token, body });
    // Not to the same case, an unknown case, or a closed one; not a bad id.
    for (const [target, status, code] of [[caseA, 409, 'bad_target'], [crypto.randomUUID(), 409, 'bad_target'], ['not-a-uuid', 400, 'validation']] as const) {
      const r = await move(overpaymentId, { caseId: target });
      expect(r.status, target).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(Object.keys(r.body.error.fields)).toEqual(['caseId']);
    }
    expect((await move(crypto.randomUUID(), { caseId: caseB })).status).toBe(404);
    const before = await detail(caseB);
    const r = await move(overpaymentId, { caseId: caseB });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: overpaymentId, status: 'moved', resolution: { toCaseId: caseB, toCaseNo: '100001' } });
    const after = await detail(caseB);
    expect(after.paidOre).toBe(466_661);
    expect(after.balanceOre).toBe(before.balanceOre - 466_661);
    expect((await detail(caseA)).timeline.map((e: { kind: string }) => e.kind)).toContain('overpayment_moved');
    expect((await detail(caseA)).overpayments[0]).toMatchObject({ status: 'moved' });
    // Resolved once only.
    expect((await move(overpaymentId, { caseId: caseB })).body.error.code).toBe('not_open');
    expect((await t.request('POST', `/api/v1/operations/overpayments/${overpaymentId}/refund`, { token, body: { reference: 'R', refundedAt: '2026-11-28' } })).status).toBe(409);
    expect((await audits('overpayment.move')).map((a) => a.detail)).toEqual([expect.objectContaining({ overpaymentId, toCaseId: caseB, amountOre: 466_661 })]);
    // The moved money is a payment of case B, paid out from there by the next remittance.
    const run = await t.request('POST', `/api/v1/creditors/${t.conectoId}/remittances/run`, { token });
    const rem = (await t.request('GET', `/api/v1/remittances/${run.body.created.id}`, { token })).body;
    expect(rem.payments).toEqual([expect.objectContaining({ caseNo: '100001', amountOre: 466_661 })]);
    expect(rem.payments[0].costsOre + rem.payments[0].interestOre + rem.payments[0].principalOre).toBe(466_661);
  });

  it('refunds one to the debtor, recorded with the bank reference, and refuses a move beyond the target balance', async () => {
    const owed = (await detail(caseB)).balanceOre;
    const r = await pay(caseB, { amountOre: owed + 10_000, reference: 'KID-B', acceptOverpayment: true });
    expect(r.body.allocation.surplusOre).toBe(10_000);
    const id = r.body.case.overpayments[0].id;
    const refund = (body: unknown) => t.request('POST', `/api/v1/operations/overpayments/${id}/refund`, { token, body });
    expect((await refund({ reference: 'BANK-1', refundedAt: '2026-11-29' })).body.error.fields.refundedAt).toMatch(/etter dagens dato/);
    expect((await refund({ reference: 'BANK-1', refundedAt: '2026-11-27' })).body.error.fields.refundedAt).toMatch(/før innbetalingen 2026-11-28/);
    expect((await refund({ reference: '', refundedAt: '2026-11-28' })).status).toBe(400);
    const done = await refund({ reference: 'BANK-1', refundedAt: '2026-11-28' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'refunded', amountOre: 10_000, resolution: { refundReference: 'BANK-1', refundedAt: '2026-11-28' } });
    expect((await detail(caseB)).timeline.map((e: { kind: string }) => e.kind)).toContain('overpayment_refunded');
    expect((await audits('overpayment.refund')).map((a) => a.detail)).toEqual([expect.objectContaining({ overpaymentId: id, amountOre: 10_000, reference: 'BANK-1' })]);
    expect((await t.request('GET', '/api/v1/operations/overpayments?status=open', { token })).body.items).toEqual([]);
  });

  it('is for operations only', async () => {
    expect((await t.request('GET', '/api/v1/operations/overpayments')).status).toBe(401);
    // An accounting firm's user, even of the creditor's own firm, is refused.
    const firmToken = await t.login();
    expect((await t.request('GET', '/api/v1/operations/overpayments', { token: firmToken })).status).toBe(403);
    expect((await t.request('POST', `/api/v1/operations/overpayments/${crypto.randomUUID()}/refund`, { token: firmToken, body: { reference: 'R', refundedAt: '2026-11-28' } })).status).toBe(403);
  });
});
