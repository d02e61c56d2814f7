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
  it('Godkjenn in Utkast moves the invoice to Godkjent without a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${sandbox.url}/app/conecto/inkasso`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    const utkast = page.locator('section', { has: page.locator('#h-utkast') });
    await expect(utkast.locator('tr[data-invoice-no="19"]').count()).resolves.toBe(1);
    await utkast.getByRole('button', { name: 'Godkjenn faktura 19' }).click();
    const godkjent = page.locator('section', { has: page.locator('#h-godkjent') });
    await godkjent.locator('tr[data-invoice-no="19"]').waitFor();
    expect(await utkast.locator('tr[data-invoice-no="19"]').count()).toBe(0);
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
});
