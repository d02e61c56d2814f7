// The indexes as the migrations leave them, and the queries that rely on them.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useTempDatabase } from '../../test/helpers/temp-db';

const temp = useTempDatabase('indexes-test');

describe('the remittance index on case events (migration 0011)', () => {
  it('holds only the events a remittance charged, and the remittance’s undo still finds them by it', async () => {
    const [index] = await temp.db.all<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE name = 'case_events_remittance'`);
    expect(index!.sql).toMatch(/WHERE .*remittance_id.* IS NOT NULL/);
    const plan = await temp.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN DELETE FROM case_events WHERE kind = 'remittance_commission' AND remittance_id = ${'r-1'}`);
    expect(plan.map((p) => p.detail).join(' | ')).toContain('USING INDEX case_events_remittance');
  });
});
