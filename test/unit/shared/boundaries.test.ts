// shared/ is used by the backend (Node and Workers) and the extension (browser): it imports nothing
// of ours outside shared/, no Node built-ins, and only the packages listed here.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const dir = fileURLToPath(new URL('../../../shared/', import.meta.url));
const allowedPackages = new Set(['zod']);

describe('shared/ boundaries', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  it('has the domain modules', () => {
    expect(files).toEqual(expect.arrayContaining(['money.ts', 'identifiers.ts', 'rates.ts', 'interest.ts', 'fees.ts', 'dates.ts', 'stages.ts', 'clock.ts', 'api.ts']));
  });
  it.each(files)('%s imports only shared/ siblings and allowed packages', (file) => {
    const source = readFileSync(dir + file, 'utf8');
    const specifiers = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
    expect(specifiers.length > 0 || !/\bfrom\s+['"]/.test(source)).toBe(true);
    for (const spec of specifiers) {
      if (spec.startsWith('./')) expect(files).toContain(`${spec.slice(2)}.ts`);
      else expect(allowedPackages.has(spec), `${file} imports ${spec}`).toBe(true);
    }
    // Only the system clock reads the real time; everything else takes a Clock or a date.
    if (file !== 'clock.ts') expect(source).not.toMatch(/Date\.now\(|new Date\(\)/);
  });
});
