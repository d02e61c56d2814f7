// What the extension relies on: every happy-path answer parses with its shared/api schema (creditor
// answers strictly, so nothing extra such as a key can slip in), and every /api/v1 route the app
// serves is in the OpenAPI document.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as api from '@shared/api';
import { approveInGoPage } from '../../helpers/go-pages';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
});
afterAll(async () => t.close());

it('answers in the shapes shared/api declares', async () => {
  const get = async (path: string) => (await t.request('GET', path, { token })).body;
  const post = async (path: string, body?: unknown) => (await t.request('POST', path, { token, ...(body !== undefined ? { body } : {}) })).body;
  api.loginResponse.parse((await t.request('POST', '/api/v1/auth/login', { body: { email: 'demo@regnskap.example', password: 'demo' } })).body);
  api.user.strict().parse(await get('/api/v1/me'));
  api.creditorList.parse(await get('/api/v1/creditors'));
  for (const item of (await get('/api/v1/creditors')).items) api.creditorSummary.strict().parse(item);
  api.syncRun.parse(await post(`/api/v1/creditors/${t.conectoId}/sync`));
  api.creditorDetail.strict().parse(await get(`/api/v1/creditors/${t.conectoId}`));
  api.creditorSettings.strict().parse(await get(`/api/v1/creditors/${t.conectoId}/settings`));
  api.syncRunList.parse(await get(`/api/v1/creditors/${t.conectoId}/sync-runs`));
  const status = api.invoiceStatusResponse.parse(await post(`/api/v1/creditors/${t.conectoId}/invoice-status`, { invoiceNos: [19, 21, 23] }));
  expect(status.items.some((i) => i.case)).toBe(true);
  await approveInGoPage(t.sandbox, 'conecto', [19]);
  api.takeInvoiceResponse.strict().parse(await post(`/api/v1/creditors/${t.conectoId}/invoices/19/take`));
  api.customerCollection.strict().parse(await get(`/api/v1/creditors/${t.conectoId}/customers/10018`));
  const cases = api.caseList.parse(await get(`/api/v1/creditors/${t.conectoId}/cases`));
  expect(cases.items.length).toBeGreaterThan(0);
  for (const c of cases.items) api.caseDetail.parse(await get(`/api/v1/cases/${c.id}`));
  api.apiError.parse((await t.request('GET', '/api/v1/creditors/nope', { token })).body);
});

it('documents every /api/v1 route it serves, with its body and answer, and no route it does not serve', async () => {
  const doc = (await t.request('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
  // Only /api/v1 is the API; /health, /register and the case page /cases/:id are pages outside it.
  const served = new Set(
    t.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`),
  );
  const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`)));
  expect(served.size).toBeGreaterThanOrEqual(50);
  expect([...served].filter((r) => !documented.has(r)), 'served but not documented').toEqual([]);
  expect([...documented].filter((r) => !served.has(r)), 'documented but not served').toEqual([]);
  for (const key of documented) {
    const [method, path] = key.split(' ') as [string, string];
    const op = doc.paths[path]![method]!;
    const ok = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
    expect(ok?.[1].content && Object.values(ok[1].content)[0]?.schema, `${key}: answer schema`).toBeTruthy();
  }
  // Every body a route validates is documented with its schema (the very schema it validates with).
  const bodyOf = (key: string) => {
    const [method, path] = key.split(' ') as [string, string];
    return doc.paths[path]![method]!.requestBody?.content['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
  };
  expect(Object.keys(bodyOf('put /registrations/{id}/details')?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'address', 'bankAccount', 'vatDeductible', 'contact', 'accounts', 'dunning', 'approval']));
  expect(Object.keys(bodyOf('post /registrations/{id}/activate')?.properties ?? {})).toEqual(expect.arrayContaining(['agreementVersion', 'acceptAgreement', 'confirmAuthority']));
  expect(Object.keys(bodyOf('post /cases/{id}/claims/{invoiceNo}/withdraw')?.properties ?? {})).toEqual(['reason']);
  expect(Object.keys(bodyOf('post /operations/firms')?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'admin']));
  // The routes main gained are held to it like the rest: wizard, ending, firms, invites, overview, letters.
  for (const key of ['get /overview', 'get /letters/{file}', 'get /cases/{id}/letters', 'post /creditors/{id}/end', 'get /creditors/{id}/end', 'post /firm/invites', 'post /invites/accept', 'get /registrations/{id}/preview']) expect(documented.has(key), key).toBe(true);
  expect(Object.keys(bodyOf('post /creditors/{id}/invoice-status')?.properties ?? {})).toEqual(['invoiceNos']);
  expect(Object.keys(bodyOf('post /cases/{id}/payments')?.properties ?? {})).toEqual(expect.arrayContaining(['amountOre', 'paidAt', 'reference']));
  expect(bodyOf('post /auth/logout')).toBeUndefined();
  // The remittance routes are held to it like every other.
  expect([...documented].filter((r) => r.includes('remittance')).length).toBe(6);
  // The docs page shows each route's schemas, escaped, with no script from anywhere (it works offline).
  const page = (await t.request('GET', '/api/v1/docs')).text;
  expect(page).toContain('&quot;invoiceNos&quot;');
  expect(page.match(/<details>/g)?.length).toBeGreaterThanOrEqual(30);
  expect(page).not.toMatch(/<script|<link|(src|href)="https?:/);
});
