// The ledger lookup on a full page: every invoice gets the state its rows say, badges agree with
// the case detail (computed through a different path), the answer keeps the page's order and
// duplicates, and only the asking creditor's rows count.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { ledgerStages, seedLedgerPage } from '../../../test/helpers/ledger-page';

let t: TestBackend;
let token: string;
let page: number[];

beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  page = await seedLedgerPage(t, 500_000);
});
afterAll(async () => t.close());

type Item = { invoiceNo: number; state: string; case?: { id: string; caseNo: string; stage: string; balanceOre: number; nextStep: string | null; nextStepDate: string | null } };

it('answers a 500-invoice page from the database, each state as seeded, badges equal to the case detail', async () => {
  const asked = [...page, page[0]!, 4_242_424];
  const r = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: asked } });
  expect(r.status).toBe(200);
  const items = r.body.items as Item[];
  expect(items.map((i) => i.invoiceNo)).toEqual(asked);
  for (const item of items) {
    const offset = item.invoiceNo - 500_000;
    if (item.invoiceNo === 4_242_424) {
      expect(item).toEqual({ invoiceNo: 4_242_424, state: 'none' });
    } else if (offset < 250) {
      const stage = ledgerStages[Math.floor(offset / 5) % ledgerStages.length]!;
      expect(item.state).toBe(stage === 'paid' ? 'closed' : 'in_case');
      expect(item.case?.stage).toBe(stage);
    } else {
      expect(item).toMatchObject({ invoiceNo: item.invoiceNo, state: ['none', 'draft', 'approved'][(offset - 250) % 3] });
    }
  }
  const badges = new Map(items.filter((i) => i.case).map((i) => [i.case!.id, i.case!]));
  expect(badges.size).toBe(50);
  for (const [id, badge] of badges) {
    const detail = (await t.request('GET', `/api/v1/cases/${id}`, { token })).body;
    expect(badge).toMatchObject({ caseNo: detail.caseNo, stage: detail.stage, balanceOre: detail.balanceOre });
    if (badge.stage === 'paid') expect(badge.balanceOre).toBe(0);
    else expect(badge.balanceOre).toBeGreaterThan(5 * 125_000);
  }
});

it('shows nothing of another creditor’s rows', async () => {
  const other = await t.login('annen@regnskap.example', 'demo');
  const r = await t.request('POST', `/api/v1/creditors/${t.delanteId}/invoice-status`, { token: other, body: { invoiceNos: page.slice(0, 20) } });
  expect(r.status).toBe(200);
  expect(new Set((r.body.items as Item[]).map((i) => i.state))).toEqual(new Set(['none']));
});
