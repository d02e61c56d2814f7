// The worker refuses to serve, with a 503 JSON error that says why, while the database is behind the
// migrations it was built with, or its configuration is incomplete; it serves again once migrated.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { env } from 'cloudflare:workers';
import { createClient } from '@libsql/client/web';
import worker, { bundledMigrations } from '@backend/worker';

const edge = inject('edge');
const db = createClient({ url: edge.databaseUrl, authToken: edge.authToken });
const health = (e: Record<string, unknown>) => worker.fetch(new Request('http://127.0.0.1:8787/health'), e);

describe('schema and configuration gate', () => {
  it('answers 503 schema_behind while the newest bundled migration is not applied, 200 once it is', async () => {
    const applied = (await db.execute('select hash, created_at from __drizzle_migrations order by created_at desc limit 1')).rows[0]!;
    expect(Number(applied.created_at)).toBe(bundledMigrations.latest);
    await db.execute({ sql: 'delete from __drizzle_migrations where created_at = ?', args: [applied.created_at!] });
    try {
      // A new env object is a new isolate's first request: the gate checks afresh.
      const res = await health({ ...env });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('schema_behind');
      expect(body.error.message).toContain(`${bundledMigrations.count - 1} av ${bundledMigrations.count} migreringer`);
      expect(body.error.message).toMatch(/drizzle-kit migrate/);
    } finally {
      await db.execute({ sql: 'insert into __drizzle_migrations (hash, created_at) values (?, ?)', args: [applied.hash!, applied.created_at!] });
    }
    expect((await health({ ...env })).status).toBe(200);
  });

  it('answers 503 config_invalid naming what is missing, never a 500', async () => {
    const { ENCRYPTION_KEY: _k, ...noKey } = env;
    const res = await health(noKey);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'config_invalid', message: expect.stringContaining('ENCRYPTION_KEY') });
    expect(JSON.stringify(body)).not.toContain(String(env.DATABASE_AUTH_TOKEN));
    const fileDb = await health({ ...env, DATABASE_URL: 'file:data/modhi.db' });
    expect(((await fileDb.json()) as { error: { message: string } }).error.message).toContain('DATABASE_URL');
  });
});
