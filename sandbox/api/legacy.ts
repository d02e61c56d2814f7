// Go's legacy debt collection API (DebtCollection/...), as Go documents it: camelCase JSON in the
// { data, success } envelope (lists as { data, count, success }, count before $skip/$top), numeric
// enums, OData $filter/$orderby on PascalCase field names, and every refusal an HTTP 200 with
// success=false and a validation result.
import { Hono, type Context } from 'hono';
import { DcStatus, SandboxError, type Client, type DebtCollectionCase, type Extension, type Invoice, type Store } from '../store';
import { toKroner, toOre } from '../util';
import { requireToken, type AuthEnv, type Tokens } from './auth';
import { applyOData } from './odata';

type Ctx = Context<AuthEnv>;

export function ok(c: Context, data: unknown, count?: number) {
  return Array.isArray(data) ? c.json({ data, count: count ?? data.length, success: true }) : c.json({ data, success: true });
}

/** Go's legacy refusal: HTTP 200, success=false, a ValidationResult and no data. The status is the
 *  sandbox's own reason (kept for its error handler's signature), never sent as the HTTP status. */
export function refuse(c: Context, _status: 400 | 404 | 409, summary: string, fields: Record<string, string> = {}) {
  return c.json({ success: false, validation: { errorLogReference: crypto.randomUUID(), summary, fields } }, 200);
}

/** A list answer after the request's OData options, or Go's refusal for options it cannot apply. */
function odata(c: Context, rows: Record<string, unknown>[]) {
  const result = applyOData(rows, { filter: c.req.query('$filter'), orderby: c.req.query('$orderby'), top: c.req.query('$top'), skip: c.req.query('$skip') });
  return result.ok ? ok(c, result.rows, result.count) : refuse(c, 400, result.message, { [result.field]: result.message });
}

/** Legacy VoucherType numbers for the sandbox's voucher kinds. */
const legacyVoucherType = { Payment: 16, CreditNote: 5, WriteOff: 11, ManualJournal: 11 } as const;

function debtCollectionInvoice(store: Store, client: Client, invoice: Invoice) {
  const customer = store.customer(client, invoice.customerId);
  return {
    id: invoice.id,
    customerCode: Number(customer.code),
    invoiceNo: invoice.invoiceNo,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    originalAmount: toKroner(invoice.amountOre),
    originalPostedAmount: toKroner(invoice.amountOre),
    remainingAmount: toKroner(store.balance(client, invoice)),
    currencyCode: 'NOK',
    cID: invoice.cid,
    lastChanged: invoice.lastChanged,
    lastReminderSentDate: invoice.lastReminder?.sentDate ?? null,
    lastReminderDueDate: invoice.lastReminder?.dueDate ?? null,
    lastReminderVoucherType: invoice.lastReminder?.voucherType ?? null,
    lastReminderEmailAddress: null,
    invoiceEmailAddress: customer.email,
    externalImportReference: null,
  };
}

function caseJson(store: Store, client: Client, dc: DebtCollectionCase) {
  const invoices = dc.invoiceIds.map((id) => store.invoice(client, id));
  return {
    id: dc.id,
    code: dc.code,
    status: dc.status,
    invoices: invoices.map((i) => debtCollectionInvoice(store, client, i)),
    externalCaseUrl: dc.externalCaseUrl,
    balanceAgency: dc.balanceAgencyOre === null ? null : toKroner(dc.balanceAgencyOre),
    lastChanged: dc.lastChanged,
    invoiceLastChanged: invoices.reduce((m, i) => (i.lastChanged > m ? i.lastChanged : m), ''),
  };
}

/** Payments, credit notes, manual journals and write-offs matched against one invoice. */
export function matchedItems(store: Store, client: Client, invoice: Invoice) {
  const customer = store.customer(client, invoice.customerId);
  const items = [];
  for (const v of client.vouchers) {
    for (const l of v.lines) {
      if (l.matchedInvoiceId !== invoice.id) continue;
      items.push({
        id: store.num('entry', l.id),
        customerCode: Number(customer.code),
        voucherDate: v.voucherDate,
        postingDate: v.voucherDate,
        voucherNo: v.voucherNo,
        voucherType: legacyVoucherType[v.voucherType],
        voucherId: v.id,
        amount: toKroner(l.amountOre),
        currencyAmount: toKroner(l.amountOre),
        currencyCode: 'NOK',
        cID: invoice.cid,
        isWriteOff: v.voucherType === 'WriteOff',
        lastChanged: v.lastChanged,
        externalImportReference: v.externalImportReference,
        matchId: store.num('match', invoice.id),
        paidFromAccount: v.voucherType === 'Payment' ? '12345678903' : null,
      });
    }
  }
  return items;
}

/** Only invoices in a case, or past Draft, show their matched items to the agency. */
function visibleToAgency(invoice: Invoice): boolean {
  return invoice.dcStatus >= DcStatus.Approved;
}

function canCreate(extension: Extension): boolean {
  return extension.active && extension.canCreateCases;
}

function ownCase(client: Client, extension: Extension, id: string): DebtCollectionCase | undefined {
  return client.cases.find((x) => x.id === id && x.extensionId === extension.id);
}

async function body(c: Ctx): Promise<Record<string, unknown> | null> {
  try {
    const parsed: unknown = await c.req.json();
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function stringArray(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
}

export function legacyRoutes(store: Store, tokens: Tokens): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/DebtCollection/*', requireToken(store, tokens));
  app.use('/DebtCollection', requireToken(store, tokens));

  app.get('/DebtCollection/IsActiveDebtCollection', (c) => ok(c, canCreate(c.get('extension'))));

  app.get('/DebtCollection/Invoices/AvailableInvoices', (c) => {
    const client = c.get('client');
    if (!canCreate(c.get('extension'))) return refuse(c, 400, 'Inkassobyrået kan ikke opprette nye saker for denne klienten (IsActiveDebtCollection = false).');
    store.refresh(client);
    const available = client.invoices.filter((i) => i.dcStatus === DcStatus.Approved && store.balance(client, i) > 0);
    return odata(c, available.map((i) => debtCollectionInvoice(store, client, i)));
  });

  const listCases = (c: Ctx) => {
    const client = c.get('client');
    const own = client.cases.filter((x) => x.extensionId === c.get('extension').id);
    return odata(c, own.map((x) => caseJson(store, client, x)));
  };
  app.get('/DebtCollection', listCases);
  app.get('/DebtCollection/', listCases);

  const createCase = async (c: Ctx) => {
    const client = c.get('client');
    const extension = c.get('extension');
    if (!canCreate(extension)) return refuse(c, 400, 'Inkassobyrået kan ikke opprette nye saker for denne klienten.');
    const b = await body(c);
    if (!b) return refuse(c, 400, 'Ugyldig JSON', { body: 'Forventet et JSON-objekt' });
    const code = b['code'];
    if (typeof code !== 'string' || code.trim() === '') return refuse(c, 400, 'Code er påkrevd', { code: 'Påkrevd' });
    const invoiceRefs = b['invoices'];
    if (!Array.isArray(invoiceRefs) || invoiceRefs.length === 0) return refuse(c, 400, 'Minst én faktura er påkrevd', { invoices: 'Påkrevd' });
    if (client.cases.some((x) => x.code === code && x.extensionId === extension.id)) return refuse(c, 409, `Sak med kode ${code} finnes allerede`, { code: 'Finnes allerede' });
    const invoices: Invoice[] = [];
    for (const ref of invoiceRefs) {
      const id = ref && typeof ref === 'object' ? (ref as Record<string, unknown>)['id'] : undefined;
      const invoice = typeof id === 'string' ? client.invoices.find((i) => i.id === id) : undefined;
      if (!invoice) return refuse(c, 400, 'Ukjent faktura', { invoices: `Ukjent id ${String(id)}` });
      if (invoices.includes(invoice)) continue; // named twice: still one invoice in the case
      if (invoice.dcStatus !== DcStatus.Approved) return refuse(c, 400, `Faktura ${invoice.invoiceNo} er ikke godkjent for inkasso`, { invoices: 'Ikke godkjent' });
      invoices.push(invoice);
    }
    const customers = new Set(invoices.map((i) => i.customerId));
    if (customers.size > 1) return refuse(c, 400, 'Alle fakturaer i en sak må gjelde samme kunde', { invoices: 'Flere kunder' });
    const externalCaseUrl = typeof b['externalCaseUrl'] === 'string' ? b['externalCaseUrl'] : null;
    // Go's documented request (route_post_debtcollection_.md) carries balanceAgency: the agency's
    // balance can be set when the case is created. There is no status text on create.
    const balance = b['balanceAgency'];
    if (balance !== undefined && balance !== null && (typeof balance !== 'number' || !Number.isSafeInteger(Math.round(balance * 100)))) return refuse(c, 400, 'balanceAgency må være et tall', { balanceAgency: 'Må være et tall' });
    const stamp = store.stamp();
    const dc: DebtCollectionCase = {
      id: store.id(), extensionId: extension.id, code, status: 0, invoiceIds: invoices.map((i) => i.id), externalCaseUrl, statusText: null,
      balanceAgencyOre: typeof balance === 'number' ? toOre(balance) : null, lastChanged: stamp,
    };
    for (const invoice of invoices) {
      invoice.dcStatus = DcStatus.Exported;
      invoice.debtCollectionCode = code;
      invoice.debtCollectionCaseStatus = 0;
      invoice.lastChanged = stamp;
    }
    client.cases.push(dc);
    return ok(c, caseJson(store, client, dc));
  };
  app.post('/DebtCollection', createCase);
  app.post('/DebtCollection/', createCase);

  app.post('/DebtCollection/AddInvoicesToCase', async (c) => {
    const client = c.get('client');
    const b = await body(c);
    const caseId = b?.['caseId'];
    const invoiceIds = stringArray(b?.['invoiceIds']);
    if (typeof caseId !== 'string') return refuse(c, 400, 'caseId er påkrevd', { caseId: 'Påkrevd' });
    if (!invoiceIds || invoiceIds.length === 0) return refuse(c, 400, 'invoiceIds er påkrevd', { invoiceIds: 'Påkrevd' });
    const dc = ownCase(client, c.get('extension'), caseId);
    if (!dc) return refuse(c, 404, 'Ukjent sak', { caseId: 'Ukjent' });
    const customerId = store.invoice(client, dc.invoiceIds[0]!).customerId;
    const stamp = store.stamp();
    for (const id of invoiceIds) {
      const invoice = client.invoices.find((i) => i.id === id);
      if (!invoice) return refuse(c, 400, 'Ukjent faktura', { invoiceIds: `Ukjent id ${id}` });
      if (dc.invoiceIds.includes(id)) continue;
      if (invoice.dcStatus !== DcStatus.Approved) return refuse(c, 400, `Faktura ${invoice.invoiceNo} er ikke godkjent for inkasso`, { invoiceIds: 'Ikke godkjent' });
      if (invoice.customerId !== customerId) return refuse(c, 400, 'Fakturaen gjelder en annen kunde', { invoiceIds: 'Annen kunde' });
    }
    for (const id of invoiceIds) {
      if (dc.invoiceIds.includes(id)) continue;
      const invoice = store.invoice(client, id);
      invoice.dcStatus = DcStatus.Exported;
      invoice.debtCollectionCode = dc.code;
      invoice.debtCollectionCaseStatus = dc.status;
      invoice.lastChanged = stamp;
      dc.invoiceIds.push(id);
    }
    dc.lastChanged = stamp;
    return ok(c, caseJson(store, client, dc));
  });

  app.post('/DebtCollection/MergeCases', async (c) => {
    const client = c.get('client');
    const b = await body(c);
    const caseIds = stringArray(b?.['caseIds']);
    const caseNo = b?.['caseNo'];
    if (!caseIds || new Set(caseIds).size < 2) return refuse(c, 400, 'Minst to forskjellige saker må slås sammen', { caseIds: 'Minst to forskjellige' });
    if (new Set(caseIds).size !== caseIds.length) return refuse(c, 400, 'Samme sak er oppgitt flere ganger', { caseIds: 'Duplikat' });
    if (typeof caseNo !== 'string' || !caseNo) return refuse(c, 400, 'caseNo er påkrevd', { caseNo: 'Påkrevd' });
    const cases = caseIds.map((id) => ownCase(client, c.get('extension'), id));
    if (cases.some((x) => !x)) return refuse(c, 404, 'Ukjent sak', { caseIds: 'Ukjent' });
    const [first, ...rest] = cases as DebtCollectionCase[];
    const stamp = store.stamp();
    for (const other of rest) {
      first!.invoiceIds.push(...other.invoiceIds);
      client.cases.splice(client.cases.indexOf(other), 1);
    }
    first!.code = caseNo;
    if (typeof b?.['externalCaseUrl'] === 'string') first!.externalCaseUrl = b['externalCaseUrl'];
    first!.lastChanged = stamp;
    for (const id of first!.invoiceIds) {
      const invoice = store.invoice(client, id);
      invoice.debtCollectionCode = caseNo;
      invoice.debtCollectionCaseStatus = first!.status;
      invoice.lastChanged = stamp;
    }
    return ok(c, caseJson(store, client, first!));
  });

  app.post('/DebtCollection/UpdateStatus', async (c) => {
    const client = c.get('client');
    const b = await body(c);
    const caseId = b?.['caseId'];
    if (typeof caseId !== 'string') return refuse(c, 400, 'caseId er påkrevd', { caseId: 'Påkrevd' });
    const dc = ownCase(client, c.get('extension'), caseId);
    if (!dc) return refuse(c, 404, 'Ukjent sak', { caseId: 'Ukjent' });
    const statusText = b?.['statusText'];
    const closed = b?.['isCaseClosed'];
    const balance = b?.['updatedBalanceAgency'];
    if (typeof statusText !== 'string') return refuse(c, 400, 'statusText er påkrevd (tekst)', { statusText: 'Påkrevd' });
    if (closed !== undefined && typeof closed !== 'boolean') return refuse(c, 400, 'isCaseClosed må være sann/usann', { isCaseClosed: 'Må være boolean' });
    if (balance !== undefined && balance !== null && (typeof balance !== 'number' || !Number.isSafeInteger(Math.round(balance * 100)))) return refuse(c, 400, 'updatedBalanceAgency må være et tall', { updatedBalanceAgency: 'Må være et tall' });
    const stamp = store.stamp();
    dc.statusText = statusText;
    if (typeof balance === 'number') dc.balanceAgencyOre = toOre(balance);
    dc.status = closed === true ? 10 : 0;
    dc.lastChanged = stamp;
    for (const id of dc.invoiceIds) {
      const invoice = store.invoice(client, id);
      invoice.debtCollectionCaseStatus = dc.status;
      invoice.lastChanged = stamp;
    }
    return ok(c, caseJson(store, client, dc));
  });

  app.get('/DebtCollection/GetAllMatchedItems', (c) => {
    const client = c.get('client');
    const from = c.req.query('fromDateTime');
    if (from !== undefined && Number.isNaN(Date.parse(from))) return refuse(c, 400, 'fromDateTime er ikke et gyldig tidspunkt', { fromDateTime: 'Ugyldig' });
    const since = from ? Date.parse(from) : -Infinity;
    const groups = [];
    for (const invoice of client.invoices) {
      if (!visibleToAgency(invoice)) continue;
      const items = matchedItems(store, client, invoice).filter((m) => Date.parse(m.lastChanged) > since);
      // DebtCollectionCaseWithMatches documents only matchedItems: one entry per invoice here, its
      // items naming the invoice by its KID (cID) and match id.
      if (items.length) groups.push({ matchedItems: items });
    }
    return ok(c, groups);
  });

  app.get('/DebtCollection/MatchedItems/:invoiceId', (c) => {
    const client = c.get('client');
    const invoice = client.invoices.find((i) => i.id === c.req.param('invoiceId'));
    if (!invoice || !visibleToAgency(invoice)) return refuse(c, 404, 'Ukjent faktura', { invoiceId: 'Ukjent' });
    return ok(c, matchedItems(store, client, invoice));
  });

  app.get('/DebtCollection/GetInvoicePdf/:id', (c) => {
    const client = c.get('client');
    const invoice = client.invoices.find((i) => i.id === c.req.param('id'));
    if (!invoice || !visibleToAgency(invoice)) return refuse(c, 404, 'Ukjent faktura', { id: 'Ukjent' });
    return new Response(invoicePdf(`Faktura ${invoice.invoiceNo} - ${client.name}`), { headers: { 'content-type': 'application/pdf' } });
  });

  app.get('/DebtCollection/:id', (c) => {
    const client = c.get('client');
    const dc = ownCase(client, c.get('extension'), c.req.param('id'));
    if (!dc) return refuse(c, 404, 'Ukjent sak', { id: 'Ukjent' });
    return ok(c, caseJson(store, client, dc));
  });

  app.delete('/DebtCollection/:id', (c) => {
    const client = c.get('client');
    const dc = ownCase(client, c.get('extension'), c.req.param('id'));
    if (!dc) return refuse(c, 404, 'Ukjent sak', { id: 'Ukjent' });
    const stamp = store.stamp();
    for (const id of dc.invoiceIds) {
      const invoice = store.invoice(client, id);
      invoice.dcStatus = DcStatus.Rejected;
      invoice.debtCollectionCode = null;
      invoice.debtCollectionCaseStatus = null;
      invoice.lastChanged = stamp;
    }
    client.cases.splice(client.cases.indexOf(dc), 1);
    // Documented as Envelope<Envelope<object>> (Success): an envelope holding a successful one.
    return ok(c, { data: null, success: true });
  });

  app.onError((err, c) => {
    if (err instanceof SandboxError) return refuse(c, err.status, err.message, err.field ? { [err.field]: err.message } : {});
    throw err;
  });
  return app;
}

/** A minimal valid one-page PDF with a line of text. */
export function invoicePdf(text: string): Uint8Array<ArrayBuffer> {
  const safe = text.replace(/[()\\]/g, '').replace(/[^\x20-\x7e]/g, '?');
  const stream = `BT /F1 14 Tf 72 760 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
