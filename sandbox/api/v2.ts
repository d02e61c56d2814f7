// Go's API v2 routes the product needs (same bearer token plus Ocp-Apim-Subscription-Key; 10
// requests/s per key, 429 beyond). Two routes stand in for what Go offers only in its UI:
// DebtCollection/Approve (Inkasso → Utkast → Godkjenn) and DunningSettings (Innstillinger → Purring).
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { SandboxError, type Client, type Customer, type Store, type VoucherLine, type ReminderProfile } from '../store';
import { isDate, toKroner } from '../util';
import { requireToken, type AuthEnv, type Tokens } from './auth';

export const requestsPerSecond = 10;

function problem(c: Context, status: 400 | 401 | 404 | 409 | 429, title: string, errors: Record<string, string[]> = {}) {
  return c.json({ type: 'about:blank', title, status, detail: title, errors }, status);
}

/** Go names voucher types in PascalCase; the ledger's item kinds map onto them. */
const openItemVoucherType = { invoice: 'OutgoingInvoice', payment: 'Payment', credit_note: 'CreditNote', journal: 'ManualJournal' } as const;

/** The customer's subledger account id (Go gives each customer its own reskontro account). */
export function subledgerAccountId(client: Client, customer: Customer): number {
  return 1_500_000 + client.customers.indexOf(customer) + 1;
}

function rateLimit(store: Store): MiddlewareHandler<AuthEnv> {
  const windows = new Map<string, number[]>();
  return async (c, next) => {
    const key = c.get('grant').token;
    const now = store.now().getTime();
    const recent = (windows.get(key) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= requestsPerSecond) {
      windows.set(key, recent);
      c.header('Retry-After', '1');
      return problem(c, 429, 'Rate limit is exceeded. Try again in 1 seconds.');
    }
    recent.push(now);
    windows.set(key, recent);
    await next();
  };
}

export function v2Routes(store: Store, tokens: Tokens, subscriptionKey: string): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', async (c, next) => {
    if (c.req.header('ocp-apim-subscription-key') !== subscriptionKey) return problem(c, 401, 'Access denied due to missing or invalid subscription key.');
    await next();
  });
  app.use('*', requireToken(store, tokens));
  app.use('*', rateLimit(store));

  app.get('/Customers', (c) => {
    const client = c.get('client');
    return c.json(client.customers.map((cu) => ({
      id: cu.id,
      customerNo: Number(cu.code),
      name: cu.name,
      organizationNumber: cu.orgNo,
      isPerson: cu.isPerson,
      emailAddress: cu.email,
      subledgerAccountId: subledgerAccountId(client, cu),
      transferToDebtCollectionAgency: cu.transferToDebtCollectionAgency,
    })));
  });

  // GET /Customers/{id} and PATCH /Customers/{id} (RFC 6902 JSON Patch over CustomerPatchDto).
  // Minimal: the per-customer flags the product changes; paths are matched without regard to case.
  const customerJson = (client: Client, cu: Customer) => ({
    id: cu.id, customerNo: Number(cu.code), name: cu.name, organizationNumber: cu.orgNo, isPerson: cu.isPerson, emailAddress: cu.email,
    subledgerAccountId: subledgerAccountId(client, cu), transferToDebtCollectionAgency: cu.transferToDebtCollectionAgency,
  });
  app.get('/Customers/:id', (c) => {
    const client = c.get('client');
    const cu = client.customers.find((x) => x.id === c.req.param('id'));
    return cu ? c.json(customerJson(client, cu)) : problem(c, 404, 'Customer not found');
  });
  app.patch('/Customers/:id', async (c) => {
    const client = c.get('client');
    const cu = client.customers.find((x) => x.id === c.req.param('id'));
    if (!cu) return problem(c, 404, 'Customer not found');
    if (!(c.req.header('content-type') ?? '').startsWith('application/json-patch+json')) return problem(c, 400, 'Content-Type must be application/json-patch+json');
    const ops: unknown = await c.req.json().catch(() => null);
    if (!Array.isArray(ops)) return problem(c, 400, 'A JSON Patch document is an array of operations', { body: ['Expected an array'] });
    const patchable = { transfertodebtcollectionagency: 'transferToDebtCollectionAgency' } as const;
    const changes: Partial<Pick<Customer, 'transferToDebtCollectionAgency'>> = {};
    for (const [i, op] of ops.entries()) {
      const o = op as { op?: unknown; path?: unknown; value?: unknown };
      const key = typeof o.path === 'string' ? patchable[o.path.replace(/^\//, '').toLowerCase() as keyof typeof patchable] : undefined;
      if (o.op !== 'replace' || !key) return problem(c, 400, 'Unsupported patch operation', { [`[${i}]`]: ['Only replace of a patchable property is supported'] });
      if (typeof o.value !== 'boolean') return problem(c, 400, 'Invalid value', { [`[${i}].value`]: ['Expected a boolean'] });
      changes[key] = o.value;
    }
    Object.assign(cu, changes);
    store.refresh(client);
    return c.json(customerJson(client, cu));
  });

  app.get('/GeneralLedgerAccounts', (c) => c.json(c.get('client').accounts.map((a) => ({ id: a.id, accountNo: a.accountNo, name: a.name, vatCodeId: a.vatCode, isActive: true }))));

  app.get('/VatCodes', (c) =>
    c.json([
      { id: '0', code: '0', name: 'Ingen mva-behandling', rate: 0 },
      { id: '1', code: '1', name: 'Fradrag inngående mva, høy sats', rate: 25 },
      { id: '3', code: '3', name: 'Utgående mva, høy sats', rate: 25 },
      { id: '5', code: '5', name: 'Innenlands omsetning, fritatt', rate: 0 },
    ]));

  app.get('/Customerledger/OpenItems', (c) => {
    const client = c.get('client');
    const items = store.ledger(client.id).flatMap((g) =>
      g.items.map((i) => {
        const invoice = i.invoiceId ? store.invoice(client, i.invoiceId) : null;
        return {
          id: i.id,
          customerId: g.customer.id,
          customerNo: Number(g.customer.code),
          voucherNo: i.voucherNo,
          voucherType: openItemVoucherType[i.kind],
          invoiceNo: invoice?.invoiceNo ?? null,
          voucherDate: i.date,
          dueDate: i.dueDate,
          amount: toKroner(i.amountOre),
          balance: toKroner(i.balanceOre),
          customMatchingReference: invoice?.cid ?? null,
          cID: invoice?.cid ?? null,
        };
      }),
    );
    return c.json(items);
  });

  app.get('/OutgoingInvoices', (c) => {
    const client = c.get('client');
    store.refresh(client);
    const since = c.req.query('lastChangedDateTimeOffsetGreaterThan');
    if (since !== undefined && Number.isNaN(Date.parse(since))) return problem(c, 400, 'Invalid lastChangedDateTimeOffsetGreaterThan', { lastChangedDateTimeOffsetGreaterThan: ['Not a date-time'] });
    const after = since ? Date.parse(since) : -Infinity;
    return c.json(
      client.invoices
        .filter((i) => Date.parse(i.lastChanged) > after)
        .map((i) => {
          const customer = store.customer(client, i.customerId);
          return {
            id: i.id,
            invoiceNo: i.invoiceNo,
            customerId: customer.id,
            customerNo: Number(customer.code),
            invoiceDate: i.invoiceDate,
            dueDate: i.dueDate,
            amount: toKroner(i.amountOre),
            balance: toKroner(store.balance(client, i)),
            cID: i.cid,
            invoiceDebtCollectionStatus: i.dcStatus,
            debtCollectionCode: i.debtCollectionCode,
            debtCollectionCaseStatus: i.debtCollectionCaseStatus,
            lastChanged: i.lastChanged,
          };
        }),
    );
  });

  app.post('/Vouchers/ManualJournals', async (c) => {
    const client = c.get('client');
    let b: Record<string, unknown>;
    try {
      b = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return problem(c, 400, 'Invalid JSON body', { body: ['Expected a JSON object'] });
    }
    if (!b || typeof b !== 'object') return problem(c, 400, 'Invalid JSON body', { body: ['Expected a JSON object'] });
    const voucherDate = b['voucherDate'];
    if (!isDate(voucherDate)) return problem(c, 400, 'voucherDate is required (YYYY-MM-DD)', { voucherDate: ['Required'] });
    if (b['currencyCode'] !== undefined && b['currencyCode'] !== 'NOK') return problem(c, 400, 'Only NOK is supported', { currencyCode: ['Only NOK'] });
    const rawLines = b['voucherLines'];
    if (!Array.isArray(rawLines) || rawLines.length < 2) return problem(c, 400, 'At least two voucher lines are required', { voucherLines: ['At least two'] });
    const lines: Omit<VoucherLine, 'id'>[] = [];
    for (const [index, raw] of rawLines.entries()) {
      const l = (raw ?? {}) as Record<string, unknown>;
      const amount = l['currencyAmount'];
      if (typeof amount !== 'number' || !Number.isFinite(amount) || Math.round(amount * 100) !== Number((amount * 100).toFixed(6))) {
        return problem(c, 400, `voucherLines[${index}].currencyAmount must be an amount with at most two decimals`, { [`voucherLines[${index}].currencyAmount`]: ['Invalid amount'] });
      }
      const accountId = l['accountId'];
      const sub = l['subledgerAccountId'] ?? accountId;
      const customer = client.customers.find((cu) => subledgerAccountId(client, cu) === sub);
      const account = customer ? client.accounts.find((a) => a.accountNo === 1500) : client.accounts.find((a) => a.id === accountId);
      if (!account) return problem(c, 400, `voucherLines[${index}].accountId is unknown`, { [`voucherLines[${index}].accountId`]: ['Unknown account'] });
      const ref = l['customMatchingReference'];
      lines.push({
        accountNo: account.accountNo,
        amountOre: Math.round(amount * 100),
        customerId: customer?.id ?? null,
        matchedInvoiceId: null,
        customMatchingReference: typeof ref === 'string' && ref ? ref : null,
        description: typeof l['description'] === 'string' ? l['description'] : '',
        vatCode: typeof l['vatId'] === 'string' || typeof l['vatId'] === 'number' ? String(l['vatId']) : null,
      });
    }
    const ref = typeof b['externalImportReference'] === 'string' && b['externalImportReference'] ? b['externalImportReference'] : null;
    const existing = ref ? client.vouchers.find((v) => v.externalImportReference === ref) : undefined;
    if (existing) return c.json({ type: 'about:blank', title: `A voucher with externalImportReference ${ref} already exists`, status: 409, detail: 'Duplicate externalImportReference', errors: { externalImportReference: ['Already imported'] }, existingVoucherId: existing.id, existingVoucherNo: existing.voucherNo }, 409);
    try {
      const voucher = store.post(client, { voucherType: 'ManualJournal', voucherDate, description: typeof b['description'] === 'string' ? b['description'] : '', externalImportReference: ref, lines });
      return c.json(journalJson(voucher), 201);
    } catch (e) {
      if (e instanceof SandboxError) return problem(c, e.status === 404 ? 400 : e.status, e.message, { [e.field ?? 'body']: [e.message] });
      throw e;
    }
  });

  app.get('/Vouchers/ManualJournals', (c) => {
    const ref = c.req.query('externalImportReference');
    const vouchers = c.get('client').vouchers.filter((v) => v.voucherType === 'ManualJournal' && (ref === undefined || v.externalImportReference === ref));
    return c.json(vouchers.map(journalJson));
  });

  app.post('/DebtCollection/Approve', async (c) => {
    const client = c.get('client');
    const b = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const ids = b?.['invoiceIds'];
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((x) => typeof x === 'string')) return problem(c, 400, 'invoiceIds is required', { invoiceIds: ['Required'] });
    try {
      const invoices = store.approve(client, ids as string[]);
      return c.json(invoices.map((i) => ({ id: i.id, invoiceNo: i.invoiceNo, invoiceDebtCollectionStatus: i.dcStatus })));
    } catch (e) {
      if (e instanceof SandboxError) return problem(c, e.status, e.message, { [e.field ?? 'invoiceIds']: [e.message] });
      throw e;
    }
  });

  app.get('/DunningSettings', (c) => c.json(store.getDunningSettings(c.get('client').id)));
  app.put('/DunningSettings', async (c) => {
    const b = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const profiles: ReminderProfile[] = ['none', 'fee_free_reminder', 'reminder', 'reminder_and_notice'];
    const profile = b?.['reminderProfile'];
    const auto = b?.['autoApproveTransfer'];
    if (!profiles.includes(profile as ReminderProfile)) return problem(c, 400, 'reminderProfile is invalid', { reminderProfile: [`One of ${profiles.join(', ')}`] });
    if (typeof auto !== 'boolean') return problem(c, 400, 'autoApproveTransfer must be a boolean', { autoApproveTransfer: ['Boolean'] });
    return c.json(store.setDunningSettings(c.get('client').id, { reminderProfile: profile as ReminderProfile, autoApproveTransfer: auto }));
  });

  app.notFound((c) => problem(c, 404, 'Resource not found'));
  // A refusal of the books (unknown id, unbalanced lines) is a 4xx problem, never a 500.
  app.onError((err, c) => {
    if (err instanceof SandboxError) return problem(c, err.status, err.message, { [err.field ?? 'body']: [err.message] });
    throw err;
  });
  return app;
}

function journalJson(v: { id: string; voucherNo: number; voucherDate: string; description: string; externalImportReference: string | null; lines: VoucherLine[] }) {
  return {
    id: v.id,
    voucherNo: v.voucherNo,
    voucherDate: v.voucherDate,
    description: v.description,
    externalImportReference: v.externalImportReference,
    currencyCode: 'NOK',
    voucherLines: v.lines.map((l) => ({ id: l.id, accountNo: l.accountNo, currencyAmount: toKroner(l.amountOre), customMatchingReference: l.customMatchingReference, matched: l.matchedInvoiceId !== null, description: l.description })),
  };
}
