// The ledger lookup's answers kept in memory, as ready JSON per invoice: an accountant's page asks
// for the same 500 invoices on every view, and after the auth cache the remaining cost was the
// query (1.5 ms) and serialising its answer. An answer is reused only while
//   - the creditor's lookup_version is the one it was read at: database triggers move it on at
//     every write to the creditor's cases, case invoices or mirrored Go invoices, by any process
//     (migration 0002), so there is no invalidation to forget in the code that writes;
//   - the book date is the same (balances carry interest to today) and so are the rate overrides
//     (an official rate entered by operations also moves every lookup_version on: modules/interest-rates/service.ts).
// Checking costs one primary-key read per request. A request with any invoice not yet cached is
// answered entirely from a fresh read, so one answer never mixes two versions.
import { today } from '@shared/clock';
import type { AppDeps } from '../../deps';
import { overrides } from '../cases/balance';
import { readInvoiceStatus } from './service';

type Entry = { key: string; version: number; fragments: Map<number, string> };

const maxCreditors = 500;
const maxInvoicesPerCreditor = 50_000;
const caches = new WeakMap<AppDeps, Map<string, Entry>>();

function cacheOf(deps: AppDeps): Map<string, Entry> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new Map();
    caches.set(deps, cache);
  }
  return cache;
}

const keyOf = (deps: AppDeps) => `${today(deps.clock)}|${JSON.stringify(overrides(deps))}`;

const answer = (fragments: string[]) => `{"items":[${fragments.join(',')}]}`;

/** The body of POST /creditors/{id}/invoice-status: `{ items: InvoiceStatusItem[] }` as JSON. */
export async function invoiceStatusJson(deps: AppDeps, creditorId: string, invoiceNos: number[]): Promise<string> {
  const cache = cacheOf(deps);
  let key = keyOf(deps);
  let entry = cache.get(creditorId);
  if (entry && entry.key === key) {
    // The libsql client itself: over HTTP, drizzle's query building cost more than the query.
    const { rows } = await deps.db.$client.execute({ sql: 'select lookup_version from creditors where id = ?', args: [creditorId] });
    if (rows[0] && Number(rows[0][0]) === entry.version) {
      const fragments: string[] = [];
      for (const invoiceNo of invoiceNos) {
        const f = entry.fragments.get(invoiceNo);
        if (f === undefined) break;
        fragments.push(f);
      }
      if (fragments.length === invoiceNos.length) return answer(fragments);
    }
  }
  const { version, items } = await readInvoiceStatus(deps, creditorId, invoiceNos);
  // The read loaded the rates in effect (modules/interest-rates/service.ts): keep the answer under those.
  key = keyOf(deps);
  if (!entry || entry.key !== key || entry.version !== version || entry.fragments.size > maxInvoicesPerCreditor) {
    cache.delete(creditorId);
    if (cache.size >= maxCreditors) cache.delete(cache.keys().next().value!);
    entry = { key, version, fragments: new Map() };
    cache.set(creditorId, entry);
  }
  const fragments = items.map((item) => {
    const f = JSON.stringify(item);
    entry.fragments.set(item.invoiceNo, f);
    return f;
  });
  return answer(fragments);
}
