// The sandbox's collection rules: when an overdue invoice lands in Utkast under each dunning
// profile, automatic approval, Fjern, Godkjenn's refusals and Avskriv; plus the rate limit and
// seeded faults, on an injected clock.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../../sandbox/app';
import { DcStatus, SandboxError, type Client, type ReminderProfile, type Store } from '../../../sandbox/store';
import { addDays } from '../../../sandbox/util';

const today = '2026-11-28';

function fresh(): { store: Store; client: Client; customerId: string; excludedId: string } {
  const { store } = createSandbox({ today, seed: 'demo' });
  const client = store.client('conecto');
  const customerId = client.customers.find((c) => c.code === '10021')!.id;
  const excludedId = client.customers.find((c) => !c.transferToDebtCollectionAgency)!.id;
  return { store, client, customerId, excludedId };
}

/** The first day the invoice (due `due`) is in Utkast under `profile`, found by walking the clock. */
function firstDraftDay(profile: ReminderProfile, due: string): number {
  const { store, client, customerId } = fresh();
  client.dunning = { reminderProfile: profile, autoApproveTransfer: false };
  store.today = due;
  const invoice = store.addInvoice(client, { customerId, invoiceDate: addDays(due, -14), dueDate: due, amountOre: 100_000 });
  for (let day = 0; day <= 60; day++) {
    store.today = addDays(due, day);
    store.refresh(client);
    if (invoice.dcStatus === DcStatus.Draft) return day;
  }
  return -1;
}

describe('sandbox dunning rule', () => {
  it.each([
    ['none', 1],
    ['fee_free_reminder', 14],
    ['reminder', 29],
    ['reminder_and_notice', 43],
  ] as const)('%s: Utkast on day %i after due', (profile, day) => {
    expect(firstDraftDay(profile, '2026-12-15')).toBe(day);
  });

  it('automatic approval skips Utkast; excluded customers and settled invoices never land', () => {
    const { store, client, customerId, excludedId } = fresh();
    client.dunning = { reminderProfile: 'none', autoApproveTransfer: true };
    const overdue = store.addInvoice(client, { customerId, invoiceDate: '2026-10-01', dueDate: '2026-11-01', amountOre: 50_000 });
    const excluded = store.addInvoice(client, { customerId: excludedId, invoiceDate: '2026-10-01', dueDate: '2026-11-01', amountOre: 50_000 });
    const paid = store.addInvoice(client, { customerId, invoiceDate: '2026-10-01', dueDate: '2026-11-01', amountOre: 50_000 });
    store.registerPayment(client, { invoiceId: paid.id, amountOre: 50_000 });
    store.refresh(client);
    expect(overdue.dcStatus).toBe(DcStatus.Approved);
    expect(excluded.dcStatus).toBe(DcStatus.None);
    expect(paid.dcStatus).toBe(DcStatus.None);
  });

  it('Fjern takes an invoice out of Utkast for good; Godkjenn brings it back', () => {
    const { store, client, customerId } = fresh();
    const invoice = store.addInvoice(client, { customerId, invoiceDate: '2026-10-01', dueDate: '2026-11-01', amountOre: 70_000 });
    expect(store.collectionView(client.id).draft.map((i) => i.id)).toContain(invoice.id);
    store.removeFromDraft(client, invoice.id);
    store.today = addDays(today, 30);
    const view = store.collectionView(client.id);
    expect([...view.draft, ...view.approved].map((i) => i.id)).not.toContain(invoice.id);
    store.approve(client, [invoice.id]);
    expect(store.collectionView(client.id).approved.map((i) => i.id)).toContain(invoice.id);
  });

  it('Godkjenn refuses an invoice not overdue, of an excluded customer, or already with the agency', () => {
    const { store, client, customerId, excludedId } = fresh();
    const notDue = store.addInvoice(client, { customerId, invoiceDate: today, dueDate: addDays(today, 14), amountOre: 10_000 });
    const excluded = store.addInvoice(client, { customerId: excludedId, invoiceDate: '2026-10-01', dueDate: '2026-11-01', amountOre: 10_000 });
    const reason = (ids: string[]) => {
      try {
        store.approve(client, ids);
        return null;
      } catch (e) {
        return e instanceof SandboxError ? e.field : 'other';
      }
    };
    expect(reason([notDue.id])).toBe('not_overdue');
    expect(reason([excluded.id])).toBe('excluded_customer');
    notDue.dcStatus = DcStatus.Exported;
    expect(reason([notDue.id])).toBe('already_exported');
    // a refused batch changes nothing
    const ok = store.addInvoice(client, { customerId, invoiceDate: '2026-10-01', dueDate: '2026-11-02', amountOre: 10_000 });
    expect(reason([ok.id, excluded.id])).toBe('excluded_customer');
    expect(ok.dcStatus).not.toBe(DcStatus.Approved);
  });

  it('Avskriv posts the remaining balance to 7830, matched, and the item leaves the ledger', () => {
    const { store, client, customerId } = fresh();
    const invoice = store.addInvoice(client, { customerId, invoiceDate: '2026-10-01', dueDate: '2026-11-01', amountOre: 99_999 });
    store.registerPayment(client, { invoiceId: invoice.id, amountOre: 33_333 });
    const voucher = store.writeOff(client, invoice.id);
    expect(voucher.lines.find((l) => l.accountNo === 7830)!.amountOre).toBe(66_666);
    expect(store.balance(client, invoice)).toBe(0);
    expect(store.ledger(client.id).flatMap((g) => g.items).some((i) => i.invoiceId === invoice.id)).toBe(false);
    expect(() => store.writeOff(client, invoice.id)).toThrow(SandboxError);
  });

  it('refuses unbalanced vouchers and a repeated externalImportReference', () => {
    const { store, client, customerId } = fresh();
    const line = (accountNo: number, amountOre: number) => ({ accountNo, amountOre, customerId: accountNo === 1500 ? customerId : null, matchedInvoiceId: null, customMatchingReference: null, description: '', vatCode: null });
    expect(() => store.post(client, { voucherType: 'ManualJournal', voucherDate: today, description: '', lines: [line(1920, 100), line(1500, -99)] })).toThrow(/balanserer ikke/);
    store.post(client, { voucherType: 'ManualJournal', voucherDate: today, description: '', externalImportReference: 'r-1', lines: [line(1920, 100), line(1500, -100)] });
    expect(() => store.post(client, { voucherType: 'ManualJournal', voucherDate: today, description: '', externalImportReference: 'r-1', lines: [line(1920, 100), line(1500, -100)] })).toThrow(/allerede/);
  });

  it('the large ledger has exactly the rows asked for, with sums that add up', () => {
    const { store } = fresh();
    const groups = store.largeLedger('conecto', 5000);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(5000);
    for (const g of groups) expect(g.sumBalanceOre).toBe(g.items.reduce((s, i) => s + i.balanceOre, 0));
  });
});

describe('sandbox v2 rate limit and faults (in-process, injected clock)', () => {
  async function setup() {
    let now = Date.parse('2026-11-28T09:00:00Z');
    const sandbox = createSandbox({ today, now: () => new Date(now) });
    const creds = (await (await sandbox.app.request('/_sandbox/credentials')).json()) as { applicationKey: string; subscriptionKey: string; clients: { name: string; clientKey: string }[] };
    const clientKey = creds.clients.find((c) => c.name === 'Conecto AS')!.clientKey;
    const tokenRes = await sandbox.app.request('/OAuth/Token', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${creds.applicationKey}:${clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': creds.subscriptionKey },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const get = (path: string) => sandbox.app.request(path, { headers: { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': creds.subscriptionKey } });
    return { sandbox, get, advance: (ms: number) => (now += ms) };
  }

  it('allows 10 requests per second per token, then 429 with Retry-After: 1 until the second has passed', async () => {
    const { get, advance } = await setup();
    for (let i = 0; i < 10; i++) expect((await get('/v2/VatCodes')).status).toBe(200);
    const limited = await get('/v2/VatCodes');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    advance(999);
    expect((await get('/v2/VatCodes')).status).toBe(429);
    advance(2);
    expect((await get('/v2/VatCodes')).status).toBe(200);
  });

  it('tokens expire after expires_in on the injected clock', async () => {
    const { get, advance } = await setup();
    advance(1_199_000);
    expect((await get('/DebtCollection/IsActiveDebtCollection')).status).toBe(200);
    advance(1_000);
    expect((await get('/DebtCollection/IsActiveDebtCollection')).status).toBe(401);
  });

  it('the same fault seed gives the same faults, and DELETE clears them', async () => {
    const run = async () => {
      const { sandbox, get, advance } = await setup();
      await sandbox.app.request('/_sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rate: 0.5, kinds: ['500', '429'], seed: 7 }) });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        advance(200); // stay under the rate limit: only injected faults answer 429 here
        statuses.push((await get('/DebtCollection/IsActiveDebtCollection')).status);
      }
      await sandbox.app.request('/_sandbox/faults', { method: 'DELETE' });
      advance(200);
      return { statuses, after: (await get('/DebtCollection/IsActiveDebtCollection')).status };
    };
    const a = await run();
    const b = await run();
    expect(a.statuses).toEqual(b.statuses);
    expect(a.statuses.filter((s) => s === 200).length).toBeGreaterThan(5);
    expect(a.statuses.filter((s) => s === 500 || s === 429).length).toBeGreaterThan(5);
    expect(a.after).toBe(200);
  });
});

describe('sandbox settings and extensions', () => {
  it('setPurringSettings applies the new rule at once; updateExtension changes the agency flags', async () => {
    const sandbox = createSandbox({ today, seed: 'demo' });
    const { store } = sandbox;
    const client = store.client('conecto');
    const customerId = client.customers.find((c) => c.code === '10021')!.id;
    const invoice = store.addInvoice(client, { customerId, invoiceDate: '2026-10-01', dueDate: addDays(today, -10), amountOre: 10_000 });
    store.setPurringSettings('conecto', { reminderProfile: 'fee_free_reminder', autoApproveTransfer: false });
    expect(store.getPurringSettings('conecto')).toEqual({ reminderProfile: 'fee_free_reminder', autoApproveTransfer: false });
    expect(invoice.dcStatus).toBe(DcStatus.None); // day 10 < day 14
    store.setPurringSettings('conecto', { reminderProfile: 'none', autoApproveTransfer: true });
    expect(invoice.dcStatus).toBe(DcStatus.Approved);

    const modhi = store.listExtensions('conecto').find((e) => e.kind === 'Inkasso')!;
    const creds = (await (await sandbox.app.request('/_sandbox/credentials')).json()) as { applicationKey: string; subscriptionKey: string; clients: { clientKey: string }[] };
    const tokenRes = await sandbox.app.request('/OAuth/Token', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${creds.applicationKey}:${creds.clients[0]!.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': creds.subscriptionKey },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const isActive = async () => {
      const res = await sandbox.app.request('/DebtCollection/IsActiveDebtCollection', { headers: { authorization: `Bearer ${token}` } });
      return res.status === 200 ? ((await res.json()) as { data: boolean }).data : res.status;
    };
    expect(await isActive()).toBe(true);
    store.updateExtension('conecto', modhi.id, { canCreateCases: false });
    expect(await isActive()).toBe(false);
    store.updateExtension('conecto', modhi.id, { active: false });
    expect(await isActive()).toBe(401);
    expect(() => store.updateExtension('conecto', 'nope', { active: true })).toThrow(SandboxError);
  });
});
