// npm run bench: runs every test/bench/*.bench.ts, prints each figure with its baseline and ratio,
// and writes { "area.figure": number } to bench-results.json. A failing bench fails the run, after
// the others have printed.
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Bench, Figure } from './lib';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: Record<string, number> = {};
let failed = 0;

function show(f: Figure): string {
  const value = `${f.key.padEnd(34)} ${f.value.toFixed(3).padStart(12)} ${f.unit}`;
  if (!f.baseline) return value;
  const ratio = f.baseline.value === 0 ? 'n/a' : (f.value / f.baseline.value).toFixed(2);
  return `${value}   baseline ${f.baseline.label}: ${f.baseline.value.toFixed(3)}   ratio ${ratio}`;
}

for (const file of files) {
  console.log(`\n# ${file}`);
  try {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
    for (const figure of await mod.default()) {
      results[figure.key] = figure.value;
      console.log(show(figure));
    }
  } catch (error) {
    failed++;
    console.error(`FAILED ${file}:`, error instanceof Error ? error.stack : error);
  }
}

writeFileSync(fileURLToPath(new URL('../../bench-results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${Object.keys(results).length} figures written to bench-results.json${failed ? `; ${failed} bench file(s) failed` : ''}`);
process.exit(failed ? 1 : 0);
