// Bad input is answered in the request's language (Accept-Language; Norwegian by default), never
// both joined: zod's defaults in Norwegian or English, messages written in our schemas as written
// (in Norwegian), each under its field's path, and the message naming the fields in words.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
});
afterAll(async () => t.close());

it('names each field in Norwegian by default, and in words in the message', async () => {
  const status = (body: unknown) => t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body });
  const wrongType = (await status({ invoiceNos: [7, 'x'] })).body.error;
  expect(wrongType.code).toBe('validation');
  expect(wrongType.message).toBe('Ugyldig forespørsel: sjekk fakturanumre');
  expect(wrongType.fields['invoiceNos.1']).toMatch(/^Ugyldig input: forventet .+, fikk .+$/);
  expect(wrongType.fields['invoiceNos.1']).not.toContain(' / ');
  expect((await status({ invoiceNos: [] })).body.error.fields.invoiceNos).toMatch(/^For lite\(n\)/);
  expect((await status({})).body.error.fields.invoiceNos).toMatch(/^Ugyldig input: /);
  const login = (await t.request('POST', '/api/v1/auth/login', { body: { email: 'nope', password: 'x' } })).body.error;
  expect(login.fields.email).toBe('Ugyldig e-postadresse');
  const settings = (await t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body: { dunning: 'never', approval: 'manual' } })).body.error;
  expect(settings.fields.dunning).toMatch(/^Ugyldig valg: forventet en av .*agency_notice/);
  expect(settings.message).toBe('Ugyldig forespørsel: sjekk purreprofil');
  // Written in our schema: kept as it is.
  expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/-3/take`, { token })).body.error.fields.invoiceNo).toBe('invoiceNo må være et positivt heltall');
});

it('answers in English when Accept-Language asks for it, naming fields in words and keeping their paths', async () => {
  const en = { 'accept-language': 'en-GB,en;q=0.9,nb;q=0.5' };
  const status = (await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body: { invoiceNos: [7, 'x'] }, headers: en })).body.error;
  expect(status).toEqual({ code: 'validation', message: 'Invalid request: check invoice numbers', fields: { 'invoiceNos.1': 'Invalid input: expected number, received string' } });
  const id = (await t.request('POST', '/api/v1/registrations', { token, body: { orgNo: '' }, headers: en })).body.error;
  expect(id).toMatchObject({ code: 'validation', message: 'Invalid request: check organisation number' });
  // Norwegian when Norwegian is preferred over English, and for a language we do not write.
  for (const lang of ['nb-NO,en;q=0.8', 'nn', 'de-DE,fr;q=0.9']) {
    const nb = (await t.request('GET', '/api/v1/cases/nope', { token, headers: { 'accept-language': lang } })).body.error;
    expect(nb, lang).toEqual({ code: 'not_found', message: 'Fant ikke saken' });
  }
  expect((await t.request('GET', '/api/v1/cases/nope', { token, headers: en })).body.error).toEqual({ code: 'not_found', message: 'Case not found' });
  expect((await t.request('GET', '/api/v1/me', { headers: en })).body.error).toEqual({ code: 'unauthorized', message: 'Log in first' });
});

it('names nested fields by what they are, not by their path', async () => {
  const accounts = { bank: '1920', customerLedger: '1500', interestIncome: '8050', commission: '7790', collectionFee: '7791', inputVat: '2710' };
  const body = { name: 'A', address: { line1: '', postCode: '12', city: 'Oslo' }, bankAccount: '1', vatDeductible: true, contact: { firstName: 'a', lastName: 'b', email: 'a@b.no' }, accounts, dunning: 'agency_notice', approval: 'manual' };
  const r = (await t.request('PUT', `/api/v1/registrations/${t.conectoId}/details`, { token, body })).body.error;
  expect(r.code).toBe('validation');
  expect(r.message).toBe('Ugyldig forespørsel: sjekk firmanavn, adresselinje 1, postnummer og bankkontonummer');
  expect(r.message).not.toMatch(/address\.|postCode/);
  expect(Object.keys(r.fields)).toEqual(['name', 'address.line1', 'address.postCode', 'bankAccount']);
});
