// Load: 50 connections of ledger lookups and sends for 10 s (30 s in the bench) while daily runs
// work: no 5xx, nothing lost, p99 printed, the promises hold, PRAGMA integrity_check ok.
import { afterAll, expect, it } from 'vitest';
import { loadWorld, runLoad } from './load';
import type { World } from './world';

let w: World | null = null;
afterAll(async () => w?.t.close());

it('50 connections of lookups and sends during daily runs: no 5xx, nothing lost, the database intact', async () => {
  const world = await loadWorld({ extraDebtors: 10, sendable: 40 });
  w = world;
  const out = await runLoad(world, { connections: 50, durationMs: 10_000 });
  console.log(`load: ${out.requests} requests (${out.lookups} lookups, ${out.sends} sends, ${out.sendsOk} sent), ${out.dailyRuns} daily runs, p50 ${out.p50Ms.toFixed(0)} ms, p99 ${out.p99Ms.toFixed(0)} ms (lookups ${out.lookupP99Ms.toFixed(0)} ms, sends ${out.sendP99Ms.toFixed(0)} ms), other answers ${JSON.stringify(out.otherStatuses)}`);
  expect(out.errors5xx).toBe(0);
  expect(out.transportErrors).toBe(0);
  expect(out.sends).toBeGreaterThan(0);
  expect(out.sendsOk).toBeGreaterThan(0);
  expect(out.lost).toEqual([]);
  expect(out.problems).toEqual([]);
  expect(out.integrity).toBe('ok');
  expect(out.lookups).toBeGreaterThan(50);
}, 120_000);
