// Bad input is answered in Norwegian first: zod's English defaults get a Norwegian text in front,
// messages written in our schemas stay as written, and each names its field.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
});
afterAll(async () => t.close());

it('names each field with a Norwegian-first message', async () => {
  const status = (body: unknown) => t.request('POST', `/api/v1/creditors/${t.conectoId}/invoice-status`, { token, body });
  const wrongType = (await status({ invoiceNos: [7, 'x'] })).body.error;
  expect(wrongType.code).toBe('validation');
  expect(wrongType.fields['invoiceNos.1']).toMatch(/^Ugyldig input: forventet .+, fikk .+ \/ Invalid input: expected number, received string$/);
  expect((await status({ invoiceNos: [] })).body.error.fields.invoiceNos).toMatch(/^For lite\(n\).* \/ Too small/);
  expect((await status({})).body.error.fields.invoiceNos).toMatch(/^Ugyldig input: .* \/ Invalid input: expected array, received undefined$/);
  const login = (await t.request('POST', '/api/v1/auth/login', { body: { email: 'nope', password: 'x' } })).body.error;
  expect(login.fields.email).toMatch(/^Ugyldig e-postadresse \/ Invalid email address$/);
  const settings = (await t.request('PUT', `/api/v1/creditors/${t.conectoId}/settings`, { token, body: { dunning: 'never', approval: 'manual' } })).body.error;
  expect(settings.fields.dunning).toMatch(/^Ugyldig valg: forventet en av .*agency_notice.* \/ Invalid option/);
  // Written in our schema: kept as it is.
  expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/-3/take`, { token })).body.error.fields.invoiceNo).toBe('invoiceNo må være et positivt heltall');
});
