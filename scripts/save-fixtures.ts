// Saves the sandbox's pages as HTML fixtures for the extension's adapter tests:
// `npx tsx scripts/save-fixtures.ts`. The adapter must keep matching what Go (here: the sandbox) renders.
import { writeFileSync } from 'node:fs';
import { createSandbox } from '../sandbox/app';

const sandbox = createSandbox({ today: '2026-11-28' });
const get = async (path: string) => (await sandbox.app.request(path)).text();

writeFileSync('test/fixtures/ledger.html', await get('/app/conecto/reskontro'));
writeFileSync('test/fixtures/utvidelser-delante.html', await get('/app/delante/innstillinger/utvidelser'));
writeFileSync('test/fixtures/utvidelser-conecto.html', await get('/app/conecto/innstillinger/utvidelser'));
writeFileSync('test/fixtures/inkasso-utkast.html', await get('/app/conecto/inkasso/utkast'));
writeFileSync('test/fixtures/purring.html', await get('/app/conecto/innstillinger/purring'));
writeFileSync('test/fixtures/kunde.html', await get('/app/conecto/kunder/10018'));
// An empty ledger: a client whose invoices are all settled.
const conecto = sandbox.store.client('conecto');
conecto.invoices = [];
conecto.vouchers = [];
writeFileSync('test/fixtures/ledger-empty.html', await get('/app/conecto/reskontro'));
console.log('fixtures saved to test/fixtures/');
