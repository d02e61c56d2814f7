// @vitest-environment happy-dom
// The ledger feature's parts that need no layout: words in each locale, the loader's chunks and
// retries, the layouts a badge chooses for its room, and where a popover goes.
import { describe, expect, it } from 'vitest';
import type { GuardFinding, InvoiceStatusItem } from '@shared/api';
import type { ContentRequest } from '@/lib/messages';
import type { Ask } from '@/features/types';
import { chunked, StatusLoader } from '@/features/ledger-badges/loader';
import { placePopover, popoverWidth } from '@/features/ledger-badges/placement';
import { caseLayouts, fit, twoLines, type Measure } from '@/features/ledger-badges/widgets';
import { norwegianDatesIn, words } from '@/features/ledger-badges/words';
import { shownFinding } from '@/features/ledger-badges/statuses';

const nb = words('nb');
const en = words('en');
const excluded: GuardFinding = { code: 'excluded', blocking: true, message: { nb: 'Kunden er unntatt fra inkasso i PowerOffice GO.', en: 'The customer is excluded from collection in PowerOffice GO.' } };
const partly: GuardFinding = { code: 'partly_paid', blocking: false, amountOre: 60_000_00, message: { nb: 'Fakturaen er delvis betalt.', en: 'The invoice is partly paid.' } };

describe('words', () => {
  it('says the next step in the future tense, with dd.mm.åååå, in each language', () => {
    expect(nb.nextStep('notice_sent', '2026-12-16')).toBe('Neste steg: betalingsoppfordring sendes 16.12.2026');
    expect(en.nextStep('notice_sent', '2026-12-16')).toBe('Next step: the payment demand will be sent 16.12.2026');
    expect(nb.nextStep('demand_sent', null)).toBe('Neste steg: saken går til rettslig inndrivelse');
    expect(nb.nextStep('paid', '2026-12-16')).toBeNull();
  });

  it('counts with the plural rules of the locale', () => {
    expect(nb.count(1, 'toastUpdatedOne', 'toastUpdatedOther')).toBe('Oppdatert: 1 faktura har nye tall.');
    expect(nb.count(3, 'toastUpdatedOne', 'toastUpdatedOther')).toBe('Oppdatert: 3 fakturaer har nye tall.');
    expect(en.count(1, 'toastUpdatedOne', 'toastUpdatedOther')).toBe('Updated: 1 invoice has new figures.');
    expect(en.count(0, 'toastUpdatedOne', 'toastUpdatedOther')).toBe('Updated: 0 invoices have new figures.');
  });

  it('names stages, findings and timeline lines in the locale only, with Norwegian dates', () => {
    expect(en.stage('notice_sent')).toBe('Collection notice sent');
    expect(en.stage('demand_sent', true)).toBe('Demand');
    expect(nb.stage('demand_sent', true)).toBe('Oppfordring');
    expect(nb.finding(excluded, true)).toBe('Unntatt fra inkasso');
    expect(en.finding(excluded, false)).toBe('The customer is excluded from collection in PowerOffice GO.');
    const event = { at: '2026-12-01', kind: 'notice_sent', text: 'Inkassovarsel sendt, frist 2026-12-15', amountOre: 7000 };
    expect(nb.event(event)).toBe('01.12.2026 Inkassovarsel sendt, frist 15.12.2026 (70,00)');
    expect(en.event(event)).toBe('01.12.2026 Collection notice sent (70,00)');
    expect(norwegianDatesIn('Periode: 2026-12-01 - 2026-12-31')).toBe('Periode: 01.12.2026 - 31.12.2026');
    expect(nb.message('Feil e-post eller passord / Wrong email or password')).toBe('Feil e-post eller passord');
    expect(en.message('Feil e-post eller passord / Wrong email or password')).toBe('Wrong email or password');
  });

  it('has every text in both languages, and the English ones without Norwegian letters', () => {
    const keys = ['offline', 'loggedOut', 'pageChanged', 'retry', 'logIn', 'openInkasso', 'toastSent', 'cannotSend', 'confirmClaim'] as const;
    for (const key of keys) {
      expect(en.t(key)).not.toBe(nb.t(key));
      expect(en.t(key)).not.toMatch(/[æøåÆØÅ]/);
    }
  });
});

describe('loader', () => {
  const item = (invoiceNo: number): InvoiceStatusItem => ({ invoiceNo, state: 'none' });

  it('splits a page into chunks of at most 500, each number once', () => {
    const chunks = chunked([...Array.from({ length: 1200 }, (_, i) => i + 1), 5, 6]);
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 200]);
  });

  it('asks three chunks at a time and hands on every item', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: number[][] = [];
    const ask = (async (r: ContentRequest) => {
      if (r.type !== 'invoiceStatus') throw new Error(r.type);
      asked.push(r.invoiceNos);
      most = Math.max(most, ++inFlight);
      await new Promise((res) => setTimeout(res, 2));
      inFlight--;
      return { ok: true, data: { items: r.invoiceNos.map(item) } };
    }) as Ask;
    const got: number[] = [];
    const loader = new StatusLoader({ ask, creditorId: 'c', signal: new AbortController().signal });
    const r = await loader.load(Array.from({ length: 5000 }, (_, i) => i + 1), { onItems: (items) => got.push(...items.map((i) => i.invoiceNo)) });
    expect(r).toEqual({ ok: true });
    expect(asked.length).toBe(10);
    expect(most).toBe(3);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });

  it('asks again after 1, 2 and 4 s while the backend is away, telling of the trouble at once', async () => {
    let calls = 0;
    const ask = (async () => (++calls < 3 ? { ok: false, kind: 'offline', status: 0, code: 'offline', message: 'Failed to fetch' } : { ok: true, data: { items: [item(1)] } })) as Ask;
    const waits: number[] = [];
    const troubles: string[] = [];
    let recovered = 0;
    const loader = new StatusLoader({ ask, creditorId: 'c', signal: new AbortController().signal, pause: async (ms) => (waits.push(ms), true) });
    const r = await loader.load([1], { onItems: () => undefined, onTrouble: (k) => troubles.push(k), onRecovered: () => recovered++ });
    expect(r).toEqual({ ok: true });
    expect(waits).toEqual([1000, 2000]);
    expect(troubles).toEqual(['offline', 'offline']);
    expect(recovered).toBe(1);
  });

  it('gives up at once when logged out, and after the last retry when away', async () => {
    const out = (async () => ({ ok: false, kind: 'unauthorized', status: 401, code: 'unauthorized', message: 'x' })) as Ask;
    expect(await new StatusLoader({ ask: out, creditorId: 'c', signal: new AbortController().signal, pause: async () => true }).load([1, 2], { onItems: () => undefined })).toEqual({ ok: false, kind: 'unauthorized' });
    const away = (async () => ({ ok: false, kind: 'offline', status: 0, code: 'offline', message: 'x' })) as Ask;
    const waits: number[] = [];
    expect(await new StatusLoader({ ask: away, creditorId: 'c', signal: new AbortController().signal, pause: async (ms) => (waits.push(ms), true) }).load([1], { onItems: () => undefined })).toEqual({ ok: false, kind: 'offline' });
    expect(waits).toEqual([1000, 2000, 4000]);
  });
});

describe('a badge that fits', () => {
  // About the widths of Roboto at these sizes: 0.55 em a character.
  const measure: Measure = (text, px) => text.length * px * 0.55;
  const c = { caseNo: '100001', stage: 'notice_sent' as const, balanceOre: 24_122_106 };

  it('shows the whole text where there is room, the short stage where there is less, two lines where there is little', () => {
    const layouts = caseLayouts(nb, c, false);
    expect(fit(layouts, 400, measure).lines).toEqual(['Sak 100001 · Inkassovarsel sendt · 241\u00a0221,06']);
    expect(fit(layouts, 240, measure).lines).toEqual(['Sak 100001 · Varsel · 241\u00a0221,06']);
    expect(fit(layouts, 130, measure)).toEqual({ lines: ['Sak 100001 · Varsel', '241\u00a0221,06'], fontPx: 11 });
    // Never wider than the room, unless nothing at all fits (the narrowest then).
    for (const room of [130, 160, 220, 400]) {
      const l = fit(layouts, room, measure);
      expect(Math.max(...l.lines.map((line) => measure(line, l.fontPx)))).toBeLessThanOrEqual(room);
    }
    expect(fit(layouts, 10, measure)).toBe(layouts.at(-1));
  });

  it('splits a short text in two lines of about equal length', () => {
    expect(twoLines('Send til inkasso')).toEqual(['Send til', 'inkasso']);
    expect(twoLines('Bestridt')).toEqual(['Bestridt']);
  });

  it('shows the first blocking finding; a send that can go shows the partly-paid one in its confirmation', () => {
    expect(shownFinding({ ok: false, claimOre: 0, findings: [partly, excluded] })).toBe(excluded);
    expect(shownFinding({ ok: true, claimOre: 12_000_00, findings: [partly] })).toBe(partly);
    expect(shownFinding(undefined)).toBeNull();
  });
});

describe('a popover beside its row', () => {
  const viewport = { width: 1280, height: 900 };
  const row = { top: 200, bottom: 235, left: 28, right: 1252 };

  it('opens below the row, left of Go’s buttons and inside the window', () => {
    const at = placePopover({ top: 200, bottom: 235, left: 925, right: 1040 }, row, { width: 360, height: 150 }, viewport, 1143);
    expect(at.top).toBe(237);
    expect(at.left + 360).toBeLessThanOrEqual(1143 - 4);
    expect(at.left).toBeGreaterThanOrEqual(4);
  });

  it('opens above the row near the bottom of the window, and never above the window', () => {
    const low = { top: 820, bottom: 855, left: 28, right: 1252 };
    expect(placePopover({ ...low, left: 925, right: 1040 }, low, { width: 300, height: 150 }, viewport, 1143).top).toBe(820 - 2 - 150);
    expect(placePopover({ ...row, left: 925, right: 1040 }, { ...row, top: 100, bottom: 135 }, { width: 300, height: 880 }, viewport, 1143).top).toBe(900 - 4 - 880);
  });

  it('is never wider than the room before Go’s buttons', () => {
    expect(popoverWidth(360, 1280, 1143)).toBe(360);
    expect(popoverWidth(360, 1280, 300)).toBe(292);
    expect(popoverWidth(360, 400, 1143)).toBe(360); // 392 px of window leave room for it
    expect(popoverWidth(360, 300, 1143)).toBe(292);
  });
});

describe('the room after the balance, and the toast', () => {
  it('finds each invoice’s Saldo cell, the empty cells after it and Go’s next content', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { findLedgerTable, readLedger, roomAfter } = await import('@/lib/adapters/go');
    document.documentElement.innerHTML = readFileSync(join(process.cwd(), 'test/fixtures/ledger.html'), 'utf8').replace(/^<!doctype html>/i, '');
    const ledger = readLedger(findLedgerTable(document)!);
    const f19 = ledger.invoices.find((i) => i.invoiceNo === 19)!;
    expect(f19.balanceCell!.textContent!.replace(/\s/g, ' ')).toBe('180 000,00');
    const room = roomAfter(f19.balanceCell!);
    expect(room.empty.length).toBeGreaterThan(0);
    for (const cell of room.empty) expect(cell.textContent!.trim()).toBe('');
    expect(room.next!.querySelector('button')!.textContent).toBe('Avskriv');
  });

  it('says one thing at a time in a live region, and goes with the page view', async () => {
    const { Toast } = await import('@/features/ledger-badges/widgets');
    document.body.innerHTML = '';
    const view = new AbortController();
    const toast = new Toast(document, view.signal, 20);
    const box = toast.host.shadowRoot!.querySelector('[role="status"]')!;
    expect(box.getAttribute('aria-live')).toBe('polite');
    toast.say('Faktura 19 er sendt til inkasso som sak 100003.');
    expect(toast.text).toBe('Faktura 19 er sendt til inkasso som sak 100003.');
    await new Promise((r) => setTimeout(r, 40));
    expect(toast.text).toBe('');
    view.abort();
    expect(document.querySelector('[data-modhi="toast"]')).toBeNull();
  });
});
