// Whatever a client sends — any JSON, non-JSON, odd ids and invoice numbers — the API answers with
// a 4xx in the error shape (or a success), never a 500 and never a stack trace.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { apiError } from '@shared/api';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
let caseId: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  caseId = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items[0].id;
});
afterAll(async () => t.close());

function expectHandled(r: { status: number; body: unknown; text: string }, label: string) {
  expect(r.status, `${label} → ${r.status} ${r.text.slice(0, 200)}`).toBeLessThan(500);
  if (r.status >= 400) expect(apiError.safeParse(r.body).success, `${label}: ${r.text.slice(0, 200)}`).toBe(true);
  expect(r.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

const bodyRoutes = () => [
  ['POST', '/api/v1/auth/login'],
  ['PUT', `/api/v1/creditors/${t.conectoId}/settings`],
  ['POST', `/api/v1/creditors/${t.conectoId}/invoice-status`],
  ['POST', `/api/v1/cases/${caseId}/payments`],
  ['POST', '/api/v1/jobs/daily'],
] as const;

it('answers any JSON body with a success or a 4xx naming the problem', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...bodyRoutes()), fc.jsonValue(), async ([method, path], body) => {
      // The daily run with a valid body would run the whole day: only probe it with invalid dates.
      if (path.endsWith('/jobs/daily') && (typeof body !== 'object' || body === null || Array.isArray(body) || !('date' in body))) return;
      expectHandled(await t.request(method, path, { token, body }), `${method} ${path} ${JSON.stringify(body)}`);
    }),
    { numRuns: 120, seed: 20261128 },
  );
});

it('answers bodies that are not JSON, and odd ids and invoice numbers, without a 500', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...bodyRoutes()), fc.string({ maxLength: 40 }), async ([method, path], raw) => {
      expectHandled(await t.request(method, path, { token, raw }), `${method} ${path} raw ${JSON.stringify(raw)}`);
    }),
    { numRuns: 60, seed: 7 },
  );
  await fc.assert(
    fc.asyncProperty(fc.string({ minLength: 1, maxLength: 30 }), async (segment) => {
      const s = encodeURIComponent(segment);
      for (const [method, path] of [
        ['GET', `/api/v1/creditors/${s}`],
        ['GET', `/api/v1/cases/${s}`],
        ['POST', `/api/v1/creditors/${t.conectoId}/invoices/${s}/take`],
      ] as const) {
        expectHandled(await t.request(method, path, { token }), `${method} ${path}`);
      }
    }),
    { numRuns: 40, seed: 11 },
  );
});
