// A backend process for the crash test: the Node entry's startBackend (backend/node.ts, with its
// HTTP server, file database and Go client) on the test's database and sandbox, at the test's
// clock (TEST_NOW), runs one scenario step (STEP, JSON), prints {"ok":…} and exits. With
// CRASH_AT=op:before|after, node.ts kills the process with SIGKILL at that Go write.
import { fixedClock } from '@shared/clock';
import { parseEnv } from '@backend/env';
import { startBackend } from '@backend/node';
import { act, type ActInput } from './act';

const parsed = parseEnv({ ...process.env, PORT: '1' });
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(2);
}
const backend = await startBackend({ ...parsed.env, PORT: 0 }, { clock: fixedClock(process.env['TEST_NOW']!), log: () => {} });
const health = await fetch(`${backend.url}/api/v1/docs`, { headers: { connection: 'close' } });
await health.body?.cancel();
const result = await act(backend.deps, JSON.parse(process.env['STEP']!) as ActInput);
// Exit at once, as a stopped process does: everything it did is committed.
process.stdout.write(`${JSON.stringify({ ...result, served: health.status })}\n`, () => process.exit(0));
