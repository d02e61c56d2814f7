// The case page behind Go's externalCaseUrl and the badge link: nothing without a login on the page
// itself (cookie session, CSRF-checked), then only for users who may see the creditor; escaped,
// bidi controls stripped, uncached, unindexed, no script; and a sync of a creditor that is not connected is refused instead of failing inside.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases, creditors, debtors } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
let token: string;
beforeAll(async () => {
  t = await makeTestBackend();
  token = await t.login();
  await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
});
afterAll(async () => t.close());

const own = 'http://localhost';
/** Logs in on the case page's form as a browser would (same-origin post); the session cookie. */
async function pageLogin(id: string, email: string, password = 'demo', headers: Record<string, string> = { origin: own }) {
  return t.app.request(`/cases/${id}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ email, password }).toString() });
}
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

it('shows nothing of the case without a login: the same login form for every id', async () => {
  const [c] = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  const [d] = await t.db.select().from(debtors).where(eq(debtors.id, c!.debtorId));
  for (const id of [c!.id, crypto.randomUUID(), 'nope']) {
    const res = await t.app.request(`/cases/${id}`);
    const html = await res.text();
    expect(res.status).toBe(401);
    expect(html).toMatch(/<form [^>]*method="post"[^>]*action="\/cases\/[^"]+\/login"/);
    expect(html).not.toContain(c!.caseNo);
    expect(html).not.toContain(d!.name);
    expect(html).not.toContain('Tidslinje');
  }
  // A bearer token (the API's login) is not a way into the page, nor is an invented cookie.
  expect((await t.app.request(`/cases/${c!.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  expect((await t.app.request(`/cases/${c!.id}`, { headers: { cookie: 'modhi_case_session=forged' } })).status).toBe(401);
});

it('after the page’s login: the case, escaped and without bidi controls, with headers that keep it private', async () => {
  const [c] = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  await t.db.update(debtors).set({ name: '<script>alert("x")</script> & Sønner\u202E\u2066\u200F AS' }).where(eq(debtors.id, c!.debtorId));
  const login = await pageLogin(c!.id, 'demo@regnskap.example');
  expect(login.status).toBe(303);
  expect(login.headers.get('location')).toBe(`/cases/${c!.id}`);
  const setCookie = login.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/^modhi_case_session=[\w-]{40,};/);
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  expect(setCookie).toMatch(/Path=\/cases/);
  expect(setCookie).not.toMatch(/Secure/); // plain http in the test; https sets Secure (below)
  const res = await t.app.request(`/cases/${c!.id}`, { headers: { cookie: cookieOf(login) } });
  const html = await res.text();
  expect(res.status).toBe(200);
  expect(html).toContain(`Inkassosak ${c!.caseNo}`);
  expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sønner AS');
  expect(html).not.toContain('<script>');
  expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect((await t.app.request(`/cases/${crypto.randomUUID()}`, { headers: { cookie: cookieOf(login) } })).status).toBe(404);
  expect((await t.app.request('/cases/1%27%20or%201=1', { headers: { cookie: cookieOf(login) } })).status).toBe(404);
  // Over https the cookie is Secure.
  const secure = await t.app.request(`https://inkasso.example/cases/${c!.id}/login`, { method: 'POST', headers: { origin: 'https://inkasso.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=demo%40regnskap.example&password=demo' });
  expect(secure.headers.get('set-cookie')).toMatch(/; Secure/);
});

it('another firm’s user, logged in, gets 404 for the case; the agency’s staff see it', async () => {
  const [c] = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  const other = await pageLogin(c!.id, 'annen@regnskap.example');
  expect(other.status).toBe(303);
  const res = await t.app.request(`/cases/${c!.id}`, { headers: { cookie: cookieOf(other) } });
  expect(res.status).toBe(404);
  expect(await res.text()).not.toContain(c!.caseNo);
  const ops = await pageLogin(c!.id, 'drift@modhi.example');
  expect((await t.app.request(`/cases/${c!.id}`, { headers: { cookie: cookieOf(ops) } })).status).toBe(200);
});

it('refuses a login posted from another site (CSRF), a wrong password, and ends the session on logout', async () => {
  const [c] = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  const forged = await pageLogin(c!.id, 'demo@regnskap.example', 'demo', { origin: 'https://evil.example' });
  expect(forged.status).toBe(403);
  expect(forged.headers.get('set-cookie')).toBeNull();
  expect((await pageLogin(c!.id, 'demo@regnskap.example', 'demo', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  const wrong = await pageLogin(c!.id, 'demo@regnskap.example', 'wrong');
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('set-cookie')).toBeNull();
  expect((await t.app.request(`/cases/${c!.id}/login`, { method: 'POST', headers: { origin: own, 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=x' })).status).toBe(400);
  const login = await pageLogin(c!.id, 'demo@regnskap.example');
  const cookie = cookieOf(login);
  expect((await t.app.request('/cases/logout', { method: 'POST', headers: { cookie, origin: 'https://evil.example' } })).status).toBe(403);
  expect((await t.app.request(`/cases/${c!.id}`, { headers: { cookie } })).status).toBe(200);
  const out = await t.app.request('/cases/logout', { method: 'POST', headers: { cookie, origin: own } });
  expect(out.status).toBe(200);
  expect(out.headers.get('set-cookie')).toMatch(/modhi_case_session=;/);
  expect((await t.app.request(`/cases/${c!.id}`, { headers: { cookie } })).status).toBe(401);
});

it('refuses to sync a creditor that is not connected to Go', async () => {
  await t.db.update(creditors).set({ status: 'pending' }).where(eq(creditors.id, t.conectoId));
  const r = await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token });
  expect(r.status).toBe(409);
  expect(r.body.error.code).toBe('creditor_not_active');
  await t.db.update(creditors).set({ status: 'active', goClientKeyEnc: null }).where(eq(creditors.id, t.conectoId));
  expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/sync`, { token })).status).toBe(409);
});

it('the case view: breakdown, claims with their own deadlines, letters, dd.mm.åååå dates, and a claim disputed from the page', async () => {
  const [c] = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  const cookie = cookieOf(await pageLogin(c!.id, 'demo@regnskap.example'));
  const html = await (await t.app.request(`/cases/${c!.id}`, { headers: { cookie } })).text();
  for (const s of ['Hovedstol', 'Renter', 'Gebyrer', 'Salær', 'Innbetalt', 'Saldo', 'Krav', 'Brev sendt', 'Tidslinje', 'næringsdrivende', 'Registrer innsigelse', 'Trekk fra inkasso']) expect(html).toContain(s);
  expect(html).not.toMatch(/\b20\d\d-\d\d-\d\d\b/); // no ISO date shown
  const letter = /href="(\/cases\/[0-9a-f-]{36}\/letters\/[0-9a-f-]{36}\.pdf)"/.exec(html);
  expect(letter).not.toBeNull();
  const pdf = await t.app.request(letter![1]!, { headers: { cookie } });
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect((await t.app.request(letter![1]!)).status).toBe(401);
  const invoiceNo = /action="\/cases\/[0-9a-f-]{36}\/claims\/(\d+)\/dispute"/.exec(html)![1];
  const post = (body: Record<string, string>, headers: Record<string, string> = { origin: own }) =>
    t.app.request(`/cases/${c!.id}/claims/${invoiceNo}/dispute`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers }, body: new URLSearchParams(body).toString() });
  expect((await post({ reason: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
  expect((await post({ reason: ' ' })).status).toBe(400);
  const done = await post({ reason: 'Varen ble aldri levert' });
  expect(done.status).toBe(303);
  const after = await (await t.app.request(done.headers.get('location')!, { headers: { cookie } })).text();
  expect(after).toContain('Innsigelsen er registrert');
  expect(after).toContain('Bestridt – stanset');
  expect(after).toContain('Varen ble aldri levert');
  expect(after).toContain('Gjenoppta');
});
