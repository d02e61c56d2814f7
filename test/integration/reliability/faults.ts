// Go failing: the scenario played with the sandbox failing a share of Go's API calls (500, 429
// with Retry-After, slow answers, timeouts, cut connections, writes carried out with the answer
// lost), every step rerun until it gets through (as the next daily run, or the user's retry, would),
// then daily runs until the end state is the fault-free one. Counts runs and Go calls.
import { isDeepStrictEqual } from 'node:util';
import { goClientFactory } from '@backend/integrations/poweroffice/factory';
import { act } from './act';
import { endState, makeWorld, playScenario, scenario, type World } from './world';

export type FaultTiming = { slowMs: number; hangMs: number; clientTimeoutMs: number };
/** In CI the slow answers and timeouts are short; the bench uses Go's real 2 s answers. */
export const ciTiming: FaultTiming = { slowMs: 600, hangMs: 1500, clientTimeoutMs: 1000 };
export const benchTiming: FaultTiming = { slowMs: 2000, hangMs: 4000, clientTimeoutMs: 3000 };
export const allKinds = ['500', '429', 'slow', 'drop', 'timeout', 'lost'] as const;

async function goCalls(w: World): Promise<number> {
  return ((await (await fetch(`${w.t.sandbox.url}/_sandbox/stats`)).json()) as { total: number }).total;
}

/** A world whose Go client gives up after `clientTimeoutMs` (the production client: 15 s). */
export async function faultWorld(timing: FaultTiming, extraDebtors = 0): Promise<World> {
  const w = await makeWorld({ extraDebtors });
  const { t } = w;
  t.deps.goClientFor = goClientFactory({
    apiUrl: `${t.sandbox.url}/`, v2Url: `${t.sandbox.url}/v2`, applicationKey: t.creds.applicationKey, subscriptionKey: t.creds.subscriptionKey,
    encryptionKey: t.deps.secrets.encryptionKey, clock: t.clock, timeoutMs: timing.clientTimeoutMs,
    // Backoff and Retry-After waits are real but short, as in the other integration tests.
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))),
  });
  return w;
}

export type FaultOutcome = { rate: number; runs: number; goCalls: number; injected: number; converged: boolean; trailingRuns: number; end: Awaited<ReturnType<typeof endState>> };

/** The scenario at `rate` failed calls; `reference` (the fault-free end state) is what it must reach. */
export async function faultRun(w: World, rate: number, o: { timing: FaultTiming; seed: number; reference?: Awaited<ReturnType<typeof endState>>; maxTrailingRuns?: number }): Promise<FaultOutcome> {
  let injected = 0;
  let runs = 0;
  // Faults are on only while the backend works (not while the world sets a step up), each run with
  // its own seed, so a rerun does not meet the same pattern of failures again.
  const control = async (on: boolean) => {
    if (on) return w.t.control('/faults', { rate, kinds: allKinds, seed: o.seed * 1000 + runs, slowMs: o.timing.slowMs, hangMs: o.timing.hangMs });
    injected += w.t.sandbox.faults.injected;
    return w.t.control('/faults', {}, 'DELETE');
  };
  await fetch(`${w.t.sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
  await playScenario(
    w,
    async (input) => {
      runs++;
      await control(true);
      try {
        return await act(w.t.deps, input);
      } finally {
        await control(false);
      }
    },
    { maxAttempts: 12 },
  );
  let trailingRuns = 0;
  let end = await endState(w);
  while (o.reference && !isDeepStrictEqual(end, o.reference) && trailingRuns < (o.maxTrailingRuns ?? 5)) {
    trailingRuns++;
    runs++;
    await control(true);
    await act(w.t.deps, { kind: 'daily' });
    await control(false);
    end = await endState(w);
  }
  return { rate, runs, goCalls: await goCalls(w), injected, converged: o.reference ? isDeepStrictEqual(end, o.reference) : true, trailingRuns, end };
}

export const faultFreeRuns = scenario.length;
