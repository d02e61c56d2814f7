// One error table: what services throw (DomainError and its family) is answered by app.ts's onError
// with the code's status, in the request's language; "is this creditor connected" is one check
// with one code; anything else is a 500 that says only the request id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { creditors } from '@backend/db/schema';
import { DomainError, fieldLabel, invalid, requestLang } from '@backend/errors';
import { GoApiError } from '@backend/integrations/poweroffice/client';
import { CreditorNotFound, syncCreditor } from '@backend/modules/sync/run';
import { advanceCase } from '@backend/modules/cases/process';
import { runRemittances } from '@backend/modules/remittance/run';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
let ops: string;
beforeAll(async () => {
  t = await makeTestBackend();
  // Routes that throw what services throw, on the real app (its onError), added before its first request.
  t.app
    .get('/api/v1/_t/creditor', async () => { await syncCreditor(t.deps, 'nope', 'manual'); return new Response(); })
    .get('/api/v1/_t/case', async () => { await advanceCase(t.deps, 'nope', '2026-11-28'); return new Response(); })
    .get('/api/v1/_t/remittance', async () => { await runRemittances(t.deps, 'nope', '2026-11-28'); return new Response(); })
    .get('/api/v1/_t/go', () => { throw new GoApiError(503, { nb: 'Go svarte 503', en: 'Go answered 503' }); })
    .get('/api/v1/_t/crash', () => { throw new Error('secret detail'); })
    .get('/api/v1/_t/teapot', () => { throw new DomainError('bad_request', { status: 418, message: { nb: 'Te', en: 'Tea' } }); });
  token = await t.login();
  ops = await t.loginOps();
});
afterAll(async () => t.close());

const en = { 'accept-language': 'en' };

describe('the error table', () => {
  it('answers a creditor or case that does not exist with 404, never a 500', async () => {
    expect(await t.request('GET', '/api/v1/_t/creditor')).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'Fant ikke kreditoren' } } });
    expect(await t.request('GET', '/api/v1/_t/case', { headers: en })).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'Case not found' } } });
    expect(await t.request('GET', '/api/v1/_t/remittance')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(new CreditorNotFound('x')).toBeInstanceOf(DomainError);
  });

  it("answers Go's failure as 502 go_error in one language", async () => {
    const nb = await t.request('GET', '/api/v1/_t/go');
    expect(nb).toMatchObject({ status: 502, body: { error: { code: 'go_error', message: 'PowerOffice GO svarte ikke som forventet: Go svarte 503' } } });
    const english = await t.request('GET', '/api/v1/_t/go', { headers: en });
    expect(english.body.error.message).toBe('PowerOffice GO did not answer as expected: Go answered 503');
  });

  it('answers anything else with 500 and the request id only', async () => {
    const r = await t.request('GET', '/api/v1/_t/crash', { headers: en });
    expect(r.status).toBe(500);
    expect(r.body.error.message).toMatch(/^Something went wrong on our side \(.+\)$/);
    expect(r.text).not.toContain('secret detail');
  });
});

describe('is this creditor connected', () => {
  it('is one check with one code for sync, send and remittance', async () => {
    await t.db.update(creditors).set({ status: 'pending' }).where(eq(creditors.id, t.conectoId));
    try {
      const sync = await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
      const take = await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/19/take`, { token });
      const remit = await t.request('POST', `/api/v1/creditors/${t.conectoId}/remittances/run`, { token: ops });
      for (const r of [sync, take, remit]) expect(r).toMatchObject({ status: 409, body: { error: { code: 'creditor_not_active', message: 'Kreditoren er ikke koblet til PowerOffice GO' } } });
    } finally {
      await t.db.update(creditors).set({ status: 'active' }).where(eq(creditors.id, t.conectoId));
    }
  });
});

describe('errors.ts', () => {
  it('picks the language by Accept-Language weight, Norwegian by default', () => {
    expect(requestLang(undefined)).toBe('nb');
    expect(requestLang('')).toBe('nb');
    expect(requestLang('en-US')).toBe('en');
    expect(requestLang('nb;q=0.5, en;q=0.9')).toBe('en');
    expect(requestLang('en;q=0.5, no')).toBe('nb');
    expect(requestLang('de, fr;q=0.8')).toBe('nb');
    expect(requestLang('en;q=0, nb')).toBe('nb');
    expect(requestLang('*;q=0.1, de, en;q=abc')).toBe('nb');
  });

  it('names fields in words, whatever their path', () => {
    expect(fieldLabel('address.postCode', 'nb')).toBe('postnummer');
    expect(fieldLabel('invoiceNos.3', 'en')).toBe('invoice numbers');
    expect(fieldLabel('somethingNew', 'nb')).toBe('something new');
    expect(invalid({ a: { nb: 'x', en: 'x' } }).text).toEqual({ nb: 'Ugyldig forespørsel: sjekk a', en: 'Invalid request: check a' });
    expect(invalid({ paidAt: { nb: 'x', en: 'y' }, 'contact.email': { nb: 'x', en: 'y' }, phone: { nb: 'x', en: 'y' } }).text.en).toBe('Invalid request: check payment date, email and phone');
  });

  it('keeps a status chosen at the edge', async () => {
    expect(await t.request('GET', '/api/v1/_t/teapot', { headers: en })).toMatchObject({ status: 418, body: { error: { code: 'bad_request', message: 'Tea' } } });
  });
});

describe("Hono's own refusals of a body", () => {
  const send = (headers: Record<string, string>, body: string) => t.app.request('/api/v1/auth/login', { method: 'POST', headers, body });

  it('says in the caller\'s language that the body must be JSON, or is not valid JSON', async () => {
    const noType = await send({}, JSON.stringify({ email: 'a@b.no', password: 'x' }));
    expect(noType.status).toBe(415);
    expect(await noType.json()).toEqual({ error: { code: 'bad_request', message: 'Ugyldig forespørsel: send innholdet som JSON (Content-Type: application/json)', fields: { body: 'send innholdet som JSON (Content-Type: application/json)' } } });
    const broken = await send({ 'content-type': 'application/json', ...en }, '{"email":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'bad_request', message: 'Bad request: the body is not valid JSON' } });
  });
});
