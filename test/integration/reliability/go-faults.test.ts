// Go failing at 0 %, 10 % and 30 % of its API calls (500, 429 with Retry-After, slow answers,
// timeouts, cut connections, writes carried out with the answer lost): the scenario's steps rerun
// until they get through, and the daily runs converge to the fault-free end state, with the
// promises holding. Runs needed and extra Go calls are printed (and measured in the bench).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciTiming, faultFreeRuns, faultRun, faultWorld } from './faults';
import { violations, type World } from './world';

const worlds: World[] = [];
let reference: Awaited<ReturnType<typeof faultRun>>;
beforeAll(async () => {
  const w = await faultWorld(ciTiming);
  worlds.push(w);
  reference = await faultRun(w, 0, { timing: ciTiming, seed: 1 });
});
afterAll(async () => {
  for (const w of worlds) await w.t.close();
});

describe('Go failing a share of its calls', () => {
  it('at 0 %: every step gets through at once', async () => {
    expect(reference.runs).toBe(faultFreeRuns);
    expect(reference.injected).toBe(0);
    expect(await violations(worlds[0]!)).toEqual([]);
  });

  for (const [rate, seed] of [[0.1, 10], [0.3, 30]] as const) {
    it(`at ${rate * 100} %: repeated runs converge to the fault-free end state`, async () => {
      const w = await faultWorld(ciTiming);
      worlds.push(w);
      const out = await faultRun(w, rate, { timing: ciTiming, seed, reference: reference.end });
      console.log(`faults ${rate * 100} %: ${out.runs} runs (fault-free ${faultFreeRuns}), ${out.goCalls} Go calls (fault-free ${reference.goCalls}, ${out.injected} failed), ${out.trailingRuns} extra daily runs to converge`);
      expect(out.injected).toBeGreaterThan(0);
      expect(out.end).toEqual(reference.end);
      expect(out.converged).toBe(true);
      expect(await violations(w)).toEqual([]);
    }, 180_000);
  }
});
