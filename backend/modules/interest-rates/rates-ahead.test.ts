// The clock a year and more past the shipped rate table (last row 2026H1): every balance read
// answers, the figures built on a provisional rate say so (API fields, case page, statement),
// operations are told (a log line per half-year, a status route), and an official rate entered at
// run time is in effect at once: the mark goes and the figures change, by hand-worked amounts.
//
// The case: invoice 24, 45 000 kr due 2026-11-08, opened 2026-11-28 with the notice fee (37,50 kr).
// Interest runs from 2026-11-09. To 2027-06-15: 2026H2 53 days (9.11–31.12), 2027H1 166 days.
import { afterEach, describe, expect, it } from 'vitest';
import { syncCreditor } from '@backend/modules/sync/run';
import { lookupInvoiceStatus } from '@backend/modules/ledger-lookup/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

async function caseAhead(today: string) {
  t = await makeTestBackend();
  await syncCreditor(t.deps, t.conectoId, 'manual');
  const [status] = await lookupInvoiceStatus(t.deps, t.conectoId, [24]);
  t.clock.set(`${today}T09:00:00Z`);
  await t.control('/clock', { today });
  return { caseId: status!.case!.id, token: await t.loginOps() };
}

const provisionalLogs = () => t.logs.filter((l) => l.event === 'interest.provisional_rate');

describe('the clock past the rate table', () => {
  it('2027-06-15: every balance read answers, marked provisional; entering the rates removes the mark and changes the figures', async () => {
    const { caseId, token } = await caseAhead('2027-06-15');
    // The case page has its own login (a cookie for /cases), as a browser would post it.
    const pageLogin = await t.app.request(`/cases/${caseId}/login`, { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'demo@regnskap.example', password: 'demo' }).toString() });
    const cookie = (pageLogin.headers.get('set-cookie') ?? '').split(';')[0]!;
    const reads = async () => ({
      status: await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: [24, 21] } }),
      creditor: await t.request('GET', `/api/v1/creditors/${t.conectoId}`, { token }),
      list: await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token }),
      detail: await t.request('GET', `/api/v1/cases/${caseId}`, { token }),
      page: await t.request('GET', `/cases/${caseId}`, { headers: { cookie } }),
    });
    let r = await reads();
    for (const res of Object.values(r)) expect(res.status).toBe(200);
    // 45 000 kr × 12 % × (53 + 166) / 365 = 3 240,00 kr, all at the last known 12 %.
    expect(r.detail.body).toMatchObject({ interestOre: 324_000, costsOre: 3_750, provisionalRate: true, provisionalHalves: ['2026H2', '2027H1'] });
    expect(r.detail.body.balanceOre).toBe(4_500_000 + 3_750 + 324_000);
    const badge = r.status.body.items.find((i: { invoiceNo: number }) => i.invoiceNo === 24).case;
    expect(badge).toMatchObject({ balanceOre: 4_827_750, provisionalRate: true, provisionalHalves: ['2026H2', '2027H1'] });
    expect(r.list.body.items[0]).toMatchObject({ balanceOre: 4_827_750, provisionalRate: true });
    expect(r.creditor.body).toMatchObject({ provisionalRate: true, provisionalHalves: ['2026H2', '2027H1'] });
    expect(r.page.text).toContain('Foreløpig rente');
    expect(r.page.text).toContain('2026H2, 2027H1');

    // Operations see it: one log line per half-year in this process, and the status route.
    expect(provisionalLogs().map((l) => l.detail!['half'])).toEqual(['2026H2', '2027H1']);
    expect(provisionalLogs()[1]!.detail).toMatchObject({ ratePct: 12, basedOn: '2026H1' });
    const status = await t.request('GET', '/api/v1/operations/interest-rates', { token });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ today: '2027-06-15', currentHalf: '2027H1', provisionalInUse: ['2026H2', '2027H1'] });
    expect(status.body.rows.at(-1)).toMatchObject({ half: '2027H1', ratePct: 12, provisional: true, origin: 'last_known', basedOn: '2026H1' });
    expect(status.body.rows.find((x: { half: string }) => x.half === '2026H1')).toMatchObject({ ratePct: 12, provisional: false, origin: 'table' });

    // The badge is cached (modules/ledger-lookup/cache.ts): entering a rate must still show at once.
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: [24, 21] } })).text).toBe(r.status.text);

    // Operations enter 2027H1 = 12,5 %: 45 000 × (12 × 53 + 12,5 × 166) / 36 500 = 3 342,3288 kr → 334 233 øre.
    const put = await t.request('PUT', '/api/v1/operations/interest-rates/2027H1', { token, body: { ratePct: 12.5, source: 'Finansdepartementet, forsinkelsesrenten 1.1.2027' } });
    expect(put.status).toBe(200);
    expect(put.body.provisionalInUse).toEqual(['2026H2']);
    expect(put.body.rows.at(-1)).toMatchObject({ half: '2027H1', ratePct: 12.5, provisional: false, origin: 'operations', source: 'Finansdepartementet, forsinkelsesrenten 1.1.2027', enteredBy: 'drift@modhi.example' });
    r = await reads();
    expect(r.detail.body).toMatchObject({ interestOre: 334_233, provisionalRate: true, provisionalHalves: ['2026H2'] });
    expect(r.status.body.items.find((i: { invoiceNo: number }) => i.invoiceNo === 24).case).toMatchObject({ balanceOre: 4_500_000 + 3_750 + 334_233, provisionalHalves: ['2026H2'] });

    // And 2026H2 = 12,25 %: 45 000 × (12,25 × 53 + 12,5 × 166) / 36 500 = 3 358,6644 kr → 335 866 øre; no mark anywhere.
    expect((await t.request('PUT', '/api/v1/operations/interest-rates/2026H2', { token, body: { ratePct: 12.25, source: 'Finansdepartementet, forsinkelsesrenten 1.7.2026' } })).status).toBe(200);
    r = await reads();
    expect(r.detail.body).toMatchObject({ interestOre: 335_866, provisionalRate: false, provisionalHalves: [] });
    const fresh = r.status.body.items.find((i: { invoiceNo: number }) => i.invoiceNo === 24).case;
    expect(fresh.balanceOre).toBe(4_500_000 + 3_750 + 335_866);
    expect(fresh).not.toHaveProperty('provisionalRate');
    expect(r.list.body.items[0]).not.toHaveProperty('provisionalRate');
    expect(r.creditor.body).toMatchObject({ provisionalRate: false, provisionalHalves: [] });
    expect(r.page.text).not.toContain('Foreløpig rente');
    expect((await t.request('GET', '/api/v1/operations/interest-rates', { token })).body.provisionalInUse).toEqual([]);

    // Stored with who and when, audited; a correction replaces the entry.
    const { auditLog, interestRates } = await import('@backend/db/schema');
    const rows = await t.db.select().from(interestRates);
    expect(rows.map((x) => [x.half, x.ratePct, x.enteredByEmail, x.enteredAt])).toEqual(
      expect.arrayContaining([['2027H1', 12.5, 'drift@modhi.example', '2027-06-15T09:00:00.000Z'], ['2026H2', 12.25, 'drift@modhi.example', '2027-06-15T09:00:00.000Z']]),
    );
    const audits = (await t.db.select().from(auditLog)).filter((a) => a.action === 'interest_rate.set');
    expect(audits.map((a) => a.detail['half'])).toEqual(['2027H1', '2026H2']);
  });

  it('an entered rate wins over INTEREST_RATE_OVERRIDES, and another process sees it at its next read', async () => {
    const { caseId, token } = await caseAhead('2027-06-15');
    t.deps.config.interestRateOverrides = { '2027H1': 13 };
    // Env 13 % for 2027H1: 45 000 × (12 × 53 + 13 × 166) / 36 500 = 3 444,6575 kr → 344 466 øre (2026H2 still provisional).
    expect((await t.request('GET', `/api/v1/cases/${caseId}`, { token })).body).toMatchObject({ interestOre: 344_466, provisionalHalves: ['2026H2'] });
    expect((await t.request('GET', '/api/v1/operations/interest-rates', { token })).body.rows.at(-1)).toMatchObject({ half: '2027H1', ratePct: 13, origin: 'env' });
    // A second backend on the same database (another process): it enters 12,5 %; this one shows it without restart.
    const { createApp } = await import('@backend/app');
    const other = createApp({ ...t.deps, log: () => {} });
    const put = await other.request('/api/v1/operations/interest-rates/2027H1', { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ratePct: 12.5, source: 'Finansdepartementet' }) });
    expect(put.status).toBe(200);
    expect((await t.request('GET', `/api/v1/cases/${caseId}`, { token })).body).toMatchObject({ interestOre: 334_233 });
  });

  it('refuses a bad rate entry, naming the field, and lets only operations in', async () => {
    const { token } = await caseAhead('2027-06-15');
    const put = (half: string, body: unknown) => t.request('PUT', `/api/v1/operations/interest-rates/${half}`, { token, body });
    for (const [half, body, field] of [
      ['2027H3', { ratePct: 12, source: 'x'.repeat(5) }, 'half'],
      ['2027h1', { ratePct: 12, source: 'x'.repeat(5) }, 'half'],
      ['2028H2', { ratePct: 12, source: 'kunngjort' }, 'half'], // after the next half-year
      ['2019H2', { ratePct: 12, source: 'kunngjort' }, 'half'], // before the table
      ['2027H1', { ratePct: -1, source: 'kunngjort' }, 'ratePct'],
      ['2027H1', { ratePct: 100, source: 'kunngjort' }, 'ratePct'],
      ['2027H1', { ratePct: '12', source: 'kunngjort' }, 'ratePct'],
      ['2027H1', { ratePct: 12.123456, source: 'kunngjort' }, 'ratePct'],
      ['2027H1', { ratePct: 12 }, 'source'],
      ['2027H1', { ratePct: 12, source: '  ' }, 'source'],
    ] as const) {
      const r = await put(half, body);
      expect(r.status, `${half} ${JSON.stringify(body)}`).toBe(400);
      expect(Object.keys(r.body.error.fields)).toContain(field);
    }
    // The next half-year may be entered as soon as it is announced.
    expect((await put('2027H2', { ratePct: 12.5, source: 'kunngjort' })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/operations/interest-rates')).status).toBe(401);
    const firmToken = await t.login();
    expect((await t.request('GET', '/api/v1/operations/interest-rates', { token: firmToken })).status).toBe(403);
    expect((await t.request('PUT', '/api/v1/operations/interest-rates/2027H1', { token: firmToken, body: { ratePct: 12, source: 'kunngjort' } })).status).toBe(403);
  });

  it('2028-01-02: no route answers 5xx, the daily run and a remittance work, the statement carries the notice', async () => {
    const { caseId, token } = await caseAhead('2028-01-02');
    const routes: [string, string, unknown?][] = [
      ['POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { invoiceNos: [24, 21, 19] }],
      ['GET', `/api/v1/creditors/${t.conectoId}`],
      ['GET', `/api/v1/creditors/${t.conectoId}/cases`],
      ['GET', `/api/v1/cases/${caseId}`],
      ['GET', `/cases/${caseId}`],
      ['POST', `/api/v1/creditors/${t.conectoId}/sync`],
      ['POST', '/api/v1/jobs/daily', {}],
      ['GET', `/api/v1/cases/${caseId}`],
      ['GET', '/api/v1/operations/interest-rates'],
      ['GET', '/api/v1/operations/overpayments'],
    ];
    for (const [method, path, body] of routes) {
      const r = await t.request(method, path, { token, ...(body !== undefined ? { body } : {}) });
      expect(r.status, `${method} ${path}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
    }
    const detail = (await t.request('GET', `/api/v1/cases/${caseId}`, { token })).body;
    expect(detail).toMatchObject({ provisionalRate: true, provisionalHalves: ['2026H2', '2027H1', '2027H2', '2028H1'] });
    expect(provisionalLogs().map((l) => l.detail!['half'])).toEqual(['2026H2', '2027H1', '2027H2', '2028H1']);
    expect((await t.request('GET', '/api/v1/operations/interest-rates', { token })).body.provisionalInUse).toEqual(['2026H2', '2027H1', '2027H2', '2028H1']);

    // A part payment today books interest at the provisional rates; its remittance and statement say so.
    const pay = await t.request('POST', `/api/v1/cases/${caseId}/payments`, { token, body: { amountOre: 1_000_000, paidAt: '2028-01-02', reference: 'KID-2028' } });
    expect(pay.status).toBe(201);
    const run = await t.request('POST', `/api/v1/creditors/${t.conectoId}/remittances/run`, { token });
    expect(run.status).toBe(200);
    const remittanceId = run.body.created.id;
    expect((await t.request('GET', `/api/v1/remittances/${remittanceId}`, { token })).body.provisionalRate).toBe(true);
    const html = await t.request('GET', `/api/v1/remittances/${remittanceId}/statement`, { token });
    expect(html.status).toBe(200);
    expect(html.text).toContain('Foreløpig rente');
    expect((await t.request('GET', `/api/v1/remittances/${remittanceId}/statement.pdf`, { token })).status).toBe(200);
  });
});
