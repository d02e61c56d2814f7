// Hostile input on every route the app has (found in app.routes, so a new route is fuzzed without
// a change here): 300 cases per route of hostile path parameters, query strings, headers and
// bodies. No 5xx, no stack trace, no secret in any answer; every API error in the error shape, and
// a 400 names the field. The harness is test/integration/reliability/fuzz.ts (the bench runs more).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';
import { appRoutes, fuzzFixtures, fuzzRoute } from '../reliability/fuzz';

let t: TestBackend;
let fixtures: Awaited<ReturnType<typeof fuzzFixtures>>;
beforeAll(async () => {
  t = await makeTestBackend();
  fixtures = await fuzzFixtures(t);
});
afterAll(async () => t.close());

// The route list is read from a throwaway app at collection time: the same createApp, no database
// calls are made to list routes.
const routes = await (async () => {
  const probe = await makeTestBackend();
  try {
    return appRoutes(probe);
  } finally {
    await probe.close();
  }
})();

describe('hostile input on every route', () => {
  it('the route list comes from the app and holds every API area', () => {
    const paths = routes.map((r) => r.path);
    for (const p of ['/api/v1/auth/login', '/api/v1/creditors/:id/invoice-status', '/api/v1/cases/:id/payments', '/api/v1/jobs/daily', '/api/v1/registrations/:id/activate', '/api/v1/remittances/:id/statement', '/cases/:id']) expect(paths).toContain(p);
  });

  for (const [n, route] of routes.entries()) {
    it(`${route.method} ${route.path}: 300 hostile requests, no 5xx, errors in shape naming the field`, async () => {
      const out = await fuzzRoute(t, fixtures, route, { runs: 300, seed: 20261128 + n });
      console.log(`${out.route}: ${JSON.stringify(out.statuses)}`);
      expect(out.cases).toBe(300);
      expect(out.failures).toEqual([]);
    }, 120_000);
  }
});
