// npm start: the Go sandbox with demo data, the backend with its embedded database (migrations
// and demo seed applied), a built extension, a first sync, and the URLs to open.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../sandbox/node';
import { startCompanyRegister } from '../sandbox/company-register/node';
import { parseEnv } from '../backend/env';
import { startBackend } from '../backend/node';
import { seedDemo } from '../backend/seed';
import { syncCreditor } from '../backend/modules/sync/run';
import { seedDemoRemittance } from './demo-remittance';
import { toNorwegian, type BookDate } from '../shared/dates';
import { formatOre } from '../shared/money';
import { seedAgencyCustomers } from '../backend/modules/registration/demo';

const parsed = parseEnv(process.env);
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(1);
}
const env = parsed.env;
// The demo may run the daily job for another date (the operations button's date field).
env.ALLOW_JOB_DATE = true;
// The sandbox's books live in memory and start fresh, so the demo database starts fresh with them
// (unless DATABASE_URL points elsewhere), or its cases would name Go cases that no longer exist.
if (!process.env['DATABASE_URL']) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`data/demo.db${suffix}`, { force: true });
  env.DATABASE_URL = 'file:data/demo.db';
}
const sandboxPort = Number(process.env['SANDBOX_PORT'] ?? 8788);

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sandbox = await startSandbox({ port: sandboxPort });
// The company register's stand-in (Enhetsregisteret's lookup), on its own loopback port.
const companyRegister = await startCompanyRegister({ port: Number(process.env['COMPANY_REGISTER_PORT'] ?? 8789) });
const backend = await startBackend({ ...env, GO_API_URL: `${sandbox.url}/`, GO_V2_URL: `${sandbox.url}/v2`, COMPANY_REGISTER_URL: companyRegister.lookupUrl });
const creds = (await (await fetch(`${sandbox.url}/_sandbox/credentials`)).json()) as { clients: { name: string; orgNo: string; clientKey: string | null; ledgerUrl: string; extensionsUrl: string }[] };
const conecto = creds.clients.find((c) => c.name === 'Conecto AS')!;
const { creditorIds } = await seedDemo(backend.deps, {
  demoEmail: env.DEMO_EMAIL,
  demoPassword: env.DEMO_PASSWORD,
  operationsEmail: env.DEMO_OPERATIONS_EMAIL,
  creditors: [{ name: conecto.name, orgNo: conecto.orgNo, clientKey: conecto.clientKey!, firm: 'demo' }],
});
await seedAgencyCustomers(backend.deps);
const run = await syncCreditor(backend.deps, creditorIds[conecto.orgNo]!, 'manual');
// A posted remittance for Conecto AS, so the popup and Oversikt show a remittance, its
// avregningsoppgave and the Go voucher number from the start.
const remittance = await seedDemoRemittance(backend.deps, creditorIds[conecto.orgNo]!).catch((e: unknown) => {
  console.error(`The demo remittance was not posted: ${e instanceof Error ? e.message : String(e)}`);
  return null;
});

// A development build: its content script also runs on localhost/127.0.0.1, where the sandbox's
// pages are (the production build runs only on go.poweroffice.net). The build bakes in the
// backend's URL, so it is rebuilt when the sources are newer or the URL changed.
const out = '.output/chrome-mv3-dev';
const manifest = join(out, 'manifest.json');
const stamp = '.output/chrome-mv3-dev.backend-url';
const builtFor = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
if (!existsSync(manifest) || statSync(manifest).mtimeMs < newest('extension') || builtFor !== backend.url) {
  console.error('Building the browser extension (development build, runs on the local sandbox) …');
  // Its output goes to stderr: stdout carries only the backend's JSON log lines.
  execSync('npx wxt build --mode development', { stdio: ['ignore', 2, 2], env: { ...process.env, WXT_BACKEND_URL: backend.url } });
  writeFileSync(stamp, backend.url);
}

backend.deps.log?.('demo.ready', { sandbox: sandbox.url, backend: backend.url, docs: `${backend.url}/api/v1/docs`, demoLogin: env.DEMO_EMAIL, operationsLogin: env.DEMO_OPERATIONS_EMAIL });
// The human summary on stderr; stdout is one JSON line per event (the backend's log).
console.error(`
Modhi inkasso for PowerOffice GO is running.

  Go sandbox            ${sandbox.url}   (today ${sandbox.store.today})
    Kundereskontro      ${conecto.ledgerUrl}
    Utvidelser (Delante) ${creds.clients.find((c) => c.name === 'Delante AS')?.extensionsUrl}
    credentials         ${sandbox.url}/_sandbox/credentials
  Backend               ${backend.url}   (database ${env.DATABASE_URL})
    API docs            ${backend.url}/api/v1/docs
    Register a client   ${backend.url}/register
    Operations page     ${backend.url}/operations   (agency staff: firms, their creditors, registrations waiting)
  Company register      ${companyRegister.lookupUrl}/{orgnr}   (stand-in for Enhetsregisteret)
  Demo login            ${env.DEMO_EMAIL} / ${env.DEMO_PASSWORD}   (accounting firm: Demo Regnskap AS)
  Operations login      ${env.DEMO_OPERATIONS_EMAIL} / ${env.DEMO_PASSWORD}   (the agency's staff: daily run, payments, remittances)
  First sync            ${run.casesCreated} new cases, ${run.invoicesAdded} invoices${run.errors.length ? `, errors: ${run.errors.join('; ')}` : ''}
  Demo remittance       ${remittance ? `Conecto AS, ${toNorwegian(remittance.date as BookDate)}, ${formatOre(remittance.payoutOre)} kr paid out, Go voucher no. ${remittance.goVoucherNo}` : 'none'}
    Oversikt            the extension's popup → "Oversikt over alle klienter" (remittances and avregningsoppgave there)

  Extension             load ${join(process.cwd(), out)} in chrome://extensions (Developer mode → Load unpacked),
                        then log in on its options page with the demo login.
Ctrl-C stops everything.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void Promise.all([backend.close(), sandbox.close(), companyRegister.close()]).then(() => process.exit(0));
  });
}
