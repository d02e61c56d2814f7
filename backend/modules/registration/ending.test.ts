// Ending the relationship (user guide section 7): no new cases from the end, even if Go offers
// approved invoices; open cases go on (status, remittances) until the last one closes, then the
// creditor is ended and the user is told the extension can be deactivated.
import { afterEach, describe, expect, it } from 'vitest';
import { eq, isNull, and } from 'drizzle-orm';
import { cases, creditors } from '@backend/db/schema';
import { runDaily } from '@backend/modules/daily/service';
import { syncCreditor } from '@backend/modules/sync/run';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

describe('POST /creditors/{id}/end', () => {
  it('winds down: no new cases, open cases go on, ended when the last closes', async () => {
    t = await makeTestBackend();
    const token = await t.login();
    expect((await syncCreditor(t.deps, t.conectoId, 'manual')).ok).toBe(true);
    const open = await t.db.select().from(cases).where(and(eq(cases.creditorId, t.conectoId), isNull(cases.closedAt)));
    expect(open.length).toBeGreaterThan(0);
    // Another firm's creditor: 404, as every creditor route
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/end`, { token: await t.login('annen@regnskap.example', 'demo') })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/end`)).status).toBe(401);
    expect((await t.request('GET', `/api/v1/creditors/${t.conectoId}/end`, { token })).body.error.code).toBe('not_ending');

    const end = await t.request('POST', `/api/v1/creditors/${t.conectoId}/end`, { token });
    expect(end.status).toBe(200);
    expect(end.body).toMatchObject({ status: 'winding_down', openCases: open.length, endedAt: null });
    expect(end.body.message).toMatch(/Ingen nye saker opprettes/);
    expect(end.body.message).toMatch(/Fjern haken «Inkassobyrå kan opprette nye saker» på Modhi Norge Inkasso/);
    // Ending again answers the same
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/end`, { token })).body.status).toBe('winding_down');

    // Go still offers an approved invoice: no case is opened for it, by the sync or by a click
    const conecto = t.sandbox.store.clients.find((c) => c.id === 'conecto')!;
    const f19 = conecto.invoices.find((i) => i.invoiceNo === 19)!;
    t.sandbox.store.approve(conecto, [f19.id]);
    const before = (await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId))).length;
    t.clock.advanceDays(1);
    const day = await runDaily(t.deps, { afterCreditor: async () => {} });
    expect(day.creditors.find((c) => c.creditorId === t.conectoId)).toMatchObject({ ok: true });
    expect((await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId))).length).toBe(before);
    expect((await t.request('POST', `/api/v1/creditors/${t.conectoId}/invoices/19/take`, { token })).status).toBe(409);
    expect((await t.db.select().from(creditors).where(eq(creditors.id, t.conectoId)))[0]!.status).toBe('winding_down');

    // The last open cases close: the next daily run ends the creditor
    await t.db.update(cases).set({ closedAt: '2026-11-29', stage: 'paid' }).where(eq(cases.creditorId, t.conectoId));
    t.clock.advanceDays(1);
    await runDaily(t.deps, { afterCreditor: async () => {} });
    const status = await t.request('GET', `/api/v1/creditors/${t.conectoId}/end`, { token });
    expect(status.body).toMatchObject({ status: 'ended', openCases: 0 });
    expect(status.body.message).toMatch(/kan nå deaktiveres eller slettes/);
    // An ended creditor is no longer in the daily run
    const later = await runDaily(t.deps, { afterCreditor: async () => {} });
    expect(later.creditors.map((c) => c.creditorId)).not.toContain(t.conectoId);
  });

  it('without open cases the creditor is ended at once; a registration under way cannot be ended', async () => {
    t = await makeTestBackend();
    const token = await t.login('annen@regnskap.example', 'demo');
    const end = await t.request('POST', `/api/v1/creditors/${t.delanteId}/end`, { token });
    expect(end.body).toMatchObject({ status: 'ended', openCases: 0 });
    expect(end.body.message).toMatch(/deaktiveres eller slettes/);
    await t.db.update(creditors).set({ status: 'pending' }).where(eq(creditors.id, t.delanteId));
    expect((await t.request('POST', `/api/v1/creditors/${t.delanteId}/end`, { token })).body.error.code).toBe('not_active');
  });
});
