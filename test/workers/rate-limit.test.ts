// Go's 10 requests/s per subscription key, held by the Durable Object for every consumer: several
// consumers (as several isolates would be) take their slots from one object, and a 429's
// Retry-After told by one holds off the others.
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { DurableRateLimit, type RateLimitNamespace } from '@backend/integrations/poweroffice/rate-limit';

const namespace = env.GO_RATE_LIMIT as RateLimitNamespace;

/** The most requests in any window of `ms` starting at a request. */
function busiestWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j]! < sorted[i]! + ms) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('the rate limit Durable Object', () => {
  // The first object of the run loads the worker's module in the test runtime (seconds here); the
  // timings below are of warm objects, as in production after the first request of the day.
  beforeAll(async () => {
    await new DurableRateLimit(namespace).acquire(`warm-${crypto.randomUUID()}`);
  });

  it('holds 10 requests/s across four concurrent consumers of one key', async () => {
    const key = `sub-${crypto.randomUUID()}`;
    const consumers = Array.from({ length: 4 }, () => new DurableRateLimit(namespace));
    const times: number[] = [];
    const start = performance.now();
    await Promise.all(consumers.map(async (c) => {
      for (let i = 0; i < 6; i++) {
        await c.acquire(key);
        times.push(performance.now());
      }
    }));
    expect(times).toHaveLength(24);
    // 24 slots 100 ms apart: the last is ≥ 2.3 s after the first and not much later (the slots are
    // shared, not queued one consumer after another), and a second holds 10 slots, plus at most one
    // that timer jitter moved across the window's border (the schedule itself is exact: rate-limit.test.ts).
    const took = performance.now() - start;
    expect(took).toBeGreaterThanOrEqual(2_250);
    expect(took).toBeLessThan(4_000);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(11);
    expect(busiestWindow(times, 2000)).toBeLessThanOrEqual(21);
  });

  it('keeps keys apart: another subscription key is not slowed by a busy one', async () => {
    const busy = `sub-${crypto.randomUUID()}`;
    const quiet = `sub-${crypto.randomUUID()}`;
    const c = new DurableRateLimit(namespace);
    const busyRun = Promise.all(Array.from({ length: 15 }, () => c.acquire(busy)));
    const t0 = performance.now();
    await c.acquire(quiet);
    expect(performance.now() - t0).toBeLessThan(500);
    await busyRun;
  });

  it("honours one consumer's Retry-After for every consumer of the key", async () => {
    const key = `sub-${crypto.randomUUID()}`;
    const a = new DurableRateLimit(namespace);
    const b = new DurableRateLimit(namespace);
    await a.acquire(key);
    await a.pause(key, 1500); // a got a 429 with Retry-After: 1.5 s
    const t0 = performance.now();
    await b.acquire(key);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1400);
  });
});
