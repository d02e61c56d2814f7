// Crash points: the backend stopped at every point between a database commit and a Go write (sync,
// send, settings, remittance, activation), by a thrown fault in process and by SIGKILL of a real
// backend process, then restarted and rerun. After every step: one case per debtor batch, one
// voucher per remittance, every agency payment remitted once, vouchers balanced, our balances equal
// Go's; at the end, the same state as a run with no crash. And a Go write without a crash point
// fails here: the Go client's write methods are found by calling each, and every Go write the
// scenario makes is watched on the wire.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashPoints, makeWorld, unusedGoWrites, type World } from './world';
import { classifyClientMethods, crashRun, killedChild, referenceRun, thrownFault, WriteGuard } from './crash';

const everyPoint = crashPoints.flatMap((p) => [`${p.op}:before`, `${p.op}:after`]).sort();
const worlds: World[] = [];
const guard = new WriteGuard();
let uninstall: () => void;
let reference: Awaited<ReturnType<typeof referenceRun>>;

beforeAll(async () => {
  uninstall = guard.install();
  const w = await makeWorld();
  worlds.push(w);
  reference = await referenceRun(w, guard);
});
afterAll(async () => {
  uninstall?.();
  for (const w of worlds) await w.t.close();
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('every Go write has a crash point', () => {
  it('each write method of the Go client has a crash point or is called nowhere in the backend', async () => {
    const { writes, unknown } = await classifyClientMethods();
    expect(unknown, 'Go client methods the harness cannot call: add them to clientSamples in crash.ts').toEqual([]);
    const covered: string[] = crashPoints.map((p) => p.method).filter((m): m is NonNullable<typeof m> => m !== null);
    const uncovered = writes.filter((m) => !covered.includes(m) && !(unusedGoWrites as readonly string[]).includes(m));
    expect(uncovered, 'Go writes with no crash point in world.ts').toEqual([]);
    expect(covered.every((m) => writes.includes(m)), `crash points name methods that do not write: ${covered.filter((m) => !writes.includes(m)).join(', ')}`).toBe(true);
    const backend = sources('backend').map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const m of unusedGoWrites) expect(backend, `${m} is called: give it a crash point in world.ts`).not.toMatch(new RegExp(`\\.${m}\\(`));
  });

  it('the fault-free scenario reaches every crash point, and every Go write on the wire lies between its two', () => {
    expect(guard.problems).toEqual([]);
    expect([...reference.reachedIn.keys()].sort()).toEqual(everyPoint);
  });
});

describe('stopped at every crash point, restarted, rerun', () => {
  it('by a thrown fault in process: the promises hold after every step, and the end state is the fault-free one', async () => {
    const w = await makeWorld();
    worlds.push(w);
    const out = await crashRun(w, reference.reachedIn, ['before', 'after'], thrownFault(w, guard));
    expect(out.missed, out.trace.join('\n')).toEqual([]);
    expect(out.broken).toEqual([]);
    expect(guard.problems).toEqual([]);
    expect(out.end).toEqual(reference.end);
  });

  it('by SIGKILL of the Node backend process: the promises hold after every restart, and the end state is the fault-free one', async () => {
    const w = await makeWorld();
    worlds.push(w);
    const out = await crashRun(w, reference.reachedIn, ['before', 'after'], killedChild(w));
    expect(out.missed, out.trace.join('\n')).toEqual([]);
    expect(out.broken).toEqual([]);
    expect(out.end).toEqual(reference.end);
  }, 240_000);
});
