// A test double of Turso's HTTP protocol: Hrana 2 over HTTP (`POST /v2/pipeline`, JSON), the
// dialect `@libsql/client/web` speaks, backed by the real libsql engine (`@libsql/client` on a temp
// file). As the Go sandbox stands in for Go, this stands in for a Turso database in the tests of the
// worker, the deploy step's `drizzle-kit migrate` and the contract test (hrana-contract.test.ts).
//
// What it keeps of the protocol: streams with batons (a stream is one connection's state: an open
// transaction lives across requests on it), `execute`, `batch` with step conditions (ok, error, not,
// and, or, is_autocommit), `sequence`, `store_sql`/`close_sql`, `get_autocommit`, `close`, typed
// values (integers as decimal strings, blobs as base64), errors as results, and the bearer token.
// What it does not: Hrana 3 (`/v3`, protobuf, cursors: the web client speaks v2 unless asked),
// `describe`, WebSockets, replication, Turso's limits. A transaction holds the one write lock from
// BEGIN to its end, as SQLite's single writer does; reads outside a transaction run beside it (WAL).
import { createClient, type Client, type InValue, type ResultSet, type Transaction, type TransactionMode } from '@libsql/client';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type HranaValue = { type: 'null' } | { type: 'integer'; value: string } | { type: 'float'; value: number } | { type: 'text'; value: string } | { type: 'blob'; base64: string };
type HranaStmt = { sql?: string; sql_id?: number; args?: HranaValue[]; named_args?: { name: string; value: HranaValue }[]; want_rows?: boolean };
type HranaCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: HranaCond }
  | { type: 'and' | 'or'; conds: HranaCond[] }
  | { type: 'is_autocommit' };
type HranaRequest =
  | { type: 'execute'; stmt: HranaStmt }
  | { type: 'batch'; batch: { steps: { condition?: HranaCond; stmt: HranaStmt }[] } }
  | { type: 'sequence'; sql?: string; sql_id?: number }
  | { type: 'describe'; sql?: string; sql_id?: number }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
  | { type: 'get_autocommit' }
  | { type: 'close' };
type HranaError = { message: string; code?: string };
type StmtResult = { cols: { name: string; decltype: string | null }[]; rows: HranaValue[][]; affected_row_count: number; last_insert_rowid: string | null };

class ProtocolError extends Error {}

/** One writer at a time, handed over in order. */
class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

type Stream = { tx: Transaction | null; releaseLock: (() => void) | null; sqls: Map<number, string>; expiry: NodeJS.Timeout | null };

const beginPattern = /^\s*BEGIN(?:\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(?:\s+TRANSACTION)?(\s+READONLY)?\s*;?\s*$/i;
const commitPattern = /^\s*(?:COMMIT|END)(?:\s+TRANSACTION)?\s*;?\s*$/i;
const rollbackPattern = /^\s*ROLLBACK(?:\s+TRANSACTION)?\s*;?\s*$/i;
const readPattern = /^\s*(?:SELECT|PRAGMA\s+\w+\s*;?\s*$|EXPLAIN)/i;

function decodeValue(v: HranaValue): InValue {
  switch (v.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return v.value;
    case 'text':
      return v.value;
    case 'blob':
      return new Uint8Array(Buffer.from(v.base64, 'base64'));
    default:
      throw new ProtocolError(`unknown value type ${JSON.stringify(v)}`);
  }
}

function encodeValue(v: unknown): HranaValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: v }; // intMode bigint: integers come as bigint
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof ArrayBuffer) return { type: 'blob', base64: Buffer.from(v).toString('base64') };
  if (ArrayBuffer.isView(v)) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  throw new ProtocolError(`cannot encode ${typeof v}`);
}

function encodeResult(rs: ResultSet, wantRows: boolean): StmtResult {
  return {
    cols: rs.columns.map((name, i) => ({ name, decltype: rs.columnTypes[i] || null })),
    rows: wantRows ? rs.rows.map((row) => rs.columns.map((_, i) => encodeValue(row[i]))) : [],
    affected_row_count: rs.rowsAffected,
    last_insert_rowid: rs.lastInsertRowid === undefined ? null : rs.lastInsertRowid.toString(),
  };
}

function asError(e: unknown): HranaError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { message: e.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { message: String(e) };
}

export type HranaServer = {
  url: string;
  /** Requests served (POST /v2/pipeline) and statements run, for benchmarks and assertions. */
  stats: { pipelines: number; statements: number };
  /** The backing embedded database (the same file), for direct inspection in tests. */
  direct: Client;
  close(): Promise<void>;
};

/** Starts the server on a free loopback port, backed by the libsql database file `file`. */
export async function startHranaServer(o: { file: string; authToken?: string; streamIdleMs?: number }): Promise<HranaServer> {
  const db = createClient({ url: `file:${o.file}`, intMode: 'bigint', concurrency: 32, timeout: 5000 } as Parameters<typeof createClient>[0]);
  await db.execute('PRAGMA journal_mode = WAL');
  const lock = new WriteLock();
  const streams = new Map<string, Stream>();
  const stats = { pipelines: 0, statements: 0 };
  const idleMs = o.streamIdleMs ?? 10_000;

  async function endTransaction(stream: Stream, how: 'commit' | 'rollback' | 'close'): Promise<void> {
    const tx = stream.tx;
    stream.tx = null;
    try {
      if (tx) {
        if (how === 'commit') await tx.commit();
        else if (how === 'rollback') await tx.rollback();
        else tx.close();
      }
    } finally {
      stream.releaseLock?.();
      stream.releaseLock = null;
    }
  }

  async function runStmt(stream: Stream, stmt: HranaStmt): Promise<StmtResult> {
    const text = stmt.sql ?? (stmt.sql_id !== undefined ? stream.sqls.get(stmt.sql_id) : undefined);
    if (text === undefined) throw new ProtocolError('statement has neither sql nor a stored sql_id');
    stats.statements++;
    const args: InValue[] | Record<string, InValue> = stmt.named_args?.length
      ? Object.fromEntries(stmt.named_args.map((a) => [a.name.replace(/^[:@$]/, ''), decodeValue(a.value)]))
      : (stmt.args ?? []).map(decodeValue);
    const wantRows = stmt.want_rows ?? true;
    const empty: StmtResult = { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: null };
    const begin = beginPattern.exec(text);
    if (begin) {
      if (stream.tx) throw Object.assign(new Error('cannot start a transaction within a transaction'), { code: 'SQLITE_ERROR' });
      const mode: TransactionMode = begin[2] ? 'read' : begin[1] && /IMMEDIATE|EXCLUSIVE/i.test(begin[1]) ? 'write' : 'deferred';
      stream.releaseLock = mode === 'read' ? null : await lock.acquire();
      try {
        stream.tx = await db.transaction(mode);
      } catch (e) {
        stream.releaseLock?.();
        stream.releaseLock = null;
        throw e;
      }
      return empty;
    }
    if (stream.tx) {
      if (commitPattern.test(text)) {
        await endTransaction(stream, 'commit');
        return empty;
      }
      if (rollbackPattern.test(text)) {
        await endTransaction(stream, 'rollback');
        return empty;
      }
      try {
        return encodeResult(await stream.tx.execute({ sql: text, args }), wantRows);
      } finally {
        if (stream.tx?.closed) await endTransaction(stream, 'close'); // SQLite ended it (an error that rolls back)
      }
    }
    if (commitPattern.test(text) || rollbackPattern.test(text)) throw Object.assign(new Error('cannot commit - no transaction is active'), { code: 'SQLITE_ERROR' });
    if (readPattern.test(text)) return encodeResult(await db.execute({ sql: text, args }), wantRows);
    const release = await lock.acquire();
    try {
      return encodeResult(await db.execute({ sql: text, args }), wantRows);
    } finally {
      release();
    }
  }

  function holds(cond: HranaCond, results: (StmtResult | null)[], errors: (HranaError | null)[], stream: Stream): boolean {
    switch (cond.type) {
      case 'ok':
        return results[cond.step] != null;
      case 'error':
        return errors[cond.step] != null;
      case 'not':
        return !holds(cond.cond, results, errors, stream);
      case 'and':
        return cond.conds.every((c) => holds(c, results, errors, stream));
      case 'or':
        return cond.conds.some((c) => holds(c, results, errors, stream));
      case 'is_autocommit':
        return stream.tx === null;
      default:
        throw new ProtocolError(`unknown condition ${JSON.stringify(cond)}`);
    }
  }

  async function handle(stream: Stream, req: HranaRequest): Promise<unknown> {
    switch (req.type) {
      case 'execute':
        return { type: 'execute', result: await runStmt(stream, req.stmt) };
      case 'batch': {
        const results: (StmtResult | null)[] = [];
        const errors: (HranaError | null)[] = [];
        for (const step of req.batch.steps) {
          if (step.condition && !holds(step.condition, results, errors, stream)) {
            results.push(null);
            errors.push(null);
            continue;
          }
          try {
            results.push(await runStmt(stream, step.stmt));
            errors.push(null);
          } catch (e) {
            if (e instanceof ProtocolError) throw e;
            results.push(null);
            errors.push(asError(e));
          }
        }
        return { type: 'batch', result: { step_results: results, step_errors: errors } };
      }
      case 'sequence': {
        const text = req.sql ?? (req.sql_id !== undefined ? stream.sqls.get(req.sql_id) : undefined);
        if (text === undefined) throw new ProtocolError('sequence has neither sql nor a stored sql_id');
        stats.statements++;
        if (stream.tx) await stream.tx.executeMultiple(text);
        else {
          const release = await lock.acquire();
          try {
            await db.executeMultiple(text);
          } finally {
            release();
          }
        }
        return { type: 'sequence' };
      }
      case 'store_sql':
        stream.sqls.set(req.sql_id, req.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        stream.sqls.delete(req.sql_id);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: stream.tx === null };
      case 'close':
        await endTransaction(stream, 'close');
        return { type: 'close' };
      case 'describe':
        throw Object.assign(new Error('describe is not supported by the test server'), { code: 'NOT_SUPPORTED' });
      default:
        throw new ProtocolError(`unknown request ${JSON.stringify(req)}`);
    }
  }

  async function pipeline(body: { baton?: string | null; requests?: HranaRequest[] }): Promise<{ status: number; json: unknown }> {
    let stream: Stream;
    if (body.baton) {
      const found = streams.get(body.baton);
      if (!found) return { status: 400, json: { message: 'unknown or expired baton', code: 'STREAM_EXPIRED' } };
      streams.delete(body.baton);
      if (found.expiry) clearTimeout(found.expiry);
      stream = found;
    } else stream = { tx: null, releaseLock: null, sqls: new Map(), expiry: null };
    if (!Array.isArray(body.requests)) return { status: 400, json: { message: 'requests must be an array' } };
    const results: unknown[] = [];
    let closed = false;
    for (const req of body.requests) {
      try {
        results.push({ type: 'ok', response: await handle(stream, req) });
      } catch (e) {
        if (e instanceof ProtocolError) return { status: 400, json: { message: e.message } };
        results.push({ type: 'error', error: asError(e) });
      }
      if (req.type === 'close') closed = true;
    }
    let baton: string | null = null;
    if (!closed) {
      baton = crypto.randomUUID();
      streams.set(baton, stream);
      stream.expiry = setTimeout(() => {
        streams.delete(baton!);
        void endTransaction(stream, 'close');
      }, idleMs);
      stream.expiry.unref();
    }
    return { status: 200, json: { baton, base_url: null, results } };
  }

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const send = (res: ServerResponse, status: number, json: unknown) => {
    const text = JSON.stringify(json);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (o.authToken && req.headers.authorization !== `Bearer ${o.authToken}`) return send(res, 401, { message: 'Unauthorized' });
      if (req.method === 'GET' && (path === '/v2' || path === '/health')) return send(res, 200, {});
      if (req.method === 'POST' && path === '/v2/pipeline') {
        stats.pipelines++;
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          return send(res, 400, { message: 'body is not JSON' });
        }
        const out = await pipeline(body as { baton?: string | null; requests?: HranaRequest[] });
        return send(res, out.status, out.json);
      }
      return send(res, 404, { message: 'Not found' });
    })().catch((e: unknown) => send(res, 500, { message: asError(e).message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    direct: db,
    close: async () => {
      for (const s of streams.values()) {
        if (s.expiry) clearTimeout(s.expiry);
        await endTransaction(s, 'close').catch(() => undefined);
      }
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      db.close();
    },
  };
}
