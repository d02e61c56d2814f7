// Godkjenn in Go's own Inkasso → Utkast page, as the accountant clicks it (not the extension's
// one-click send): the built extension sees it, the backend takes the invoice now, and the ledger,
// whether reached by Go's soft navigation, by a full load or already open in another tab, shows the
// case (number, stage, balance) and no send button, with a short word on what happened; no reload.
// Screenshots go to test/e2e/artifacts/inkasso-approval-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artifacts, goOrigin, type Harness, startLoggedInHarness } from './harness';

let h: Harness;
const ledgerUrl = `${goOrigin}/app/conecto/reskontro`;
const utkastUrl = `${goOrigin}/app/conecto/inkasso/utkast`;

beforeAll(async () => {
  h = await startLoggedInHarness(); // invoices 21 and 24 are cases
});
afterAll(async () => {
  await h?.close();
});

const badge = (page: Page, invoiceNo: number) => page.locator(`[data-modhi="badge"][data-modhi-invoice="${invoiceNo}"]`);
const sendButton = (page: Page, invoiceNo: number) => badge(page, invoiceNo).getByRole('button', { name: /^Send til inkasso/ });
const toast = (page: Page) => page.locator('[data-modhi="toast"]').getByRole('status');
const takes = () => h.apiCalls.filter((c) => /\/invoices\/\d+\/take$/.test(c));
const said = (invoiceNo: number) => new RegExp(`^Faktura ${invoiceNo} er godkjent i PowerOffice GO og sendt til inkasso som sak (\\d{6})\\.$`);

async function open(url: string, width = 1280): Promise<Page> {
  const page = await h.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  return page;
}

/** Clicks Go's own Godkjenn on the invoice's Utkast row and waits for Go's answer. */
async function approveInGo(page: Page, invoiceNo: number): Promise<void> {
  const utkast = page.locator('section', { has: page.locator('#h-utkast') });
  await utkast.getByRole('button', { name: `Godkjenn faktura ${invoiceNo}` }).click();
  await page.locator('.go-flash', { hasText: 'Fakturaen er godkjent for inkasso.' }).waitFor();
}

/** The case badge of the row: its number, stage and balance in the title, the number and balance
 *  in its visible text too; returns the case number. */
async function expectCase(page: Page, invoiceNo: number): Promise<string> {
  const button = badge(page, invoiceNo).locator('button.badge');
  await button.waitFor();
  const title = (await button.getAttribute('title'))!;
  const m = /^Sak (\d{6}) · Inkassovarsel sendt · (\d[\d\s]*,\d\d)( · Foreløpig rente)?$/.exec(title);
  expect(m, title).not.toBeNull();
  const visible = (await button.innerText()).replace(/\s+/g, ' ');
  expect(visible).toContain(`Sak ${m![1]}`);
  expect(visible.replace(/\s/g, '')).toContain(m![2]!.replace(/\s/g, ''));
  expect(await sendButton(page, invoiceNo).count()).toBe(0);
  return m![1]!;
}

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150); // the layer follows the resize
    await page.screenshot({ path: join(artifacts, `inkasso-approval-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('Godkjenn in Go’s own Inkasso page', () => {
  it('back to the ledger by Go’s own menu (soft navigation): the row shows the case and no send, with a word on it; a full load shows the same without saying it again', async () => {
    const page = await open(ledgerUrl);
    await sendButton(page, 19).waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.locator('.go-nav').getByRole('link', { name: 'Inkasso', exact: true }).click();
    await page.waitForURL(/\/inkasso$/);
    const before = takes().length;
    await approveInGo(page, 19);
    // Said on Go's page as well, while the accountant is there.
    await toast(page).getByText(said(19)).waitFor();
    expect(takes().length - before).toBe(1);
    expect(h.goPageRequests).toContain('POST /app/conecto/inkasso/utkast/godkjenn');
    await shots(page, 'utkast');
    await page.locator('.go-nav').getByRole('link', { name: 'Kundereskontro', exact: true }).click();
    await page.waitForURL(/\/reskontro$/);
    const caseNo = await expectCase(page, 19);
    await toast(page).getByText(`Faktura 19 er godkjent i PowerOffice GO og sendt til inkasso som sak ${caseNo}.`).waitFor();
    // 19 joined Akkurat AS's open case (21's): both rows show the same case and figures.
    expect(await expectCase(page, 21)).toBe(caseNo);
    expect(await badge(page, 19).locator('button.badge').getAttribute('title')).toBe(await badge(page, 21).locator('button.badge').getAttribute('title'));
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await shots(page, 'ledger-soft');

    await page.reload();
    expect(await expectCase(page, 19)).toBe(caseNo);
    await page.waitForTimeout(1000);
    expect(await toast(page).count() ? await toast(page).innerText() : '').not.toMatch(/godkjent i PowerOffice GO/); // told once
    // Go's own Inkasso column has the case number the backend wrote back.
    const goColumn = page.locator('tr.go-grid-row', { has: page.locator('td', { hasText: /^Faktura 19$/ }) }).locator('td').nth(8);
    expect(await goColumn.textContent()).toBe(caseNo);
    await page.close();
  });

  it('back to the ledger by a full load at once: no send while the case is being opened, then the case and the word', async () => {
    const page = await open(utkastUrl);
    await approveInGo(page, 22);
    await page.goto(ledgerUrl);
    // Whether the backend is still at it (the row says "Godkjent for inkasso") or done, never a send.
    const row = badge(page, 22);
    await row.first().waitFor();
    expect(await sendButton(page, 22).count()).toBe(0);
    const caseNo = await expectCase(page, 22);
    await toast(page).getByText(`Faktura 22 er godkjent i PowerOffice GO og sendt til inkasso som sak ${caseNo}.`).waitFor();
    await shots(page, 'ledger-full-load');
    await page.close();
  });

  it('a ledger already open in another tab shows the case without a reload, and says so', async () => {
    const ledger = await open(ledgerUrl);
    await sendButton(ledger, 25).waitFor();
    await ledger.evaluate(() => ((window as unknown as { marker: number }).marker = 2));
    const go = await open(utkastUrl);
    await approveInGo(go, 25);
    // The ledger tab is behind Go's: it hears of it from the background (storage event), not by
    // coming back into view.
    const caseNo = await expectCase(ledger, 25);
    await toast(ledger).getByText(`Faktura 25 er godkjent i PowerOffice GO og sendt til inkasso som sak ${caseNo}.`).waitFor();
    expect(await ledger.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(2);
    await toast(go).getByText(said(25)).waitFor();
    await ledger.bringToFront();
    await shots(ledger, 'ledger-other-tab');
    await Promise.all([go.close(), ledger.close()]);
  });

  it('when Go refuses its own Godkjenn (the draft was approved meanwhile elsewhere), nothing is asked of the backend', async () => {
    const first = await open(utkastUrl);
    const second = await open(utkastUrl);
    await approveInGo(first, 26);
    await toast(first).getByText(/^Faktura 26 er godkjent i PowerOffice GO og sendt til inkasso som sak \d{6}\.$/).waitFor();
    const before = takes().length;
    const utkast = second.locator('section', { has: second.locator('#h-utkast') });
    await utkast.getByRole('button', { name: 'Godkjenn faktura 26' }).click();
    await second.locator('.go-error', { hasText: 'Faktura 26 ligger ikke i Utkast' }).waitFor();
    await second.waitForTimeout(1500);
    expect(takes().length).toBe(before);
    expect(await toast(second).count() ? await toast(second).innerText() : '').toBe('');
    await Promise.all([first.close(), second.close()]);
  });
});
