// Remittances end to end against the real sandbox over HTTP: the agency collects, the daily run
// (or the operations route) posts one voucher per creditor in Go, the invoice is matched to zero
// and the case is closed in both systems. Every expected line is written out in øre, worked out
// by hand: interest 12.00 % (2026H2, provisional) per day / 365 from the day after due; commission
// 10 % (minimum 50 kr); 25 % VAT on commission.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { approveInGoPage } from '../../../test/helpers/go-pages';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { caseEvents, cases, creditors, remittances } from '@backend/db/schema';

type Line = [accountNo: string, debitOre: number, creditOre: number, invoiceNo?: number];

let t: TestBackend | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function setup(o: { approve?: number[]; vatDeductible?: boolean } = {}) {
  t = await makeTestBackend();
  const token = await t.login();
  // Payments, daily runs and remittance runs are the agency's operations, not the firm's user.
  const ops = await t.loginOps();
  const go = await t.deps.goClientFor((await t.db.select().from(creditors).where(eq(creditors.id, t.conectoId)))[0]!);
  if (o.approve?.length) await approveInGoPage(t.sandbox, 'conecto', o.approve);
  if (o.vatDeductible === false) await t.db.update(creditors).set({ vatDeductible: false }).where(eq(creditors.id, t.conectoId));
  expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).status).toBe(200);
  const tb = t;
  const caseOf = async (invoiceNo: number) => {
    const list = await tb.request('GET', `/api/v1/creditors/${tb.conectoId}/cases`, { token });
    const found = (list.body.items as { id: string; invoiceNos: number[] }[]).find((c) => c.invoiceNos.includes(invoiceNo));
    if (!found) throw new Error(`no case for invoice ${invoiceNo}`);
    return found.id;
  };
  const pay = async (caseId: string, amountOre: number, reference: string) => {
    const r = await tb.request('POST', `/api/v1/cases/${caseId}/payments`, { token: ops, body: { amountOre, paidAt: '2026-11-28', reference } });
    expect(r.status).toBe(201);
    return r.body;
  };
  const daily = async () => {
    const r = await tb.request('POST', '/api/v1/jobs/daily', { token: ops, body: {} });
    expect(r.status).toBe(200);
    return r.body;
  };
  const list = async () => (await tb.request('GET', `/api/v1/creditors/${tb.conectoId}/remittances`, { token })).body.items as { id: string; status: string; payoutOre: number; goVoucherNo: number | null }[];
  const detail = async (id: string) => (await tb.request('GET', `/api/v1/remittances/${id}`, { token })).body;
  const lines = (d: { lines: { accountNo: string; debitOre: number; creditOre: number; invoiceNo?: number }[] }): Line[] =>
    d.lines.map((l) => (l.invoiceNo !== undefined ? [l.accountNo, l.debitOre, l.creditOre, l.invoiceNo] : [l.accountNo, l.debitOre, l.creditOre]));
  const store = tb.sandbox.store;
  const client = store.clients.find((c) => c.name === 'Conecto AS')!;
  const goBalance = (invoiceNo: number) => store.balance(client, client.invoices.find((i) => i.invoiceNo === invoiceNo)!);
  const goVouchers = (ref: string) => client.vouchers.filter((v) => v.externalImportReference === ref);
  return { t: tb, token, ops, go, caseOf, pay, daily, list, detail, lines, goBalance, goVouchers, client };
}

describe('remittance', () => {
  it('debtor pays in full → voucher in Go, invoice matched to 0, case closed in both systems, nothing counted twice', async () => {
    const s = await setup();
    const caseId = await s.caseOf(21);
    const before = (await s.t.request('GET', `/api/v1/cases/${caseId}`, { token: s.token })).body;
    expect(before.balanceOre).toBe(24_122_106); // 240 000 kr + 15 days at 12 % + notice fee 37,50 kr
    await s.pay(caseId, 24_122_106, 'OCR-21');
    await s.daily();
    const [item] = await s.list();
    expect(item).toMatchObject({ status: 'posted', payoutOre: 21_118_356 });
    expect(item!.goVoucherNo).toEqual(expect.any(Number));
    const d = await s.detail(item!.id);
    expect(s.lines(d)).toEqual([
      ['1920', 21_118_356, 0],
      ['6790', 2_400_000, 0],
      ['2710', 600_000, 0],
      ['1500', 0, 24_000_000, 21],
      ['8055', 0, 118_356],
    ]);
    expect(d.lines[3]).toMatchObject({ customerNo: '10018', accountName: 'Kundefordringer' });
    // Go: one voucher with our reference, balanced on the creditor's accounts, the invoice at 0 and matched.
    const [voucher, ...more] = s.goVouchers(`modhi-rem-${item!.id}`);
    expect(more).toHaveLength(0);
    expect(voucher!.voucherNo).toBe(item!.goVoucherNo);
    expect(voucher!.lines.reduce((a, l) => a + l.amountOre, 0)).toBe(0);
    expect(voucher!.lines.map((l) => [l.accountNo, l.amountOre])).toEqual([[1920, 21_118_356], [6790, 2_400_000], [2710, 600_000], [1500, -24_000_000], [8055, -118_356]]);
    const inv21 = s.client.invoices.find((i) => i.invoiceNo === 21)!;
    expect(voucher!.lines[3]!.matchedInvoiceId).toBe(inv21.id);
    expect(s.goBalance(21)).toBe(0);
    // The case: closed here, and closed in Go with balance 0.
    const [c] = await s.t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c!.stage).toBe('paid');
    const [goCase] = await s.go.listCases(c!.caseNo);
    expect(goCase!.status).toBe(10);
    expect(goCase!.balanceAgency).toBe(0);
    // The next run reads our own matched item back without counting it again, and posts nothing new.
    await s.daily();
    expect(await s.list()).toHaveLength(1);
    const after = (await s.t.request('GET', `/api/v1/cases/${caseId}`, { token: s.token })).body;
    expect(after.timeline.filter((e: { kind: string }) => e.kind === 'remittance_matched')).toHaveLength(1);
    expect(after.invoices).toEqual([expect.objectContaining({ invoiceNo: 21, openOre: 0, state: 'paid' })]);
    expect(after.balanceOre).toBe(0);
    // The statement (HTML, PDF) and the CSV.
    const html = await s.t.request('GET', `/api/v1/remittances/${item!.id}/statement`, { token: s.token });
    expect(html.status).toBe(200);
    expect(html.text).toContain('<h1>Avregningsoppgave</h1>');
    expect(html.text).toContain('211\u00a0183,56');
    expect(html.text).toContain('Foreløpig rente: forsinkelsesrenten i oppgjøret er regnet med siste kjente sats');
    const pdf = await s.t.app.request(`/api/v1/remittances/${item!.id}/statement.pdf`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const csv = await s.t.request('GET', `/api/v1/creditors/${s.t.conectoId}/remittances.csv`, { token: s.token });
    // text() drops a BOM, so read the bytes: EF BB BF, then the header.
    const raw = new Uint8Array(await (await s.t.app.request(`/api/v1/creditors/${s.t.conectoId}/remittances.csv`, { headers: { authorization: `Bearer ${s.token}` } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.replace(/^\uFEFF/, '').startsWith('Dato;Status;Bilagsnr. i PowerOffice GO;')).toBe(true);
    expect(csv.text).toContain(`28.11.2026;Bokført;${item!.goVoucherNo};240 000,00;1 183,56;24 000,00;6 000,00;211 183,56;0,00;modhi-rem-${item!.id}`);
  });

  it('part payments over two runs; each voucher matches its part and the case closes on the last', async () => {
    const s = await setup();
    const caseId = await s.caseOf(24);
    await s.pay(caseId, 1_000_000, 'OCR-24-1'); // notice fee 3 750, interest 29 589 (20 days), principal 966 661
    await s.daily();
    const [first] = await s.list();
    expect(s.lines(await s.detail(first!.id))).toEqual([
      ['1920', 875_417, 0],
      ['6790', 96_666, 0],
      ['2710', 24_167, 0],
      ['1500', 0, 966_661, 24],
      ['8055', 0, 29_589],
    ]);
    expect(s.goBalance(24)).toBe(3_533_339);
    expect((await s.t.db.select().from(cases).where(eq(cases.id, caseId)))[0]!.closedAt).toBeNull();
    await s.pay(caseId, 3_533_339, 'OCR-24-2');
    await s.daily();
    const items = await s.list();
    expect(items).toHaveLength(2);
    const second = items.find((i) => i.id !== first!.id)!;
    expect(s.lines(await s.detail(second.id))).toEqual([
      ['1920', 3_091_671, 0],
      ['6790', 353_334, 0],
      ['2710', 88_334, 0],
      ['1500', 0, 3_533_339, 24],
    ]);
    expect(s.goBalance(24)).toBe(0);
    const [c] = await s.t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c!.stage).toBe('paid');
    expect((await s.go.listCases(c!.caseNo))[0]!.status).toBe(10);
  });

  it('one payment covering two invoices of one case: a ledger line per invoice, each matched', async () => {
    const s = await setup({ approve: [19] });
    const caseId = await s.caseOf(19);
    expect(await s.caseOf(21)).toBe(caseId);
    await s.pay(caseId, 42_358_818, 'OCR-19-21'); // 180 000 kr + 40 days, 240 000 kr + 15 days, one notice fee
    const run = await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: s.ops });
    expect(run.status).toBe(200);
    expect(s.lines(await s.detail(run.body.created.id))).toEqual([
      ['1920', 37_105_068, 0],
      ['6790', 4_200_000, 0],
      ['2710', 1_050_000, 0],
      ['1500', 0, 18_000_000, 19],
      ['1500', 0, 24_000_000, 21],
      ['8055', 0, 355_068],
    ]);
    expect([s.goBalance(19), s.goBalance(21)]).toEqual([0, 0]);
    const [c] = await s.t.db.select().from(cases).where(eq(cases.id, caseId));
    expect((await s.go.listCases(c!.caseNo))[0]!.status).toBe(10);
  });

  it('salær the debtor paid: kept by the agency, its VAT billed to the creditor with deduction right', async () => {
    const s = await setup();
    const caseId = await s.caseOf(21);
    await s.t.control('/clock', { today: '2026-12-13' }); // the notice deadline (2026-12-12) has passed
    s.t.clock.set('2026-12-13T09:00:00Z');
    await s.daily();
    const d = (await s.t.request('GET', `/api/v1/cases/${caseId}`, { token: s.token })).body;
    // notice fee 37,50 kr + salær 3,6 × 750 kr × 1,5 (business debtor) = 4 050 kr; interest 30 days
    expect([d.costsOre, d.interestOre]).toEqual([408_750, 236_712]);
    const r = await s.t.request('POST', `/api/v1/cases/${caseId}/payments`, { token: s.ops, body: { amountOre: 24_645_462, paidAt: '2026-12-13', reference: 'OCR-21' } });
    expect(r.status).toBe(201);
    await s.daily();
    const [item] = await s.list();
    // VAT 25 % of 24 000 kr commission + 4 050 kr salær = 7 012,50 kr
    expect(s.lines(await s.detail(item!.id))).toEqual([
      ['1920', 21_135_462, 0],
      ['6790', 2_400_000, 0],
      ['2710', 701_250, 0],
      ['1500', 0, 24_000_000, 21],
      ['8055', 0, 236_712],
    ]);
    expect(s.goBalance(21)).toBe(0);
  });

  it('creditor without VAT deduction right: VAT is part of the commission cost, no 2710 line', async () => {
    const s = await setup({ vatDeductible: false });
    await s.pay(await s.caseOf(21), 24_122_106, 'OCR-21');
    await s.daily();
    const [item] = await s.list();
    expect(s.lines(await s.detail(item!.id))).toEqual([
      ['1920', 21_118_356, 0],
      ['6790', 3_000_000, 0],
      ['1500', 0, 24_000_000, 21],
      ['8055', 0, 118_356],
    ]);
  });

  it('a direct payment on a case with the agency: commission charged next run, as an invoice when nothing was collected', async () => {
    const s = await setup();
    const caseId = await s.caseOf(24);
    const inv24 = s.client.invoices.find((i) => i.invoiceNo === 24)!;
    await s.t.control('/payments', { clientId: s.client.id, invoiceId: inv24.id, amount: 1000 });
    await s.daily();
    const [item] = await s.list();
    expect(item).toMatchObject({ status: 'invoiced', payoutOre: 0 });
    const d = await s.detail(item!.id);
    expect(s.lines(d)).toEqual([
      ['1920', 0, 0],
      ['6790', 10_000, 0],
      ['2710', 2_500, 0],
      ['2400', 0, 12_500],
    ]);
    expect(d.agencyInvoiceOre).toBe(12_500);
    expect(d.directPayments).toEqual([expect.objectContaining({ caseId, chargedOre: 12_500 })]);
    // Go got the voucher without the zero bank line; the next run charges nothing again.
    expect(s.goVouchers(`modhi-rem-${item!.id}`)[0]!.lines.map((l) => [l.accountNo, l.amountOre])).toEqual([[6790, 10_000], [2710, 2_500], [2400, -12_500]]);
    await s.daily();
    expect(await s.list()).toHaveLength(1);
  });

  it('a crash after Go accepted the voucher: the rerun finds it by reference and posts nothing twice', async () => {
    const s = await setup();
    await s.pay(await s.caseOf(21), 24_122_106, 'OCR-21');
    let crash = true;
    s.t.deps.faults = { afterGoWrite: (op) => { if (op === 'remittance' && crash) { crash = false; throw new Error('crash after post'); } } };
    await s.daily();
    const [row] = await s.t.db.select().from(remittances).where(eq(remittances.creditorId, s.t.conectoId));
    expect(row!.status).toBe('posting');
    expect(s.goVouchers(row!.externalImportReference)).toHaveLength(1);
    await s.daily();
    const items = await s.list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'posted', payoutOre: 21_118_356 });
    expect(s.goVouchers(row!.externalImportReference)).toHaveLength(1);
    expect(items[0]!.goVoucherNo).toBe(s.goVouchers(row!.externalImportReference)[0]!.voucherNo);
    expect(s.goBalance(21)).toBe(0);
  });

  it('a crash before the post: the stored remittance is posted once on the rerun', async () => {
    const s = await setup();
    await s.pay(await s.caseOf(21), 24_122_106, 'OCR-21');
    let crash = true;
    s.t.deps.faults = { beforeGoWrite: (op) => { if (op === 'remittance' && crash) { crash = false; throw new Error('crash before post'); } } };
    await s.daily();
    const [row] = await s.t.db.select().from(remittances).where(eq(remittances.creditorId, s.t.conectoId));
    expect(row!.status).toBe('posting');
    expect(s.goVouchers(row!.externalImportReference)).toHaveLength(0);
    expect(s.goBalance(21)).toBe(24_000_000);
    await s.daily();
    expect(await s.list()).toEqual([expect.objectContaining({ id: row!.id, status: 'posted', payoutOre: 21_118_356 })]);
    expect(s.goVouchers(row!.externalImportReference)).toHaveLength(1);
    expect(s.goBalance(21)).toBe(0);
  });

  it('Go refuses the voucher (an account not in its chart): the remittance fails, its payments are released and go with the next run', async () => {
    const s = await setup();
    await s.pay(await s.caseOf(21), 24_122_106, 'OCR-21');
    const [c] = await s.t.db.select().from(creditors).where(eq(creditors.id, s.t.conectoId));
    await s.t.db.update(creditors).set({ accounts: { ...c!.accounts, commission: '6799' } }).where(eq(creditors.id, s.t.conectoId));
    const refused = await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: s.ops });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('6799');
    expect(await s.list()).toEqual([expect.objectContaining({ status: 'failed', goVoucherNo: null })]);
    await s.t.db.update(creditors).set({ accounts: c!.accounts }).where(eq(creditors.id, s.t.conectoId));
    const run = await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: s.ops });
    expect(run.body.created).toMatchObject({ status: 'posted', payoutOre: 21_118_356 });
    expect((await s.detail(run.body.created.id)).payments).toHaveLength(1);
    expect(s.goBalance(21)).toBe(0);
  });

  it('a refused remittance undoes its own commission events by its id, not by their text; the next run charges them again', async () => {
    const s = await setup();
    const caseId = await s.caseOf(24);
    const inv24 = s.client.invoices.find((i) => i.invoiceNo === 24)!;
    await s.t.control('/payments', { clientId: s.client.id, invoiceId: inv24.id, amount: 1000 });
    expect((await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/sync`, { token: s.token })).body.ok).toBe(true);
    const [c] = await s.t.db.select().from(creditors).where(eq(creditors.id, s.t.conectoId));
    await s.t.db.update(creditors).set({ accounts: { ...c!.accounts, commission: '6799' } }).where(eq(creditors.id, s.t.conectoId));
    expect((await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: s.ops })).status).toBe(422);
    const [failed] = await s.list();
    expect(failed).toMatchObject({ status: 'failed' });
    const commissions = () => s.t.db.select().from(caseEvents).where(eq(caseEvents.kind, 'remittance_commission'));
    expect(await commissions()).toEqual([]);
    // An event that only mentions the failed remittance in its text is not its own: it stays.
    const [row] = await s.t.db.select().from(remittances).where(eq(remittances.id, failed!.id));
    await s.t.db.insert(caseEvents).values({ id: 'decoy', caseId, at: '2026-11-28', kind: 'remittance_commission', text: `Notat om ${row!.externalImportReference}`, remittanceId: null, createdAt: '2026-11-28T09:00:00Z' });
    await s.t.db.update(creditors).set({ accounts: c!.accounts }).where(eq(creditors.id, s.t.conectoId));
    const run = await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: s.ops });
    expect(run.body.created).toMatchObject({ status: 'invoiced', payoutOre: 0 });
    const after = await commissions();
    expect(after.map((e) => e.remittanceId).sort()).toEqual([null, run.body.created.id].sort());
  });

  it('a payment that covers only the notice fee the agency keeps: settled without a voucher, nothing sent to Go, later runs go on', async () => {
    const s = await setup();
    const caseId = await s.caseOf(21);
    // 10,00 kr against the 37,50 kr inkassovarsel fee: all of it is costs, kept by the agency.
    const paid = await s.pay(caseId, 1_000, 'KID-FEE');
    expect(paid.allocation).toMatchObject({ costsOre: 1_000, interestOre: 0, principalOre: 0 });
    const before = s.client.vouchers.length;
    const run = await s.daily();
    expect(run.creditors.every((c: { ok: boolean }) => c.ok)).toBe(true);
    const [rem] = await s.list();
    expect(rem).toMatchObject({ status: 'settled', payoutOre: 0, goVoucherNo: null });
    expect(s.client.vouchers.length).toBe(before);
    // The statement says why there is no voucher; the next run has nothing left to remit.
    const statement = await s.t.request('GET', `/api/v1/remittances/${rem!.id}/statement`, { token: s.token });
    expect(statement.text).toContain('Oppgjort uten bilag');
    await s.daily();
    expect(await s.list()).toHaveLength(1);
  });

  it('access: another firm sees neither the list nor the remittance (404); running needs operations', async () => {
    const s = await setup();
    await s.pay(await s.caseOf(21), 100_000, 'OCR-x');
    const run = await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: s.ops });
    const id = run.body.created.id as string;
    const other = await s.t.login('annen@regnskap.example', 'demo');
    expect((await s.t.request('GET', `/api/v1/creditors/${s.t.conectoId}/remittances`, { token: other })).status).toBe(404);
    for (const path of [`/api/v1/remittances/${id}`, `/api/v1/remittances/${id}/statement`, `/api/v1/remittances/${id}/statement.pdf`, `/api/v1/remittances/nope`]) {
      expect((await s.t.request('GET', path, { token: other })).status).toBe(404);
    }
    expect((await s.t.request('GET', `/api/v1/remittances/${id}`)).status).toBe(401);
    expect((await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: other })).status).toBe(404);
    // Nor does the creditor's own firm: running remittances is the agency's operations.
    expect((await s.t.request('POST', `/api/v1/creditors/${s.t.conectoId}/remittances/run`, { token: s.token })).status).toBe(403);
  });
});
