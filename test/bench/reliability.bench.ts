// Reliability figures, from the same harnesses as the tests in test/integration/reliability (more
// data and longer runs here): crash points exercised and passed (thrown fault and SIGKILL), runs
// and extra Go calls for Go failing 10 % / 30 % of its calls, 50 connections for 30 s of lookups
// and sends during daily runs, and hostile requests on every route. Each figure stands beside a
// baseline measured in this run: the planned crash points, the fault-free run, an idle lookup
// load, the cases asked for.
import { isDeepStrictEqual } from 'node:util';
import { makeTestBackend } from '../helpers/backend';
import { crashRun, killedChild, referenceRun, thrownFault, WriteGuard, type CrashOutcome } from '../integration/reliability/crash';
import { benchTiming, faultRun, faultWorld } from '../integration/reliability/faults';
import { appRoutes, fuzzFixtures, fuzzRoute } from '../integration/reliability/fuzz';
import { loadWorld, runLoad } from '../integration/reliability/load';
import { crashPoints, makeWorld } from '../integration/reliability/world';
import type { BenchContext, Figure } from './lib';

/** Points that stopped the backend, in a step after which every promise held, in a run that ended
 *  in the fault-free state. */
function passed(out: CrashOutcome, endOk: boolean): number {
  if (!endOk) return 0;
  const brokenSteps = new Set(out.broken.map((b) => b.step));
  return out.firedAt.filter((f) => !brokenSteps.has(f.step)).length;
}

export default async function (ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];

  // Crash points: every point, both ways.
  const guard = new WriteGuard();
  const uninstall = guard.install();
  const refWorld = await makeWorld();
  const reference = await referenceRun(refWorld, guard);
  const planned = crashPoints.length * 2 * 2; // op × before/after × thrown/killed
  let ok = 0;
  for (const mode of ['thrown', 'killed'] as const) {
    const w = await makeWorld();
    const out = await crashRun(w, reference.reachedIn, ['before', 'after'], mode === 'thrown' ? thrownFault(w, guard) : killedChild(w));
    const endOk = isDeepStrictEqual(out.end, reference.end);
    ok += passed(out, endOk);
    ctx.log(`crash (${mode}): ${out.fired.length} points stopped the backend in ${out.runs} runs; ${out.broken.length} steps broke a promise; end state ${endOk ? 'as fault-free' : 'DIFFERENT'}${out.missed.length ? `; never reached: ${out.missed.join(', ')}` : ''}`);
    for (const b of out.broken) ctx.log(`  ${b.step}: ${b.problems.join('; ')}`);
    await w.t.close();
  }
  if (guard.problems.length) ctx.log(`Go writes without crash points: ${guard.problems.join('; ')}`);
  uninstall();
  await refWorld.t.close();
  figures.push({ key: 'reliability.crashPoints', value: planned, unit: 'points', baseline: { label: 'Go write kinds × before/after × thrown/killed', value: planned } });
  figures.push({ key: 'reliability.crashPointsPassed', value: guard.problems.length ? 0 : ok, unit: 'points', baseline: { label: 'planned', value: planned } });

  // Go faults: more debtors, Go's real 2 s answers and timeouts.
  const extraDebtors = ctx.quick ? 5 : 30;
  const w0 = await faultWorld(benchTiming, extraDebtors);
  const free = await faultRun(w0, 0, { timing: benchTiming, seed: 1 });
  await w0.t.close();
  ctx.log(`faults 0 %: ${free.runs} runs, ${free.goCalls} Go calls`);
  for (const rate of [0.1, 0.3]) {
    const w = await faultWorld(benchTiming, extraDebtors);
    const out = await faultRun(w, rate, { timing: benchTiming, seed: Math.round(rate * 100), reference: free.end, maxTrailingRuns: 10 });
    await w.t.close();
    ctx.log(`faults ${rate * 100} %: ${out.runs} runs, ${out.goCalls} Go calls (${out.injected} failed), converged: ${out.converged}`);
    if (!out.converged) throw new Error(`at ${rate * 100} % failed calls the runs did not converge to the fault-free end state`);
    const pct = Math.round(rate * 100);
    figures.push({ key: `faults.runsToConverge${pct}`, value: out.runs, unit: 'runs', baseline: { label: 'fault-free', value: free.runs } });
    if (pct === 30) figures.push({ key: 'faults.extraCallsRatio30', value: (out.goCalls - free.goCalls) / free.goCalls, unit: 'ratio', baseline: { label: 'fault-free', value: 0 } });
  }

  // Load: 50 connections for 30 s during daily runs; baseline: the same lookups on one connection
  // with no daily run and no sends.
  {
    const idleWorld = await loadWorld({ extraDebtors: 0, sendable: 0 });
    const idle = await runLoad(idleWorld, { connections: 1, durationMs: ctx.quick ? 2_000 : 5_000, daily: false });
    await idleWorld.t.close();
    const world = await loadWorld({ extraDebtors: ctx.quick ? 10 : 40, sendable: ctx.quick ? 40 : 150 });
    const out = await runLoad(world, { connections: 50, durationMs: ctx.quick ? 5_000 : 30_000 });
    await world.t.close();
    ctx.log(`load: ${out.requests} requests (${out.lookups} lookups, ${out.sendsOk}/${out.sends} sends), ${out.dailyRuns} daily runs, p50 ${out.p50Ms.toFixed(0)} ms, p99 ${out.p99Ms.toFixed(0)} ms (lookups ${out.lookupP99Ms.toFixed(0)}, sends ${out.sendP99Ms.toFixed(0)}), lost ${out.lost.length}, integrity ${out.integrity}, promises broken ${out.problems.length}`);
    if (out.lost.length || out.problems.length || out.integrity !== 'ok') throw new Error(`load lost or broke something: ${[...out.lost, ...out.problems, out.integrity].join('; ')}`);
    figures.push({ key: 'load.requests', value: out.requests, unit: 'requests', baseline: { label: '1 idle connection', value: idle.requests } });
    figures.push({ key: 'load.errors5xx', value: out.errors5xx + out.transportErrors, unit: 'requests' });
    figures.push({ key: 'load.p99Ms', value: out.p99Ms, unit: 'ms', baseline: { label: '1 idle connection', value: idle.p99Ms } });
  }

  // Hostile input: every route, 600 cases each (300 in a quick run, as in CI).
  {
    const t = await makeTestBackend();
    const fixtures = await fuzzFixtures(t);
    const runs = ctx.quick ? 300 : 600;
    let cases = 0;
    let errors5xx = 0;
    const routes = appRoutes(t);
    for (const [n, route] of routes.entries()) {
      const out = await fuzzRoute(t, fixtures, route, { runs, seed: 777 + n });
      cases += out.cases;
      errors5xx += out.errors5xx;
      if (out.failures.length) ctx.log(`fuzz ${out.route}: ${out.failures.length} failing (first: ${out.failures[0]!.split('\n')[0]!.slice(0, 160)})`);
    }
    await t.close();
    figures.push({ key: 'fuzz.cases', value: cases, unit: 'requests', baseline: { label: `${routes.length} routes × ${runs}`, value: routes.length * runs } });
    figures.push({ key: 'fuzz.errors5xx', value: errors5xx, unit: 'requests' });
  }
  return figures;
}
