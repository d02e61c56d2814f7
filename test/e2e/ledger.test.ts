// The ledger's badges at the widths accountants use: readable without hover, never clipped, never
// over Go's buttons; panels, confirmations and messages beside their row; send offered only where
// it can succeed; every action answered on the page; three calm error states with a way out.
// Screenshots of each screen go to test/e2e/artifacts/ (ledger-*.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { InvoiceStatusItem } from '@shared/api';
import { artifacts, goOrigin, loginThroughOptions, type Harness, startLoggedInHarness } from './harness';

let h: Harness;
const ledgerUrl = `${goOrigin}/app/conecto/reskontro`;
const widths = [1280, 1400, 1920];

beforeAll(async () => {
  h = await startLoggedInHarness(); // invoices 21 and 24 are cases
});
afterAll(async () => {
  await h?.close();
});

const badge = (page: Page, invoiceNo: number) => page.locator(`[data-modhi="badge"][data-modhi-invoice="${invoiceNo}"]`);
const ledgerCalls = () => h.apiCalls.filter((c) => c.endsWith('/invoice-status'));

async function open(width: number, url = ledgerUrl): Promise<Page> {
  const page = await h.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  return page;
}

/** Every text element of ours whose text is cut (scrollWidth > clientWidth), in every shadow root. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const host of Array.from(document.querySelectorAll('[data-modhi]'))) {
      const root = host.shadowRoot;
      if (!root) continue;
      for (const e of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
        // Text elements: those holding text of their own (a container's overflow is its children's).
        const ownText = Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim() !== '');
        if (e.tagName === 'STYLE' || !ownText || e.getClientRects().length === 0) continue;
        if (e.scrollWidth > e.clientWidth) out.push(`${e.className || e.tagName}: “${e.textContent}” ${e.scrollWidth} > ${e.clientWidth}`);
      }
    }
    return out;
  });
}

/** Our elements (in the shadow roots) whose box meets one of Go's buttons or fields, or leaves the window. */
function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const meet = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const go = Array.from(document.querySelectorAll<HTMLElement>('button,input:not([type=hidden]),select,a.go-btn')).filter((b) => !b.closest('[data-modhi]') && b.getClientRects().length > 0).map((b) => ({ name: b.textContent?.trim() ?? b.tagName, r: b.getBoundingClientRect() }));
    const out: string[] = [];
    for (const host of Array.from(document.querySelectorAll('[data-modhi]'))) {
      const root = host.shadowRoot;
      if (!root) continue;
      for (const e of Array.from(root.querySelectorAll<HTMLElement>('.item > *, .banner, .toast:not([hidden])'))) {
        if (e.getClientRects().length === 0) continue;
        const r = e.getBoundingClientRect();
        if (r.width === 0) continue;
        for (const b of go) if (meet(r, b.r)) out.push(`“${e.textContent?.slice(0, 40)}” over Go's “${b.name}”`);
        if (r.left < 0 || r.right > innerWidth || (e.classList.contains('pop') && (r.top < 0 || r.bottom > innerHeight))) out.push(`“${e.textContent?.slice(0, 40)}” outside the window`);
      }
    }
    return out;
  });
}

/** axe-core, added with a script tag, run on each of our hosts (it follows their shadow roots). */
async function axeOnOurs(page: Page): Promise<{ id: string; help: string; nodes: number }[]> {
  await page.addScriptTag({ content: readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe;
    const hosts = Array.from(document.querySelectorAll('[data-modhi]')).filter((e) => e.shadowRoot);
    const result = await axe.run({ include: hosts }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  });
}

async function expectTidy(page: Page): Promise<void> {
  expect(await clipped(page)).toEqual([]);
  expect(await overlaps(page)).toEqual([]);
}

describe('badges that fit', () => {
  it('show case number, stage and balance without hover at 1280, 1400 and 1920 px, after the balance on every row, never clipped or over Go’s buttons', async () => {
    for (const width of widths) {
      const page = await open(width);
      const b21 = badge(page, 21).locator('button.badge');
      await b21.waitFor();
      await badge(page, 24).locator('button.badge').waitFor();
      const text = (await b21.innerText()).replace(/\s+/g, ' ');
      expect(text).toMatch(/Sak \d{6} · (Inkassovarsel sendt|Varsel)( ·)? 24\d \d{3},\d\d/); // on one line or two
      // The name says what is shown; the whole text (the full stage name) is the description.
      expect((await b21.getAttribute('aria-label'))!.replace(/\s+/g, ' ')).toBe(`Faktura 21: ${text}`);
      expect(await b21.getAttribute('title')).toMatch(/^Sak \d{6} · Inkassovarsel sendt · 24\d\s\d{3},\d\d · Foreløpig rente$/);
      // The same place on every row: right after Saldo.
      const lefts = await page.locator('[data-modhi="badge"]').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
      expect(lefts.length).toBeGreaterThan(4);
      expect(Math.max(...lefts) - Math.min(...lefts)).toBeLessThanOrEqual(1);
      const saldoRight = await page.locator('tr.go-grid-row', { hasText: 'Faktura 21' }).locator('td').nth(6).evaluate((td) => td.getBoundingClientRect().right);
      expect(Math.abs(lefts[0]! - saldoRight)).toBeLessThan(12);
      await expectTidy(page);
      await page.screenshot({ path: join(artifacts, `ledger-${width}.png`) });
      await page.close();
    }
  });

  it('open the panel beside the row, inside the window and left of Go’s buttons, with the next step in the future tense', async () => {
    for (const width of [1280, 1920]) {
      const page = await open(width);
      await badge(page, 21).locator('button.badge').click();
      const panel = badge(page, 21).getByRole('group');
      await panel.getByText(/^Neste steg: betalingsoppfordring sendes \d\d\.\d\d\.\d{4}$/).waitFor();
      await panel.getByText(/Faktura 21 overført til inkasso/).waitFor();
      expect(await panel.textContent()).toContain('Inkassovarsel sendt'); // the full stage name
      expect(await panel.textContent()).not.toMatch(/\d{4}-\d\d-\d\d/); // dates as dd.mm.åååå
      await expectTidy(page);
      await page.screenshot({ path: join(artifacts, `ledger-panel-${width}.png`) });
      expect(await axeOnOurs(page)).toEqual([]);
      await page.keyboard.press('Escape');
      expect(await panel.count()).toBe(0);
      await page.close();
    }
  });
});

describe('send only where it can succeed', () => {
  const excluded = { code: 'excluded', blocking: true, message: { nb: 'Kunden er unntatt fra inkasso i PowerOffice GO, så fakturaen kan ikke sendes.', en: 'The customer is excluded from collection in PowerOffice GO, so the invoice cannot be sent.' } };
  const partly = { code: 'partly_paid', blocking: false, amountOre: 10_000_00, message: { nb: 'Fakturaen er delvis betalt: 10 000,00 kr er betalt.', en: 'The invoice is partly paid: NOK 10,000.00 has been paid.' } };
  // A fake guard in the status answer (the backend fills it in the merged product).
  const withGuards = (_path: string, json: unknown) => {
    const body = json as { items?: InvoiceStatusItem[] };
    if (!Array.isArray(body.items)) return json;
    return { items: body.items.map((i) => (i.invoiceNo === 28 ? { ...i, guard: { ok: false, claimOre: 0, findings: [excluded] } } : i.invoiceNo === 14 ? { ...i, guard: { ok: true, claimOre: 370_000_00, findings: [partly] } } : i)) };
  };

  it('shows the guard’s reason instead of a send button, the full text in the panel; a partly paid invoice’s confirmation says what will be claimed', async () => {
    h.rewriteJson = withGuards;
    try {
      for (const width of [1280, 1920]) {
        const page = await open(width);
        const row28 = badge(page, 28);
        const reason = row28.getByRole('button', { name: /^Faktura 28: Unntatt fra inkasso – Kan ikke sendes til inkasso$/ });
        await reason.waitFor();
        expect((await reason.innerText()).replace(/\s+/g, ' ')).toBe('Unntatt fra inkasso');
        expect(await row28.getByRole('button', { name: /^Send til inkasso/ }).count()).toBe(0);
        await reason.click();
        await row28.getByRole('group').getByText(excluded.message.nb).waitFor();
        await expectTidy(page);
        await page.screenshot({ path: join(artifacts, `ledger-guard-${width}.png`) });
        await reason.click();
        const row14 = badge(page, 14);
        await row14.getByRole('button', { name: /^Send til inkasso/ }).click();
        const dialog = row14.getByRole('alertdialog');
        expect(await dialog.textContent()).toContain('Kravet blir 370\u00a0000,00 kr. Fakturaen er delvis betalt');
        await expectTidy(page);
        await page.screenshot({ path: join(artifacts, `ledger-confirm-partly-${width}.png`) });
        await dialog.getByRole('button', { name: 'Avbryt' }).click();
        expect(await dialog.count()).toBe(0);
        await page.close();
      }
    } finally {
      h.rewriteJson = null;
    }
  });
});

describe('the send guard, as the backend reads it from Go', () => {
  it('shows BreidaBlikk’s unmatched payment on the row of Faktura 14 before any click, with no send button', async () => {
    for (const width of [1280, 1920]) {
      const page = await open(width);
      const row14 = badge(page, 14);
      const reason = row14.getByRole('button', { name: /^Faktura 14: .+ – Kan ikke sendes til inkasso$/ });
      await reason.waitFor();
      expect(await row14.getByRole('button', { name: /^Send til inkasso/ }).count()).toBe(0);
      await reason.click();
      const panel = row14.getByRole('group');
      const text = ((await panel.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
      expect(text).toContain('umatchet innbetaling på 240 000,00 kr');
      expect(text).toContain('avstem den i Go først');
      expect(text).toContain('organisasjonsnummer 374644730');
      await expectTidy(page);
      await page.screenshot({ path: join(artifacts, `ledger-guard-breidablikk-${width}.png`) });
      await page.close();
    }
  });
});

describe('every action answers', () => {
  it('after a send every row and sum shows the new figures from one batch, both rows of the case alike, and a toast says so', async () => {
    const page = await open(1400);
    const row = badge(page, 19);
    await row.getByRole('button', { name: /^Send til inkasso/ }).click();
    const dialog = row.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Send', exact: true }).waitFor();
    expect(await dialog.textContent()).toMatch(/Sende faktura 19 på 180\s000,00 kr fra Akkurat AS til inkasso hos Modhi\?/);
    await expectTidy(page); // Avbryt is not cut at 1400 px
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(artifacts, `ledger-confirm-${width}.png`) });
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    const before = ledgerCalls().length;
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const toast = page.locator('[data-modhi="toast"]').getByRole('status');
    await toast.getByText(/^Faktura 19 er sendt til inkasso som sak \d{6}\.$/).waitFor();
    await badge(page, 19).locator('button.badge').waitFor();
    await expect.poll(() => ledgerCalls().length - before).toBe(1);
    const full = async (invoiceNo: number) => (await badge(page, invoiceNo).locator('button.badge').getAttribute('title'))!.replace(/ · Foreløpig rente$/, '');
    const balanceOf = async (invoiceNo: number) => /· (\d[\d\s]*,\d\d)$/.exec(await full(invoiceNo))?.[1]?.replace(/\s/g, ' ');
    const caseOf = async (invoiceNo: number) => /Sak (\d{6})/.exec(await full(invoiceNo))?.[1];
    await expect.poll(async () => (await caseOf(19)) === (await caseOf(21)) ? (await balanceOf(19)) === (await balanceOf(21)) : 'other cases').toBe(true);
    // The customer's sum counts the case once, at the same figures.
    const akkurat = page.locator('[data-modhi="sum"]', { has: page.getByRole('button', { name: 'Inkasso for kunden: Akkurat AS' }) });
    const sum = (await akkurat.locator('.sum').textContent())!.replace(/\s/g, ' ');
    expect(sum).toBe(`Hos inkasso: ${await balanceOf(21)}`);
    await expectTidy(page);
    for (const width of [1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(artifacts, `ledger-after-send-toast-${width}.png`) });
    }
    expect(await axeOnOurs(page)).toEqual([]);
    await page.close();
  });

  it('after a change in the popup (settings, sync) every row is asked for again, without a reload, and a toast says so', async () => {
    for (const p of h.context.pages()) if (p.url().startsWith(goOrigin)) await p.close();
    const page = await open(1280);
    await badge(page, 21).locator('button.badge').waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const before = ledgerCalls().length;
    const worker = h.context.serviceWorkers()[0]!;
    await worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ cacheEpoch: crypto.randomUUID() }));
    await page.locator('[data-modhi="toast"]').getByRole('status').getByText(/^Oppdatert: (ingen endringer|\d+ fakturaer? har nye tall)\.$/).waitFor();
    expect(ledgerCalls().length - before).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.close();
  });
});

describe('three calm messages, each with its way out', () => {
  const setStorage = (values: Record<string, string>) => h.context.serviceWorkers()[0]!.evaluate((v) => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set(v), values);
  const bannerOf = (page: Page) => page.locator('[data-modhi="ledger-banner"]');

  it('offline: says so and offers to try again, which brings the badges once the backend is back', async () => {
    await setStorage({ backendUrl: 'http://127.0.0.1:9' }); // nothing listens there
    const page = await open(1280);
    try {
      await bannerOf(page).getByText(/^Får ikke kontakt med Modhi akkurat nå/).waitFor();
      expect(await bannerOf(page).getAttribute('data-modhi-state')).toBe('offline');
      await expectTidy(page);
      for (const width of [1280, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(artifacts, `ledger-offline-${width}.png`) });
      }
      expect(await axeOnOurs(page)).toEqual([]);
    } finally {
      await setStorage({ backendUrl: h.backendUrl });
    }
    // The new address restarts the ledger by itself; "Prøv igjen" does too.
    await badge(page, 21).locator('button.badge').waitFor();
    await page.close();
  });

  it('logged out: says so and offers to log in, which opens the options page', async () => {
    await setStorage({ token: 'expired-or-revoked-token' });
    const page = await open(1280);
    try {
      const banner = bannerOf(page);
      await banner.getByText(/^Du er ikke logget inn i Modhi-utvidelsen/).waitFor();
      await expectTidy(page);
      for (const width of [1280, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(artifacts, `ledger-logged-out-${width}.png`) });
      }
      const opened = h.context.waitForEvent('page');
      await banner.getByRole('button', { name: 'Logg inn' }).click();
      const options = await opened;
      await options.waitForLoadState();
      expect(options.url()).toBe(`chrome-extension://${h.extensionId}/options.html`);
      await options.close();
    } finally {
      await (await loginThroughOptions(h)).close();
    }
    // Logging in brings the badges without a reload.
    await badge(page, 21).locator('button.badge').waitFor();
    await page.close();
  });

  it('Go’s page changed: says the extension does not know the ledger now, and links to Go’s collection page', async () => {
    const url = `${ledgerUrl}?changed=1`;
    await h.context.route(url, async (route) => {
      const original = await (await fetch(`${h.sandboxUrl}/app/conecto/reskontro`)).text();
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: original.replace(/<th([^>]*)>Saldo<\/th>/, '<th$1>Restbeløp</th>') });
    });
    try {
      const page = await open(1280, url);
      const banner = bannerOf(page);
      await banner.getByText(/^Utvidelsen kjenner ikke igjen kundereskontroen i PowerOffice GO/).waitFor({ timeout: 10_000 });
      expect(await banner.getByRole('link', { name: 'Åpne Inkasso i PowerOffice GO' }).getAttribute('href')).toBe(`${goOrigin}/app/conecto/inkasso/utkast`);
      expect(await page.locator('[data-modhi="badge"]').count()).toBe(0);
      await expectTidy(page);
      for (const width of [1280, 1920]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({ path: join(artifacts, `ledger-page-changed-${width}.png`) });
      }
      expect(await axeOnOurs(page)).toEqual([]);
      await page.close();
    } finally {
      await h.context.unroute(url);
    }
  });
});
