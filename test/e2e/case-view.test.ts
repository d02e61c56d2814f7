// The accountant's case view, as the link in Go opens it: the page's own login, then the case with
// its breakdown, claims, letters and timeline; a claim disputed from the page. Screenshots at 1280
// and 1920 px (test/e2e/artifacts/case-view-*.png); axe finds nothing; nothing overflows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { cases } from '@backend/db/schema';
import { syncCreditor } from '@backend/modules/sync/run';
import { artifacts, axeViolations, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await syncCreditor(h.backend.deps, h.backend.conectoId, 'manual');
});
afterAll(async () => {
  await h?.close();
});

it('logs in on the page, shows the case in Norwegian with dd.mm.åååå dates, and takes a dispute with its reason', async () => {
  const [c] = await h.backend.db.select().from(cases).where(eq(cases.creditorId, h.backend.conectoId));
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${h.backendUrl}/cases/${c!.id}`);
  await page.getByLabel('E-post').fill('demo@regnskap.example');
  await page.getByLabel('Passord').fill('demo');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('heading', { name: `Inkassosak ${c!.caseNo}` }).waitFor();
  const body = await page.locator('main').innerText();
  expect(body).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  for (const s of ['Hovedstol', 'Salær', 'Inkassovarsel', 'Tidslinje']) expect(body).toContain(s);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: join(artifacts, 'case-view-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1000 });
  await page.screenshot({ path: join(artifacts, 'case-view-1920.png'), fullPage: true });
  await page.getByText(/^Handlinger for faktura/).first().click();
  await page.getByLabel('Skyldner bestrider kravet fordi:').first().fill('Varen ble aldri levert');
  await page.getByRole('button', { name: 'Registrer innsigelse' }).first().click();
  await page.getByRole('status').getByText('Innsigelsen er registrert').waitFor();
  expect(await page.locator('main').innerText()).toContain('Bestridt – stanset: Varen ble aldri levert');
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: join(artifacts, 'case-view-disputed-1280.png'), fullPage: true });
  await page.close();
});
