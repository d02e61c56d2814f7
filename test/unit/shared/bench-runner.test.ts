// The benchmark runner (test/bench/run.ts and lib.ts): every figure printed with baseline and
// ratio, all figures in the results file, and a failing bench fails the run without hiding the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figureProblem, formatFigure, percentile, runBenchFiles, samples, timeIt } from '../../bench/lib';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bench-runner-'));
  writeFileSync(
    join(dir, 'a.bench.ts'),
    `export default async (ctx: { tmpDir: string; quick: boolean }) => [
      { key: 'a.speed', value: 200, unit: 'ops/s', baseline: { label: 'plain', value: 100 } },
      { key: 'a.tmpGiven', value: ctx.tmpDir.length > 0 && ctx.quick ? 1 : 0, unit: 'flag' },
    ];\n`,
  );
  writeFileSync(join(dir, 'b.bench.ts'), `export default async () => { throw new Error('bench b broke'); };\n`);
  writeFileSync(join(dir, 'c.bench.ts'), `export default async () => [{ key: 'c.latencyMs', value: 1.5, unit: 'ms' }];\n`);
  writeFileSync(join(dir, 'd.bench.ts'), `export default async () => [{ key: 'a.speed', value: 1, unit: 'ops/s' }, { key: 'nodot', value: 1, unit: 'x' }];\n`);
  writeFileSync(join(dir, 'e.bench.ts'), `export const notDefault = 1;\n`);
  writeFileSync(join(dir, 'f.bench.ts'), `export default () => new Promise(() => {});\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench runner', () => {
  it('runs every bench, prints figures with baseline and ratio, writes the results, and exits 1 on a failure', () => {
    const out = join(dir, 'results.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/run.ts'), '--dir', dir, '--out', out, '--quick'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, BENCH_TIMEOUT_MS: '1500' },
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/a\.speed\s+200 ops\/s\s+\| baseline plain: 100 ops\/s\s+\| ratio 2\.00×/);
    expect(run.stdout).toMatch(/c\.latencyMs\s+1\.500 ms/);
    expect(run.stdout).toContain('FAILED');
    expect(run.stdout).toContain('bench b broke');
    expect(run.stdout).toContain('key already reported by another bench');
    expect(run.stdout).toContain('no default export');
    expect(run.stdout).toContain('did not finish within 1500 ms');
    expect(run.stderr).toContain('4 bench file(s) failed');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ 'a.speed': 200, 'a.tmpGiven': 1, 'c.latencyMs': 1.5 });
  });

  it('merges a filtered run into the existing results and exits 0 when all pass', () => {
    const out = join(dir, 'merged.json');
    writeFileSync(out, JSON.stringify({ 'other.figure': 7, 'c.latencyMs': 99 }));
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/bench/run.ts'), '--dir', dir, '--out', out, 'c.bench'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ 'other.figure': 7, 'c.latencyMs': 1.5 });
  });

  it('refuses figures that are not figures', async () => {
    expect(figureProblem({ key: 'a.b', value: 1, unit: 'ms' })).toBeNull();
    expect(figureProblem(null)).toBe('not an object');
    expect(figureProblem({ key: 'ab', value: 1, unit: 'ms' })).toMatch(/area\.figure/);
    expect(figureProblem({ key: 'a.b', value: Number.NaN, unit: 'ms' })).toMatch(/finite/);
    expect(figureProblem({ key: 'a.b', value: 1, unit: '' })).toMatch(/unit/);
    expect(figureProblem({ key: 'a.b', value: 1, unit: 'ms', baseline: { label: 'x' } })).toMatch(/baseline/);
    const lines: string[] = [];
    const outcome = await runBenchFiles([join(dir, 'c.bench.ts')], { root, quick: true, timeoutMs: 5_000, print: (l) => lines.push(l) });
    expect(outcome).toEqual({ results: { 'c.latencyMs': 1.5 }, failures: [] });
    expect(formatFigure({ key: 'x.y', value: 5, unit: 'ms', baseline: { label: 'z', value: 0 } })).toContain('ratio n/a');
  });

  it('measures: nearest-rank percentiles and timings', async () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 100)).toBe(5);
    expect(percentile([5, 1, 4, 2, 3], 0)).toBe(1);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    const { ms, result } = await timeIt(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 'done';
    });
    expect(result).toBe('done');
    expect(ms).toBeGreaterThanOrEqual(15);
    let calls = 0;
    const s = await samples(() => calls++, { iterations: 5, warmup: 2 });
    expect(s).toHaveLength(5);
    expect(calls).toBe(7);
  });
});
