// /_sandbox/*: control for tests and demos. Not part of Go; never reachable with a Go token.
import { Hono, type Context } from 'hono';
import { SandboxError, type Store } from './store';
import { faultKinds, type Faults, type FaultKind } from './faults';
import type { Tokens } from './api/auth';
import { seedDemo, sandboxKeys } from './seed';
import { isDate, toOre } from './util';

export type Stats = { calls: Record<string, number>; total: number };

export type ControlDeps = { store: Store; faults: Faults; tokens: Tokens; stats: Stats; baseUrl: () => string; /** Other state a reset forgets (onboardings). */ onReset?: () => void };

async function json(c: Context): Promise<Record<string, unknown>> {
  const b: unknown = await c.req.json().catch(() => ({}));
  return b && typeof b === 'object' ? (b as Record<string, unknown>) : {};
}

function bad(c: Context, field: string, message: string) {
  return c.json({ error: { code: 'validation', message, fields: { [field]: message } } }, 400);
}

export function resetStore(store: Store, seed: 'demo' | 'empty'): void {
  store.clients = [];
  if (seed === 'demo') seedDemo(store);
}

export function controlRoutes(d: ControlDeps): Hono {
  const { store } = d;
  const app = new Hono();

  app.post('/reset', async (c) => {
    const b = await json(c);
    if (b['today'] !== undefined) {
      if (!isDate(b['today'])) return bad(c, 'today', 'today må være YYYY-MM-DD');
      store.today = b['today'];
    }
    resetStore(store, b['seed'] === 'empty' ? 'empty' : 'demo');
    d.tokens.clear();
    d.faults.clear();
    d.stats.calls = {};
    d.stats.total = 0;
    d.onReset?.();
    return c.json({ ok: true, today: store.today });
  });

  app.get('/clock', (c) => c.json({ today: store.today }));
  app.post('/clock', async (c) => {
    const b = await json(c);
    if (!isDate(b['today'])) return bad(c, 'today', 'today må være YYYY-MM-DD');
    store.today = b['today'];
    for (const client of store.clients) store.refresh(client);
    return c.json({ today: store.today });
  });

  app.post('/seed', (c) => {
    resetStore(store, 'demo');
    return c.json({ ok: true });
  });

  /** One invoice from a control body; a refusal names the field (with its index in a batch). */
  const addInvoice = (b: Record<string, unknown>, at: string): { id: string; invoiceNo: number; cid: string; status: number } | { field: string; message: string } => {
    const client = store.client(String(b['clientId'] ?? ''));
    const customer = client.customers.find((x) => x.code === String(b['customerCode'] ?? '') || x.id === b['customerId']);
    if (!customer) return { field: `${at}customerCode`, message: 'Ukjent kunde' };
    const amount = b['amount'];
    if (typeof amount !== 'number' || !(amount > 0) || !Number.isSafeInteger(toOre(amount))) return { field: `${at}amount`, message: 'amount (kroner) må være positivt' };
    if (!isDate(b['dueDate'])) return { field: `${at}dueDate`, message: 'dueDate må være YYYY-MM-DD' };
    const invoiceDate = isDate(b['invoiceDate']) ? b['invoiceDate'] : store.today;
    const invoice = store.addInvoice(client, {
      customerId: customer.id, invoiceDate, dueDate: b['dueDate'], amountOre: toOre(amount),
      ...(typeof b['invoiceNo'] === 'number' ? { invoiceNo: b['invoiceNo'] } : {}),
      ...(typeof b['description'] === 'string' ? { description: b['description'] } : {}),
    });
    if (b['approve'] === true) store.approve(client, [invoice.id]);
    store.refresh(client);
    return { id: invoice.id, invoiceNo: invoice.invoiceNo, cid: invoice.cid, status: invoice.dcStatus };
  };

  // One invoice `{ clientId, customerCode, amount, dueDate, ... }`, or a batch `{ clientId, invoices: [...] }`
  // (each item may name its own clientId). A batch stops at the first refused item.
  app.post('/invoices', async (c) => {
    const b = await json(c);
    if (!Array.isArray(b['invoices'])) {
      const one = addInvoice(b, '');
      return 'field' in one ? bad(c, one.field, one.message) : c.json(one, 201);
    }
    const created = [];
    for (const [index, raw] of (b['invoices'] as unknown[]).entries()) {
      const item = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
      const one = addInvoice({ clientId: b['clientId'], ...item }, `invoices[${index}].`);
      if ('field' in one) return bad(c, one.field, one.message);
      created.push(one);
    }
    return c.json({ invoices: created }, 201);
  });

  const byInvoiceNo = (b: Record<string, unknown>) => {
    const client = store.client(String(b['clientId'] ?? ''));
    const invoice = client.invoices.find((i) => i.invoiceNo === b['invoiceNo'] || i.id === b['invoiceId']);
    if (!invoice) throw new SandboxError(404, 'Ukjent faktura', 'invoiceNo');
    return { client, invoice };
  };

  app.post('/payments', async (c) => {
    const b = await json(c);
    if (typeof b['amount'] !== 'number') return bad(c, 'amount', 'amount (kroner) er påkrevd');
    const { client, invoice } = byInvoiceNo(b);
    // `match: false` leaves the payment unmatched on the customer (as "Bank" in the user guide's ledger).
    const v = store.registerPayment(client, { invoiceId: invoice.id, amountOre: toOre(b['amount']), ...(isDate(b['date']) ? { date: b['date'] } : {}), ...(b['match'] === false ? { match: false } : {}) });
    return c.json({ voucherId: v.id, voucherNo: v.voucherNo, balance: store.balance(client, invoice) / 100 }, 201);
  });

  app.post('/credit-notes', async (c) => {
    const b = await json(c);
    if (typeof b['amount'] !== 'number') return bad(c, 'amount', 'amount (kroner) er påkrevd');
    const { client, invoice } = byInvoiceNo(b);
    const v = store.creditNote(client, { invoiceId: invoice.id, amountOre: toOre(b['amount']), ...(isDate(b['date']) ? { date: b['date'] } : {}) });
    return c.json({ voucherId: v.id, voucherNo: v.voucherNo, balance: store.balance(client, invoice) / 100 }, 201);
  });

  app.post('/write-offs', async (c) => {
    const b = await json(c);
    const { client, invoice } = byInvoiceNo(b);
    const v = store.writeOff(client, invoice.id);
    return c.json({ voucherId: v.id, voucherNo: v.voucherNo, balance: store.balance(client, invoice) / 100 }, 201);
  });

  app.post('/faults', async (c) => {
    const b = await json(c);
    const rate = b['rate'];
    if (typeof rate !== 'number' || rate < 0 || rate > 1) return bad(c, 'rate', 'rate må være mellom 0 og 1');
    const kinds = Array.isArray(b['kinds']) ? (b['kinds'] as unknown[]).filter((k): k is FaultKind => (faultKinds as readonly unknown[]).includes(k)) : ['500'];
    d.faults.set({ rate, kinds: kinds as FaultKind[], seed: typeof b['seed'] === 'number' ? b['seed'] : 1, slowMs: typeof b['slowMs'] === 'number' ? b['slowMs'] : 2000, ...(typeof b['hangMs'] === 'number' ? { hangMs: b['hangMs'] } : {}) });
    return c.json({ ok: true, config: d.faults.config });
  });
  app.delete('/faults', (c) => {
    d.faults.clear();
    return c.json({ ok: true });
  });

  app.get('/credentials', (c) => {
    const base = d.baseUrl();
    return c.json({
      applicationKey: sandboxKeys.applicationKey,
      subscriptionKey: sandboxKeys.subscriptionKey,
      clients: store.clients.map((client) => ({
        id: client.id,
        name: client.name,
        orgNo: client.orgNo,
        clientKey: client.extensions.find((e) => e.applicationKey === sandboxKeys.applicationKey)?.clientKey ?? null,
        ledgerUrl: `${base}/app/${client.id}/reskontro`,
        collectionUrl: `${base}/app/${client.id}/inkasso`,
        dunningUrl: `${base}/app/${client.id}/innstillinger/purring`,
        extensionsUrl: `${base}/app/${client.id}/innstillinger/utvidelser`,
      })),
    });
  });

  app.get('/stats', (c) => c.json(d.stats));
  app.delete('/stats', (c) => {
    d.stats.calls = {};
    d.stats.total = 0;
    return c.json({ ok: true });
  });

  app.onError((err, c) => {
    if (err instanceof SandboxError) return c.json({ error: { code: 'sandbox', message: err.message, fields: err.field ? { [err.field]: err.message } : {} } }, err.status);
    throw err;
  });
  return app;
}
