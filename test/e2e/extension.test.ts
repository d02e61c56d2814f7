// The built extension in Debian's Chromium on https://go.poweroffice.net (the sandbox behind
// --host-resolver-rules), against the backend started here: the accountant's day, end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromeExtensionId } from '@shared/extension-id';
import { eq } from 'drizzle-orm';
import { creditors } from '@backend/db/schema';
import { syncCreditor } from '@backend/services/sync';
import { seedLedgerPage } from '../helpers/ledger-page';
import { artifacts, axeViolations, goOrigin, loginThroughOptions, startHarness, type Harness } from './harness';

let h: Harness;
const ledgerUrl = `${goOrigin}/app/conecto/reskontro`;

beforeAll(async () => {
  h = await startHarness();
  await syncCreditor(h.backend.deps, h.backend.conectoId, 'manual'); // invoices 21 and 24 become cases
  await (await loginThroughOptions(h)).close();
});
afterAll(async () => {
  await h?.close();
});

const badge = (page: Page, invoiceNo: number) => page.locator(`[data-modhi="badge"][data-modhi-invoice="${invoiceNo}"]`);
const ledgerCalls = () => h.apiCalls.filter((c) => c.endsWith('/invoice-status'));

describe('the extension on Go’s customer ledger', () => {
  it('loads with the fixed id its manifest key gives, the one the backend’s CORS allows', async () => {
    expect(h.extensionId).toBe(chromeExtensionId);
    const res = await fetch(`${h.backendUrl}/api/v1/me`, { method: 'OPTIONS', headers: { origin: `chrome-extension://${h.extensionId}`, 'access-control-request-method': 'GET' } });
    expect(res.headers.get('access-control-allow-origin')).toBe(`chrome-extension://${chromeExtensionId}`);
  });

  it('shows case badges, Utkast state and the sum with the agency, with one batch request', async () => {
    const page = await h.context.newPage();
    const before = ledgerCalls().length;
    await page.goto(ledgerUrl);
    await badge(page, 21).getByRole('button', { name: /^Faktura 21: Sak \d+ · Inkassovarsel sendt · 24\d\s\d{3},\d\d$/ }).waitFor();
    await expect(badge(page, 24).textContent()).resolves.toBeDefined();
    expect(await badge(page, 24).locator('button.badge').textContent()).toMatch(/^Sak \d+ · Inkassovarsel sendt · 45\s\d{3},\d\d$/);
    // 19 is in Go's Utkast, which Go's documented API does not show: the badge offers the send.
    expect(await badge(page, 19).getByRole('button', { name: /^Send til inkasso/ }).count()).toBe(1);
    expect(await page.locator('[data-modhi="sum"] .sum').first().textContent()).toMatch(/^Hos inkasso: \d/);
    expect(await badge(page, 29).count()).toBe(0); // not yet due: nothing to show
    expect(ledgerCalls().length - before).toBe(1);
    // the panel: next step and timeline
    await badge(page, 21).locator('button.badge').click();
    await badge(page, 21).getByText(/Neste steg: Betalingsoppfordring sendt \d\d\.\d\d\.\d{4}/).waitFor();
    await badge(page, 21).getByText(/Faktura 21 overført til inkasso/).waitFor();
    // 2026H2 has no official rate in the shipped table: the balance is marked, in the title and the panel.
    expect(await badge(page, 21).locator('button.badge').getAttribute('title')).toMatch(/ · Foreløpig rente$/);
    await badge(page, 21).getByText(/^Foreløpig rente: forsinkelsesrenten for 2026H2 er ikke kunngjort ennå/).waitFor();
    await page.screenshot({ path: join(artifacts, 'ledger.png'), fullPage: true });
    const violations = await axeViolations(page, '[data-modhi]');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('sends an overdue invoice to collection and shows its case number, also in Go’s own column', async () => {
    const page = await h.context.newPage();
    await page.goto(ledgerUrl);
    const row = badge(page, 19);
    // 19 is in Go's Utkast; Go's API cannot approve it, so it is approved in Go's Inkasso page first.
    const conecto = h.backend.sandbox.store.clients.find((c) => c.id === 'conecto')!;
    h.backend.sandbox.store.approve(conecto, [conecto.invoices.find((i) => i.invoiceNo === 19)!.id]);
    await row.getByRole('button', { name: /^Send til inkasso/ }).click();
    const dialog = row.getByRole('alertdialog');
    expect(await dialog.textContent()).toMatch(/Sende faktura 19 på 180\s000,00 kr fra Akkurat AS til inkasso hos Modhi\?/);
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const caseButton = row.getByRole('button', { name: /^Faktura 19: Sak \d+ · Inkassovarsel sendt/ });
    await caseButton.waitFor();
    const caseNo = /^Sak (\d+)/.exec((await caseButton.textContent())!)![1]!;
    await page.screenshot({ path: join(artifacts, 'ledger-after-send.png'), fullPage: true });
    await page.reload();
    const goColumn = page.locator('tr.go-grid-row', { has: page.locator('td', { hasText: /^Faktura 19/ }) }).locator('td').nth(8);
    expect(await goColumn.textContent()).toBe(caseNo);
    await page.close();
  });

  it('refuses quietly when the customer is excluded from collection', async () => {
    const page = await h.context.newPage();
    await page.goto(ledgerUrl);
    const row = badge(page, 28);
    await row.getByRole('button', { name: /^Send til inkasso/ }).click();
    await row.getByRole('button', { name: 'Send', exact: true }).click();
    await row.getByRole('alert').waitFor();
    expect(await row.getByRole('alert').textContent()).toMatch(/unntatt fra inkasso/);
    await page.close();
  });

  it('survives soft navigation away and back, and Go’s re-render, with no duplicate badge', async () => {
    const page = await h.context.newPage();
    await page.goto(ledgerUrl);
    await badge(page, 21).locator('button.badge').waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByRole('link', { name: 'Inkasso', exact: true }).click();
    await page.waitForURL(/\/inkasso$/);
    expect(await page.locator('[data-modhi]').count()).toBe(0);
    await page.getByRole('link', { name: 'Kundereskontro' }).click();
    await page.waitForURL(/\/reskontro$/);
    await badge(page, 21).locator('button.badge').waitFor();
    await page.getByRole('button', { name: 'Oppdater' }).click(); // Go re-renders the grid's rows
    await page.waitForTimeout(300);
    await badge(page, 21).locator('button.badge').waitFor();
    expect(await badge(page, 21).count()).toBe(1);
    const invoices = await page.locator('[data-modhi="badge"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-modhi-invoice')));
    expect(invoices.length).toBeGreaterThan(3);
    expect(new Set(invoices).size).toBe(invoices.length); // one badge per invoice
    expect(await page.locator('[data-modhi="layer"]').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1); // never reloaded
    await page.close();
  });

  it('on a long ledger, badges lie on their own rows and follow the scroll, from one batch', async () => {
    await seedLedgerPage(h.backend, 100_000, 1500); // the sandbox's long ledger numbers its invoices from 100 000
    const page = await h.context.newPage();
    const before = ledgerCalls().length;
    await page.goto(`${ledgerUrl}?rows=1500`);
    const onItsRow = async (invoiceNo: number) => {
      const item = await badge(page, invoiceNo).boundingBox();
      const row = await page.locator('tr.go-grid-row', { has: page.locator('td', { hasText: new RegExp(`^Faktura ${invoiceNo}$`) }) }).boundingBox();
      return !!item && !!row && item.y >= row.y - 1 && item.y + item.height <= row.y + row.height + 1;
    };
    await badge(page, 100_000).waitFor();
    expect(await onItsRow(100_000)).toBe(true);
    // Only rows near the viewport have one; the rest come with the scroll.
    expect(await page.locator('[data-modhi="badge"]').count()).toBeLessThan(200);
    expect(await badge(page, 101_499).count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await badge(page, 101_499).waitFor();
    expect(await onItsRow(101_499)).toBe(true);
    await page.waitForTimeout(300);
    expect(ledgerCalls().length - before).toBe(3); // 1 500 invoices: the 500 nearest the viewport, then two chunks of 500
    await page.close();

    // A Go that scrolls its grid in a container of its own (the same page, with #go-main made a
    // scroller): the badges move with the rows and those scrolled out of the container go.
    const scroller = await h.context.newPage();
    await scroller.route(`${ledgerUrl}?rows=300`, async (route) => {
      // The same page from the sandbox over loopback (Node cannot resolve go.poweroffice.net).
      const page = await (await fetch(`${h.sandboxUrl}/app/conecto/reskontro?rows=300`)).text();
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page.replace('</head>', '<style>#go-main{height:420px;overflow:auto}</style></head>') });
    });
    await scroller.goto(`${ledgerUrl}?rows=300`);
    const onItsRowIn = async (invoiceNo: number) => {
      const item = await badge(scroller, invoiceNo).boundingBox();
      const row = await scroller.locator('tr.go-grid-row', { has: scroller.locator('td', { hasText: new RegExp(`^Faktura ${invoiceNo}$`) }) }).boundingBox();
      return !!item && !!row && Math.abs(item.y - row.y) <= 1 && item.y + item.height <= row.y + row.height + 1;
    };
    await badge(scroller, 100_000).waitFor();
    expect(await onItsRowIn(100_000)).toBe(true);
    expect(await badge(scroller, 100_299).count()).toBe(0);
    await scroller.evaluate(() => { document.getElementById('go-main')!.scrollTop = 1e6; });
    await badge(scroller, 100_299).waitFor();
    expect(await onItsRowIn(100_299)).toBe(true);
    await expect.poll(() => badge(scroller, 100_000).count()).toBe(0);
    // A small scroll inside the container: the badge already there follows its row.
    await scroller.evaluate(() => { document.getElementById('go-main')!.scrollTop -= 60; });
    await scroller.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await onItsRowIn(100_299)).toBe(true);
    await scroller.close();
  });

  it('offers “Koble til inkasso” on a Go client that is not on the integration, and no badges', async () => {
    const page = await h.context.newPage();
    await page.goto(`${goOrigin}/app/delante/reskontro`);
    const banner = page.locator('[data-modhi="ledger-banner"]');
    await banner.getByText('Delante AS er ikke koblet til Modhi inkasso.').waitFor();
    expect(await banner.getByRole('link', { name: 'Koble til inkasso' }).getAttribute('href')).toBe(`${h.backendUrl}/register?orgNo=917757046`);
    expect(await page.locator('[data-modhi="badge"]').count()).toBe(0);
    await page.close();
  });

  it('says so quietly when the login has expired or the backend cannot be reached, and Go’s page keeps working', async () => {
    const worker = h.context.serviceWorkers()[0]!;
    const setStorage = (values: Record<string, string>) => worker.evaluate((v) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set(v), values);
    const page = await h.context.newPage();
    try {
      await setStorage({ backendUrl: 'http://127.0.0.1:9' }); // nothing listens there
      await page.goto(ledgerUrl);
      await page.locator('[data-modhi="ledger-banner"]').getByRole('status').getByText('Inkasso: får ikke kontakt med Modhi akkurat nå').waitFor();
      expect(await page.locator('[data-modhi="badge"]').count()).toBe(0);
      await page.getByRole('button', { name: 'Oppdater' }).click(); // Go's own page still works
      await page.locator('tr.go-grid-row', { hasText: 'Faktura 21' }).waitFor();
      // Back in reach, but the login has expired (the backend refuses the token).
      await setStorage({ backendUrl: h.backendUrl, token: 'expired-or-revoked-token' });
      await page.goto(ledgerUrl);
      await page.locator('[data-modhi="ledger-banner"]').getByRole('status').getByText('Inkasso: logg inn i Modhi-utvidelsen for å se saker').waitFor();
      expect(await page.locator('[data-modhi="badge"]').count()).toBe(0);
    } finally {
      await page.close();
      await setStorage({ backendUrl: h.backendUrl });
      await (await loginThroughOptions(h)).close();
    }
    const again = await h.context.newPage();
    await again.goto(ledgerUrl);
    await badge(again, 21).locator('button.badge').waitFor();
    await again.close();
  });

  it('warns on Utvidelser when two agencies may create cases', async () => {
    const page = await h.context.newPage();
    await page.goto(`${goOrigin}/app/delante/innstillinger/utvidelser`);
    const warning = page.locator('[data-modhi="agency-warning"]').getByRole('alert');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('«PoInkasso» og «Modhi Norge Inkasso»');
    await page.screenshot({ path: join(artifacts, 'utvidelser-warning.png') });
    // Untick the old agency in Go's dialog: the warning goes away without a reload
    await page.locator('tr', { hasText: 'PoInkasso' }).getByRole('button', { name: 'Rediger' }).click();
    await page.getByRole('dialog').getByLabel('Inkassobyrå kan opprette nye saker').uncheck();
    await page.getByRole('dialog').getByRole('button', { name: 'Ok' }).click();
    await page.locator('.go-flash').waitFor();
    await page.waitForTimeout(200);
    expect(await page.locator('[data-modhi="agency-warning"]').count()).toBe(0);
    await page.close();
  });
});

describe('the popup', () => {
  it('changes the dunning profile and Go’s Purring settings follow; sync shows its result', async () => {
    const ledger = await h.context.newPage();
    await ledger.goto(ledgerUrl); // the popup picks the Go client last shown
    await badge(ledger, 21).locator('button.badge').waitFor();
    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 420, height: 760 });
    await popup.goto(`chrome-extension://${h.extensionId}/popup.html`);
    expect(await popup.getByLabel('Klient').inputValue()).toBe(h.backend.conectoId);
    await popup.getByText('Saker per steg').first().waitFor();
    await popup.getByLabel('Egne purringer fra PowerOffice GO').check();
    await popup.getByLabel('Automatisk overføring til Modhi').check();
    await popup.getByRole('button', { name: 'Lagre' }).click();
    await popup.getByText('Lagret i Modhi og PowerOffice GO').waitFor();
    await popup.getByRole('button', { name: 'Synkroniser nå' }).click();
    await popup.getByText(/Siste synkronisering: .* – \d+ nye saker/).waitFor();
    await popup.screenshot({ path: join(artifacts, 'popup.png') });
    expect(await axeViolations(popup)).toEqual([]);
    // The backend keeps the agreed choice; Go's API has no route to its Purring settings.
    const [row] = await h.backend.db.select().from(creditors).where(eq(creditors.id, h.backend.conectoId));
    expect(row).toMatchObject({ dunning: 'own_reminders', approval: 'automatic' });
    await Promise.all([ledger.close(), popup.close()]);
  });
});

describe('an extension update', () => {
  // Last in the file: the reload replaces the service worker the other tests use.
  it('stops the old content script cleanly: its badges go and Go’s page keeps working', async () => {
    const page = await h.context.newPage();
    await page.goto(ledgerUrl);
    await badge(page, 21).locator('button.badge').waitFor();
    const worker = h.context.serviceWorkers()[0]!;
    await worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload()).catch(() => undefined);
    await page.waitForFunction(() => document.querySelectorAll('[data-modhi]').length === 0, undefined, { timeout: 10_000 });
    await page.getByRole('button', { name: 'Oppdater' }).click();
    await page.locator('tr.go-grid-row', { hasText: 'Faktura 21' }).waitFor();
    expect(await page.locator('[data-modhi]').count()).toBe(0);
    await page.close();
  });
});
