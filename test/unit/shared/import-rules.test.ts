// The import rules of docs/architecture.md are enforced by the linter (npm test runs eslint first).
// This proves that each rule fires: a forbidden import in each part is an error, an allowed one is not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => /no-restricted-imports/.test(m.ruleId ?? '')).map((m) => m.message);
}

const cases: { file: string; code: string; forbidden: boolean }[] = [
  { file: 'sandbox/api/example.ts', code: "import { x } from '@shared/money';", forbidden: true },
  { file: 'sandbox/api/example.ts', code: "import { x } from '../../shared/money';", forbidden: true },
  { file: 'sandbox/api/example.ts', code: "import { x } from '../../backend/app';", forbidden: true },
  { file: 'sandbox/api/example.ts', code: "import { x } from '../util';", forbidden: false },
  { file: 'shared/example.ts', code: "import { x } from '../backend/app';", forbidden: true },
  { file: 'shared/example.ts', code: "import { x } from 'node:fs';", forbidden: true },
  { file: 'shared/example.ts', code: "import { x } from './money';", forbidden: false },
  { file: 'backend/modules/cases/example.ts', code: "import { x } from '../../sandbox/store';", forbidden: true },
  { file: 'backend/modules/cases/example.ts', code: "import { x } from 'node:crypto';", forbidden: true },
  { file: 'backend/modules/cases/example.ts', code: "import { x } from 'fs';", forbidden: true },
  { file: 'backend/modules/cases/example.ts', code: "import { x } from '../../extension/lib/api';", forbidden: true },
  { file: 'backend/modules/cases/example.ts', code: "import { x } from '@shared/money';", forbidden: false },
  // A backend test beside its module runs in Node only: it may read files and start the sandbox.
  { file: 'backend/modules/cases/example.test.ts', code: "import { x } from 'node:fs';", forbidden: false },
  { file: 'backend/modules/cases/example.test.ts', code: "import { x } from '../../../test/helpers/sandbox';", forbidden: false },
  { file: 'backend/modules/cases/example-test.ts', code: "import { x } from 'node:fs';", forbidden: true },
  { file: 'backend/node/example.ts', code: "import { x } from 'node:fs';", forbidden: false },
  { file: 'backend/node/example.ts', code: "import { x } from '../../sandbox/store';", forbidden: true },
  { file: 'extension/lib/example.ts', code: "import { x } from '@backend/app';", forbidden: true },
  { file: 'extension/lib/example.ts', code: "import type { x } from '@backend/app';", forbidden: false },
  { file: 'extension/lib/example.ts', code: "import { x } from '../../sandbox/store';", forbidden: true },
];

describe('import rules', () => {
  it.each(cases)('$file: `$code` forbidden=$forbidden', async ({ file, code, forbidden }) => {
    const errors = await errorsFor(file, code);
    if (forbidden) expect(errors.length, `expected a no-restricted-imports error for ${code} in ${file}`).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });
});
