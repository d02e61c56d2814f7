// Case sync against the real sandbox over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseEvents, caseInvoices, cases, creditors, debtors } from '@backend/db/schema';
import type { GoClient } from '@backend/integrations/poweroffice/client';
import { openCases } from '@backend/modules/sync/open-cases';
import { syncCreditor } from '@backend/modules/sync/run';
import { getCase } from '@backend/modules/cases/service';
import { lookupInvoiceStatus } from '@backend/modules/ledger-lookup/service';
import { registerAgencyPayment } from '@backend/modules/cases/payments';
import { runDaily } from '@backend/modules/daily/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

/** What Go holds for Conecto, as Go's own pages show it: a case's status text and an invoice's
 *  debt-collection state are in Go's UI, not in the API Go documents (v2 invoices carry no
 *  debt-collection field; a legacy case no status text). */
function goState(b: TestBackend) {
  const store = b.sandbox.store;
  const client = store.clients.find((c) => c.name === 'Conecto AS')!;
  const goCases = client.cases.map((dc) => ({
    code: dc.code, statusText: dc.statusText, balanceAgency: dc.balanceAgencyOre === null ? null : dc.balanceAgencyOre / 100, status: dc.status,
    invoices: dc.invoiceIds.map((id) => ({ invoiceNo: store.invoice(client, id).invoiceNo })),
  }));
  const invoices = client.invoices.map((i) => ({ invoiceNo: i.invoiceNo, invoiceDebtCollectionStatus: i.dcStatus as number, debtCollectionCode: i.debtCollectionCode, balance: store.balance(client, i) / 100 }));
  return { goCases, invoices };
}

async function writes(b: TestBackend): Promise<number> {
  const stats = (await (await fetch(`${b.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number> };
  return Object.entries(stats.calls).filter(([k]) => /^(POST|PUT|DELETE) /.test(k) && !k.includes('OAuth')).reduce((s, [, n]) => s + n, 0);
}

/** Go calls by route since the stats were last cleared. */
async function goCalls(b: TestBackend): Promise<Record<string, number>> {
  return ((await (await fetch(`${b.sandbox.url}/_sandbox/stats`)).json()) as { calls: Record<string, number> }).calls;
}

/** Our balance of the case holding this invoice, today. */
async function balanceOf(b: TestBackend, invoiceNo: number): Promise<number> {
  const [status] = await lookupInvoiceStatus(b.deps, b.conectoId, [invoiceNo]);
  return status!.case!.balanceOre;
}

async function ourCases(b: TestBackend) {
  const rows = await b.db.select().from(cases).where(eq(cases.creditorId, b.conectoId));
  const invoices = await b.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, b.conectoId));
  return rows.map((c) => ({ caseNo: c.caseNo, stage: c.stage, goCaseId: c.goCaseId, invoiceNos: invoices.filter((i) => i.caseId === c.id).map((i) => i.invoiceNo).sort((x, y) => x - y) }));
}

describe('case sync', () => {
  it('opens one case per debtor for approved invoices and writes the case number back into Go', async () => {
    t = await makeTestBackend();
    const run = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(run).toMatchObject({ ok: true, casesCreated: 2, invoicesAdded: 2, errors: [] });
    const mine = await ourCases(t);
    expect(mine.map((c) => c.invoiceNos).sort()).toEqual([[21], [24]]);
    expect(mine.every((c) => c.stage === 'notice_sent' && c.goCaseId)).toBe(true);
    const go = await goState(t);
    expect(go.goCases.map((c) => c.code).sort()).toEqual(mine.map((c) => c.caseNo).sort());
    for (const c of mine) {
      const inv = go.invoices.find((i) => i.invoiceNo === c.invoiceNos[0])!;
      expect(inv).toMatchObject({ invoiceDebtCollectionStatus: 4, debtCollectionCode: c.caseNo });
    }
    // Created with its balance (principal + interest since due + the inkassovarsel fee, 1/20 of
    // 750 kr), Active in Go; no status text until the case's first real change.
    const f21 = go.goCases.find((c) => c.invoices[0]!.invoiceNo === 21)!;
    expect(f21).toMatchObject({ status: 0, statusText: null });
    expect(f21.balanceAgency).toBeGreaterThan(240_000 + 37.5);
    expect(Math.round(f21.balanceAgency! * 100)).toBe(await balanceOf(t, 21));
    expect((await (await fetch(t.creds.clients[0]!.ledgerUrl)).text())).toContain(`<td>${mine[0]!.caseNo}</td>`);
    // The next day interest has moved both balances: the label goes to Go with them.
    t.clock.advanceDays(1);
    expect(await syncCreditor(t.deps, t.conectoId, 'manual')).toMatchObject({ ok: true, statusUpdates: 2 });
    const later = (await goState(t)).goCases.find((c) => c.code === f21.code)!;
    expect(later).toMatchObject({ status: 0, statusText: 'Inkassovarsel sendt' });
    expect(Math.round(later.balanceAgency! * 100)).toBe(await balanceOf(t, 21));
    expect(later.balanceAgency).toBeGreaterThan(f21.balanceAgency!);
  });

  it('a new case costs one Go call, and a first sync costs four per creditor, plus the send guard’s reads of what Go approved', async () => {
    t = await makeTestBackend();
    await fetch(`${t.sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
    const run = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(run).toMatchObject({ ok: true, casesCreated: 2 });
    // token, the ledger mirror, the approved invoices (which also tells whether the agency may
    // create cases); then one create per case with its balance. The send guard reads the approved
    // invoices' customers' open items and cards (one listing each), so what it finds goes on the
    // new cases, and the new debtors take those cards: no second read of Customers.
    expect(await goCalls(t)).toEqual({ 'POST /OAuth/Token': 1, 'GET /v2/OutgoingInvoices': 1, 'GET /DebtCollection/Invoices/AvailableInvoices': 1, 'GET /v2/Customers': 1, 'GET /v2/Customerledger/OpenItems': 1, 'POST /DebtCollection': 2 });
    expect((await goState(t)).goCases).toHaveLength(2);
    expect(run.goCalls).toBe(3 + 2 + 2);
  });

  it('new debtors take the cards the send guard read; Go is asked only for the customers it did not read, never for all', async () => {
    t = await makeTestBackend();
    const [creditor] = await t.db.select().from(creditors).where(eq(creditors.id, t.conectoId));
    const go = await t.deps.goClientFor(creditor!);
    const available = await go.availableInvoices();
    const codes = [...new Set(available.map((i) => i.customerCode))];
    expect(codes.length).toBeGreaterThanOrEqual(2);
    const [read] = await go.customersByNos([codes[0]!]);
    const asked: string[][] = [];
    const spied: GoClient = {
      ...go,
      customersByNos: (nos) => (asked.push([...nos]), go.customersByNos(nos)),
      customers: () => Promise.reject(new Error('the whole customer list was read')),
    };
    await openCases(t.deps, spied, creditor!, { casesCreated: 0, invoicesAdded: 0 }, available, new Map([[read!.customerNo, read!]]));
    expect(asked).toEqual([codes.slice(1)]);
    const cards = await go.customersByNos(codes);
    const stored = await t.db.select({ customerNo: debtors.customerNo, name: debtors.name }).from(debtors).where(eq(debtors.creditorId, t.conectoId));
    expect(new Map(stored.map((d) => [d.customerNo, d.name]))).toEqual(new Map(cards.map((c) => [c.customerNo, c.name])));
  });

  it('a later run reads the mirror, AvailableInvoices and the matched items, and writes only for something new', async () => {
    t = await makeTestBackend();
    await syncCreditor(t.deps, t.conectoId, 'manual');
    await fetch(`${t.sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
    await syncCreditor(t.deps, t.conectoId, 'manual');
    // The token is still valid (expires_in). Go's v2 invoices carry no debt-collection state, so
    // only AvailableInvoices can tell whether something was approved: it is asked every run.
    expect(await goCalls(t)).toEqual({ 'GET /v2/OutgoingInvoices': 1, 'GET /DebtCollection/Invoices/AvailableInvoices': 1, 'GET /DebtCollection/GetAllMatchedItems': 1 });
    await t.control('/invoices', { clientId: 'conecto', customerCode: '10021', amount: 1000, dueDate: '2026-11-20', invoiceNo: 702, approve: true });
    await fetch(`${t.sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
    expect(await syncCreditor(t.deps, t.conectoId, 'manual')).toMatchObject({ ok: true, casesCreated: 1 });
    const after = await goCalls(t);
    expect(after['GET /DebtCollection/Invoices/AvailableInvoices']).toBe(1);
    expect(after['POST /DebtCollection/UpdateStatus']).toBeUndefined();
  });

  it('a payment matched in Go before the case opened is in its principal once: not counted again', async () => {
    t = await makeTestBackend();
    // A direct payment on the approved invoice 21 before the agency took it over.
    await t.control('/payments', { clientId: 'conecto', invoiceNo: 21, amount: 10_000 });
    const first = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(first).toMatchObject({ ok: true, casesCreated: 2, matchedItems: 0 });
    const principal = async () => (await t.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, t.conectoId))).find((r) => r.invoiceNo === 21)!;
    expect(await principal()).toMatchObject({ principalOre: 24_000_000 - 1_000_000, openOre: 24_000_000 - 1_000_000 });
    // Later runs do not count it either; a payment after the case opened counts exactly once.
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).matchedItems).toBe(0);
    await t.control('/payments', { clientId: 'conecto', invoiceNo: 21, amount: 5_000 });
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).matchedItems).toBe(1);
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).matchedItems).toBe(0);
    expect(await principal()).toMatchObject({ principalOre: 23_000_000, openOre: 22_500_000 });
  });

  it('a second sync changes nothing and makes no write call', async () => {
    t = await makeTestBackend();
    await syncCreditor(t.deps, t.conectoId, 'manual');
    const before = { cases: await ourCases(t), writes: await writes(t) };
    const run = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(run).toMatchObject({ ok: true, casesCreated: 0, invoicesAdded: 0, statusUpdates: 0 });
    expect(await writes(t)).toBe(before.writes);
    expect(await ourCases(t)).toEqual(before.cases);
  });

  it('a later approved invoice of the same debtor joins the open case', async () => {
    t = await makeTestBackend();
    await syncCreditor(t.deps, t.conectoId, 'manual');
    await t.control('/invoices', { clientId: 'conecto', customerCode: '10018', amount: 1000, dueDate: '2026-11-20', invoiceNo: 700, approve: true });
    const run = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(run).toMatchObject({ casesCreated: 0, invoicesAdded: 1 });
    const akkurat = (await ourCases(t)).find((c) => c.invoiceNos.includes(21))!;
    expect(akkurat.invoiceNos).toEqual([21, 700]);
    expect((await goState(t)).goCases.find((c) => c.code === akkurat.caseNo)!.invoices.map((i) => i.invoiceNo).sort()).toEqual([21, 700]);
  });

  for (const op of ['createCase', 'addInvoicesToCase', 'updateStatus']) {
    for (const when of ['before', 'after'] as const) {
      it(`a crash ${when} ${op}, then a rerun, gives the same end state`, async () => {
        t = await makeTestBackend();
        if (op === 'addInvoicesToCase') {
          await syncCreditor(t.deps, t.conectoId, 'manual');
          await t.control('/invoices', { clientId: 'conecto', customerCode: '10018', amount: 1000, dueDate: '2026-11-20', invoiceNo: 700, approve: true });
        }
        if (op === 'updateStatus') {
          // New cases are created with their balance; a day later interest makes a push due.
          await syncCreditor(t.deps, t.conectoId, 'manual');
          t.clock.advanceDays(1);
        }
        let armed = true;
        const crash = (name: string) => {
          if (armed && name === op) {
            armed = false;
            throw new Error(`crash ${when} ${name}`);
          }
        };
        t.deps.faults = when === 'before' ? { beforeGoWrite: crash } : { afterGoWrite: crash };
        const crashed = await syncCreditor(t.deps, t.conectoId, 'manual');
        expect(crashed.ok).toBe(false);
        t.deps.faults = undefined;
        await syncCreditor(t.deps, t.conectoId, 'manual');
        await syncCreditor(t.deps, t.conectoId, 'manual');
        const mine = await ourCases(t);
        const go = await goState(t);
        expect(mine.map((c) => c.invoiceNos).sort()).toEqual(op === 'addInvoicesToCase' ? [[21, 700], [24]] : [[21], [24]]);
        expect(go.goCases).toHaveLength(2);
        for (const c of mine) {
          const g = go.goCases.find((x) => x.code === c.caseNo)!;
          expect(g.invoices.map((i) => i.invoiceNo).sort((a, b) => a - b)).toEqual(c.invoiceNos);
          // Go has our balance; the label went with a change (the added invoice, a day's interest).
          expect(Math.round(g.balanceAgency! * 100)).toBe(await balanceOf(t, c.invoiceNos[0]!));
          expect(g.statusText).toBe(op === 'updateStatus' || c.invoiceNos.includes(700) ? 'Inkassovarsel sendt' : null);
        }
      });
    }
  }

  it('with 20 % of responses failing (500, 429, dropped), repeated syncs converge with no duplicate', async () => {
    t = await makeTestBackend();
    for (let n = 0; n < 6; n++) await t.control('/invoices', { clientId: 'conecto', customerCode: n % 2 ? '10021' : '10030', amount: 100 + n, dueDate: '2026-11-01', invoiceNo: 800 + n, approve: true });
    await t.control('/faults', { rate: 0.2, kinds: ['500', '429', 'drop'], seed: 42 });
    for (let i = 0; i < 6; i++) await syncCreditor(t.deps, t.conectoId, 'manual');
    await t.control('/faults', {}, 'DELETE');
    const final = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(final.ok).toBe(true);
    const mine = await ourCases(t);
    const go = await goState(t);
    const all = mine.flatMap((c) => c.invoiceNos).sort((a, b) => a - b);
    expect(all).toEqual([21, 24, 800, 801, 802, 803, 804, 805]);
    expect(new Set(mine.map((c) => c.caseNo)).size).toBe(mine.length);
    expect(go.goCases.map((c) => c.code).sort()).toEqual(mine.map((c) => c.caseNo).sort());
    expect(go.goCases.flatMap((c) => c.invoices.map((i) => i.invoiceNo)).sort((a, b) => a - b)).toEqual(all);
  });

  it('a payment on an invoice approved since the last run is in its principal once when a later run takes it over', async () => {
    t = await makeTestBackend();
    await syncCreditor(t.deps, t.conectoId, 'manual');
    await t.control('/invoices', { clientId: 'conecto', customerCode: '10018', amount: 1000, dueDate: '2026-11-20', invoiceNo: 703, approve: true });
    await t.control('/payments', { clientId: 'conecto', invoiceNo: 703, amount: 400 });
    // The matched-items cursor is older than this payment, so Go reports it in the same run that
    // takes the invoice over at its remaining 600 kr: it must not come off a second time.
    const run = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(run).toMatchObject({ ok: true, invoicesAdded: 1, matchedItems: 0 });
    const row = (await t.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, t.conectoId))).find((r) => r.invoiceNo === 703)!;
    expect(row).toMatchObject({ principalOre: 60_000, openOre: 60_000, state: 'open' });
    await t.control('/payments', { clientId: 'conecto', invoiceNo: 703, amount: 100 });
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).matchedItems).toBe(1);
    expect((await t.db.select().from(caseInvoices).where(eq(caseInvoices.id, row.id)))[0]).toMatchObject({ openOre: 50_000 });
  });

  it('a credit note, a direct payment and a write-off in Go change the case; each counts once', async () => {
    t = await makeTestBackend();
    await t.control('/invoices', { clientId: 'conecto', customerCode: '10018', amount: 1000, dueDate: '2026-11-20', invoiceNo: 700, approve: true });
    await syncCreditor(t.deps, t.conectoId, 'manual');
    await t.control('/credit-notes', { clientId: 'conecto', invoiceNo: 21, amount: 40_000 });
    await t.control('/payments', { clientId: 'conecto', invoiceNo: 21, amount: 50_000 });
    await t.control('/write-offs', { clientId: 'conecto', invoiceNo: 24 });
    const run = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(run.matchedItems).toBe(3);
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).matchedItems).toBe(0);
    const rows = await t.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, t.conectoId));
    expect(rows.find((r) => r.invoiceNo === 21)).toMatchObject({ openOre: 15_000_000, state: 'open' });
    expect(rows.find((r) => r.invoiceNo === 24)).toMatchObject({ openOre: 0, state: 'written_off' });
    const f24Case = (await t.db.select().from(cases).where(eq(cases.id, rows.find((r) => r.invoiceNo === 24)!.caseId)))[0]!;
    expect(f24Case.stage).toBe('written_off');
    const kinds = (await t.db.select().from(caseEvents)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'credit_note')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'direct_payment')).toHaveLength(1);
    const go = await goState(t);
    expect(go.goCases.find((c) => c.code === f24Case.caseNo)).toMatchObject({ status: 10, statusText: 'Avskrevet', balanceAgency: 0 });
  });

  it('IsActiveDebtCollection false: nothing new, existing cases still updated', async () => {
    t = await makeTestBackend();
    await syncCreditor(t.deps, t.conectoId, 'manual');
    const session = t.sandbox.sessions.open(); // Go's Utvidelser page, as the accountant
    await fetch(`${t.sandbox.url}/app/conecto/innstillinger/utvidelser`, { method: 'POST', body: new URLSearchParams({ extensionId: 'conecto-modhi', active: 'true', __RequestVerificationToken: session.token }), headers: { cookie: session.cookie }, redirect: 'manual' });
    await t.control('/invoices', { clientId: 'conecto', customerCode: '10021', amount: 1000, dueDate: '2026-11-20', invoiceNo: 701, approve: true });
    await t.control('/payments', { clientId: 'conecto', invoiceNo: 21, amount: 1000 });
    const run = await syncCreditor(t.deps, t.conectoId, 'manual');
    expect(run).toMatchObject({ ok: true, casesCreated: 0, matchedItems: 1, statusUpdates: 1 });
  });
});

describe('the collection process', () => {
  it('a new case’s timeline reads in the order it happened: opened, its invoices, then their notice', async () => {
    t = await makeTestBackend();
    await syncCreditor(t.deps, t.conectoId, 'manual');
    const [status] = await lookupInvoiceStatus(t.deps, t.conectoId, [24]);
    const detail = (await getCase(t.deps, status!.case!.id))!;
    const kinds = detail.timeline.map((e) => e.kind);
    expect(kinds[0]).toBe('opened');
    expect(detail.timeline[0]!.text).toBe(`Sak ${detail.caseNo} opprettet`);
    const added = kinds.filter((k) => k === 'invoice_added').length;
    expect(added).toBeGreaterThan(0);
    expect(kinds.slice(1, 1 + added)).toEqual(Array(added).fill('invoice_added'));
    expect(kinds.length).toBeGreaterThan(1 + added);
  });

  it('advances stages by the clock, charges salær, allocates payments costs → interest → principal and closes at zero', async () => {
    t = await makeTestBackend();
    await syncCreditor(t.deps, t.conectoId, 'manual');
    const [status] = await lookupInvoiceStatus(t.deps, t.conectoId, [24]);
    const caseId = status!.case!.id;
    expect(status!.case).toMatchObject({ stage: 'notice_sent', stageLabel: 'Inkassovarsel sendt', nextStep: 'Betalingsoppfordring sendt', nextStepDate: '2026-12-13' });
    await t.control('/clock', { today: '2026-12-13' });
    t.clock.set('2026-12-13T09:00:00Z');
    await runDaily(t.deps);
    let detail = (await getCase(t.deps, caseId))!;
    expect(detail.stage).toBe('demand_sent');
    // inkassovarsel fee 37,50 + lett salær for 45 000 kr, business debtor, VAT deduction: 1.6 × 750 × 1.5 = 1 800 kr
    expect(detail.costsOre).toBe(3_750 + 180_000);
    t.clock.set('2026-12-28T09:00:00Z');
    await runDaily(t.deps, { date: '2026-12-28' });
    detail = (await getCase(t.deps, caseId))!;
    expect(detail.stage).toBe('legal');
    const go = await goState(t);
    expect(go.goCases.find((c) => c.code === detail.caseNo)!.statusText).toBe('Rettslig inndrivelse');
    // Pay everything owed on 2026-12-28: interest from the day after due (2026-11-08) at 12 % (provisional 2026H2)
    const owed = detail.balanceOre;
    expect(detail.interestOre).toBe(Math.round((4_500_000 * 0.12 * 50) / 365));
    expect(detail.provisionalRate).toBe(true);
    const part = await registerAgencyPayment(t.deps, caseId, { amountOre: 200_000, paidAt: '2026-12-28', reference: 'KID-1' });
    expect(part.payment).toMatchObject({ costsOre: 183_750, interestOre: 200_000 - 183_750, principalOre: 0 });
    const again = await registerAgencyPayment(t.deps, caseId, { amountOre: 200_000, paidAt: '2026-12-28', reference: 'KID-1' });
    expect(again.created).toBe(false);
    await registerAgencyPayment(t.deps, caseId, { amountOre: owed - 200_000, paidAt: '2026-12-28', reference: 'KID-2' });
    detail = (await getCase(t.deps, caseId))!;
    expect(detail).toMatchObject({ stage: 'paid', balanceOre: 0 });
    expect(detail.timeline.map((e) => e.kind)).toEqual(['opened', 'invoice_added', 'notice_sent', 'demand_sent', 'legal', 'payment', 'payment', 'paid']);
  });
});
