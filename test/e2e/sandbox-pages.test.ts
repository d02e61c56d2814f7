// The sandbox's pages in a real browser: approving in Utkast, and soft navigation without reloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './chromium';
import { startSandbox, type RunningSandbox } from '../../sandbox/node';

let sandbox: RunningSandbox;
let browser: { context: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  sandbox = await startSandbox({ today: '2026-11-28' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('sandbox pages', () => {
  it('Godkjenn in Utkast (a page request with the session cookie and antiforgery token) moves the invoice to Godkjent without a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.url}/app/conecto/inkasso`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const utkast = page.locator('section', { has: page.locator('#h-utkast') });
    await expect(utkast.locator('tr[data-invoice-no="19"]').count()).resolves.toBe(1);
    await utkast.getByRole('button', { name: 'Godkjenn faktura 19' }).click();
    await page.locator('.go-flash', { hasText: 'Fakturaen er godkjent for inkasso.' }).waitFor();
    expect(await utkast.locator('tr[data-invoice-no="19"]').count()).toBe(0);
    await page.getByRole('link', { name: /^Godkjent \(\d+\)$/ }).click();
    await page.locator('section', { has: page.locator('#h-godkjent') }).locator('tr[data-invoice-no="19"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.close();
  });

  it('navigates Kundereskontro → Inkasso → back by pushState, and renders the seeded ledger', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.url}/app/conecto/reskontro`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    expect(await page.locator('.go-client-name').textContent()).toBe('Conecto AS');
    await expect(page.locator('tr.go-grid-group', { hasText: 'Akkurat AS, 918649999 (10018)' }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Inkasso' }).click();
    await page.waitForURL(/\/inkasso$/);
    await page.locator('h1', { hasText: 'Inkasso' }).waitFor();
    await page.goBack();
    await page.waitForURL(/\/reskontro$/);
    await page.locator('table.ledger').waitFor();
    expect(await page.locator('td', { hasText: /^Faktura 19$/ }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    await page.close();
  });

  it('Oppdater re-renders the ledger tbody in place; Avskriv posts and swaps #go-main without a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.url}/app/conecto/reskontro`);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 3;
      (document.querySelector('table.ledger') as unknown as { kept: boolean }).kept = true;
    });
    const client = sandbox.store.client('conecto');
    const akkurat = client.customers.find((c) => c.code === '10018')!;
    const added = sandbox.store.addInvoice(client, { customerId: akkurat.id, invoiceDate: '2026-11-01', dueDate: '2026-11-15', amountOre: 1_234_50 });
    await page.getByRole('button', { name: 'Oppdater' }).click();
    const row = page.locator('tr.go-grid-row', { has: page.locator('td', { hasText: new RegExp(`^Faktura ${added.invoiceNo}$`) }) });
    await row.waitFor();
    expect(await row.locator('td').nth(5).textContent()).toMatch(/^1[\u00a0 ]234,50$/);
    // The same table element: only its tbody was replaced, as Go's grid re-renders.
    expect(await page.evaluate(() => (document.querySelector('table.ledger') as unknown as { kept?: boolean }).kept)).toBe(true);

    await row.getByRole('button', { name: 'Avskriv' }).click();
    await page.locator('.go-flash', { hasText: 'Avskrevet' }).waitFor();
    expect(await row.count()).toBe(0);
    expect(sandbox.store.balance(client, added)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(3);
    await page.close();
  });

  it('Utvidelser: Rediger opens the dialog, Ok saves the unticked flag, Avbryt changes nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.url}/app/delante/innstillinger/utvidelser`);
    const poinkasso = page.locator('tbody tr', { has: page.locator('td', { hasText: /^PoInkasso$/ }) });
    expect(await poinkasso.locator('td').allTextContents()).toEqual(['PoInkasso', 'Inkasso', 'Ja', 'Ja', 'Rediger']);

    await poinkasso.getByRole('button', { name: 'Rediger' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rediger utvidelse' });
    await dialog.waitFor();
    await dialog.getByLabel('Inkassobyrå kan opprette nye saker').uncheck();
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(sandbox.store.client('delante').extensions.find((e) => e.name === 'PoInkasso')!.canCreateCases).toBe(true);

    // Avbryt discarded the unticking: the dialog opens again with the stored values.
    await poinkasso.getByRole('button', { name: 'Rediger' }).click();
    expect(await dialog.getByLabel('Inkassobyrå kan opprette nye saker').isChecked()).toBe(true);
    await dialog.getByLabel('Inkassobyrå kan opprette nye saker').uncheck();
    await dialog.getByRole('button', { name: 'Ok' }).click();
    await page.locator('.go-flash', { hasText: 'PoInkasso er lagret' }).waitFor();
    expect(await poinkasso.locator('td').allTextContents()).toEqual(['PoInkasso', 'Inkasso', 'Ja', 'Nei', 'Rediger']);
    const ext = sandbox.store.client('delante').extensions.find((e) => e.name === 'PoInkasso')!;
    expect({ active: ext.active, canCreateCases: ext.canCreateCases }).toEqual({ active: true, canCreateCases: false });
    await page.close();
  });
});
