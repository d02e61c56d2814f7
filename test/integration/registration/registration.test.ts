// The 4-step registration of a creditor, against the sandbox's company register and Go onboarding.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { creditors } from '@backend/db/schema';
import { makeTestBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

const details = {
  name: 'Delante AS',
  address: { line1: 'Smedstusvingen 18', postCode: '1480', city: 'Slattum' },
  bankAccount: '1503.80.59359',
  vatDeductible: true,
  contact: { firstName: 'Thomas', lastName: 'Thorsen', email: 'thomas.thorsen@delante.no', phone: '95071642' },
  acceptAgreement: true,
};

describe('registration wizard', () => {
  it('refuses an invalid org number, another firm’s client, and anonymous calls', async () => {
    t = await makeTestBackend();
    const token = await t.login();
    // Delante is seeded for the other firm: an accountant of the demo firm cannot take it over, and
    // the answer is the same whether the company is on the integration (the demo firm's own Conecto,
    // the other firm's Delante) or being registered by another firm (Delante again, made pending):
    // nothing says whose it is.
    const answers = [];
    for (const orgNo of ['917757046', t.creds.clients.find((c) => c.name === 'Conecto AS')!.orgNo, '917757046']) {
      if (answers.length === 2) await t.db.update(creditors).set({ status: 'pending' }).where(eq(creditors.orgNo, '917757046'));
      const r = await t.request('POST', '/api/v1/registrations', { token, body: { orgNo } });
      expect(r.status).toBe(409);
      expect(r.text).not.toMatch(/regnskapsbyrå|allerede|Annet|Demo/i);
      answers.push(r.body);
    }
    expect(answers[0].error.code).toBe('unavailable');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const invalid = await t.request('POST', '/api/v1/registrations', { token, body: { orgNo: '374644730' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.orgNo).toMatch(/kontrollsiffer/);
    expect((await t.request('POST', '/api/v1/registrations', { body: { orgNo: '917757046' } })).status).toBe(401);
  });

  it('org number → approval in Go → details → summary: the creditor is active with an encrypted client key', async () => {
    t = await makeTestBackend();
    // Take Delante off the integration so the demo firm can register it (as in the user guide).
    const [delante] = await t.db.select().from(creditors).where(eq(creditors.orgNo, '917757046'));
    await t.db.update(creditors).set({ status: 'pending', goClientKeyEnc: null }).where(eq(creditors.id, delante!.id));
    const otherToken = await t.login('annen@regnskap.example', 'demo');
    const start = await t.request('POST', '/api/v1/registrations', { token: otherToken, body: { orgNo: '917 757 046' } });
    expect(start.status).toBe(201);
    expect(start.body.company).toEqual({ name: 'Delante AS', line1: 'Smedstusvingen 18', postCode: '1480', city: 'Slattum' });
    const id = start.body.creditorId;
    // Not approved in Go yet
    expect((await t.request('POST', `/api/v1/registrations/${id}/finalize`, { token: otherToken })).body.error.code).toBe('not_approved');
    expect((await t.request('POST', `/api/v1/registrations/${id}/submit`, { token: otherToken, body: details })).body.error.code).toBe('not_connected');
    // The accountant approves in Go's page; Go sends them back to our RedirectUri with the
    // OnboardingCallbackStatus and the onboarding token, which the wizard passes on.
    const approved = await fetch(start.body.goApprovalUrl, { method: 'POST', redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe('http://127.0.0.1:8787/register');
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ creditor: id, step: '2', status: 'Success' });
    expect((await t.request('POST', `/api/v1/registrations/${id}/finalize`, { token: otherToken, body: { status: 'Canceled' } })).body.error.code).toBe('not_approved');
    expect((await t.request('POST', `/api/v1/registrations/${id}/finalize`, { token: otherToken, body: { status: 'Success', token: 'not-a-token' } })).body.error.code).toBe('not_approved');
    const fin = await t.request('POST', `/api/v1/registrations/${id}/finalize`, { token: otherToken, body: { status: back.searchParams.get('status'), token: back.searchParams.get('token') } });
    expect(fin.body.goConnected).toBe(true);
    // The demo firm cannot touch another firm's registration
    const demoToken = await t.login();
    expect((await t.request('POST', `/api/v1/registrations/${id}/submit`, { token: demoToken, body: details })).status).toBe(404);
    const bad = await t.request('POST', `/api/v1/registrations/${id}/submit`, { token: otherToken, body: { ...details, bankAccount: '15038059358', acceptAgreement: false, address: { ...details.address, postCode: '148' } } });
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['acceptAgreement', 'address.postCode', 'bankAccount']);
    const done = await t.request('POST', `/api/v1/registrations/${id}/submit`, { token: otherToken, body: details });
    expect(done.body).toEqual({ creditorId: id, canCreateCases: true });
    const [row] = await t.db.select().from(creditors).where(eq(creditors.id, id));
    expect(row).toMatchObject({ status: 'active', bankAccount: '15038059359', vatDeductible: true, accounts: { bank: '1920', customerLedger: '1500', interestIncome: '8055', commission: '6790', collectionFee: '7790', inputVat: '2710' } });
    expect(row!.goClientKeyEnc).toMatch(/^v1\./);
    expect(JSON.stringify([start.body, fin.body, done.body])).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"?,?\s*"clientKey/);
    // The wizard page is served
    expect(await (await t.app.request('/register')).text()).toContain('STEG 4');
  });
});
