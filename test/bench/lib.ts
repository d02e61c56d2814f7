// The contract between `npm run bench` and each benchmark file, and the runner's logic.
// A benchmark file is `test/bench/<area>.bench.ts` with a default export `async (ctx) => Figure[]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Figure = {
  /** "area.figure", the key written to bench-results.json (e.g. "shared.interestPerSecond"). */
  key: string;
  value: number;
  /** What the value counts: "ops/s", "ms", "MB", … */
  unit: string;
  /** What the figure is compared with, measured in the same run on the same machine. */
  baseline?: { label: string; value: number };
};

export type BenchContext = {
  /** The repository root. */
  root: string;
  /** A fresh empty directory for this bench (databases, files); removed after it ran. */
  tmpDir: string;
  /** BENCH_QUICK=1 or --quick: fewer iterations, for a smoke run (figures are then rough). */
  quick: boolean;
  /** Progress lines, printed under the bench's heading. */
  log: (message: string) => void;
};

export type Bench = (ctx: BenchContext) => Promise<Figure[]>;

export const figureKeyPattern = /^[a-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/;

/** Why a value is not a usable Figure, or null when it is one. */
export function figureProblem(f: unknown): string | null {
  if (typeof f !== 'object' || f === null) return 'not an object';
  const { key, value, unit, baseline } = f as Record<string, unknown>;
  if (typeof key !== 'string' || !figureKeyPattern.test(key)) return `key ${JSON.stringify(key)} is not "area.figure"`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${key}: value ${String(value)} is not a finite number`;
  if (typeof unit !== 'string' || unit === '') return `${key}: unit missing`;
  if (baseline !== undefined) {
    const b = baseline as Record<string, unknown> | null;
    if (typeof b !== 'object' || b === null || typeof b.label !== 'string' || typeof b.value !== 'number' || !Number.isFinite(b.value)) {
      return `${key}: baseline must be { label: string, value: finite number }`;
    }
  }
  return null;
}

/** Wall time of one call, in milliseconds. */
export async function timeIt<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/** Milliseconds of each of `iterations` calls, after `warmup` unmeasured ones. */
export async function samples(fn: () => Promise<unknown> | unknown, options: { iterations: number; warmup?: number }): Promise<number[]> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < options.iterations; i++) out.push((await timeIt(fn)).ms);
  return out;
}

/** The p-th percentile (0–100) by the nearest-rank method: always one of the samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile out of range: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function num(value: number): string {
  return Math.abs(value) >= 1000 || Number.isInteger(value) ? value.toFixed(0) : value.toPrecision(4);
}

/** One printed line: key, value and unit, and the baseline with the ratio value / baseline. */
export function formatFigure(f: Figure): string {
  const main = `${f.key.padEnd(40)} ${num(f.value).padStart(12)} ${f.unit}`;
  if (!f.baseline) return main;
  const ratio = f.baseline.value === 0 ? 'n/a' : `${(f.value / f.baseline.value).toPrecision(3)}×`;
  return `${main}   | baseline ${f.baseline.label}: ${num(f.baseline.value)} ${f.unit}   | ratio ${ratio}`;
}

export type RunOptions = { root: string; quick: boolean; timeoutMs: number; print: (line: string) => void };
export type RunOutcome = { results: Record<string, number>; failures: { file: string; error: string }[] };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs each bench file in turn (one at a time, so they do not disturb each other's timings).
 * A bench that throws, times out, returns something that is not a Figure[] or repeats a key
 * another bench already reported is a failure; the others still run and print.
 */
export async function runBenchFiles(files: readonly string[], options: RunOptions): Promise<RunOutcome> {
  const results: Record<string, number> = {};
  const failures: RunOutcome['failures'] = [];
  for (const file of files) {
    options.print(`\n# ${file}`);
    const tmpDir = await mkdtemp(join(tmpdir(), 'bench-'));
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      if (typeof mod.default !== 'function') throw new Error('no default export function (ctx) => Promise<Figure[]>');
      const bench = mod.default as Bench;
      const ctx: BenchContext = { root: options.root, tmpDir, quick: options.quick, log: (m) => options.print(`  ${m}`) };
      const figures: unknown = await withTimeout(Promise.resolve(bench(ctx)), options.timeoutMs, file);
      if (!Array.isArray(figures)) throw new Error('did not return an array of figures');
      const problems: string[] = [];
      for (const figure of figures) {
        const problem = figureProblem(figure);
        if (problem) problems.push(problem);
        else if ((figure as Figure).key in results) problems.push(`${(figure as Figure).key}: key already reported by another bench`);
        else {
          results[(figure as Figure).key] = (figure as Figure).value;
          options.print(formatFigure(figure as Figure));
        }
      }
      if (problems.length > 0) throw new Error(problems.join('; '));
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ file, error: text });
      options.print(`FAILED ${file}: ${text}`);
    } finally {
      await rm(tmpDir, { recursive: true, force: true });
    }
  }
  return { results, failures };
}
