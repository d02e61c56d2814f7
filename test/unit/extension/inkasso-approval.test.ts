// @vitest-environment happy-dom
// Godkjenn in Go's own Inkasso → Utkast page: which clicks the adapter reads as an approval (the
// saved Utkast page of the sandbox and variants), what Go's page answers, how the background has
// the backend take each approved invoice (asked again while Go's answer may be on its way), and
// what the accountant is told, in bokmål and in English.
import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TakeInvoiceResponse } from '@shared/api';
import { approvedDraftOf, goAnswerIn } from '@/lib/adapters/go';
import type { Outcome } from '@/lib/api';
import { ApprovalTaker, approvalsKeptMs, approvalsOf, notApprovedRetryMs, type GoApproval } from '@/lib/go-approvals';
import { goAnswered } from '@/features/inkasso-approval';
import { approvalsSaid, words } from '@/features/ledger-badges/words';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures', name), 'utf8');

function load(html: string): Document {
  document.documentElement.innerHTML = html.replace(/^<!doctype html>/i, '');
  return document;
}

const formOf = (invoiceNo: number, label: string) => {
  const row = document.querySelector(`tr[data-invoice-no="${invoiceNo}"]`)!;
  const button = Array.from(row.querySelectorAll('button')).find((b) => b.textContent === label)!;
  return { form: button.closest('form')!, button };
};

describe('the accountant’s own Godkjenn in Go’s Utkast page', () => {
  beforeEach(() => load(fixture('inkasso-utkast.html')));

  it('is read as the approval of the row’s invoice; Fjern and other forms are not', () => {
    const approve = formOf(19, 'Godkjenn');
    expect(approvedDraftOf(approve.form, approve.button)).toBe(19);
    expect(approvedDraftOf(approve.form, null)).toBe(19); // Enter in the form: its own submit button
    const remove = formOf(19, 'Fjern');
    expect(approvedDraftOf(remove.form, remove.button)).toBeNull();
    const other = document.createElement('form');
    other.innerHTML = '<button type="submit">Godkjenn</button>';
    document.querySelector('#go-main')!.append(other);
    expect(approvedDraftOf(other, other.querySelector('button'))).toBeNull(); // not in the Utkast table
  });

  it('finds the invoice by the column headers when Go reorders them, and by Go’s own text when another extension added to the cell', () => {
    for (const row of Array.from(document.querySelectorAll('table.go-grid tr'))) {
      const cells = Array.from(row.children);
      row.insertBefore(cells[1]!, cells[0]!);
    }
    const cell = document.querySelector('tr[data-invoice-no="22"]')!.children[0]!;
    expect(cell.textContent).toBe('Faktura 22');
    cell.append(' (purret 2 ganger)');
    const approve = formOf(22, 'Godkjenn');
    expect(approvedDraftOf(approve.form, approve.button)).toBe(22);
  });

  it('reads Go’s answer: its error before its message, never ours', () => {
    const main = document.querySelector('#go-main')!;
    main.innerHTML = '<h1>Inkasso</h1>';
    expect(goAnswerIn(main)).toBeNull();
    const ours = document.createElement('div');
    ours.setAttribute('data-modhi', 'toast');
    ours.innerHTML = '<div role="status">Faktura 19 er godkjent</div>';
    main.append(ours);
    expect(goAnswerIn(main)).toBeNull();
    main.insertAdjacentHTML('afterbegin', '<div class="go-flash" role="status">Fakturaen er godkjent for inkasso.</div>');
    expect(goAnswerIn(main)).toEqual({ ok: true });
    main.insertAdjacentHTML('afterbegin', '<div class="go-error" role="alert">Faktura 19 ligger ikke i Utkast</div>');
    expect(goAnswerIn(main)).toEqual({ ok: false, message: 'Faktura 19 ligger ikke i Utkast' });
  });

  it('waits for Go to swap its page with the answer; a message already there is not it', async () => {
    const main = document.querySelector('#go-main')!;
    main.innerHTML = '<div class="go-flash" role="status">Innstillingene er lagret.</div><table></table>';
    const signal = new AbortController().signal;
    const answered = goAnswered(main, signal, 2000);
    await Promise.resolve();
    main.querySelector('table')!.setAttribute('data-x', '1'); // an attribute is no answer
    main.innerHTML = '<div class="go-error" role="alert">Faktura 19 ligger ikke i Utkast</div>';
    await expect(answered).resolves.toBe('refused');
    const ok = goAnswered(main, signal, 2000);
    main.innerHTML = '<div class="go-flash" role="status">Fakturaen er godkjent for inkasso.</div>';
    await expect(ok).resolves.toBe('answered');
    const leaving = new AbortController();
    const left = goAnswered(main, leaving.signal, 2000);
    leaving.abort();
    await expect(left).resolves.toBe('unknown');
    await expect(goAnswered(main, signal, 10)).resolves.toBe('unknown');
  });
});

const caseOf = (invoiceNo: number, caseNo: string): TakeInvoiceResponse => ({
  invoiceNo, state: 'in_case', notice: null,
  case: { id: `case-${caseNo}`, caseNo, stage: 'notice_sent', stageLabel: 'Inkassovarsel sendt', balanceOre: 180_000_00, nextStep: null, nextStepDate: null, url: 'http://127.0.0.1/cases/x' },
});
const refused = (code: string, message: string): Outcome<TakeInvoiceResponse> => ({ ok: false, kind: 'refused', status: 409, code, message });

function taker(answers: Record<number, Outcome<TakeInvoiceResponse>[]>) {
  let stored: unknown = undefined;
  let now = 1_000_000;
  const writes: { list: GoApproval[]; dataChanged: boolean }[] = [];
  const takes: number[] = [];
  const pauses: number[] = [];
  const t = new ApprovalTaker({
    take: async (_creditorId, invoiceNo) => {
      takes.push(invoiceNo);
      return answers[invoiceNo]!.shift()!;
    },
    now: () => now,
    pause: async (ms) => {
      pauses.push(ms);
      now += ms;
    },
    read: async () => stored,
    write: async (list, dataChanged) => {
      stored = structuredClone(list);
      writes.push({ list: structuredClone(list), dataChanged });
    },
  });
  return { t, writes, takes, pauses, stored: () => stored, advance: (ms: number) => (now += ms) };
}

describe('the background taking what Go approved', () => {
  it('records each invoice as being taken, then as taken with its case; the overview is told only then', async () => {
    const b = taker({ 19: [{ ok: true, data: caseOf(19, '100003') }] });
    const done = await b.t.approved('conecto', [19, 19]);
    expect(b.takes).toEqual([19]);
    expect(done).toEqual([expect.objectContaining({ invoiceNo: 19, state: 'taken', caseNo: '100003', confirmed: false })]);
    expect(b.writes.map((w) => [w.list.map((a) => a.state), w.dataChanged])).toEqual([[['taking'], false], [['taken'], true]]);
  });

  it('asks again while the backend says Go has not approved it (Go’s answer may be on its way), then says why', async () => {
    const notApproved = refused('not_approved', 'PowerOffice GO har ikke godkjent fakturaen for inkasso (Inkasso → Utkast → Godkjenn) / Go has not approved the invoice for collection');
    const b = taker({ 22: [notApproved, { ok: true, data: caseOf(22, '100004') }], 25: [notApproved, notApproved, notApproved] });
    const [taken22, notTaken25] = await b.t.approved('conecto', [22, 25]);
    expect(taken22).toMatchObject({ state: 'taken', caseNo: '100004' });
    expect(notTaken25).toMatchObject({ state: 'not_taken', caseNo: null, reason: notApproved.ok ? null : notApproved.message });
    expect(b.takes).toEqual([22, 22, 25, 25, 25]);
    expect(b.pauses).toEqual([notApprovedRetryMs[0], notApprovedRetryMs[0], notApprovedRetryMs[1]]);
  });

  it('does not ask again for other refusals; offline leaves no reason (the next sync takes it)', async () => {
    const b = taker({ 26: [refused('excluded_customer', 'Kunden er unntatt fra inkasso i PowerOffice GO / the customer is excluded from collection')], 14: [{ ok: false, kind: 'offline', status: 0, code: 'offline', message: 'Failed to fetch' }] });
    const done = await b.t.approved('conecto', [26, 14]);
    expect(b.takes).toEqual([26, 14]);
    expect(done.map((a) => [a.invoiceNo, a.state, a.reason])).toEqual([[26, 'not_taken', 'Kunden er unntatt fra inkasso i PowerOffice GO / the customer is excluded from collection'], [14, 'not_taken', null]]);
  });

  it('marks what a ledger told of as seen, keeps one entry per invoice, and forgets old ones', async () => {
    const b = taker({ 19: [{ ok: true, data: caseOf(19, '100003') }, { ok: true, data: caseOf(19, '100003') }], 22: [{ ok: true, data: caseOf(22, '100004') }] });
    await b.t.approved('conecto', [19]);
    await b.t.seen('conecto', [19]);
    expect(approvalsOf(b.stored(), 1_000_000)).toEqual([expect.objectContaining({ invoiceNo: 19, confirmed: true })]);
    await b.t.approved('conecto', [19]); // approved again (after Fjern): told again
    expect(approvalsOf(b.stored(), 1_000_000)).toEqual([expect.objectContaining({ invoiceNo: 19, confirmed: false })]);
    b.advance(approvalsKeptMs);
    await b.t.approved('conecto', [22]);
    expect(approvalsOf(b.stored(), 1_000_000 + approvalsKeptMs).map((a) => a.invoiceNo)).toEqual([22]);
    expect(approvalsOf('garbage', 0)).toEqual([]);
    expect(approvalsOf([{ invoiceNo: 1 }], 0)).toEqual([]);
  });
});

describe('what the accountant is told', () => {
  const a = (invoiceNo: number, state: GoApproval['state'], caseNo: string | null = null, reason: string | null = null): GoApproval => ({ creditorId: 'c', invoiceNo, state, caseNo, reason, at: 0, confirmed: false });

  it('in bokmål only in nb, English only in en; counted by the plural rules', () => {
    const nb = words('nb');
    const en = words('en');
    expect(approvalsSaid(nb, [a(19, 'taken', '100003')])).toBe('Faktura 19 er godkjent i PowerOffice GO og sendt til inkasso som sak 100003.');
    expect(approvalsSaid(en, [a(19, 'taken', '100003')])).toBe('Invoice 19 has been approved in PowerOffice GO and sent to collection as case 100003.');
    expect(approvalsSaid(nb, [a(19, 'taken', '100003'), a(22, 'taken', '100004')])).toBe('2 fakturaer er godkjent i PowerOffice GO og sendt til inkasso.');
    expect(approvalsSaid(en, [a(19, 'taken', '100003'), a(22, 'taken', '100004')])).toBe('2 invoices have been approved in PowerOffice GO and sent to collection.');
    const reason = 'Kunden er unntatt fra inkasso i PowerOffice GO / the customer is excluded from collection';
    expect(approvalsSaid(nb, [a(26, 'not_taken', null, reason)])).toBe('Faktura 26 er godkjent i PowerOffice GO, men Modhi har ikke opprettet saken: Kunden er unntatt fra inkasso i PowerOffice GO');
    expect(approvalsSaid(en, [a(26, 'not_taken', null, reason)])).toBe('Invoice 26 has been approved in PowerOffice GO, but Modhi has not opened the case: the customer is excluded from collection');
    expect(approvalsSaid(nb, [a(14, 'not_taken')])).toMatch(/^Faktura 14 er godkjent i PowerOffice GO\. Modhi kan ikke nås akkurat nå, så saken opprettes ved neste synkronisering\.$/);
    expect(approvalsSaid(en, [a(14, 'taking')])).toBe('Invoice 14 has been approved in PowerOffice GO. Modhi is opening the case …');
  });
});
