// Go's limit, 10 requests/s per subscription key, for the whole agency: every Go client of every
// process and isolate takes its slot from one bucket per key. On Node that is one bucket in the
// process (`processRateLimit`); on the edge it is a Durable Object per key (`GoRateLimitObject`,
// reached through `DurableRateLimit`), so all isolates share it.
//
// The bucket is a GCRA token bucket (the "virtual scheduling" form): a request reserves the next
// free slot and waits until it; slots are 1000 / perSecond ms apart, and `burst` requests may go at
// once after a quiet spell. A 429's Retry-After moves the next free slot past the pause, so no
// consumer of that key sends again before it ends. Pacing runs on a monotonic timer
// (performance.now), never the business clock, which tests and the sandbox move by days.
import type { Sleep } from './client';

export interface GoRateLimit {
  /** Resolves when one more request under `key` (the subscription key) may go to Go. */
  acquire(key: string): Promise<void>;
  /** Go answered 429 with Retry-After `ms`: no consumer of `key` sends before `ms` from now. */
  pause(key: string, ms: number): Promise<void>;
}

export type BucketOptions = {
  perSecond: number;
  /** Requests that may go at once after a quiet spell (default 1: strictly spaced). */
  burst?: number;
  /** Monotonic milliseconds; performance.now by default (tests pass a virtual time). */
  now?: () => number;
};

const monotonic = () => performance.now();

/** One key's schedule: pure bookkeeping, no waiting, shared by the in-process bucket and the
 *  Durable Object. `reserve()` answers how long the caller must wait before sending. */
export class BucketSchedule {
  private tat = Number.NEGATIVE_INFINITY; // theoretical arrival time of the next request
  private readonly interval: number;
  private readonly tolerance: number;
  constructor(private readonly o: BucketOptions) {
    if (!(o.perSecond > 0)) throw new RangeError('perSecond must be > 0');
    this.interval = 1000 / o.perSecond;
    this.tolerance = (Math.max(1, o.burst ?? 1) - 1) * this.interval;
  }
  private now(): number {
    return (this.o.now ?? monotonic)();
  }
  /** Takes the next slot; the ms to wait before using it (0 when it is free now). */
  reserve(): number {
    const now = this.now();
    const tat = Math.max(this.tat, now);
    const wait = Math.max(0, tat - this.tolerance - now);
    this.tat = tat + this.interval;
    return wait;
  }
  /** Nothing is sent before `ms` from now; the first slot after the pause is not a burst. */
  pause(ms: number): void {
    const until = this.now() + Math.max(0, ms);
    this.tat = Math.max(this.tat, until + this.tolerance);
  }
}

/** The in-process bucket: one schedule per key, waits with `sleep`. */
export class LocalRateLimit implements GoRateLimit {
  private readonly keys = new Map<string, BucketSchedule>();
  constructor(
    private readonly o: BucketOptions & { sleep?: Sleep } = { perSecond: 10 },
  ) {}
  private schedule(key: string): BucketSchedule {
    let s = this.keys.get(key);
    if (!s) {
      s = new BucketSchedule(this.o);
      this.keys.set(key, s);
    }
    return s;
  }
  async acquire(key: string): Promise<void> {
    const wait = this.schedule(key).reserve();
    if (wait > 0) await (this.o.sleep ?? realTimeout)(wait);
  }
  async pause(key: string, ms: number): Promise<void> {
    this.schedule(key).pause(ms);
  }
}

const realTimeout: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let processWide: LocalRateLimit | null = null;
/** The one bucket of this process (Node): every Go client factory that is given no limiter uses it. */
export function processRateLimit(): LocalRateLimit {
  processWide ??= new LocalRateLimit({ perSecond: goRequestsPerSecond });
  return processWide;
}

/** Go's documented limit per subscription key. */
export const goRequestsPerSecond = 10;

// --- The edge: a Durable Object per subscription key -------------------------------------------

/** The parts of a Durable Object namespace binding this module uses. */
export type RateLimitNamespace = {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> };
};

/** A consumer of the Durable Object bucket: one round trip to the object per request to Go. */
export class DurableRateLimit implements GoRateLimit {
  constructor(
    private readonly namespace: RateLimitNamespace,
    private readonly sleep: Sleep = realTimeout,
  ) {}
  private stub(key: string) {
    return this.namespace.get(this.namespace.idFromName(key) as never);
  }
  async acquire(key: string): Promise<void> {
    const res = await this.stub(key).fetch('https://go-rate-limit/acquire', { method: 'POST' });
    if (!res.ok) throw new Error(`rate limit object answered ${res.status}`);
    const { waitMs } = (await res.json()) as { waitMs: number };
    if (waitMs > 0) await this.sleep(waitMs);
  }
  async pause(key: string, ms: number): Promise<void> {
    const res = await this.stub(key).fetch('https://go-rate-limit/pause', { method: 'POST', body: JSON.stringify({ ms }) });
    await res.body?.cancel();
  }
}

/** The Durable Object: one instance per subscription key (idFromName(key)), single-threaded, so its
 *  schedule is the one source of slots for that key. The schedule lives in memory: an object that
 *  is evicted after a quiet minute starts with a free slot, which is what a quiet minute means. */
export class GoRateLimitObject {
  // performance.now() in workerd: wall time that moves with I/O, which is all that happens between
  // two requests to the object.
  private readonly schedule: BucketSchedule;
  /** `GO_REQUESTS_PER_SECOND` (default 10, Go's limit) is for load tests against the sandbox only. */
  constructor(_state: unknown, env: { GO_REQUESTS_PER_SECOND?: unknown } | undefined) {
    const rate = Number(env?.GO_REQUESTS_PER_SECOND);
    this.schedule = new BucketSchedule({ perSecond: Number.isFinite(rate) && rate > 0 ? rate : goRequestsPerSecond });
  }
  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST' && path === '/acquire') return Response.json({ waitMs: this.schedule.reserve() });
    if (request.method === 'POST' && path === '/pause') {
      const body = (await request.json().catch(() => null)) as { ms?: unknown } | null;
      const ms = typeof body?.ms === 'number' && Number.isFinite(body.ms) ? Math.min(body.ms, 120_000) : 1000;
      this.schedule.pause(ms);
      return Response.json({ ok: true });
    }
    return Response.json({ error: { code: 'not_found', message: 'Ukjent / unknown', fields: {} } }, { status: 404 });
  }
}
