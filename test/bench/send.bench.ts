// send.clickToCaseMs: one-click send in Chromium with the built extension, from the confirming click
// to the case number on the badge. In between: the adapter fetches Go's Inkasso → Utkast page and
// posts its Godkjenn form in the accountant's session, the backend takes the invoice (the sync
// reads AvailableInvoices, creates the case in Go, writes the case number back), and the badge is
// drawn. Go is paced at 10 requests/s (the sandbox's limit per token, and the Go client's own
// limiter). Baseline: the seed's daily fetch (the daily sync of the demo client, which opens its
// two approved invoices' cases), timed in the same run. Goal ≤ 5 000 ms.
import { syncCreditor } from '@backend/modules/sync/run';
import { goOrigin, loginThroughOptions, startHarness } from '../e2e/harness';
import { percentile, timeIt, type Figure } from './lib';

/** Invoices the demo seed leaves in Utkast, overdue: one send each. */
const drafts = [19, 22, 26, 14, 25];

export default async function (ctx?: { quick?: boolean; log?: (m: string) => void }): Promise<Figure[]> {
  const log = ctx?.log ?? (() => {});
  const h = await startHarness();
  try {
    const daily = await timeIt(() => syncCreditor(h.backend.deps, h.backend.conectoId, 'daily'));
    log(`baseline: the seed's daily fetch ${daily.ms.toFixed(0)} ms (${daily.result.goCalls} Go calls, ${daily.result.casesCreated} cases)`);
    await (await loginThroughOptions(h)).close();
    const page = await h.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const samples: number[] = [];
    for (const invoiceNo of ctx?.quick ? drafts.slice(0, 2) : drafts) {
      await page.goto(`${goOrigin}/app/conecto/reskontro`);
      const row = page.locator(`[data-modhi="badge"][data-modhi-invoice="${invoiceNo}"]`);
      await row.getByRole('button', { name: /^Send til inkasso/ }).click();
      const confirm = row.getByRole('alertdialog').getByRole('button', { name: 'Send', exact: true });
      await confirm.waitFor();
      const start = performance.now();
      await confirm.click();
      await row.getByRole('button', { name: new RegExp(`^Faktura ${invoiceNo}: Sak \\d+`) }).waitFor({ timeout: 30_000 });
      const ms = performance.now() - start;
      samples.push(ms);
      log(`invoice ${invoiceNo}: ${ms.toFixed(0)} ms from the confirming click to the case number`);
    }
    await page.close();
    return [{ key: 'send.clickToCaseMs', value: Math.round(percentile(samples, 50)), unit: 'ms', baseline: { label: "the seed's daily fetch", value: Math.round(daily.ms) } }];
  } finally {
    await h.close();
  }
}
