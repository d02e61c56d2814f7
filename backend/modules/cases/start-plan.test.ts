// The batch start of the sync's commit (modules/cases/process.ts startCases: the contexts of all the chunk's
// cases read together, each planned by domain/start-plan.ts, written as multi-row statements) and
// the per-case start (startCase, used by a joining claim and the recovery) leave identical rows:
// claims, fees and salær, events, letters with their content, the case's stage and costs. The
// fixture mixes consumer and business debtors, the agency's notice and Go's own (deadline running
// or run out), several claims per case, salær already charged, a claim from before per-claim
// stages, a held and an unlinked claim, and a case with nothing to start. The rows are also held
// against a snapshot taken from startCase as it was before the plan (one statement per write,
// reading back what it wrote), so the refactor changed no rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { caseEvents, caseInvoices, cases, creditors, debtors, letters } from '@backend/db/schema';
import type { Db } from '@backend/db/client';
import { openDatabase } from '@backend/node/db';
import { startCase, startCases } from '@backend/modules/cases/process';

const date = '2026-11-28';
const now = `${date}T09:00:00.000Z`;
const dir = mkdtempSync(join(tmpdir(), 'modhi-start-plan-'));
const closers: (() => void)[] = [];
afterAll(() => {
  for (const c of closers) c();
  rmSync(dir, { recursive: true, force: true });
});

type ClaimSpec = Partial<typeof caseInvoices.$inferInsert> & { no: number; kr: number; due: string };
type CaseSpec = { id: string; creditor: 'c1' | 'c2'; debtor: string; case?: Partial<typeof cases.$inferInsert>; claims: ClaimSpec[] };

const specs: CaseSpec[] = [
  // The agency's notice, two claims: one inkassovarsel, its fee on the first claim only.
  { id: 'case-a1', creditor: 'c1', debtor: 'd-consumer-1', claims: [{ no: 101, kr: 5_000, due: '2026-10-15' }, { no: 102, kr: 12_000, due: '2026-10-30' }] },
  // A business debtor; an approved claim Go has not linked yet makes no step.
  { id: 'case-a2', creditor: 'c1', debtor: 'd-business-1', claims: [{ no: 201, kr: 240_000, due: '2026-11-13' }, { no: 202, kr: 1_000, due: '2026-11-14', linkedInGo: false }] },
  // A claim noticed earlier (deadline run out, but a start moves only approved claims) and one joining.
  {
    id: 'case-a3', creditor: 'c1', debtor: 'd-business-2',
    case: { stage: 'notice_sent', noticeSentAt: '2026-11-10', noticeDeadline: '2026-11-24', costsOre: 3_750 },
    claims: [{ no: 301, kr: 30_000, due: '2026-10-20', claimStage: 'notice_sent', noticeSentAt: '2026-11-10', noticeDeadline: '2026-11-24', feeOre: 3_750 }, { no: 302, kr: 8_000, due: '2026-11-01' }],
  },
  // Salær already charged on one claim; the joining claim gets its own notice, the case stays at demand.
  {
    id: 'case-a4', creditor: 'c1', debtor: 'd-consumer-2',
    case: { stage: 'demand_sent', noticeSentAt: '2026-10-01', noticeDeadline: '2026-10-15', demandSentAt: '2026-10-16', demandDeadline: '2026-10-30', costsOre: 3_750 + 70_000 },
    claims: [
      { no: 401, kr: 60_000, due: '2026-09-20', claimStage: 'demand_sent', noticeSentAt: '2026-10-01', noticeDeadline: '2026-10-15', demandSentAt: '2026-10-16', demandDeadline: '2026-10-30', feeOre: 3_750, salaerOre: 70_000 },
      { no: 402, kr: 2_500, due: '2026-11-05' },
    ],
  },
  // A disputed claim makes no step, the other one does; a paid one neither.
  { id: 'case-a5', creditor: 'c1', debtor: 'd-consumer-3', claims: [{ no: 501, kr: 9_000, due: '2026-10-10', hold: 'disputed', holdReason: 'uenig' }, { no: 502, kr: 4_000, due: '2026-10-11' }, { no: 503, kr: 1_500, due: '2026-10-12', state: 'paid', openOre: 0 }] },
  // Go sent its own inkassovarsel and its deadline is still running: Go's notice, no fee, no letter.
  { id: 'case-b1', creditor: 'c2', debtor: 'd2-consumer-1', case: { dunning: 'own_reminders', noticeSentAt: '2026-11-20', noticeDeadline: '2026-12-04' }, claims: [{ no: 601, kr: 7_000, due: '2026-11-01' }, { no: 602, kr: 3_000, due: '2026-11-03' }] },
  // Go's notice has run out: the betalingsoppfordring today, salær on the claims as one claim.
  { id: 'case-b2', creditor: 'c2', debtor: 'd2-business-1', case: { dunning: 'own_reminders', noticeSentAt: '2026-11-01', noticeDeadline: '2026-11-15' }, claims: [{ no: 701, kr: 45_000, due: '2026-10-01' }, { no: 702, kr: 150_000, due: '2026-10-05' }] },
  // Own reminders without Go's notice recorded, salær already charged on an earlier claim.
  {
    id: 'case-b3', creditor: 'c2', debtor: 'd2-consumer-2',
    case: { dunning: 'own_reminders', stage: 'demand_sent', demandSentAt: '2026-11-02', demandDeadline: '2026-11-16', costsOre: 35_000 },
    claims: [{ no: 801, kr: 20_000, due: '2026-10-01', claimStage: 'demand_sent', demandSentAt: '2026-11-02', demandDeadline: '2026-11-16', salaerOre: 35_000 }, { no: 802, kr: 80_000, due: '2026-10-20' }],
  },
  // A claim from before per-claim stages (no stage of its own: its case's), charged salær with it.
  {
    id: 'case-b4', creditor: 'c2', debtor: 'd2-business-2',
    case: { dunning: 'own_reminders', stage: 'demand_sent', demandSentAt: '2026-11-05', demandDeadline: '2026-11-19', costsOre: 52_500 },
    claims: [{ no: 901, kr: 100_000, due: '2026-09-01', claimStage: null, salaerOre: 52_500 }, { no: 902, kr: 10_000, due: '2026-11-10' }],
  },
  // Nothing left to start.
  {
    id: 'case-b5', creditor: 'c2', debtor: 'd2-consumer-3',
    case: { dunning: 'own_reminders', stage: 'demand_sent', demandSentAt: '2026-11-20', demandDeadline: '2026-12-04', costsOre: 35_000 },
    claims: [{ no: 951, kr: 20_000, due: '2026-10-01', claimStage: 'demand_sent', demandSentAt: '2026-11-20', demandDeadline: '2026-12-04', salaerOre: 35_000 }],
  },
];

async function fixture(name: string): Promise<Db> {
  const { db, close } = await openDatabase(`file:${join(dir, `${name}.db`)}`);
  closers.push(close);
  const base = { status: 'active' as const, accounts: {} as never, approval: 'automatic' as const, commissionBp: 1000, commissionMinOre: 5000, createdAt: now, updatedAt: now };
  await db.insert(creditors).values([
    { ...base, id: 'c1', orgNo: '999999999', name: 'Kreditor En AS', vatDeductible: true, dunning: 'agency_notice' },
    { ...base, id: 'c2', orgNo: '988888888', name: 'Kreditor To AS', vatDeductible: false, dunning: 'own_reminders' },
  ]);
  const debtorIds = [...new Set(specs.map((s) => `${s.creditor}|${s.debtor}`))];
  await db.insert(debtors).values(debtorIds.map((key, k) => {
    const [creditorId, id] = key.split('|') as [string, string];
    const business = id.includes('business');
    return { id, creditorId, customerNo: String(10_000 + k), name: `Skyldner ${k}${business ? ' AS' : ''}`, orgNo: business ? `9${String(k).padStart(8, '0')}` : null, kind: business ? ('business' as const) : ('consumer' as const) };
  }));
  let caseNo = 100_001;
  for (const s of specs) {
    await db.insert(cases).values({ id: s.id, creditorId: s.creditor, debtorId: s.debtor, caseNo: String(caseNo++), goCaseId: `go-${s.id}`, stage: 'approved', dunning: 'agency_notice', openedAt: '2026-11-01', createdAt: now, updatedAt: now, ...s.case });
    await db.insert(caseInvoices).values(s.claims.map(({ no, kr, due, ...rest }) => ({
      id: `${s.id}-inv-${no}`, caseId: s.id, creditorId: s.creditor, goInvoiceId: `go-inv-${no}`, invoiceNo: no, customerNo: '10000',
      invoiceDate: '2026-09-01', dueDate: due, principalOre: kr * 100, openOre: kr * 100, state: 'open' as const, linkedInGo: true, ...rest,
    })));
  }
  return db;
}

/** Every row the start may write, ids of generated rows left out, in a stable order. */
async function rows(db: Db) {
  return {
    cases: await db.select().from(cases).orderBy(asc(cases.id)),
    claims: await db.select().from(caseInvoices).orderBy(asc(caseInvoices.id)),
    events: (await db.select().from(caseEvents).orderBy(asc(caseEvents.externalRef))).map(({ id: _id, ...e }) => e),
    letters: (await db.select().from(letters).orderBy(asc(letters.externalRef))).map(({ id: _id, ...l }) => l),
  };
}

it('startCase per case, one transaction each, leaves the rows startCase left before the plan', async () => {
  const db = await fixture('per-case');
  for (const s of specs) await db.transaction((tx) => startCase(tx, s.id, date, now, {}));
  const got = await rows(db);
  await expect(JSON.stringify(got, null, 2)).toMatchFileSnapshot('./__snapshots__/start-plan.rows.json');
  // Not vacuous: letters, fees and Go's notice were all written.
  expect(got.letters.map((l) => [l.caseId, l.kind, l.invoiceNos])).toEqual([
    ['case-a1', 'notice', [101, 102]], ['case-a2', 'notice', [201]], ['case-a3', 'notice', [302]], ['case-a4', 'notice', [402]], ['case-a5', 'notice', [502]],
    ['case-b2', 'demand', [701, 702]], ['case-b3', 'demand', [802]], ['case-b4', 'demand', [902]],
  ]);
  expect(got.claims.find((c) => c.id === 'case-b1-inv-601')).toMatchObject({ claimStage: 'notice_sent', noticeSentAt: '2026-11-20', noticeDeadline: '2026-12-04', feeOre: 0 });
});

it('the sync commit’s batch start (all cases in one transaction, a few statements) leaves the same rows as startCase per case', async () => {
  const perCase = await fixture('per-case-2');
  for (const s of specs) await perCase.transaction((tx) => startCase(tx, s.id, date, now, {}));
  const batch = await fixture('batch');
  let statements = 0;
  await batch.transaction(async (tx) => {
    const run = tx.run.bind(tx);
    const counted = new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'run') return (...a: Parameters<typeof run>) => (statements++, run(...a));
        if (prop === 'select' || prop === 'insert' || prop === 'update') {
          const f = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
          return (...a: unknown[]) => (statements++, f.apply(target, a));
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    await startCases(counted, specs.map((s) => s.id), date, now, {});
  });
  const want = await rows(perCase);
  expect(await rows(batch)).toEqual(want);
  await expect(JSON.stringify(want, null, 2)).toMatchFileSnapshot('./__snapshots__/start-plan.rows.json');
  // Ten cases, a handful of statements, none of them per case: 5 reads (cases, claims, creditors,
  // debtors, and the old tungt salær event for the case with a claim from before per-claim stages),
  // one update per set of columns changed (claims: Go's notice, ours, the demand; cases: costs,
  // stage, both), one insert of the events, one of the letters.
  expect(statements).toBe(13);
  // A rerun starts nothing twice.
  await batch.transaction((tx) => startCases(tx, specs.map((s) => s.id), date, now, {}));
  expect(await rows(batch)).toEqual(want);
});

it('a crash inside the batch start (after the claims are changed, before the letters) leaves nothing half-started', async () => {
  const db = await fixture('crash');
  const before = await rows(db);
  let inserts = 0;
  await expect(db.transaction(async (tx) => {
    const crashing = new Proxy(tx, {
      get(target, prop, receiver) {
        const f = Reflect.get(target, prop, receiver) as unknown;
        if (prop !== 'insert' || typeof f !== 'function') return f;
        // The events go in first, then the letters: the process dies at the letters.
        return (...a: unknown[]) => {
          if (++inserts === 2) throw new Error('killed');
          return (f as (...x: unknown[]) => unknown).apply(target, a);
        };
      },
    });
    await startCases(crashing, specs.map((s) => s.id), date, now, {});
  })).rejects.toThrow('killed');
  expect(inserts).toBe(2);
  expect(await rows(db)).toEqual(before);
  // The rerun (the next commit of the same links) starts every claim once.
  await db.transaction((tx) => startCases(tx, specs.map((s) => s.id), date, now, {}));
  await expect(JSON.stringify(await rows(db), null, 2)).toMatchFileSnapshot('./__snapshots__/start-plan.rows.json');
});
