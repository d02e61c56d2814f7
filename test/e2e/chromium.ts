// Debian's Chromium driven by playwright-core, optionally with the built extension loaded.
// Missing Chromium is an error, never a skip: the suite must fail when browsers cannot run.
import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const chromiumPath = '/usr/bin/chromium';

export async function launchChromium(options: { extensionPath?: string; extraArgs?: string[] } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is missing at ${chromiumPath}: install Debian's chromium (.ci/run does) — browser tests cannot run`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'modhi-chromium-'));
  const ext = options.extensionPath;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: false, // --headless=new is passed below; playwright's own headless mode cannot load extensions
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      ...(ext ? [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : []),
      ...(options.extraArgs ?? []),
    ],
    viewport: { width: 1280, height: 900 },
    // playwright turns extensions off by default
    ...(ext ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
