// npm run bench [-- [--quick] [--dir <dir>] [--out <file>] [name-filter …]]
// Runs every <dir>/*.bench.ts (default test/bench), prints each figure with its baseline and the
// ratio, and writes { "area.figure": number } to bench-results.json at the repository root.
// Exits non-zero when any bench failed, after all the others have run and printed.
// A filtered run (names given) merges its figures into the existing results file instead of
// replacing it, so re-running one bench does not drop the others' figures.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBenchFiles } from './lib';

const root = fileURLToPath(new URL('../../', import.meta.url));

function parseArgs(argv: readonly string[]): { dir: string; out: string; quick: boolean; filters: string[] } {
  let dir = join(root, 'test/bench');
  let out = join(root, 'bench-results.json');
  let quick = process.env.BENCH_QUICK === '1';
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--dir' || arg === '--out') {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a path`);
      if (arg === '--dir') dir = resolve(value);
      else out = resolve(value);
    } else filters.push(arg);
  }
  return { dir, out, quick, filters };
}

function readExisting(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
    return Object.fromEntries(Object.entries(data).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return {};
  }
}

const args = parseArgs(process.argv.slice(2));
const files = readdirSync(args.dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => args.filters.length === 0 || args.filters.some((name) => f.includes(name)))
  .sort()
  .map((f) => join(args.dir, f));

if (files.length === 0) {
  console.error(`no *.bench.ts files in ${args.dir}${args.filters.length ? ` matching ${args.filters.join(', ')}` : ''}`);
  process.exit(1);
}

const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000);
const { results, failures } = await runBenchFiles(files, { root, quick: args.quick, timeoutMs, print: (line) => console.log(line) });

const merged = args.filters.length > 0 ? { ...readExisting(args.out), ...results } : results;
writeFileSync(args.out, `${JSON.stringify(merged, null, 2)}\n`);
console.log(`\n${Object.keys(results).length} figure(s) from ${files.length - failures.length}/${files.length} bench file(s) written to ${args.out}`);
if (failures.length > 0) {
  console.error(`${failures.length} bench file(s) failed: ${failures.map((f) => f.file).join(', ')}`);
  process.exit(1);
}
process.exit(0);
