// Who registers: operations create an accounting firm and its first user (an admin, by invitation),
// the admin invites colleagues with their own passwords; a company registers itself ("Bli kunde på
// 1-2-3") behind a limit per address, a honeypot and a pluggable challenge. The wizard's login is a
// cookie scoped to /register, accepted only from our own origin. Firm isolation on every new route.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

const tokenOf = (inviteUrl: string) => new URL(inviteUrl).hash.slice(1);

describe('firms and invitations', () => {
  it('operations create a firm; its admin sets a password, invites a colleague; isolation holds', async () => {
    t = await makeTestBackend();
    const ops = await t.loginOps();
    const accountant = await t.login();
    const body = { name: 'Fjord Regnskap AS', admin: { name: 'Anne Admin', email: 'Anne@Fjord.example' } };
    expect((await t.request('POST', '/api/v1/operations/firms', { token: accountant, body })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/operations/firms', { body })).status).toBe(401);
    const bad = await t.request('POST', '/api/v1/operations/firms', { token: ops, body: { name: '', admin: { name: 'A', email: 'nope' } } });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['admin.email', 'admin.name', 'name']);
    const made = await t.request('POST', '/api/v1/operations/firms', { token: ops, body });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Fjord Regnskap AS', admin: { email: 'anne@fjord.example', role: 'admin' } });
    expect(made.body.inviteUrl).toMatch(/^http:\/\/127\.0\.0\.1:8787\/invite#/);
    expect((await t.request('POST', '/api/v1/operations/firms', { token: ops, body })).body.error.code).toBe('email_taken');

    const accept = (token: string, password: string) => t.request('POST', '/api/v1/invites/accept', { body: { token, password } });
    expect((await accept(tokenOf(made.body.inviteUrl), 'kort')).body.error.fields.password).toMatch(/minst 10 tegn/);
    expect((await accept('x'.repeat(40), 'et langt passord')).body.error.fields.token).toMatch(/ugyldig/);
    const admin = await accept(tokenOf(made.body.inviteUrl), 'et langt passord');
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ email: 'anne@fjord.example', roles: ['accountant', 'admin'] });
    expect((await accept(tokenOf(made.body.inviteUrl), 'et langt passord')).status).toBe(400); // used once

    const anne = await t.login('anne@fjord.example', 'et langt passord');
    const invite = await t.request('POST', '/api/v1/firm/invites', { token: anne, body: { name: 'Per Kollega', email: 'per@fjord.example' } });
    expect(invite.status).toBe(201);
    expect(invite.body.firmId).toBe(made.body.firmId);
    expect((await accept(tokenOf(invite.body.inviteUrl), 'pers eget passord')).body.roles).toEqual(['accountant']);
    const per = await t.login('per@fjord.example', 'pers eget passord');
    // A colleague is no admin; another firm's accountant neither
    expect((await t.request('POST', '/api/v1/firm/invites', { token: per, body: { name: 'Ola', email: 'ola@fjord.example' } })).status).toBe(403);
    expect((await t.request('POST', '/api/v1/firm/invites', { token: accountant, body: { name: 'Ola', email: 'ola@fjord.example' } })).status).toBe(403);
    const [row] = await t.db.select().from(users).where(eq(users.email, 'per@fjord.example'));
    expect(row).toMatchObject({ firmId: made.body.firmId, kind: 'firm' });
    // The new firm sees none of the demo firm's creditors, and cannot take Conecto over
    expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/cases`, { token: per })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/end`, { token: per })).status).toBe(404);
    const conecto = await t.request('POST', '/api/v1/registrations', { token: per, body: { orgNo: '923456783' } });
    expect(conecto.body.error.code).toBe('unavailable');
    // Its own registration is its own: the demo firm cannot see it
    const own = await t.request('POST', '/api/v1/registrations', { token: per, body: { orgNo: '912345602' } });
    expect(own.status).toBe(201);
    for (const [method, path] of [['GET', ''], ['GET', '/preview'], ['POST', '/finalize'], ['POST', '/client-key'], ['PUT', '/details'], ['POST', '/activate']] as const) {
      const r = await t.request(method, `/api/v1/registrations/${own.body.creditorId}${path}`, { token: accountant, ...(method === 'GET' ? {} : { body: path === '/client-key' ? { clientKey: t.clientKeys[0] } : path === '/activate' ? { agreementVersion: 1, acceptAgreement: true, confirmAuthority: true, confirmNoOtherAgency: true } : path === '/details' ? { name: 'x' } : {} }) });
      expect(r.status, `${method} ${path}`).toBe(path === '/details' ? 400 : 404);
    }
  });
});

describe('self-registration and the wizard cookie', () => {
  const signup = (o: { address?: string; origin?: string; body?: Record<string, unknown> } = {}) =>
    t.request('POST', '/register/api/signup', {
      headers: { 'x-test-client-address': o.address ?? '198.51.100.7', ...(o.origin ? { origin: o.origin } : {}) },
      body: { company: 'Solbakken Bakeri AS', name: 'Siri Solbakken', email: 'siri@solbakken.example', password: 'et langt passord', ...o.body },
    });

  it('a company registers itself: honeypot, challenge, limit per address; then the same wizard with its cookie', async () => {
    t = await makeTestBackend();
    const honey = await signup({ body: { website: 'http://spam.example' } });
    expect([honey.status, honey.body.error.code]).toEqual([400, 'validation']);
    t.deps.registrationChallenge = async (answer) => answer === 'riktig';
    expect((await signup({ address: '198.51.100.8' })).body.error.fields.challenge).toMatch(/robot/);
    t.deps.registrationChallenge = undefined;
    expect((await signup({ address: '198.51.100.9', origin: 'https://evil.example' })).status).toBe(403);
    const made = await signup({ address: '198.51.100.10' });
    expect(made.status).toBe(201);
    const cookie = made.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^modhi_wizard=[^;]+;/);
    expect(cookie).toMatch(/Path=\/register/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await signup({ address: '198.51.100.10' })).body.error.code).toBe('email_taken');
    const session = cookie.split(';')[0]!;
    // The page knows who is logged in, and the steps work with the cookie from our own origin only
    expect(await (await t.app.request('/register', { headers: { cookie: session } })).text()).toContain('Innlogget som Siri Solbakken, Solbakken Bakeri AS');
    const start = await t.request('POST', '/register/api/registrations', { headers: { cookie: session, origin: 'http://localhost' }, body: { orgNo: '912345602' } });
    expect(start.status).toBe(201);
    expect((await t.request('POST', '/register/api/registrations', { headers: { cookie: session, origin: 'https://evil.example' }, body: { orgNo: '912345602' } })).status).toBe(403);
    expect((await t.request('GET', `/register/api/registrations/${start.body.creditorId}`, { headers: { cookie: session } })).status).toBe(200);
    // The cookie is not the API's login
    expect((await t.request('GET', `/api/v1/registrations/${start.body.creditorId}`, { headers: { cookie: session } })).status).toBe(401);
    await t.request('POST', '/register/api/logout', { headers: { cookie: session } });
    expect((await t.request('GET', `/register/api/registrations/${start.body.creditorId}`, { headers: { cookie: session } })).status).toBe(401);
    // At most 5 sign-ups an hour from one address
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signup({ address: '203.0.113.5', body: { email: `x${i}@spam.example`, website: 'x' } })).status);
    expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true);
    expect(statuses[5]).toBe(429);
  });

  it('the wizard login: wrong password at the field, right one sets the cookie', async () => {
    t = await makeTestBackend();
    const wrong = await t.request('POST', '/register/api/login', { body: { email: 'demo@regnskap.example', password: 'feil' } });
    expect([wrong.status, wrong.body.error.fields.password]).toEqual([401, 'Feil e-post eller passord']);
    const ok = await t.request('POST', '/register/api/login', { body: { email: 'demo@regnskap.example', password: 'demo' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/modhi_wizard=.*Path=\/register/);
    expect(ok.text).not.toMatch(/token/);
  });
});
