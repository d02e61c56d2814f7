// Dates that look right but are not: every route that takes a book date refuses a day that is not
// in the calendar, one outside 2000-01-01 … 2099-12-31, or the wrong shape, with a 400 naming the
// field in Norwegian; never a 500. A payment (or refund) dated after today is refused too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
let caseId: string;
beforeAll(async () => {
  t = await makeTestBackend(); // today 2026-11-28
  token = await t.loginOps();
  await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  caseId = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items[0].id;
});
afterAll(async () => t.close());

const bad: [unknown, RegExp][] = [
  ['2026-02-30', /^Datoen 2026-02-30 finnes ikke i kalenderen/],
  ['2026-13-01', /^Datoen 2026-13-01 finnes ikke i kalenderen/],
  ['0000-00-00', /^Datoen 0000-00-00 finnes ikke i kalenderen/],
  ['2025-02-29', /^Datoen 2025-02-29 finnes ikke/],
  ['1900-01-01', /^Datoen 1900-01-01 må være mellom 2000-01-01 og 2099-12-31/],
  ['1999-12-31', /^Datoen 1999-12-31 må være mellom/],
  ['9999-12-31', /^Datoen 9999-12-31 må være mellom/],
  ['2100-01-01', /^Datoen 2100-01-01 må være mellom/],
  ['2026-1-5', /^Ugyldig dato, bruk ÅÅÅÅ-MM-DD/],
  ['2026-11-28T00:00:00Z', /^Ugyldig dato, bruk ÅÅÅÅ-MM-DD/],
  [' 2026-11-28', /^Ugyldig dato/],
  ['', /^Ugyldig dato/],
  [20261128, /^Ugyldig dato|Ugyldig|Invalid/],
  [null, /Ugyldig|Invalid/],
];

/** The routes that take a book date, each as (label, field, send(value)). */
const routes = (): [string, string, (v: unknown) => ReturnType<TestBackend['request']>][] => [
  ['POST /cases/:id/payments paidAt', 'paidAt', (v) => t.request('POST', `/api/v1/cases/${caseId}/payments`, { token, body: { amountOre: 100, paidAt: v, reference: 'date-test' } })],
  ['POST /jobs/daily date', 'date', (v) => t.request('POST', '/api/v1/jobs/daily', { token, body: { date: v } })],
  ['POST /operations/overpayments/:id/refund refundedAt', 'refundedAt', (v) => t.request('POST', `/api/v1/operations/overpayments/${crypto.randomUUID()}/refund`, { token, body: { reference: 'R1', refundedAt: v } })],
];

describe('book dates on every route', () => {
  for (const [value, message] of bad) {
    it(`refuses ${JSON.stringify(value)} naming the field`, async () => {
      for (const [label, field, send] of routes()) {
        const r = await send(value);
        expect(r.status, `${label} ${JSON.stringify(value)}: ${r.text.slice(0, 200)}`).toBe(400);
        expect(r.body.error.code).toBe('validation');
        expect(Object.keys(r.body.error.fields), label).toEqual([field]);
        expect(r.body.error.fields[field], label).toMatch(message);
      }
    });
  }

  it('refuses a payment dated after today (2026-11-28), and books one dated today', async () => {
    const r = await t.request('POST', `/api/v1/cases/${caseId}/payments`, { token, body: { amountOre: 100, paidAt: '2026-11-29', reference: 'future' } });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.paidAt).toMatch(/^Innbetalingsdatoen 2026-11-29 er etter dagens dato 2026-11-28/);
    expect((await t.request('GET', `/api/v1/cases/${caseId}`, { token })).body.paidOre).toBe(0);
    const ok = await t.request('POST', `/api/v1/cases/${caseId}/payments`, { token, body: { amountOre: 100, paidAt: '2026-11-28', reference: 'today' } });
    expect(ok.status).toBe(201);
  });
});
