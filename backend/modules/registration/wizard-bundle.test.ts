// The wizard's served script is the current bundle of its typed client (scripts/build-wizard.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wizardBundleFile, wizardBundleSource } from '../../../scripts/build-wizard';

describe('wizard client bundle', () => {
  it('client-bundle.gen.ts is built from client/wizard.ts as it is now (run npx tsx scripts/build-wizard.ts)', async () => {
    expect(readFileSync(wizardBundleFile, 'utf8')).toBe(await wizardBundleSource());
  });
});
