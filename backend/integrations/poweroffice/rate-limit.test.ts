// Go's limit for the whole agency on Node: one bucket per subscription key in the process, shared by
// every Go client and factory, paced on a monotonic timer (not the business clock), and holding
// 10 requests/s across concurrent consumers; a 429's Retry-After holds every consumer off.
import { describe, expect, it } from 'vitest';
import { fixedClock } from '@shared/clock';
import { BucketSchedule, LocalRateLimit, processRateLimit } from '@backend/integrations/poweroffice/rate-limit';
import { createGoClient } from '@backend/integrations/poweroffice/client';

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

describe('the bucket schedule', () => {
  it('gives slots 100 ms apart at 10/s: never more than 10 in any second, whatever the arrival pattern', () => {
    let now = 0;
    const s = new BucketSchedule({ perSecond: 10, now: () => now });
    const slots: number[] = [];
    // 200 requests arriving in bursts and pauses.
    for (let i = 0; i < 200; i++) {
      now += [0, 0, 0, 7, 0, 350, 0, 1, 0, 2500][i % 10]!;
      slots.push(now + s.reserve());
    }
    expect(busiestWindow(slots, 1000)).toBe(10);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(100 - 1e-9);
  });

  it('allows `burst` at once after a quiet spell, then paces', () => {
    let now = 10_000;
    const s = new BucketSchedule({ perSecond: 10, burst: 3, now: () => now });
    expect([s.reserve(), s.reserve(), s.reserve(), s.reserve()]).toEqual([0, 0, 0, 100]);
    now += 5_000;
    expect(s.reserve()).toBe(0);
  });

  it('after a pause (Retry-After) the next slot is the pause end, not a burst', () => {
    let now = 0;
    const s = new BucketSchedule({ perSecond: 10, burst: 5, now: () => now });
    s.pause(2000);
    expect(s.reserve()).toBe(2000);
    expect(s.reserve()).toBe(2100);
    now = 2000;
    expect(s.reserve()).toBe(200);
  });
});

describe('the in-process bucket', () => {
  it('holds 10 requests/s across five concurrent consumers of one key (real time)', async () => {
    const limit = new LocalRateLimit({ perSecond: 10 });
    const times: number[] = [];
    const start = performance.now();
    await Promise.all(Array.from({ length: 5 }, async () => {
      for (let i = 0; i < 5; i++) {
        await limit.acquire('sub');
        times.push(performance.now());
      }
    }));
    const took = performance.now() - start;
    expect(took).toBeGreaterThanOrEqual(2_350); // 25 slots, 100 ms apart
    expect(took).toBeLessThan(4_000);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(11); // 10, and one at most moved across the border by timer jitter
    await limit.acquire('another-key'); // a different key is not behind them
    expect(performance.now() - start - took).toBeLessThan(50);
  });

  it('is one bucket per process: Go clients built apart share it, whatever their business clocks', async () => {
    expect(processRateLimit()).toBe(processRateLimit());
    const calls: number[] = [];
    const go: typeof fetch = async (input) => {
      calls.push(performance.now());
      return String(input).endsWith('/OAuth/Token')
        ? Response.json({ access_token: 't', token_type: 'bearer', expires_in: 3600 })
        : Response.json({ data: true, success: true });
    };
    const key = `sub-${crypto.randomUUID()}`;
    // Two clients whose business clocks are far apart (a test's day and next year): pacing is on
    // the monotonic timer, so neither clock lets them past the limit.
    const mk = (iso: string, clientKey: string) => createGoClient({ apiUrl: 'http://go.test', v2Url: 'http://go.test/v2', applicationKey: 'a', subscriptionKey: key, clientKey, clock: fixedClock(iso), fetch: go, limiter: processRateLimit() });
    const a = mk('2026-11-28T09:00:00Z', 'a');
    const b = mk('2027-11-28T09:00:00Z', 'b');
    const start = performance.now();
    await Promise.all([0, 1, 2, 3, 4].flatMap(() => [a.isActiveDebtCollection(), b.isActiveDebtCollection()]));
    expect(calls).toHaveLength(20); // 10 calls, each with its token request (they start together)
    expect(performance.now() - start).toBeGreaterThanOrEqual(1_850);
    expect(busiestWindow(calls, 1000)).toBeLessThanOrEqual(11);
  });

  it("one consumer's 429 holds the others off for its Retry-After", async () => {
    const limit = new LocalRateLimit({ perSecond: 10 });
    await limit.acquire('sub');
    await limit.pause('sub', 600);
    const t0 = performance.now();
    await limit.acquire('sub');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(580);
  });

  it('a Go client that gets a 429 makes every other client of the key wait', async () => {
    const limit = new LocalRateLimit({ perSecond: 10 });
    let throttle = true;
    const seen: { client: string; at: number }[] = [];
    const go: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith('/OAuth/Token')) return Response.json({ access_token: `t-${new Headers(init?.headers).get('authorization')}`, token_type: 'bearer', expires_in: 3600 });
      seen.push({ client: new Headers(init?.headers).get('authorization')!, at: performance.now() });
      if (throttle) {
        throttle = false;
        return Response.json({ message: 'Rate limit is exceeded' }, { status: 429, headers: { 'retry-after': '1' } });
      }
      return Response.json({ data: true, success: true });
    };
    const mk = (clientKey: string) => createGoClient({ apiUrl: 'http://go.test', v2Url: 'http://go.test/v2', applicationKey: 'a', subscriptionKey: 'sub', clientKey, clock: fixedClock('2026-11-28T09:00:00Z'), fetch: go, limiter: limit });
    const a = mk('a');
    const b = mk('b');
    await a.isActiveDebtCollection().catch(() => undefined); // starts; its first call is throttled
    const first = seen[0]!.at;
    await b.isActiveDebtCollection();
    const bCall = seen.filter((s) => s.client !== seen[0]!.client).at(-1)!;
    expect(bCall.at - first).toBeGreaterThanOrEqual(950);
  });
});
