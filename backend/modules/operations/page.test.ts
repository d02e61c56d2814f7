// The operations page (/operations) for agency staff: its own login (a cookie scoped to
// /operations), a firm's user refused with 403 by that login and by a Bearer token, creating a firm
// and its first user with each field's error at the field, the firms and their creditors with
// status, and the registrations waiting for the agency. Forms post only from our own origin.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { agencyCustomers, creditors, firms, invites } from '@backend/db/schema';
import { defaultOperationsEmail } from '@backend/seed';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

async function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await t.app.request(`http://localhost${path}`, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...headers } });
  return { status: res.status, text: await res.text(), cookie: res.headers.get('set-cookie'), location: res.headers.get('location') };
}
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(`http://localhost${path}`, { headers });
  return { status: res.status, text: await res.text() };
}
/** The text of the element with `id` (its first text run). */
function textOf(html: string, id: string): string | null {
  const m = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1]! : null;
}

describe('the operations page', () => {
  it('asks for the login; refuses a firm user (403) by its login and by Bearer; lets operations in with a cookie scoped to /operations', async () => {
    t = await makeTestBackend();
    const anonymous = await get('/operations');
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).toContain('action="/operations/login"');
    expect(anonymous.text).not.toContain('Regnskapsbyråer og kreditorer');

    const firmLogin = await form('/operations/login', { email: 'demo@regnskap.example', password: 'demo' });
    expect(firmLogin.status).toBe(403);
    expect(firmLogin.cookie).toBeNull();
    expect(firmLogin.text).toContain('Ingen tilgang');
    const firmBearer = await get('/operations', { authorization: `Bearer ${await t.login()}` });
    expect(firmBearer.status).toBe(403);
    expect(firmBearer.text).not.toContain('Conecto');
    expect((await form('/operations/firms', { name: 'X Regnskap', 'admin.name': 'Xa', 'admin.email': 'x@x.example' }, { authorization: `Bearer ${await t.login()}` })).status).toBe(403);

    const wrong = await form('/operations/login', { email: 'drift@modhi.example', password: 'feil' });
    expect(wrong.status).toBe(401);
    expect(textOf(wrong.text, 'err-ops-password')).toBe('Feil e-post eller passord');
    const ops = await form('/operations/login', { email: defaultOperationsEmail, password: 'demo' });
    expect([ops.status, ops.location]).toEqual([303, '/operations']);
    expect(ops.cookie).toMatch(/^modhi_ops=[^;]+; Max-Age=28800; Path=\/operations; HttpOnly; SameSite=Strict/);
    const cookie = ops.cookie!.split(';')[0]!;
    const page = await get('/operations', { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Regnskapsbyråer og kreditorer');
    // Another site's form cannot post with the cookie
    expect((await form('/operations/firms', { name: 'Y' }, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await form('/operations/firms', { name: 'Y' }, { cookie, origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('creates a firm and its first user, with each error at its field; lists firms, creditors with status, and the agency’s waiting registrations', async () => {
    t = await makeTestBackend();
    const cookie = (await form('/operations/login', { email: defaultOperationsEmail, password: 'demo' })).cookie!.split(';')[0]!;
    const bad = await form('/operations/firms', { name: '', 'admin.name': 'A', 'admin.email': 'anne@' }, { cookie });
    expect(bad.status).toBe(400);
    expect(textOf(bad.text, 'err-firm-name')).toBe('Navnet på regnskapsbyrået må fylles ut');
    expect(textOf(bad.text, 'err-admin-name')).toBe('Navn må fylles ut');
    expect(textOf(bad.text, 'err-admin-email')).toMatch(/^Ugyldig e-postadresse/);
    expect(bad.text).toMatch(/id="admin-email" name="admin.email" type="email" value="anne@"[^>]*aria-invalid="true"/);
    const taken = await form('/operations/firms', { name: 'Fjord Regnskap AS', 'admin.name': 'Anne Fjord', 'admin.email': 'demo@regnskap.example' }, { cookie });
    expect(taken.status).toBe(409);
    expect(textOf(taken.text, 'err-admin-email')).toBe('Det finnes allerede en bruker med denne e-postadressen');

    const made = await form('/operations/firms', { name: 'Fjord Regnskap AS', 'admin.name': 'Anne Fjord', 'admin.email': 'anne@fjord.example' }, { cookie });
    expect(made.status).toBe(201);
    expect(made.text).toMatch(/<code id="invite-url">http:\/\/[^<]+\/invite#[\w-]{20,}<\/code>/);
    const [firm] = await t.db.select().from(firms).where(eq(firms.name, 'Fjord Regnskap AS'));
    expect((await t.db.select().from(invites).where(eq(invites.firmId, firm!.id)))[0]).toMatchObject({ email: 'anne@fjord.example', name: 'Anne Fjord' });

    // Status of the creditors: active, winding down, ended; a firm without creditors yet
    await t.db.update(creditors).set({ status: 'winding_down' }).where(eq(creditors.id, t.delanteId));
    await t.db.insert(agencyCustomers).values([
      { orgNo: '915555551', name: 'Stor Kunde AS', openCases: 14, updatedAt: 'x' },
      { orgNo: '912345602', name: 'Liten Kunde AS', openCases: 3, updatedAt: 'x' },
    ]);
    // A firm tried to register the big one: the wizard sent it to the agency, and it waits here
    const tried = await t.request('POST', '/api/v1/registrations', { token: await t.login(), body: { orgNo: '915555551' } });
    expect(tried.body.error.code).toBe('agency_contact');
    const page = (await get('/operations', { cookie })).text;
    const rows = [...page.matchAll(/<tr data-firm="[^"]+">(.*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|'));
    expect(rows).toContain('|Fjord Regnskap AS|Ingen kreditorer ennå|');
    expect(rows.some((r) => r.includes('Modhi Norge'))).toBe(false); // the agency's own organisation is no firm
    expect(rows.some((r) => /Conecto AS\|\d{3} \d{3} \d{3}\|Aktiv\|/.test(r))).toBe(true);
    expect(rows.some((r) => /Delante AS\|917 757 046\|Avvikles\|/.test(r))).toBe(true);
    await t.db.update(creditors).set({ status: 'ended' }).where(eq(creditors.id, t.delanteId));
    expect((await get('/operations', { cookie })).text).toMatch(/Delante AS<\/td><td>917 757 046<\/td><td><span class="status status-ended">Avsluttet/);
    const waiting = /<table id="waiting">(.*?)<\/table>/s.exec(page)![1]!;
    expect(waiting).toContain('Stor Kunde AS');
    expect(waiting).toMatch(/<td class="num">14<\/td><td>\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} av Demo Regnskap AS<\/td>/);
    expect(waiting).not.toContain('Liten Kunde AS');
  });
});
