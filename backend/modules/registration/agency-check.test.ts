// "Never on two at once" before activation, through the extension's reading of Go's Utvidelser
// page: the reading posted to POST /registrations/{id}/extensions (Bearer for the extension, the
// wizard's cookie for the page), shown with its verdict, used by activation while fresh; otherwise
// the manual confirmation. The acceptance record says which it was and who confirmed.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { agreementAcceptances, creditors } from '@backend/db/schema';
import { otherAgencyInstruction, oursNotActiveInstruction } from '@backend/modules/registration/agency-check';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { details } from '../../../test/helpers/registration';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

const delanteOrg = '917757046';
const url = 'https://go.poweroffice.net/app/delante/innstillinger/utvidelser';
const poinkasso = { name: 'PoInkasso', kind: 'Inkasso', active: true, canCreateCases: true };
const ours = { name: 'Modhi Norge Inkasso', kind: 'Inkasso', active: true, canCreateCases: true };
const bank = { name: 'Bankintegrasjon', kind: 'Annet', active: true, canCreateCases: false };

/** Delante off the integration, registered by the other firm up to step 4. */
async function atStep4() {
  t = await makeTestBackend();
  await t.db.update(creditors).set({ status: 'pending', goClientKeyEnc: null }).where(eq(creditors.id, t.delanteId));
  const token = await t.login('annen@regnskap.example', 'demo');
  const start = await t.request('POST', '/api/v1/registrations', { token, body: { orgNo: delanteOrg } });
  const id = start.body.creditorId as string;
  expect((await t.request('POST', `/api/v1/registrations/${id}/client-key`, { token, body: { clientKey: t.clientKeys[1] } })).status).toBe(200);
  expect((await t.request('PUT', `/api/v1/registrations/${id}/details`, { token, body: details })).status).toBe(200);
  const read = (extensions: unknown[], tk = token) => t.request('POST', `/api/v1/registrations/${id}/extensions`, { token: tk, body: { extensions, url } });
  const activate = (body: Record<string, unknown> = {}) => t.request('POST', `/api/v1/registrations/${id}/activate`, { token, body: { agreementVersion: 1, acceptAgreement: true, confirmAuthority: true, ...body } });
  const acceptance = async () => (await t.db.select().from(agreementAcceptances).where(eq(agreementAcceptances.creditorId, id)))[0];
  return { id, token, read, activate, acceptance };
}

describe('the extension’s reading of Go’s Utvidelser page', () => {
  it('is checked, shown with its verdict, stops activation while another agency is ticked or ours is not, and is recorded', async () => {
    const { id, read, activate, acceptance } = await atStep4();
    // The body is checked, field by field
    const bad = await t.request('POST', `/api/v1/registrations/${id}/extensions`, { token: await t.login('annen@regnskap.example', 'demo'), body: { extensions: [{ name: 'x', kind: 'Inkasso', active: 'ja' }], url: 'javascript:alert(1)' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['extensions.0.active', 'extensions.0.canCreateCases', 'url']);
    // Another firm cannot post a reading for it (nothing says whose it is)
    expect((await read([ours], await t.login())).status).toBe(404);

    // Delante as the sandbox seeds it: PoInkasso ticked
    const two = await read([poinkasso, ours, bank]);
    expect(two.status).toBe(200);
    expect(two.body.agencyCheck).toMatchObject({ ok: false, code: 'other_agency', others: ['PoInkasso'], url, readAt: '2026-11-28T09:00:00.000Z' });
    expect(two.body.agencyCheck.message).toContain(otherAgencyInstruction);
    expect(two.body.agencyCheck.extensions).toEqual([poinkasso, ours, bank]);
    // Refused, even with the manual box ticked: the reading says otherwise
    for (const body of [{}, { confirmNoOtherAgency: true }]) {
      const r = await activate(body);
      expect([r.status, r.body.error.code]).toEqual([409, 'other_agency']);
      expect(r.body.error.fields.extensions).toBe(otherAgencyInstruction);
    }
    // PoInkasso unticked, but ours not active in Go
    const notOurs = await read([{ ...poinkasso, canCreateCases: false }, { ...ours, active: false }]);
    expect(notOurs.body.agencyCheck).toMatchObject({ ok: false, code: 'not_active_in_go', message: oursNotActiveInstruction, others: [] });
    expect((await activate()).body.error.code).toBe('not_active_in_go');

    // As the guide says: PoInkasso unticked, ours active. A reading older than 15 minutes no longer counts.
    const fixed = await read([{ ...poinkasso, canCreateCases: false }, ours, bank]);
    expect(fixed.body.agencyCheck).toMatchObject({ ok: true, code: null, message: null });
    t.clock.set('2026-11-28T09:16:00.000Z');
    const stale = await activate();
    expect([stale.status, stale.body.error.fields.confirmNoOtherAgency]).toEqual([400, expect.stringMatching(/for gammel: les på nytt/)]);
    expect((await t.db.select().from(creditors).where(eq(creditors.id, id)))[0]!.status).toBe('pending');
    await read([{ ...poinkasso, canCreateCases: false }, ours, bank]);
    const done = await activate();
    expect(done.status).toBe(200);
    expect(await acceptance()).toMatchObject({
      userId: 'user-other',
      agencyCheck: { source: 'extension', confirmedBy: 'user-other', readBy: 'user-other', readAt: '2026-11-28T09:16:00.000Z', extensions: [{ ...poinkasso, canCreateCases: false }, ours, bank] },
    });
    // Once active, no more readings for it
    expect((await read([ours])).body.error.code).toBe('already_active');
  });

  it('without a reading, the manual confirmation, recorded as manual with who confirmed', async () => {
    const { activate, acceptance } = await atStep4();
    const missing = await activate();
    expect([missing.status, missing.body.error.fields.confirmNoOtherAgency]).toEqual([400, expect.stringMatching(/^Bekreft at haken/)]);
    const done = await activate({ confirmNoOtherAgency: true });
    expect(done.status).toBe(200);
    expect((await acceptance())!.agencyCheck).toEqual({ source: 'manual', confirmedBy: 'user-other' });
  });

  it('a reading sent with the activation by an API client is recorded as such', async () => {
    const { activate, acceptance } = await atStep4();
    expect((await activate({ extensions: [poinkasso, ours] })).body.error.code).toBe('other_agency');
    expect((await activate({ extensions: [{ ...ours, canCreateCases: false }] })).body.error.code).toBe('not_active_in_go');
    expect((await activate({ extensions: [ours] })).status).toBe(200);
    expect((await acceptance())!.agencyCheck).toMatchObject({ source: 'api', confirmedBy: 'user-other', extensions: [ours] });
  });
});
