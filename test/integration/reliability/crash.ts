// Crash-point machinery shared by the crash test and the reliability bench: a guard that sees every
// Go write this process makes and checks it lies between a beforeGoWrite and an afterGoWrite crash
// point, the scenario played with a crash at every point (a thrown fault in process, or SIGKILL of
// a backend child process), and the Go client's write methods found by calling each one.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { fixedClock } from '@shared/clock';
import { createGoClient } from '@backend/integrations/poweroffice/client';
import { act, type ActInput } from './act';
import { crashPoints, endState, playScenario, violations, type CrashWhen, type World } from './world';

/** A request to Go's API (not the sandbox's control routes or pages, not the token endpoint). */
function goApiWrite(url: string, method: string): boolean {
  const path = new URL(url).pathname.toLowerCase();
  return method !== 'GET' && (path.startsWith('/debtcollection') || path.startsWith('/v2/'));
}

async function refusedInEnvelope(res: Response): Promise<boolean> {
  if (!(res.headers.get('content-type') ?? '').includes('json')) return false;
  const body: unknown = await res.clone().json().catch(() => null);
  return typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false;
}

/** Watches this process's fetch calls while `active`: every Go write must come after a
 *  beforeGoWrite and, once Go accepted it, be followed by an afterGoWrite before the next Go call. */
export class WriteGuard {
  active = false;
  problems: string[] = [];
  /** Crash points reached, in order, per step name. */
  reached: { step: string; point: string }[] = [];
  step = '';
  private open: string | null = null;
  private accepted: string | null = null;
  private readonly original = globalThis.fetch;

  install(): () => void {
    const original = this.original;
    globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      const watched = this.active && /^https?:\/\/127\.0\.0\.1/.test(url) && new URL(url).pathname.match(/^\/(debtcollection|v2\/)/i);
      if (watched) {
        if (this.accepted) this.problems.push(`${this.step}: Go accepted ${this.accepted} and was called again with no afterGoWrite crash point between`);
        this.accepted = null;
        if (goApiWrite(url, method) && !this.open) this.problems.push(`${this.step}: ${method} ${new URL(url).pathname} is a Go write with no beforeGoWrite crash point before it`);
        if (!goApiWrite(url, method)) this.open = null;
      }
      const res = await original(input, init);
      // Go's legacy API refuses inside a 200 envelope (success: false): that is no accepted write.
      if (watched && goApiWrite(url, method) && res.ok && this.open && !(await refusedInEnvelope(res))) this.accepted = `${method} ${new URL(url).pathname} (${this.open})`;
      return res;
    };
    return () => {
      globalThis.fetch = original;
    };
  }

  before(op: string): void {
    if (!this.active) return;
    this.endAct();
    this.open = op;
    this.reached.push({ step: this.step, point: `${op}:before` });
  }

  after(op: string): void {
    if (!this.active) return;
    if (this.open !== op) this.problems.push(`${this.step}: afterGoWrite(${op}) without its beforeGoWrite`);
    this.open = null;
    this.accepted = null;
    this.reached.push({ step: this.step, point: `${op}:after` });
  }

  /** The end of an act (or a new crash point): a write Go accepted must have had its after point. */
  endAct(): void {
    if (this.accepted) this.problems.push(`${this.step}: Go accepted ${this.accepted} with no afterGoWrite crash point after it`);
    this.accepted = null;
    this.open = null;
  }
}

/** Plays the scenario with no crash, recording which crash points each step reaches. */
export async function referenceRun(w: World, guard: WriteGuard) {
  w.t.deps.faults = { beforeGoWrite: (op) => guard.before(op), afterGoWrite: (op) => guard.after(op) };
  await playScenario(w, async (input, step) => {
    guard.step = step.name;
    guard.active = true;
    try {
      return await act(w.t.deps, input);
    } finally {
      guard.endAct();
      guard.active = false;
    }
  });
  w.t.deps.faults = undefined;
  const reachedIn = new Map<string, Set<string>>();
  for (const r of guard.reached) reachedIn.set(r.point, (reachedIn.get(r.point) ?? new Set()).add(r.step));
  return { end: await endState(w), reachedIn };
}

export type CrashOutcome = {
  /** Crash points (op:when) at which the backend was stopped. */
  fired: string[];
  firedAt: { point: string; step: string }[];
  /** Crash points never reached with a crash armed. */
  missed: string[];
  /** After each step's recovery: what did not hold. */
  broken: { step: string; problems: string[] }[];
  end: Awaited<ReturnType<typeof endState>>;
  runs: number;
  /** Each attempt: the step, the point armed, what came of it. */
  trace: string[];
};

/** The scenario with the backend stopped at every crash point: at each step, its act is run with
 *  one point armed that the reference run reached in that step and that has not fired yet (each
 *  attempt starting from what the crashed ones left), until an attempt gets through; a point the
 *  rerun no longer reaches is tried again at a later step that reaches it. The promises are checked
 *  after every step. `stop` runs one act with one point armed and says whether it stopped there. */
export async function crashRun(
  w: World,
  reachedIn: Map<string, Set<string>>,
  whens: CrashWhen[],
  stop: (input: ActInput, point: string | null) => Promise<{ ok: boolean; stopped: boolean; error?: string }>,
): Promise<CrashOutcome> {
  const fired: string[] = [];
  const broken: CrashOutcome['broken'] = [];
  // Points that few steps reach go first, so a commoner one (a status push) armed first cannot
  // carry a step past the only chance of a rare one (the remittance voucher).
  const points = crashPoints.flatMap((p) => whens.map((when) => `${p.op}:${when}`)).sort((a, b) => (reachedIn.get(a)?.size ?? 0) - (reachedIn.get(b)?.size ?? 0));
  const trace: string[] = [];
  const firedAt: { point: string; step: string }[] = [];
  let runs = 0;
  let tried = new Set<string>();
  let current = '';
  await playScenario(
    w,
    async (input, step) => {
      if (step.name !== current) {
        current = step.name;
        tried = new Set();
      }
      const point = points.find((p) => reachedIn.get(p)?.has(step.name) && !fired.includes(p) && !tried.has(p)) ?? null;
      if (point) tried.add(point);
      runs++;
      const r = await stop(input, point);
      if (point && r.stopped) {
        fired.push(point);
        firedAt.push({ point, step: step.name });
      }
      trace.push(`${step.name}: ${point ?? 'none'} → ${r.stopped ? 'stopped' : r.ok ? 'ok' : `failed (${r.error})`}`);
      if (r.ok) {
        const problems = await violations(w);
        if (problems.length) broken.push({ step: step.name, problems });
      }
      return r;
    },
    { maxAttempts: points.length + 3 },
  );
  return { fired, firedAt, missed: points.filter((p) => !fired.includes(p)), broken, end: await endState(w), runs, trace };
}

/** Stops an in-process act with a thrown fault at the armed point (and at every one after it). */
export function thrownFault(w: World, guard: WriteGuard) {
  return async (input: ActInput, point: string | null) => {
    let stopped = false;
    // Once stopped, the backend stays stopped for the rest of the act: every later crash point
    // throws too, so no Go write follows the crash (a caller that catches the first fault and
    // carries on, as the daily run does after a failed sync, meets the next one).
    const hit = (op: string, when: CrashWhen) => {
      if (stopped || point === `${op}:${when}`) {
        stopped = true;
        throw new Error(`crash ${when} ${op}`);
      }
    };
    w.t.deps.faults = {
      beforeGoWrite: (op) => {
        guard.before(op);
        hit(op, 'before');
      },
      afterGoWrite: (op) => {
        guard.after(op);
        hit(op, 'after');
      },
    };
    guard.active = true;
    try {
      const r = await act(w.t.deps, input);
      return { ...r, stopped };
    } finally {
      guard.endAct();
      guard.active = false;
      w.t.deps.faults = undefined;
    }
  };
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
let childBundle: Promise<string> | null = null;

/** child.ts bundled once (packages left to node_modules): a backend process then starts in well
 *  under a second, where compiling the TypeScript at every start took seconds on a busy machine. */
function bundledChild(): Promise<string> {
  childBundle ??= (async () => {
    const dir = join(root, 'node_modules/.cache/modhi-reliability');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `child-${process.pid}.mjs`);
    await build({ entryPoints: [fileURLToPath(new URL('./child.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', tsconfig: join(root, 'tsconfig.json'), logLevel: 'error',
      // The one import.meta.url the backend reads is node/db.ts's, for its migrations folder.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'backend/node/db.ts')).href) } });
    return outfile;
  })();
  return childBundle;
}

/** Runs an act with a point armed in a backend child process (backend/node.ts's startBackend on
 *  the world's database file), killed with SIGKILL there by node.ts's CRASH_AT hook. A killed run
 *  leaves its daily lease behind; the world's clock then moves past it (31 min) before the restart.
 *  (Issue 11 item 5 shortens that lease; the 31 minutes pass it either way.) */
export function killedChild(w: World) {
  const { t } = w;
  return async (input: ActInput, point: string | null) => {
    // The rerun with no point armed is the restarted backend's work; it runs in this process (on
    // the same database file), which keeps the child starts to one per crash point.
    if (point === null) return { ...(await act(t.deps, input)), stopped: false };
    const entry = await bundledChild();
    return new Promise<{ ok: boolean; stopped: boolean; error?: string }>((resolve, reject) => {
      const env: Record<string, string> = {
        PATH: process.env['PATH'] ?? '',
        DATABASE_URL: t.dbUrl,
        GO_API_URL: `${t.sandbox.url}/`,
        GO_V2_URL: `${t.sandbox.url}/v2`,
        COMPANY_REGISTER_URL: `${t.sandbox.url}/enhetsregisteret/api/enheter`,
        GO_APPLICATION_KEY: t.creds.applicationKey,
        GO_SUBSCRIPTION_KEY: t.creds.subscriptionKey,
        ENCRYPTION_KEY: t.deps.secrets.encryptionKey,
        PUBLIC_URL: t.deps.config.publicUrl,
        TEST_NOW: t.clock.now().toISOString(),
        STEP: JSON.stringify(input),
        ...(point ? { CRASH_AT: point } : {}),
      };
      const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL') {
          t.clock.set(new Date(t.clock.now().getTime() + 31 * 60_000).toISOString());
          resolve({ ok: false, stopped: true, error: `killed at ${point}` });
          return;
        }
        const line = out.trim().split('\n').pop() ?? '';
        try {
          const r = JSON.parse(line) as { ok: boolean; error?: string; served: number };
          if (r.served !== 200) throw new Error(`the child's HTTP server answered ${r.served}`);
          resolve({ ok: r.ok, stopped: false, ...(r.error ? { error: r.error } : {}) });
        } catch (e) {
          reject(new Error(`child exited ${code}: ${e instanceof Error ? e.message : ''} ${out.slice(-500)} ${err.slice(-2000)}`));
        }
      });
    });
  };
}

/** Sample arguments for every Go client method, so each can be called and seen to read or write.
 *  A method missing here fails the crash test until it is added (and, if it writes, given a
 *  crash point in world.ts). */
export const clientSamples: Record<string, unknown[]> = {
  isActiveDebtCollection: [],
  availableInvoices: [],
  listCases: ['K1'],
  getCase: ['c'],
  createCase: [{ code: 'K1', invoiceIds: ['i'], externalCaseUrl: 'http://127.0.0.1/c', balanceOre: 100 }],
  addInvoicesToCase: ['c', ['i']],
  updateStatus: [{ caseId: 'c', statusText: 's', isCaseClosed: false, balanceOre: 100 }],
  deleteCase: ['c'],
  allMatchedItems: [null],
  customers: [],
  outgoingInvoices: [null],
  ledgerAccounts: [],
  openItems: ['2026-11-28'],
  postManualJournal: [{ voucherDate: '2026-11-28', description: 'd', externalImportReference: 'r', lines: [{ accountId: 1, amountOre: 0, description: 'x' }] }],
  findManualJournal: ['r', '2026-11-27T00:00:00.000Z'],
  getManualJournal: ['00000000-0000-0000-0000-000000000000'],
  customerByNo: ['10001'],
  customersByNos: [['10001', '10002']],
  patchCustomer: [1, [{ op: 'replace', path: '/TransferToDebtCollectionAgency', value: false }]],
};

/** Calls every method of a Go client against a fake Go that records the HTTP method of each
 *  request: which methods write (anything but GET), which read, and which could not be called. */
export async function classifyClientMethods() {
  let sent: string[] = [];
  const client = createGoClient({
    apiUrl: 'http://127.0.0.1:9/', v2Url: 'http://127.0.0.1:9/v2', applicationKey: 'a', subscriptionKey: 's', clientKey: 'k', clock: fixedClock('2026-11-28T09:00:00Z'), maxRetries: 0, sleep: async () => {},
    fetch: async (input, init) => {
      const url = String(input);
      if (url.includes('OAuth')) return new Response(JSON.stringify({ access_token: 't', token_type: 'Bearer', expires_in: 3600 }), { status: 200, headers: { 'content-type': 'application/json' } });
      sent.push((init?.method ?? 'GET').toUpperCase());
      return new Response('{}', { status: 500, headers: { 'content-type': 'application/json' } });
    },
  });
  const writes: string[] = [];
  const reads: string[] = [];
  const unknown: string[] = [];
  for (const [name, fn] of Object.entries(client)) {
    if (typeof fn !== 'function') continue;
    const args = clientSamples[name];
    if (!args) {
      unknown.push(name);
      continue;
    }
    sent = [];
    await (fn as (...a: unknown[]) => Promise<unknown>)(...args).catch(() => undefined);
    if (sent.length === 0) unknown.push(name);
    else if (sent.some((m) => m !== 'GET')) writes.push(name);
    else reads.push(name);
  }
  return { writes, reads, unknown };
}
