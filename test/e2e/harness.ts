// End-to-end harness: the Go sandbox on HTTP (for the backend) and on HTTPS as go.poweroffice.net
// (for the browser, through --host-resolver-rules and a self-signed certificate), the backend on a
// free port with a temp database and the demo seed, and Chromium with the built extension.
import { execFileSync, execSync } from 'node:child_process';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { BrowserContext, Page } from 'playwright-core';
import { osloDate } from '@shared/clock';
import { startSandbox } from '../../sandbox/node';
import { makeTestBackend, type TestBackend } from '../helpers/backend';
import { launchChromium } from './chromium';
import { syncCreditor } from '@backend/modules/sync/run';

export const goOrigin = 'https://go.poweroffice.net';
export const artifacts = join(process.cwd(), 'test/e2e/artifacts');
// A test build (`wxt build --mode test`): the production build with loopback added to its host
// permissions and content-script matches, since the backend here listens on 127.0.0.1. The store
// build asks only for Go and the backend it is made for (wxt.config.ts).
const extensionPath = join(process.cwd(), '.output/chrome-mv3-test');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The test build, (re)built here when it is missing or older than the extension's sources. */
export function ensureExtensionBuilt(): string {
  const manifest = join(extensionPath, 'manifest.json');
  const sources = Math.max(newest(join(process.cwd(), 'extension')), newest(join(process.cwd(), 'shared')), statSync(join(process.cwd(), 'wxt.config.ts')).mtimeMs);
  if (!existsSync(manifest) || statSync(manifest).mtimeMs < sources) execSync('npx wxt build --mode test', { stdio: 'inherit' });
  return extensionPath;
}

function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=go.poweroffice.net', '-addext', 'subjectAltName=DNS:go.poweroffice.net', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

export type Harness = {
  backend: TestBackend;
  backendUrl: string;
  /** The sandbox over plain loopback HTTP: Go's pages where the production extension does not run. */
  sandboxUrl: string;
  context: BrowserContext;
  extensionId: string;
  /** Counts the backend's /api/v1 requests by path, for "one batch per page view". */
  apiCalls: string[];
  /** Requests to Go's pages (other than the ledger) over HTTPS: what the adapter does in Go's UI. */
  goPageRequests: string[];
  /** When set, the backend's JSON answers pass through it (a test's fake answer, e.g. a guard). */
  rewriteJson: ((path: string, json: unknown) => unknown) | null;
  close(): Promise<void>;
};

export async function startHarness(): Promise<Harness> {
  mkdirSync(artifacts, { recursive: true });
  const today = osloDate(new Date());
  const sandbox = await startSandbox({ today });
  const backend = await makeTestBackend({ today, sandbox });
  const dir = mkdtempSync(join(tmpdir(), 'modhi-e2e-'));
  const tls = selfSignedCertificate(dir);
  const goPageRequests: string[] = [];
  const https = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const fetchGo = (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path.startsWith('/app/') && !path.endsWith('/reskontro')) goPageRequests.push(`${req.method} ${path}`);
      return sandbox.app.fetch(req);
    };
    const s = serve({ fetch: fetchGo, port: 0, hostname: '127.0.0.1', createServer: createHttpsServer, serverOptions: tls }, () => resolve(s));
  });
  sandbox.setBaseUrl(goOrigin);
  const apiCalls: string[] = [];
  const harness = { rewriteJson: null as Harness['rewriteJson'] };
  const http = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: (req: Request) => {
          const path = new URL(req.url).pathname;
          if (path.startsWith('/api/v1') && req.method !== 'OPTIONS') apiCalls.push(`${req.method} ${path}`);
          const rewrite = harness.rewriteJson;
          if (!rewrite || !path.startsWith('/api/v1')) return backend.app.fetch(req);
          return Promise.resolve(backend.app.fetch(req)).then(async (res) => {
            if (!res.ok || !res.headers.get('content-type')?.includes('json')) return res;
            const headers = new Headers(res.headers);
            headers.delete('content-length');
            return new Response(JSON.stringify(rewrite(path, await res.json())), { status: res.status, headers });
          });
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    );
  });
  const backendUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const browser = await launchChromium({
    extensionPath: ensureExtensionBuilt(),
    extraArgs: [`--host-resolver-rules=MAP go.poweroffice.net:443 127.0.0.1:${(https.address() as AddressInfo).port}`, '--ignore-certificate-errors'],
  });
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return Object.assign(harness, {
    backend,
    backendUrl,
    sandboxUrl: sandbox.url,
    context: browser.context,
    extensionId,
    apiCalls,
    goPageRequests,
    close: async () => {
      await browser.close();
      await new Promise<void>((r) => https.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
      await backend.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** Logs in through the extension's options page, as an accountant would. */
export async function loginThroughOptions(h: Harness, email = 'demo@regnskap.example', password = 'demo'): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options.html`);
  const url = page.getByLabel('Adresse til Modhi');
  await url.fill(h.backendUrl);
  await url.press('Tab');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByText('Logget inn som Demo Regnskapsfører').first().waitFor();
  return page;
}

/** Runs axe-core in the page (including open shadow roots) and returns its violations. */
export async function axeViolations(page: Page, include?: string): Promise<{ id: string; help: string; nodes: number }[]> {
  const source = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  }, include ?? null);
}

/** The ledger tests' starting point: Conecto synced once (invoices 21 and 24 become cases) and the
 *  demo accountant logged in through the options page. */
export async function startLoggedInHarness(): Promise<Harness> {
  const h = await startHarness();
  await syncCreditor(h.backend.deps, h.backend.conectoId, 'manual');
  await (await loginThroughOptions(h)).close();
  return h;
}
