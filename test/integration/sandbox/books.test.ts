// The sandbox's books: whatever happens, open items and balances follow from the postings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSandbox } from '../../../sandbox/app';
import type { Store, Client } from '../../../sandbox/store';

type Op =
  | { kind: 'invoice'; customer: number; amount: number; dueIn: number }
  | { kind: 'payment'; invoice: number; share: number; match: boolean }
  | { kind: 'credit'; invoice: number; share: number }
  | { kind: 'writeOff'; invoice: number }
  | { kind: 'journal'; invoice: number; share: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('invoice' as const), customer: fc.nat(5), amount: fc.integer({ min: 1, max: 10_000_000 }), dueIn: fc.integer({ min: -60, max: 30 }) }),
  fc.record({ kind: fc.constant('payment' as const), invoice: fc.nat(), share: fc.double({ min: 0.01, max: 1, noNaN: true }), match: fc.boolean() }),
  fc.record({ kind: fc.constant('credit' as const), invoice: fc.nat(), share: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('writeOff' as const), invoice: fc.nat() }),
  fc.record({ kind: fc.constant('journal' as const), invoice: fc.nat(), share: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
);

function apply(store: Store, client: Client, o: Op): void {
  const open = client.invoices.filter((i) => store.balance(client, i) > 0);
  const pick = 'invoice' in o && open.length ? open[o.invoice % open.length] : undefined;
  const portion = (share: number, of: number) => Math.max(1, Math.floor(of * share));
  switch (o.kind) {
    case 'invoice': {
      const customer = client.customers[o.customer % client.customers.length]!;
      store.addInvoice(client, { customerId: customer.id, invoiceDate: '2026-10-01', dueDate: `2026-11-${String(Math.max(1, Math.min(28, 28 + o.dueIn))).padStart(2, '0')}`, amountOre: o.amount });
      return;
    }
    case 'payment':
      if (pick) store.registerPayment(client, { invoiceId: pick.id, amountOre: portion(o.share, store.balance(client, pick)), match: o.match });
      return;
    case 'credit':
      if (pick) store.creditNote(client, { invoiceId: pick.id, amountOre: portion(o.share, store.balance(client, pick)) });
      return;
    case 'writeOff':
      if (pick) store.writeOff(client, pick.id);
      return;
    case 'journal':
      if (pick) {
        const amount = portion(o.share, store.balance(client, pick));
        store.post(client, {
          voucherType: 'ManualJournal', voucherDate: store.today, description: 'Remittering',
          lines: [
            { accountNo: 1920, amountOre: amount, customerId: null, matchedInvoiceId: null, customMatchingReference: null, description: '', vatCode: null },
            { accountNo: 1500, amountOre: -amount, customerId: pick.customerId, matchedInvoiceId: null, customMatchingReference: pick.cid, description: '', vatCode: null },
          ],
        });
      }
  }
}

describe('sandbox books', () => {
  it('balances follow postings after any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { store } = createSandbox({ today: '2026-11-28' });
        const client = store.client('conecto');
        for (const o of ops) apply(store, client, o);
        // every voucher balances
        for (const v of client.vouchers) expect(v.lines.reduce((s, l) => s + l.amountOre, 0)).toBe(0);
        // every invoice balance = amount + matched lines, never below zero
        for (const inv of client.invoices) {
          const matched = client.vouchers.flatMap((v) => v.lines).filter((l) => l.matchedInvoiceId === inv.id).reduce((s, l) => s + l.amountOre, 0);
          expect(store.balance(client, inv)).toBe(inv.amountOre + matched);
          expect(store.balance(client, inv)).toBeGreaterThanOrEqual(0);
        }
        // the customer ledger (1500) equals the invoices plus every customer line
        const ledger = store.ledger(client.id);
        const ledgerTotal = ledger.reduce((s, g) => s + g.sumBalanceOre, 0);
        const postings = client.invoices.reduce((s, i) => s + i.amountOre, 0) + client.vouchers.flatMap((v) => v.lines).filter((l) => l.accountNo === 1500).reduce((s, l) => s + l.amountOre, 0);
        expect(ledgerTotal).toBe(postings);
        for (const g of ledger) expect(g.sumBalanceOre).toBe(g.items.reduce((s, i) => s + i.balanceOre, 0));
      }),
      { numRuns: 150 },
    );
  });

  it('what the API reports (open items, outgoing invoice balances, matched items) follows the same postings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const sandbox = createSandbox({ today: '2026-11-28' });
        const { store } = sandbox;
        const client = store.client('conecto');
        for (const o of ops) apply(store, client, o);
        const creds = (await (await sandbox.app.request('/_sandbox/credentials')).json()) as { applicationKey: string; subscriptionKey: string; clients: { clientKey: string }[] };
        const token = ((await (await sandbox.app.request('/OAuth/Token', {
          method: 'POST',
          headers: { authorization: `Basic ${btoa(`${creds.applicationKey}:${creds.clients[0]!.clientKey}`)}`, 'content-type': 'application/x-www-form-urlencoded', 'ocp-apim-subscription-key': creds.subscriptionKey },
          body: 'grant_type=client_credentials',
        })).json()) as { access_token: string }).access_token;
        const get = async <T>(path: string) => {
          const res = await sandbox.app.request(path, { headers: { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': creds.subscriptionKey } });
          return (res.status === 204 ? [] : await res.json()) as T; // v2: an empty list is 204
        };
        const ore = (kroner: number) => Math.round(kroner * 100);
        const lines = client.vouchers.flatMap((v) => v.lines);
        const openItems = await get<{ Balance: number }[]>('/v2/Customerledger/OpenItems?date=2099-12-31');
        const postings = client.invoices.reduce((s, i) => s + i.amountOre, 0) + lines.filter((l) => l.accountNo === 1500).reduce((s, l) => s + l.amountOre, 0);
        expect(openItems.reduce((s, i) => s + ore(i.Balance), 0)).toBe(postings);
        for (const inv of await get<{ Id: string; TotalAmount: number; Balance: number }[]>('/v2/OutgoingInvoices')) {
          const matched = lines.filter((l) => l.matchedInvoiceId === inv.Id).reduce((s, l) => s + l.amountOre, 0);
          expect(ore(inv.Balance)).toBe(ore(inv.TotalAmount) + matched);
        }
        // every matched item the agency sees is a real line matched to that invoice (named by its
        // KID), counted once
        const groups = (await get<{ data: { matchedItems: { id: number; cID: string; amount: number }[] }[] }>('/DebtCollection/GetAllMatchedItems')).data;
        for (const g of groups) {
          const invoice = client.invoices.find((i) => i.cid === g.matchedItems[0]!.cID)!;
          const own = lines.filter((l) => l.matchedInvoiceId === invoice.id);
          expect(g.matchedItems.map((m) => m.id).sort()).toEqual(own.map((l) => store.num('entry', l.id)).sort());
          expect(g.matchedItems.reduce((s, m) => s + ore(m.amount), 0)).toBe(own.reduce((s, l) => s + l.amountOre, 0));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('puts overdue invoices in Utkast by the dunning profile, and never for excluded customers', () => {
    const { store } = createSandbox({ today: '2026-11-28', seed: 'demo' });
    const client = store.client('conecto');
    const customer = client.customers.find((c) => c.code === '10021')!;
    const inv = store.addInvoice(client, { customerId: customer.id, invoiceDate: '2026-10-01', dueDate: '2026-11-20', amountOre: 100_00 });
    client.dunning.reminderProfile = 'reminder';
    store.refresh(client);
    expect(inv.dcStatus).toBe(0); // reminder period: due + 29
    store.today = '2026-12-19';
    store.refresh(client);
    expect(inv.dcStatus).toBe(1);
    const excluded = client.invoices.find((i) => i.invoiceNo === 28)!;
    expect(excluded.dcStatus).toBe(0);
  });
});
