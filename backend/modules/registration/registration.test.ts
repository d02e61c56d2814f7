// The 4-step registration of a creditor against the company register stand-in and the Go sandbox:
// every field and refusal, Go's callback statuses, the pasted key, the accounts against Go's chart,
// the agreement, "never on two at once", existing agency customers, and the races.
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { agencyCustomers, agreementAcceptances, auditLog, creditors, syncRuns } from '@backend/db/schema';
import { callbackRefusal, otherAgencyInstruction } from '@backend/modules/registration/service';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { details } from '../../../test/helpers/registration';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

const delanteOrg = '917757046';

/** Delante taken off the integration, so the other firm can register it as in the user guide. */
async function freeDelante() {
  await t.db.update(creditors).set({ status: 'pending', goClientKeyEnc: null }).where(eq(creditors.id, t.delanteId));
  return t.login('annen@regnskap.example', 'demo');
}

/** Through Go's approval page: where Go sends the user back (status, token). */
async function approveInGo(url: string) {
  const approved = await fetch(url, { method: 'POST', redirect: 'manual' });
  return new URL(approved.headers.get('location')!);
}

describe('step 1: org number', () => {
  it('refuses with a reason: invalid, unknown, already on, other firms’ (without saying whose), more than 10 open agency cases; anonymous calls', async () => {
    t = await makeTestBackend();
    const token = await t.login();
    const start = (orgNo: string, tk: string | undefined = token) => t.request('POST', '/api/v1/registrations', { ...(tk ? { token: tk } : {}), body: { orgNo } });
    for (const [orgNo, message] of [['374644730', /kontrollsiffer/], ['12345', /9 siffer/], ['', /må fylles ut/], ['92345678x', /bare inneholde siffer/]] as const) {
      const r = await start(orgNo);
      expect(r.status).toBe(400);
      expect(r.body.error.fields.orgNo).toMatch(message);
      expect(r.body.error.fields.orgNo).not.toMatch(/ \/ /); // Norwegian only, on the page
    }
    // Its own Conecto: already on the integration, said so.
    const own = await start(t.creds.clients.find((c) => c.name === 'Conecto AS')!.orgNo);
    expect([own.status, own.body.error.code]).toEqual([409, 'already_registered']);
    // The other firm's Delante, active and then under way: one and the same answer.
    const answers = [];
    for (const pending of [false, true]) {
      if (pending) await t.db.update(creditors).set({ status: 'pending' }).where(eq(creditors.orgNo, delanteOrg));
      const r = await start(delanteOrg);
      expect(r.status).toBe(409);
      expect(r.text).not.toMatch(/Annet|regnskapsbyrå|allerede koblet/i);
      answers.push(r.body);
    }
    expect(answers[0].error.code).toBe('unavailable');
    expect(answers[1]).toEqual(answers[0]);
    // Not in the company register
    const unknown = await start('910101013');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown_company']);
    expect(unknown.body.error.fields.orgNo).toMatch(/Enhetsregisteret/);
    // An agency customer with more than 10 open cases: the agency's onboarding contact (the guide's)
    await t.db.insert(agencyCustomers).values({ orgNo: '915555551', name: 'Fjellheim Rør AS', openCases: 11, updatedAt: 'x' });
    const many = await start('915555551');
    expect([many.status, many.body.error.code]).toEqual([409, 'agency_contact']);
    expect(many.body.error.fields.orgNo).toContain('vegard.aakervik@modhi.no');
    expect(many.body.error.fields.orgNo).toContain('909 34 819');
    t.deps.config.agencyOnboardingContact = { name: 'Kari Nordmann', email: 'onboarding@modhi.example', phone: '22 22 22 22' };
    expect((await start('915555551')).body.error.message).toContain('onboarding@modhi.example');
    expect((await start(delanteOrg, '')).status).toBe(401);
    // Agency staff do not register through the wizard
    expect((await start('912345602', await t.loginOps())).status).toBe(403);
  });

  it('prefills name and address from the company register; when it is out, the user fills in by hand', async () => {
    t = await makeTestBackend();
    const token = await t.login();
    const found = await t.request('POST', '/api/v1/registrations', { token, body: { orgNo: '912 345 602' } });
    expect(found.status).toBe(201);
    expect(found.body).toMatchObject({ orgNo: '912345602', register: 'found', company: { name: 'Solbakken Bakeri AS', line1: 'Bakkegata 3', postCode: '3015', city: 'Drammen' }, goConnected: false, legacyOpenCases: 0 });
    expect(found.body.goApprovalUrl).toMatch(/\/onboarding\//);
    t.companyRegister.setDown(true);
    const out = await t.request('POST', '/api/v1/registrations', { token, body: { orgNo: '915555551' } });
    expect(out.status).toBe(201);
    expect(out.body).toMatchObject({ register: 'unreachable', company: { name: '', line1: '', postCode: '', city: '' } });
    t.deps.config.onboarding!.companyRegisterUrl = 'http://127.0.0.1:9/enhetsregisteret/api/enheter';
    expect((await t.request('POST', '/api/v1/registrations', { token, body: { orgNo: '915555551' } })).body.register).toBe('unreachable');
    // The firm's own registration under way is resumed, not refused
    const again = await t.request('POST', '/api/v1/registrations', { token, body: { orgNo: '912345602' } });
    expect([again.status, again.body.creditorId]).toEqual([201, found.body.creditorId]);
    // Other firms cannot read it
    const other = await t.login('annen@regnskap.example', 'demo');
    expect((await t.request('GET', `/api/v1/registrations/${found.body.creditorId}`, { token: other })).status).toBe(404);
  });
});

describe('step 2: connect Go', () => {
  it('each callback status is explained; Finalize gives the key, verified and stored encrypted, never shown', async () => {
    t = await makeTestBackend();
    const other = await freeDelante();
    const start = await t.request('POST', '/api/v1/registrations', { token: other, body: { orgNo: delanteOrg } });
    const id = start.body.creditorId;
    const fin = (body: unknown) => t.request('POST', `/api/v1/registrations/${id}/finalize`, { token: other, body });
    expect((await fin({})).body.error.code).toBe('not_approved');
    const messages = new Set<string>();
    for (const status of ['Canceled', 'ClientNotFound', 'NoClientAccess', 'IntegrationBlocked']) {
      const r = await fin({ status });
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([409, 'not_approved', callbackRefusal[status]]);
      messages.add(r.body.error.message);
    }
    expect(messages.size).toBe(4);
    expect((await fin({ status: 'Success', token: 'not-a-token' })).body.error.code).toBe('not_approved');
    const back = await approveInGo(start.body.goApprovalUrl);
    expect(`${back.origin}${back.pathname}`).toBe('http://127.0.0.1:8787/register');
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ creditor: id, step: '2', status: 'Success' });
    const ok = await fin({ status: 'Success', token: back.searchParams.get('token') });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ goConnected: true, canCreateCases: true, goApprovalUrl: null });
    const [row] = await t.db.select().from(creditors).where(eq(creditors.id, id));
    expect(row!.goClientKeyEnc).toMatch(/^v1\./);
    for (const text of [start.text, ok.text, (await t.request('GET', `/api/v1/registrations/${id}`, { token: other })).text]) {
      for (const key of t.clientKeys) expect(text).not.toContain(key);
    }
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.creditorId, id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['registration.start', 'registration.go_connected']));
    for (const key of t.clientKeys) expect(JSON.stringify(audits)).not.toContain(key);
  });

  it('a pasted client key: its form, then Go’s answer to a token, at the field', async () => {
    t = await makeTestBackend();
    const other = await freeDelante();
    const id = (await t.request('POST', '/api/v1/registrations', { token: other, body: { orgNo: delanteOrg } })).body.creditorId;
    const paste = (clientKey: string) => t.request('POST', `/api/v1/registrations/${id}/client-key`, { token: other, body: { clientKey } });
    const malformed = await paste('abc');
    expect([malformed.status, Object.keys(malformed.body.error.fields)]).toEqual([400, ['clientKey']]);
    const refused = await paste('00000000-0000-4000-8000-000000000000');
    expect([refused.status, refused.body.error.fields.clientKey]).toEqual([400, expect.stringMatching(/godtok ikke/)]);
    const ok = await paste(t.clientKeys[1]!);
    expect(ok.body).toMatchObject({ goConnected: true, canCreateCases: true });
    expect(ok.text).not.toContain(t.clientKeys[1]);
  });
});

describe('steps 3 and 4', () => {
  it('every field is checked with its message; accounts against Go’s chart; then the agreement, the switching rule, and activation with the first sync', async () => {
    t = await makeTestBackend();
    const other = await freeDelante();
    const start = await t.request('POST', '/api/v1/registrations', { token: other, body: { orgNo: delanteOrg } });
    const id = start.body.creditorId;
    const put = (body: unknown) => t.request('PUT', `/api/v1/registrations/${id}/details`, { token: other, body });
    expect((await put(details)).body.error.code).toBe('not_connected');
    const back = await approveInGo(start.body.goApprovalUrl);
    await t.request('POST', `/api/v1/registrations/${id}/finalize`, { token: other, body: { status: 'Success', token: back.searchParams.get('token') } });

    const cases: [string, unknown, RegExp][] = [
      ['name', { ...details, name: '' }, /Firmanavn må fylles ut/],
      ['address.line1', { ...details, address: { ...details.address, line1: ' ' } }, /Adresselinje 1 må fylles ut/],
      ['address.postCode', { ...details, address: { ...details.address, postCode: '148' } }, /4 siffer/],
      ['address.postCode', { ...details, address: { ...details.address, postCode: '14a0' } }, /siffer/],
      ['address.city', { ...details, address: { ...details.address, city: '' } }, /Poststed må fylles ut/],
      ['bankAccount', { ...details, bankAccount: '15038059358' }, /kontrollsiffer.*MOD11/],
      ['bankAccount', { ...details, bankAccount: '' }, /må fylles ut/],
      ['contact.firstName', { ...details, contact: { ...details.contact, firstName: '' } }, /Fornavn/],
      ['contact.lastName', { ...details, contact: { ...details.contact, lastName: '' } }, /Etternavn/],
      ['contact.email', { ...details, contact: { ...details.contact, email: 'thomas@' } }, /e-postadresse/],
      ['contact.phone', { ...details, contact: { ...details.contact, phone: 'abc' } }, /8 siffer/],
      ['accounts.commission', { ...details, accounts: { ...details.accounts, commission: 'sju' } }, /4 siffer/],
      ['accounts.bank', { ...details, accounts: { ...details.accounts, bank: '' } }, /må fylles ut/],
      ['vatDeductible', { ...details, vatDeductible: 'ja' }, /fradragsrett/],
      ['dunning', { ...details, dunning: 'x' }, /purreprofil/],
      ['approval', { ...details, approval: undefined }, /godkjenning/],
    ];
    for (const [path, body, message] of cases) {
      const r = await put(body);
      expect(r.status, path).toBe(400);
      expect(Object.keys(r.body.error.fields), path).toEqual([path]);
      expect(r.body.error.fields[path], path).toMatch(message);
    }
    // Accounts Go's chart does not have, each named; inngående MVA only with a deduction right
    const chart = await put({ ...details, accounts: { ...details.accounts, bank: '1921', collectionFee: '7791' } });
    expect(chart.status).toBe(400);
    expect(chart.body.error.fields).toEqual({ 'accounts.bank': 'Konto 1921 finnes ikke i kontoplanen til klienten i PowerOffice GO', 'accounts.collectionFee': 'Konto 7791 finnes ikke i kontoplanen til klienten i PowerOffice GO' });
    expect((await put({ ...details, vatDeductible: false, accounts: { ...details.accounts, inputVat: '2711' } })).status).toBe(200);
    const saved = await put(details);
    expect(saved.status).toBe(200);
    expect(saved.body.details).toMatchObject({ bankAccount: '15038059359', contact: { phone: '95071642' }, dunning: 'agency_notice' });

    // The preview: overdue invoices, which the first run sends (approved in Go), with the guard's findings
    const store = t.sandbox.store;
    const delante = store.clients.find((c) => c.name === 'Delante AS')!;
    store.approve(delante, [delante.invoices.find((i) => i.invoiceNo === 1001)!.id]);
    const preview = await t.request('GET', `/api/v1/registrations/${id}/preview`, { token: other });
    expect(preview.status).toBe(200);
    expect(preview.body.items).toEqual([expect.objectContaining({ invoiceNo: 1001, customerName: 'Tangen Elektro AS', approved: true, willSend: true, balanceOre: 1_540_000 })]);
    expect(preview.body.willSend).toBe(1);

    const agreement = await t.request('GET', '/api/v1/registrations/agreement', { token: other });
    expect(agreement.body).toMatchObject({ version: 1, commissionBp: 1000, commissionMinOre: 5000 });
    expect(agreement.body.debtorPays).toMatch(/Skyldneren betaler/);
    const activate = (body: Record<string, unknown>) => t.request('POST', `/api/v1/registrations/${id}/activate`, { token: other, body: { agreementVersion: 1, acceptAgreement: true, confirmAuthority: true, ...body } });
    const unaccepted = await activate({ acceptAgreement: false, confirmAuthority: false, extensions: [] });
    expect(Object.keys(unaccepted.body.error.fields).sort()).toEqual(['acceptAgreement', 'confirmAuthority']);
    expect((await activate({ agreementVersion: 2, extensions: [] })).body.error.code).toBe('agreement_changed');
    expect((await activate({})).body.error.fields.confirmNoOtherAgency).toMatch(/Bekreft/);
    // Delante's PoInkasso may still create new cases (as the extension reads Go's Utvidelser page)
    const poinkasso = { name: 'PoInkasso', kind: 'Inkasso', active: true, canCreateCases: true };
    const two = await activate({ extensions: [poinkasso, { name: 'Modhi Norge Inkasso', kind: 'Inkasso', active: true, canCreateCases: true }] });
    expect([two.status, two.body.error.code]).toEqual([409, 'other_agency']);
    expect(two.body.error.message).toContain(otherAgencyInstruction);
    expect(two.body.error.message).toContain('PoInkasso');
    expect((await t.db.select().from(creditors).where(eq(creditors.id, id)))[0]!.status).toBe('pending');
    // Our own must be able to create cases (IsActiveDebtCollection)
    const ext = delante.extensions.find((e) => e.name === 'Modhi Norge Inkasso')!;
    ext.canCreateCases = false;
    expect((await activate({ extensions: [{ ...poinkasso, canCreateCases: false }] })).body.error.code).toBe('not_active_in_go');
    ext.canCreateCases = true;
    const done = await activate({ extensions: [{ ...poinkasso, canCreateCases: false }] });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ creditorId: id, status: 'active', agreementVersion: 1, firstSync: { ok: true, casesCreated: 1 }, legacyOpenCases: 0 });
    const [row] = await t.db.select().from(creditors).where(eq(creditors.id, id));
    expect(row).toMatchObject({ status: 'active', bankAccount: '15038059359', vatDeductible: true, dunning: 'agency_notice', approval: 'manual', contact: { phone: '95071642' } });
    const [acceptance] = await t.db.select().from(agreementAcceptances).where(eq(agreementAcceptances.creditorId, id));
    expect(acceptance).toMatchObject({ agreementVersion: 1, userId: 'user-other', authorityConfirmed: true, acceptedAt: '2026-11-28T09:00:00.000Z' });
    expect((await t.db.select().from(syncRuns).where(eq(syncRuns.creditorId, id))).length).toBe(1);
    expect((await activate({ extensions: [] })).body.error.code).toBe('already_active');
    // A new agreement version is what the next registration accepts
    expect((await t.request('GET', `/api/v1/registrations/${id}`, { token: await t.login() })).status).toBe(404);
  });

  it('an existing agency customer with at most 10 open cases: same steps, old cases outside the integration, handled manually', async () => {
    t = await makeTestBackend();
    const other = await freeDelante();
    await t.db.insert(agencyCustomers).values({ orgNo: delanteOrg, name: 'Delante AS', openCases: 10, updatedAt: 'x' });
    const start = await t.request('POST', '/api/v1/registrations', { token: other, body: { orgNo: delanteOrg } });
    expect(start.status).toBe(201);
    expect(start.body.legacyOpenCases).toBe(10);
    expect(start.body.notices[0]).toMatch(/10 åpne saker.*utenfor integrasjonen.*håndteres manuelt/);
    await t.request('POST', `/api/v1/registrations/${start.body.creditorId}/client-key`, { token: other, body: { clientKey: t.clientKeys[1] } });
    await t.request('PUT', `/api/v1/registrations/${start.body.creditorId}/details`, { token: other, body: details });
    const done = await t.request('POST', `/api/v1/registrations/${start.body.creditorId}/activate`, { token: other, body: { agreementVersion: 1, acceptAgreement: true, confirmAuthority: true, confirmNoOtherAgency: true } });
    expect(done.body).toMatchObject({ status: 'active', legacyOpenCases: 10 });
    expect(done.body.notices[0]).toMatch(/håndteres manuelt/);
  });
});

describe('races', () => {
  it('two firms starting one company at once make one creditor; the loser is refused without saying whose', async () => {
    t = await makeTestBackend();
    const [a, b] = [await t.login(), await t.login('annen@regnskap.example', 'demo')];
    const answers = await Promise.all([a, b, a, b].map((token) => t.request('POST', '/api/v1/registrations', { token, body: { orgNo: '912345602' } })));
    const rows = await t.db.select().from(creditors).where(eq(creditors.orgNo, '912345602'));
    expect(rows).toHaveLength(1);
    expect(answers.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'unavailable'))).toBe(true);
    expect(new Set(answers.filter((r) => r.status === 201).map((r) => r.body.creditorId))).toEqual(new Set([rows[0]!.id]));
  });

  it('two activations of one client at once: one creditor, one acceptance, one first sync', async () => {
    t = await makeTestBackend();
    const other = await freeDelante();
    const id = (await t.request('POST', '/api/v1/registrations', { token: other, body: { orgNo: delanteOrg } })).body.creditorId;
    await t.request('POST', `/api/v1/registrations/${id}/client-key`, { token: other, body: { clientKey: t.clientKeys[1] } });
    await t.request('PUT', `/api/v1/registrations/${id}/details`, { token: other, body: details });
    const body = { agreementVersion: 1, acceptAgreement: true, confirmAuthority: true, confirmNoOtherAgency: true };
    const answers = await Promise.all([0, 1, 2].map(() => t.request('POST', `/api/v1/registrations/${id}/activate`, { token: other, body })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await t.db.select().from(agreementAcceptances).where(and(eq(agreementAcceptances.creditorId, id)))).toHaveLength(1);
    expect(await t.db.select().from(syncRuns).where(eq(syncRuns.creditorId, id))).toHaveLength(1);
  });
});
