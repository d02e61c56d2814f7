// npm run deploy:check: builds the worker's bundle as `wrangler deploy` would (no upload), into
// .output/worker, and prints its size; fails when the bundle does not build or is over Workers'
// 3 MiB (gzip) limit of the free plan (10 MiB on paid plans).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const outdir = '.output/worker';
rmSync(outdir, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', outdir], { stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });

let raw = 0;
let gzip = 0;
for (const file of readdirSync(outdir, { recursive: true }).map(String)) {
  const path = join(outdir, file);
  if (!statSync(path).isFile() || !/\.(m?js|wasm)$/.test(file)) continue;
  const bytes = readFileSync(path);
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
  console.log(`  ${file.padEnd(30)} ${(bytes.length / 1024).toFixed(1).padStart(9)} KiB`);
}
console.log(`worker bundle: ${(raw / 1024).toFixed(1)} KiB, ${(gzip / 1024).toFixed(1)} KiB gzip (limit 3072 KiB gzip on the free plan)`);
if (gzip > 3 * 1024 * 1024) {
  console.error('the bundle is over the free plan limit');
  process.exit(1);
}
