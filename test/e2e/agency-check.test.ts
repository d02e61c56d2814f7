// "Never on two at once" in Chromium with the built extension: the wizard reaches the step before
// activation, the extension (logged in as the same firm) reads Delante's Utvidelser page in the
// accountant's Go tab and posts the reading, and the page shows what is ticked. With PoInkasso
// still ticked activation stops on the page with the guide's instruction; once it is unticked in
// Go and the page reads again, activation goes through, recorded as the extension's reading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { agreementAcceptances, creditorAccess, creditors } from '@backend/db/schema';
import { otherAgencyInstruction } from '@backend/modules/registration/agency-check';
import { artifacts, goOrigin, loginThroughOptions, startHarness, type Harness } from './harness';
import { details } from '../helpers/registration';

let h: Harness;
let wizard: Page;
let go: Page;
let creditorId: string;


async function shots(name: string) {
  for (const width of [1280, 1920]) {
    await wizard.setViewportSize({ width, height: 900 });
    await wizard.waitForTimeout(100);
    await wizard.screenshot({ path: join(artifacts, `agency-check-${name}-${width}.png`), fullPage: true });
  }
  await wizard.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
  h = await startHarness();
  h.backend.deps.config.publicUrl = h.backendUrl;
  // Delante is not on the integration yet; the demo firm registers it (steps 1–3 through the API).
  await h.backend.db.delete(creditorAccess).where(eq(creditorAccess.creditorId, h.backend.delanteId));
  await h.backend.db.delete(creditors).where(eq(creditors.id, h.backend.delanteId));
  const token = await h.backend.login();
  const start = await h.backend.request('POST', '/api/v1/registrations', { token, body: { orgNo: '917757046' } });
  creditorId = start.body.creditorId;
  expect((await h.backend.request('POST', `/api/v1/registrations/${creditorId}/client-key`, { token, body: { clientKey: h.backend.clientKeys[1] } })).status).toBe(200);
  expect((await h.backend.request('PUT', `/api/v1/registrations/${creditorId}/details`, { token, body: details })).status).toBe(200);
  // The extension is logged in as the same firm; the accountant has Delante open in Go.
  await (await loginThroughOptions(h)).close();
  go = await h.context.newPage();
  await go.goto(`${goOrigin}/app/delante/reskontro`);
  const worker = h.context.serviceWorkers()[0]!;
  const known = () => worker.evaluate(async () => ((await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('goClientPages'))['goClientPages'] ?? {}) as Record<string, string>);
  for (let i = 0; i < 100 && !(await known())['917757046']; i++) await go.waitForTimeout(100);
  expect(await known()).toEqual({ '917757046': `${goOrigin}/app/delante/innstillinger/utvidelser` });
  // The wizard, in its own tab, with its own login.
  wizard = await h.context.newPage();
  await wizard.setViewportSize({ width: 1280, height: 900 });
  await wizard.goto(`${h.backendUrl}/register`);
  await wizard.locator('#login-email').fill('demo@regnskap.example');
  await wizard.locator('#login-password').fill('demo');
  await wizard.getByRole('button', { name: 'Logg inn' }).click();
  await wizard.locator('#step1:not([hidden])').waitFor();
});
afterAll(async () => {
  await h?.close();
});

const pending = async () => (await h.backend.db.select().from(creditors).where(eq(creditors.id, creditorId)))[0]!.status;

describe('never on two at once, read by the extension', () => {
  it('another agency ticked: the page shows the reading and activation is refused with the guide’s instruction', async () => {
    h.goPageRequests.length = 0;
    await wizard.goto(`${h.backendUrl}/register?creditor=${creditorId}`);
    await wizard.locator('#step4:not([hidden])').waitFor();
    await wizard.locator('#agency-table:not([hidden])').waitFor({ timeout: 15_000 });
    expect(h.goPageRequests).toContain('GET /app/delante/innstillinger/utvidelser');
    const rows = await wizard.locator('#agency-rows tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
    expect(rows).toEqual([['PoInkasso', 'Inkasso', 'Ja', 'Ja'], ['Modhi Norge Inkasso', 'Inkasso', 'Ja', 'Ja']]);
    expect(await wizard.locator('#agency-status').textContent()).toBe('Aktivering er stoppet:');
    expect(await wizard.locator('#agency-stop').textContent()).toContain('fjern haken «Inkassobyrå kan opprette nye saker»');
    expect(await wizard.locator('#agency-stop').textContent()).toContain('PoInkasso');
    expect(await wizard.locator('#agency-manual').isHidden()).toBe(true);
    expect(await wizard.locator('#openUtvidelser').getAttribute('href')).toBe(`${goOrigin}/app/delante/innstillinger/utvidelser`);
    await wizard.locator('#accept').check();
    await wizard.locator('#authority').check();
    await wizard.getByRole('button', { name: 'SEND INN' }).click();
    await expect.poll(() => wizard.locator('#err-noOtherAgency').textContent()).toBe('Aktivering er stoppet til haken er fjernet hos det andre inkassobyrået (se over). Trykk deretter «Les Utvidelser på nytt».');
    expect(await wizard.locator('#agency-rows tr[data-other]').allTextContents()).toEqual(['PoInkassoInkassoJaJa']);
    await shots('refused');
    expect(await pending()).toBe('pending');
    // The API refuses it too, from the reading the extension posted (not from the page's word)
    const api = await h.backend.request('POST', `/api/v1/registrations/${creditorId}/activate`, { token: await h.backend.login(), body: { agreementVersion: 1, acceptAgreement: true, confirmAuthority: true, confirmNoOtherAgency: true } });
    expect([api.status, api.body.error.fields.extensions]).toEqual([409, otherAgencyInstruction]);
    expect(h.apiCalls).toContain(`POST /api/v1/registrations/${creditorId}/extensions`);
  });

  it('PoInkasso unticked in Go: read again, the page says it is in order, and activation goes through', async () => {
    // In Go's Utvidelser page, as the guide says: PoInkasso's edit dialog, untick, OK.
    await go.goto(`${goOrigin}/app/delante/innstillinger/utvidelser`);
    await go.locator('tr', { hasText: 'PoInkasso' }).getByRole('button', { name: 'Rediger' }).click();
    await go.locator('dialog[open]').getByLabel('Inkassobyrå kan opprette nye saker').uncheck();
    await go.locator('dialog[open]').getByRole('button', { name: 'Ok' }).click();
    await go.getByText('Utvidelsen PoInkasso er lagret.').waitFor();

    await wizard.bringToFront();
    await wizard.getByRole('button', { name: 'Les Utvidelser på nytt' }).click();
    await expect.poll(() => wizard.locator('#agency-status').textContent(), { timeout: 15_000 }).toBe('I orden: bare Modhi Norge Inkasso kan opprette nye saker for klienten.');
    const rows = await wizard.locator('#agency-rows tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
    expect(rows[0]).toEqual(['PoInkasso', 'Inkasso', 'Ja', 'Nei']);
    expect(await wizard.locator('#agency-stop').textContent()).toBe('');
    await shots('passed');
    await wizard.getByRole('button', { name: 'SEND INN' }).click();
    await wizard.locator('#done:not([hidden])').waitFor();
    expect(await wizard.locator('#doneText').textContent()).toContain('Delante AS er nå aktivt på inkassointegrasjonen.');
    expect(await pending()).toBe('active');
    const [acceptance] = await h.backend.db.select().from(agreementAcceptances).where(eq(agreementAcceptances.creditorId, creditorId));
    expect(acceptance!.agencyCheck).toMatchObject({ source: 'extension', confirmedBy: 'user-demo', readBy: 'user-demo', extensions: [{ name: 'PoInkasso', canCreateCases: false }, { name: 'Modhi Norge Inkasso', active: true, canCreateCases: true }] });
  });
});
