// The send guard on the ledger lookup, against the sandbox's Go over HTTP: the demo's BreidaBlikk
// (Faktura 14 of 380 000,00 kr, an unmatched bank payment of 240 000,00 kr, an org number with a
// wrong check digit) is refused before any click, with the payment named; Akkurat's Faktura 19 is
// not; an invoice Go has approved anyway becomes a case with the findings on its timeline.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getCase } from '@backend/modules/cases/service';
import { takeInvoice } from '@backend/modules/send/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { approveInGoPage } from '../../../test/helpers/go-pages';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
});
afterAll(async () => t.close());

/** Amounts are written with Norway's non-breaking group separator. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

type Item = { invoiceNo: number; state: string; guard?: { ok: boolean; claimOre: number; findings: { code: string; blocking: boolean; message: { nb: string; en: string } }[] } };
async function lookup(nos: number[]): Promise<Item[]> {
  const res = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: nos } });
  expect(res.status).toBe(200);
  return res.body.items;
}

it('refuses BreidaBlikk’s Faktura 14 before any click: the unmatched payment named, the org number flagged', async () => {
  const [f14] = await lookup([14]);
  expect(f14!.guard).toBeDefined();
  expect(f14!.guard!.ok).toBe(false);
  const codes = f14!.guard!.findings.map((f) => f.code);
  expect(codes).toContain('unmatched_payment');
  expect(codes).toContain('invalid_org_no');
  const payment = f14!.guard!.findings.find((f) => f.code === 'unmatched_payment')!;
  expect(payment.blocking).toBe(true);
  expect(plain(payment.message.nb)).toMatch(/^Kunden har en umatchet innbetaling på 240 000,00 kr fra \d{2}\.\d{2}\.\d{4} — avstem den i Go først\.$/);
  expect(plain(payment.message.en)).toContain('240 000,00');
  // The claim would never be more than Go's open balance of the invoice.
  expect(f14!.guard!.claimOre).toBeLessThanOrEqual(38_000_000);
});

it('lets an invoice with nothing against it through, and checks nothing for invoices in a case or not due', async () => {
  const items = await lookup([19, 29]);
  const f19 = items.find((i) => i.invoiceNo === 19)!;
  expect(f19.guard).toMatchObject({ ok: true, claimOre: 18_000_000, findings: [] });
  // Faktura 29 is not due yet: no guard, nothing to send.
  expect(items.find((i) => i.invoiceNo === 29)!.guard).toBeUndefined();
});

it('an invoice Go has approved still becomes a case, for Go’s open balance, with the findings on its timeline', async () => {
  await approveInGoPage(t.sandbox, 'conecto', [14]);
  const taken = await takeInvoice(t.deps, t.conectoId, 14);
  expect(taken.case).toBeDefined();
  expect(plain(taken.notice ?? '')).toContain('umatchet innbetaling på 240 000,00 kr');
  const detail = (await getCase(t.deps, taken.case!.id))!;
  const flag = detail.timeline.find((e) => e.kind === 'guard_finding');
  expect(flag?.text).toContain('Faktura 14');
  expect(flag?.text).toContain('organisasjonsnummer');
  expect(detail.breakdown.principalOre).toBeLessThanOrEqual(38_000_000);
  // Taken again: the same case, the finding recorded once.
  await takeInvoice(t.deps, t.conectoId, 14);
  expect((await getCase(t.deps, taken.case!.id))!.timeline.filter((e) => e.kind === 'guard_finding')).toHaveLength(1);
});

it('a firm user of another firm gets 404, not the guard', async () => {
  const other = await t.login('annen@regnskap.example', 'demo');
  const res = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token: other, body: { invoiceNos: [14] } });
  expect(res.status).toBe(404);
});

it('the daily take-over of an invoice Go approved records the same findings on the case', async () => {
  const b = await makeTestBackend();
  try {
    await b.request('POST', `/api/v1/creditors/${b.conectoId}/sync`, { token: await b.login() });
    await approveInGoPage(b.sandbox, 'conecto', [14]);
    // The mirror learns of the approval (the 5-minute catch-up or a lookup's sync), then the day runs.
    await b.request('POST', `/api/v1/creditors/${b.conectoId}/sync`, { token: await b.login() });
    const { runDaily } = await import('@backend/modules/daily/service');
    const { lookupInvoiceStatus } = await import('@backend/modules/ledger-lookup/service');
    await runDaily(b.deps);
    const [status] = await lookupInvoiceStatus(b.deps, b.conectoId, [14]);
    const detail = (await getCase(b.deps, status!.case!.id))!;
    expect(plain(detail.timeline.find((e) => e.kind === 'guard_finding')?.text ?? '')).toContain('umatchet innbetaling på 240 000,00 kr');
  } finally {
    await b.close();
  }
});
