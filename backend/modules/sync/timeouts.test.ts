// Go answering late: a request the client has given up on (AbortSignal.timeout) is still carried
// out by the sandbox afterwards, the hardest case for idempotency (a create we think failed but
// Go did). Together with 500s, 429s and dropped connections on 20 % of calls, repeated syncs must
// converge: every approved invoice in exactly one case, no duplicate case in Go.
import { afterEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseInvoices, cases } from '@backend/db/schema';
import { goClientFactory } from '@backend/integrations/poweroffice/factory';
import { syncCreditor } from '@backend/modules/sync/run';
import { makeTestBackend, type TestBackend } from '../../../test/helpers/backend';
import { getToken } from '../../../test/helpers/sandbox';

let t: TestBackend;
afterEach(async () => {
  await t?.close();
});

it('with 20 % of calls timing out, failing or throttled, repeated syncs converge with no duplicate', async () => {
  t = await makeTestBackend();
  for (let n = 0; n < 8; n++) {
    await t.control('/invoices', { clientId: 'conecto', customerCode: ['10021', '10030', '10025', '10018'][n % 4], amount: 200 + n, dueDate: '2026-11-01', invoiceNo: 900 + n, approve: true });
  }
  // Short client timeout, slower sandbox: 'slow' answers arrive after the client has aborted.
  const factory = goClientFactory({
    apiUrl: `${t.sandbox.url}/`, v2Url: `${t.sandbox.url}/v2`, applicationKey: t.creds.applicationKey, subscriptionKey: t.creds.subscriptionKey,
    encryptionKey: t.deps.secrets.encryptionKey, clock: t.clock, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))), timeoutMs: 150,
  });
  const clients: Awaited<ReturnType<typeof factory>>[] = [];
  t.deps.goClientFor = async (creditor) => {
    const go = await factory(creditor);
    clients.push(go);
    return go;
  };
  await t.control('/faults', { rate: 0.2, kinds: ['slow', '500', '429', 'drop'], seed: 7, slowMs: 400 });
  const runs = [];
  // At least six runs, and more (up to forty) until both a retry and a throttle have happened: once
  // the cases exist a run makes two or three calls (no status push for a new case, no write when
  // nothing changed), so the seeded faults need more runs to hit every kind.
  const bitten = () => clients.some((c) => c.stats.retries > 0) && clients.some((c) => c.stats.throttled > 0);
  for (let i = 0; i < 40 && (i < 6 || !bitten()); i++) runs.push(await syncCreditor(t.deps, t.conectoId, 'manual'));
  await t.control('/faults', {}, 'DELETE');
  await new Promise((r) => setTimeout(r, 450)); // let late answers land in the sandbox
  const final = await syncCreditor(t.deps, t.conectoId, 'manual');
  expect(final.ok).toBe(true);
  // The faults did bite: the clients retried (5xx, drops, timeouts) and were throttled.
  const faulted = clients.slice(0, runs.length).reduce((s, c) => ({ retries: s.retries + c.stats.retries, throttled: s.throttled + c.stats.throttled }), { retries: 0, throttled: 0 });
  expect(faulted.retries).toBeGreaterThan(0);
  expect(faulted.throttled).toBeGreaterThan(0);

  const mine = await t.db.select().from(cases).where(eq(cases.creditorId, t.conectoId));
  const invoices = await t.db.select().from(caseInvoices).where(eq(caseInvoices.creditorId, t.conectoId));
  const invoiceNos = invoices.map((i) => i.invoiceNo).sort((a, b) => a - b);
  expect(invoiceNos).toEqual([21, 24, 900, 901, 902, 903, 904, 905, 906, 907]);
  expect(new Set(mine.map((c) => c.debtorId)).size).toBe(mine.length); // one case per debtor

  const conecto = t.creds.clients.find((c) => c.name === 'Conecto AS')!;
  const token = await getToken(t.sandbox.url, t.creds.applicationKey, conecto.clientKey!);
  const goCases = ((await (await fetch(`${t.sandbox.url}/DebtCollection`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { code: string; invoices: { invoiceNo: number }[] }[] }).data;
  expect(goCases.map((c) => c.code).sort()).toEqual(mine.map((c) => c.caseNo).sort());
  expect(goCases.flatMap((c) => c.invoices.map((i) => i.invoiceNo)).sort((a, b) => a - b)).toEqual(invoiceNos);
  for (const c of mine) expect(c.goCaseId).not.toBeNull();
});
