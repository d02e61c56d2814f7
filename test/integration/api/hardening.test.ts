// Headers and logs on every kind of answer: each HTML page has a CSP with frame-ancestors 'none',
// nosniff and a Referrer-Policy; each private document (API JSON, case page, statement, PDF, CSV)
// is no-store; every request leaves one JSON log line with its request id, route, status and
// duration, secrets scrubbed; a 500 carries the request id that its log line has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { fixedClock } from '@shared/clock';
import { jsonLogger, scrub } from '@backend/http/log';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
let token: string;
let ops: string;
let caseId: string;
let remittanceId: string;

beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  ops = await t.loginOps();
  await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  caseId = (await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token })).body.items[0].id;
  await t.request('POST', `/api/v1/cases/${caseId}/payments`, { token: ops, body: { amountOre: 50_000, paidAt: '2026-11-28', reference: 'OCR-h' } });
  remittanceId = (await t.request('POST', `/api/v1/creditors/${t.conectoId}/remittances/run`, { token: ops })).body.created.id;
});
afterAll(async () => t.close());

describe('security headers, per route', () => {
  const bearer = () => ({ authorization: `Bearer ${token}` });
  const pageCookie = async () => {
    const r = await t.app.request(`/cases/${caseId}/login`, { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=demo%40regnskap.example&password=demo' });
    return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]! };
  };
  const html: [string, () => Promise<Record<string, string>>][] = [
    ['/register', async () => ({})],
    ['/invite', async () => ({})],
    ['/api/v1/docs', async () => ({})],
    ['/cases/CASE', async () => ({})], // the login form
    ['/cases/CASE', pageCookie], // the case itself
    ['/api/v1/remittances/REM/statement', async () => bearer()],
  ];
  for (const [path, headers] of html) {
    it(`HTML ${path}: CSP with frame-ancestors 'none', nosniff, Referrer-Policy, not framable`, async () => {
      const res = await t.app.request(path.replace('CASE', caseId).replace('REM', remittanceId), { headers: await headers() });
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    });
  }

  it('/register and /invite run no inline script: one module from our own origin', async () => {
    for (const path of ['/register', '/invite']) {
      const res = await t.app.request(path);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<script type="module" src="/register/wizard.js"></script>');
      expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
    }
    const js = await t.app.request('/register/wizard.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await js.text()).length).toBeGreaterThan(1000);
  });

  const privateDocs: [string, string, () => Promise<Record<string, string>>][] = [
    ['GET', '/api/v1/me', async () => bearer()],
    ['GET', `/api/v1/creditors/CRED/cases`, async () => bearer()],
    ['GET', '/api/v1/cases/CASE', async () => bearer()],
    ['GET', '/api/v1/creditors/CRED/remittances.csv', async () => bearer()],
    ['GET', '/api/v1/remittances/REM/statement', async () => bearer()],
    ['GET', '/api/v1/remittances/REM/statement.pdf', async () => bearer()],
    ['GET', '/cases/CASE', pageCookie],
    ['POST', '/api/v1/auth/login', async () => ({ 'content-type': 'application/json' })],
  ];
  for (const [method, path, headers] of privateDocs) {
    it(`private ${method} ${path}: no-store and nosniff`, async () => {
      const url = path.replace('CASE', caseId).replace('REM', remittanceId).replace('CRED', t.conectoId);
      const res = await t.app.request(url, { method, headers: await headers(), ...(method === 'POST' ? { body: JSON.stringify({ email: 'demo@regnskap.example', password: 'demo' }) } : {}) });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/no-store/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  }
});

describe('logs', () => {
  it('one line per request: request id (answered in X-Request-Id), route pattern, status, duration; no secret', async () => {
    t.logs.length = 0;
    const res = await t.app.request(`/api/v1/cases/${caseId}?token=sekret-in-query`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'support-ticket-1234' } });
    expect(res.headers.get('x-request-id')).toBe('support-ticket-1234');
    await t.request('POST', '/api/v1/auth/login', { body: { email: 'demo@regnskap.example', password: 'hunter2-very-secret' } });
    const lines = t.logs.filter((l) => l.event === 'http.request');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.detail).toMatchObject({ level: 'info', requestId: 'support-ticket-1234', method: 'GET', route: '/api/v1/cases/:id', status: 200, durationMs: expect.any(Number) });
    expect(lines[1]!.detail).toMatchObject({ level: 'warn', method: 'POST', route: '/api/v1/auth/login', status: 401, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const text = JSON.stringify(t.logs);
    for (const secret of [token, 'hunter2-very-secret', 'sekret-in-query', ...t.clientKeys]) expect(text).not.toContain(secret);
    // A forged id with odd characters is replaced, not echoed into the logs.
    const forged = await t.app.request('/health', { headers: { 'x-request-id': 'a b<script>"x' } });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a 500 answers with the request id its error line carries, and no detail of the error', async () => {
    const b = await makeTestBackend({ sandbox: t.sandbox });
    try {
      const tok = await b.login();
      await b.db.run(sql`drop table audit_log`); // the next write the route makes fails inside
      const res = await b.request('POST', '/api/v1/auth/logout', { token: tok });
      expect(res.status).toBe(500);
      const requestId = res.body.error.requestId as string;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('x-request-id')).toBe(requestId);
      expect(res.body.error.message).toContain(requestId);
      expect(res.text).not.toMatch(/audit_log|SQLITE|at .*\.ts/);
      const error = b.logs.find((l) => l.event === 'http.error');
      expect(error?.detail).toMatchObject({ level: 'error', requestId, route: '/api/v1/auth/logout', message: expect.stringContaining('audit_log') });
      expect(b.logs.find((l) => l.event === 'http.request' && l.detail?.['requestId'] === requestId)?.detail).toMatchObject({ status: 500, level: 'error' });
    } finally {
      await b.close();
    }
  });

  it('the JSON logger writes one parseable line per event with level and time, and scrubs secrets at any depth', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l), fixedClock('2026-11-28T09:00:00Z'));
    log('go.call', {
      requestId: 'r1',
      headers: { Authorization: 'Bearer abc.def.ghi', 'X-Client-Key': 'ck-123', cookie: 'modhi_case_session=zzz' },
      body: { password: 'pw-1', nested: [{ token: 'tk-1', clientKey: 'ck-2', applicationKey: 'ak', subscriptionKey: 'sk', ENCRYPTION_KEY: 'ek' }] },
      message: 'Go refused Authorization: Bearer leaked-token-9 at https://x.example/?access_token=qs-1&ok=1 {"clientKey":"ck-3"}',
      error: new Error('password=pw-2 rejected'),
    });
    log('daily.error', { creditorId: 'c1' });
    log('backend.started', { level: 'warn' });
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ level: 'info', at: '2026-11-28T09:00:00.000Z', event: 'go.call', requestId: 'r1' });
    for (const secret of ['abc.def.ghi', 'ck-123', 'zzz', 'pw-1', 'tk-1', 'ck-2', 'ak', 'sk"', 'ek"', 'leaked-token-9', 'qs-1', 'ck-3', 'pw-2']) expect(lines[0]).not.toContain(secret);
    expect(first.message).toContain('ok=1');
    expect(JSON.parse(lines[1]!).level).toBe('error');
    expect(JSON.parse(lines[2]!)).toEqual({ level: 'warn', at: '2026-11-28T09:00:00.000Z', event: 'backend.started' });
    expect(scrub({ a: 1, b: [true, null] })).toEqual({ a: 1, b: [true, null] });
  });
});
