// The operations page in Chromium: the login, a firm user refused, a firm created with the
// errors at the fields first; screenshots at 1280 and 1920.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { agencyCustomers } from '@backend/db/schema';
import { defaultOperationsEmail } from '@backend/seed';
import { artifacts, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness();
  h.backend.deps.config.publicUrl = h.backendUrl;
  await h.backend.db.insert(agencyCustomers).values({ orgNo: '915555551', name: 'Stor Kunde AS', openCases: 14, updatedAt: 'x' });
  page = await h.context.newPage();
});
afterAll(async () => {
  await h?.close();
});

async function shots(name: string) {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(artifacts, `operations-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function logIn(email: string, password: string) {
  await page.goto(`${h.backendUrl}/operations`);
  await page.locator('#ops-email').fill(email);
  await page.locator('#ops-password').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

describe('the operations page', () => {
  it('refuses a firm user, lets operations in, shows errors at the fields, creates a firm', async () => {
    await logIn('demo@regnskap.example', 'demo');
    await page.getByRole('heading', { name: 'Ingen tilgang' }).waitFor();
    await logIn(defaultOperationsEmail, 'demo');
    await page.getByRole('heading', { name: 'Drift – regnskapsbyråer og kunder' }).waitFor();
    await page.getByRole('button', { name: 'Opprett byrå og inviter' }).click();
    await page.locator('#err-firm-name').filter({ hasText: 'Navnet på regnskapsbyrået må fylles ut' }).waitFor();
    expect(await page.locator('#err-admin-email').textContent()).toBe('E-post må fylles ut');
    await shots('errors');
    await page.locator('#firm-name').fill('Fjord Regnskap AS');
    await page.locator('#admin-name').fill('Anne Fjord');
    await page.locator('#admin-email').fill('anne@fjord.example');
    await page.getByRole('button', { name: 'Opprett byrå og inviter' }).click();
    await page.locator('#created').waitFor();
    expect(await page.locator('#invite-url').textContent()).toContain(`${h.backendUrl}/invite#`);
    expect(await page.locator('#firms').innerText()).toContain('Fjord Regnskap AS');
    expect(await page.locator('#waiting').innerText()).toContain('Stor Kunde AS');
    await shots('created');
  });
});
