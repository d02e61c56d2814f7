// The built extension in Debian's Chromium on https://go.poweroffice.net (the sandbox behind
// --host-resolver-rules), against the backend started here: the accountant's day, end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chromeExtensionId } from '@shared/extension-id';
import { seedLedgerPage } from '../helpers/ledger-page';
import { artifacts, axeViolations, goOrigin, loginThroughOptions, type Harness, startLoggedInHarness } from './harness';

let h: Harness;
const ledgerUrl = `${goOrigin}/app/conecto/reskontro`;

beforeAll(async () => {
  h = await startLoggedInHarness(); // invoices 21 and 24 are cases
});
afterAll(async () => {
  await h?.close();
});

const badge = (page: Page, invoiceNo: number) => page.locator(`[data-modhi="badge"][data-modhi-invoice="${invoiceNo}"]`);
const ledgerCalls = () => h.apiCalls.filter((c) => c.endsWith('/invoice-status'));
/** Screenshots at the two widths accountants use. */
async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150); // the layer follows the resize
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
  }
}

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
    // The whole text in the title (the badge shows it, or a shorter stage name where room is tight).
    await badge(page, 21).locator('button.badge').waitFor();
    expect(await badge(page, 21).locator('button.badge').getAttribute('title')).toMatch(/^Sak \d+ · Inkassovarsel sendt · 24\d\s\d{3},\d\d · Foreløpig rente$/);
    await expect(badge(page, 24).textContent()).resolves.toBeDefined();
    expect(await badge(page, 24).locator('button.badge').getAttribute('title')).toMatch(/^Sak \d+ · Inkassovarsel sendt · 45\s\d{3},\d\d( · Foreløpig rente)?$/);
    // 19 is in Go's Utkast, which Go's documented API does not show: the badge offers the send.
    expect(await badge(page, 19).getByRole('button', { name: /^Send til inkasso/ }).count()).toBe(1);
    expect(await page.locator('[data-modhi="sum"] .sum').first().textContent()).toMatch(/^Hos inkasso: \d/);
    expect(await badge(page, 29).count()).toBe(0); // not yet due: nothing to show
    expect(ledgerCalls().length - before).toBe(1);
    // the panel: next step and timeline
    await badge(page, 21).locator('button.badge').click();
    await badge(page, 21).getByText(/Neste steg: betalingsoppfordring sendes \d\d\.\d\d\.\d{4}/).waitFor();
    await badge(page, 21).getByText(/Faktura 21 overført til inkasso/).waitFor();
    // 2026H2 has no official rate in the shipped table: the balance is marked, in the title and the panel.
    await badge(page, 21).getByText(/^Foreløpig rente: forsinkelsesrenten for 2026H2 er ikke kunngjort ennå/).waitFor();
    await page.screenshot({ path: join(artifacts, 'ledger.png'), fullPage: true });
    const violations = await axeViolations(page, '[data-modhi]');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('one-click send approves the draft through Go’s Utkast page, and the case number appears, also in Go’s own column', async () => {
    const page = await h.context.newPage();
    await page.goto(ledgerUrl);
    const row = badge(page, 19);
    // 19 is in Go's Utkast: the extension approves it in Go's Inkasso page as the accountant.
    await row.getByRole('button', { name: /^Send til inkasso/ }).click();
    const dialog = row.getByRole('alertdialog');
    expect(await dialog.textContent()).toMatch(/Sende faktura 19 på 180\s000,00 kr fra Akkurat AS til inkasso hos Modhi\?/);
    const approvals = h.goPageRequests.length;
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const caseButton = row.locator('button.badge');
    await caseButton.waitFor();
    expect(await caseButton.getAttribute('title')).toMatch(/^Sak \d+ · Inkassovarsel sendt/);
    const caseNo = /^Sak (\d+)/.exec((await caseButton.textContent())!)![1]!;
    // Approved the way Go's page does it: the Utkast page fetched, its Godkjenn form posted with the
    // session cookie and the page's antiforgery token; nothing through Go's public API.
    expect(h.goPageRequests.slice(approvals)).toEqual(['GET /app/conecto/inkasso/utkast', 'POST /app/conecto/inkasso/utkast/godkjenn']);
    expect(h.backend.sandbox.stats.calls['POST /v2/DebtCollection/Approve'] ?? 0).toBe(0);
    await shots(page, 'ledger-after-send');
    await page.reload();
    const goColumn = page.locator('tr.go-grid-row', { has: page.locator('td', { hasText: /^Faktura 19/ }) }).locator('td').nth(8);
    expect(await goColumn.textContent()).toBe(caseNo);
    await page.close();
  });

  it('an invoice that is not in Go’s Utkast (excluded customer) opens Go’s Utkast page and says so; nothing is approved', async () => {
    // Normally the send guard's reason ("Unntatt fra inkasso") replaces the button (ledger.test.ts);
    // here the lookup could not read Go's ledger (no guard), so the send reaches Go's Utkast page.
    h.rewriteJson = (_path, json) => {
      const body = json as { items?: { guard?: unknown }[] };
      return Array.isArray(body.items) ? { items: body.items.map(({ guard: _guard, ...rest }) => rest) } : json;
    };
    const page = await h.context.newPage();
    await page.goto(ledgerUrl);
    const row = badge(page, 28);
    await row.getByRole('button', { name: /^Send til inkasso/ }).click();
    const opened = h.context.waitForEvent('page');
    await row.getByRole('button', { name: 'Send', exact: true }).click();
    const go = await opened;
    await go.waitForLoadState();
    expect(go.url()).toBe(`${goOrigin}/app/conecto/inkasso/utkast?highlight=28`);
    expect(await row.getByRole('alert').textContent()).toMatch(/Faktura 28 ligger ikke i Inkasso → Utkast i PowerOffice GO/);
    expect(await row.getByRole('link', { name: 'Åpne Inkasso → Utkast i PowerOffice GO' }).getAttribute('href')).toBe(`${goOrigin}/app/conecto/inkasso/utkast?highlight=28`);
    await Promise.all([go.close(), page.close()]);
    h.rewriteJson = null;
  });

  it('a Go Utkast page that no longer matches leads to the fallback: Go’s page opened with the invoice pointed out', async () => {
    // Go changed its Utkast page: Godkjenn became a scripted button (no form, no token in the row).
    const utkast = `${goOrigin}/app/conecto/inkasso/utkast`;
    await h.context.route(utkast, async (route) => {
      const original = await (await fetch(`${h.sandboxUrl}/app/conecto/inkasso/utkast`)).text();
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: original.replace(/<form class="inline" method="post" action="[^"]*\/godkjenn" data-spa-form>.*?<\/form>/g, '<button type="button" class="go-btn primary">Godkjenn</button>') });
    });
    try {
      const page = await h.context.newPage();
      await page.goto(ledgerUrl);
      const row = badge(page, 26);
      await row.getByRole('button', { name: /^Send til inkasso/ }).click();
      const opened = h.context.waitForEvent('page');
      await row.getByRole('button', { name: 'Send', exact: true }).click();
      const go = await opened;
      expect(go.url()).toBe(`${utkast}?highlight=26`);
      expect(await row.getByRole('alert').textContent()).toMatch(/^Utvidelsen kjenner ikke igjen PowerOffice GO sin side Inkasso → Utkast slik den ser ut nå, så ingenting er godkjent\. Godkjenn faktura 26 selv der/);
      await go.close();
      await shots(page, 'ledger-fallback');
      expect(h.backend.sandbox.store.client('conecto').invoices.find((i) => i.invoiceNo === 26)!.dcStatus).toBe(1); // still in Utkast
      await page.close();
    } finally {
      await h.context.unroute(utkast);
    }
    // The page Go shows with the invoice pointed out.
    const go = await h.context.newPage();
    await go.goto(`${utkast}?highlight=26`);
    expect(await go.locator('tr.go-highlight').getAttribute('data-invoice-no')).toBe('26');
    await go.screenshot({ path: join(artifacts, 'go-utkast-highlight.png') });
    await go.close();
  });

  it('“Ikke send denne kunden til inkasso”, with confirmation, is seen in Go’s customer data; and back', async () => {
    const page = await h.context.newPage();
    await page.goto(ledgerUrl);
    const menu = page.locator('[data-modhi="sum"]').getByRole('button', { name: 'Inkasso for kunden: Fjordkraft Bygg AS' });
    await menu.click();
    const panel = page.locator('[data-modhi="sum"]').getByRole('group', { name: 'Inkasso for kunden: Fjordkraft Bygg AS' });
    await panel.getByText('Kunden sendes til inkasso når fakturaer forfaller.').waitFor();
    await panel.getByRole('button', { name: 'Ikke send denne kunden til inkasso' }).click();
    const confirm = panel.getByRole('alertdialog');
    expect(await confirm.textContent()).toMatch(/^Ikke sende Fjordkraft Bygg AS til inkasso\?/);
    await shots(page, 'ledger-exclude-confirm');
    await confirm.getByRole('button', { name: 'Ja, ikke send' }).click();
    await panel.getByText('Kunden sendes ikke til inkasso (unntatt i PowerOffice GO). Lagret i PowerOffice GO.').waitFor();
    const card = await h.context.newPage();
    await card.goto(`${goOrigin}/app/conecto/kunder/10021`);
    expect(await card.locator('dd[data-field="Overføres til inkasso"]').textContent()).toBe('Nei');
    await panel.getByRole('button', { name: 'Send kunden til inkasso igjen' }).click();
    await panel.getByRole('alertdialog').getByRole('button', { name: 'Ja, send igjen' }).click();
    await panel.getByText('Kunden sendes til inkasso når fakturaer forfaller. Lagret i PowerOffice GO.').waitFor();
    await card.reload();
    expect(await card.locator('dd[data-field="Overføres til inkasso"]').textContent()).toBe('Ja');
    expect(await axeViolations(page, '[data-modhi]')).toEqual([]);
    await Promise.all([card.close(), page.close()]);
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
      await page.locator('[data-modhi="ledger-banner"]').getByRole('status').getByText(/^Får ikke kontakt med Modhi akkurat nå/).waitFor();
      expect(await page.locator('[data-modhi="badge"]').count()).toBe(0);
      await page.getByRole('button', { name: 'Oppdater' }).click(); // Go's own page still works
      await page.locator('tr.go-grid-row', { hasText: 'Faktura 21' }).waitFor();
      // Back in reach, but the login has expired (the backend refuses the token).
      await setStorage({ backendUrl: h.backendUrl, token: 'expired-or-revoked-token' });
      await page.goto(ledgerUrl);
      await page.locator('[data-modhi="ledger-banner"]').getByRole('status').getByText(/^Du er ikke logget inn i Modhi-utvidelsen/).waitFor();
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
  it('changes the dunning profile, made through Go’s Purring page and seen there; sync shows its result', async () => {
    const ledger = await h.context.newPage();
    await ledger.goto(ledgerUrl); // the popup picks the Go client last shown, and works through this tab
    await badge(ledger, 21).locator('button.badge').waitFor();
    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 420, height: 760 });
    await popup.goto(`chrome-extension://${h.extensionId}/popup.html`);
    expect(await popup.getByLabel('Klient').inputValue()).toBe(h.backend.conectoId);
    await popup.getByText('Saker per steg').first().waitFor();
    await popup.getByText('I PowerOffice GO nå: «Ingen purring fra PowerOffice GO»; automatisk overføring av.').waitFor();
    const pageRequests = h.goPageRequests.length;
    await popup.getByLabel('Egne purringer fra PowerOffice GO').check();
    await popup.getByLabel('Automatisk overføring til Modhi').check();
    await popup.getByText('Dette passer ikke med avtalt purreprofil. Lagre for å rette det i Go.').waitFor();
    await popup.getByRole('button', { name: 'Lagre' }).click();
    await popup.getByText('Lagret i Modhi og i PowerOffice GO (Innstillinger → Purring)').waitFor();
    await popup.getByText('I PowerOffice GO nå: «Purring og inkassovarsel»; automatisk overføring på.').waitFor();
    expect(h.goPageRequests.slice(pageRequests)).toEqual(['GET /app/conecto/innstillinger/purring', 'POST /app/conecto/innstillinger/purring']);
    await popup.getByRole('button', { name: 'Synkroniser nå' }).click();
    await popup.getByRole('button', { name: 'Synkroniser nå' }).waitFor(); // the run has finished
    await popup.getByText(/Siste synkronisering: .* – \d+ nye saker/).waitFor();
    await popup.screenshot({ path: join(artifacts, 'popup.png') });
    expect(await axeViolations(popup)).toEqual([]);
    const purring = await h.context.newPage();
    await purring.goto(`${goOrigin}/app/conecto/innstillinger/purring`);
    expect(await purring.getByLabel('Purring og inkassovarsel', { exact: true }).isChecked()).toBe(true);
    expect(await purring.getByLabel('Godkjenn automatisk overføring').isChecked()).toBe(true);
    // Back to the agreed default, so later tests see the seed's settings.
    await popup.getByLabel('Modhi sender inkassovarsel som første purring (anbefalt)').check();
    await popup.getByLabel('Manuell: jeg godkjenner i Inkasso → Utkast').check();
    await popup.getByRole('button', { name: 'Lagre' }).click();
    await popup.getByText('I PowerOffice GO nå: «Ingen purring fra PowerOffice GO»; automatisk overføring av.').waitFor();
    await Promise.all([ledger.close(), popup.close(), purring.close()]);
  });

  it('without a Go tab it cannot read Go’s Purring page: it says so and offers to open it', async () => {
    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 420, height: 760 });
    for (const p of h.context.pages()) if (p !== popup && p.url().startsWith(goOrigin)) await p.close();
    await popup.goto(`chrome-extension://${h.extensionId}/popup.html`);
    await popup.getByText(/^Fikk ikke lest Innstillinger → Purring i PowerOffice GO/).waitFor();
    const opened = h.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Åpne Purring i PowerOffice GO' }).click();
    const go = await opened;
    await go.waitForLoadState();
    expect(go.url()).toBe(`${goOrigin}/app/conecto/innstillinger/purring`);
    await popup.screenshot({ path: join(artifacts, 'popup-fallback.png') });
    await Promise.all([go.close(), popup.close()]);
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
