// Every service takes a clock, so tests (and the sandbox's settable "today") can move time.
export type Clock = { now(): Date };

// eslint-disable-next-line no-restricted-syntax -- the one place that reads the real time
export const systemClock: Clock = { now: () => new Date(Date.now()) };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advanceDays(n: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (next) => {
      t = new Date(next).getTime();
    },
    advanceDays: (n) => {
      t += n * 86_400_000;
    },
  };
}

const osloFormatter = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The book date (YYYY-MM-DD) in Europe/Oslo at the given instant. */
export function osloDate(at: Date): string {
  return osloFormatter.format(at);
}

/** Today's book date in Europe/Oslo by the clock. */
export function today(clock: Clock): string {
  return osloDate(clock.now());
}
