// The worker in workerd: health, login, the ledger lookup and a send, over the app's fetch handler,
// with the database over HTTP (the Hrana test server) and Go the sandbox on loopback.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { exports } from 'cloudflare:workers';

const edge = inject('edge');
const base = 'http://127.0.0.1:8787';

async function call(method: string, path: string, o: { token?: string; body?: unknown } = {}) {
  const res = await exports.default.fetch(
    new Request(base + path, {
      method,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    }),
  );
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function login(): Promise<string> {
  const r = await call('POST', '/api/v1/auth/login', { body: { email: 'demo@regnskap.example', password: 'demo' } });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

describe('the worker in workerd', () => {
  it('answers /health once the schema is current', async () => {
    const r = await call('GET', '/health');
    expect(r).toEqual({ status: 200, body: { ok: true } });
  });

  it('logs in, and refuses a wrong password with a JSON error', async () => {
    expect(await login()).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const bad = await call('POST', '/api/v1/auth/login', { body: { email: 'demo@regnskap.example', password: 'feil' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBeTypeOf('string');
  });

  /** The accountant's Godkjenn in Go's Inkasso → Utkast page, over HTTP as the extension makes it:
   *  the page's session cookie and antiforgery token, then the row's form posted. */
  async function approveInGoPage(invoiceNo: number) {
    const page = await fetch(`${edge.sandboxUrl}/app/conecto/inkasso/utkast`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const html = await page.text();
    const row = html.slice(html.indexOf(`data-invoice-no="${invoiceNo}"`));
    const invoiceId = /name="invoiceId" value="([^"]+)"/.exec(row)![1]!;
    const token = /name="__RequestVerificationToken" value="([^"]+)"/.exec(html)![1]!;
    const res = await fetch(`${edge.sandboxUrl}/app/conecto/inkasso/utkast/godkjenn`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'X-Go-Partial': '1' }, body: new URLSearchParams({ invoiceId, __RequestVerificationToken: token }) });
    expect(res.ok).toBe(true);
  }

  it('looks up the ledger and sends an invoice to collection', async () => {
    const token = await login();
    const sync = await call('POST', `/api/v1/creditors/${edge.conectoId}/sync`, { token });
    expect(sync.status).toBe(200);
    const status = await call('POST', `/api/v1/creditors/${edge.conectoId}/invoice-status`, { token, body: { invoiceNos: [19, 21, 23, 9999] } });
    expect(status.status).toBe(200);
    // 19 is in Utkast: Go's API says nothing of drafts, so the backend knows it only once approved.
    expect(status.body.items.map((i: { invoiceNo: number; state: string }) => [i.invoiceNo, i.state])).toEqual([[19, 'none'], [21, 'in_case'], [23, 'none'], [9999, 'none']]);
    expect(status.body.items[1].case).toMatchObject({ stageLabel: 'Inkassovarsel sendt', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8787\/cases\//) });

    expect((await call('POST', `/api/v1/creditors/${edge.conectoId}/invoices/19/take`, { token })).body.error.code).toBe('not_approved');
    await approveInGoPage(19);
    const sent = await call('POST', `/api/v1/creditors/${edge.conectoId}/invoices/19/take`, { token });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ invoiceNo: 19, state: 'in_case', case: { stage: 'notice_sent' } });
    // Taking it again answers with its case (idempotent); an invoice not yet due is refused.
    expect((await call('POST', `/api/v1/creditors/${edge.conectoId}/invoices/19/take`, { token })).body).toMatchObject({ invoiceNo: 19, state: 'in_case' });
    expect((await call('POST', `/api/v1/creditors/${edge.conectoId}/invoices/23/take`, { token })).body.error.code).toBe('not_overdue');
    const cases = await call('GET', `/api/v1/creditors/${edge.conectoId}/cases`, { token });
    expect(cases.body.items.some((c: { invoiceNos: number[] }) => c.invoiceNos.includes(19))).toBe(true);
  });
});
