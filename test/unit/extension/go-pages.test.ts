// @vitest-environment happy-dom
// The Go adapter's page requests against saved pages of the sandbox (which stand for Go's UI):
// approving a draft in Inkasso → Utkast and reading/saving Innstillinger → Purring, with variants
// (columns reordered, a page another extension already altered, a changed page that must lead to
// the fallback). A fake fetch plays Go and records what the adapter sent.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveDraft, findDraftApproval, findPurringForm, goPages, readPurring, writePurring, type PageFetch } from '@/lib/adapters/go';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test/fixtures', name), 'utf8');
const page = 'https://go.poweroffice.net/app/conecto/reskontro';
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const tokenOf = (html: string) => /name="__RequestVerificationToken" value="([0-9a-f]{48})"/.exec(html)![1]!;
const html = (body: string, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });

/** Go: answers GETs with `pages`, POSTs with `answer`, and records every request. */
function fakeGo(pages: Record<string, string>, answer: (url: string, body: URLSearchParams) => Response) {
  const requests: { method: string; url: string; body: URLSearchParams | null; headers: Record<string, string> }[] = [];
  const fetcher: PageFetch = async (url, init) => {
    const method = init?.method ?? 'GET';
    const body = init?.body instanceof URLSearchParams ? init.body : null;
    requests.push({ method, url, body, headers: (init?.headers ?? {}) as Record<string, string> });
    if (method === 'POST') return answer(url, body!);
    const found = pages[url];
    return found === undefined ? html('<h1>Ikke funnet</h1>', 404) : html(found);
  };
  return { fetcher, requests };
}

/** The Utkast page with its columns reordered (Faktura first), as another Go layout might have. */
function reordered(source: string): string {
  const doc = parse(source);
  for (const row of Array.from(doc.querySelectorAll('table.go-grid tr'))) {
    const cells = Array.from(row.children);
    row.insertBefore(cells[1]!, cells[0]!);
  }
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

/** The Utkast page after another extension was there: an extra column, a flag after the invoice
 *  text, and a button of its own in the row. */
function alteredByAnotherExtension(source: string): string {
  const doc = parse(source);
  doc.querySelector('table.go-grid thead tr')!.insertAdjacentHTML('afterbegin', '<th>Notat</th>');
  for (const row of Array.from(doc.querySelectorAll('table.go-grid tbody tr'))) {
    row.insertAdjacentHTML('afterbegin', '<td><button type="button">Notér</button></td>');
    row.children[2]!.insertAdjacentHTML('beforeend', '<span class="other-ext"> ⚑</span>');
  }
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

describe('Go page addresses', () => {
  it('come from the page the accountant is on', () => {
    const p = goPages(page)!;
    expect(p.utkast()).toBe('https://go.poweroffice.net/app/conecto/inkasso/utkast');
    expect(p.utkast(19)).toBe('https://go.poweroffice.net/app/conecto/inkasso/utkast?highlight=19');
    expect(p.purring).toBe('https://go.poweroffice.net/app/conecto/innstillinger/purring');
    expect(goPages('https://go.poweroffice.net/')).toBeNull();
  });
});

describe('Inkasso → Utkast: approving a draft', () => {
  const utkast = fixture('inkasso-utkast.html');
  const url = goPages(page)!.utkast();
  const ok = () => html('<div class="go-flash" role="status">Fakturaen er godkjent for inkasso.</div><h1>Inkasso</h1>');

  it.each([
    ['the saved page', utkast],
    ['columns reordered', reordered(utkast)],
    ['a page another extension already altered', alteredByAnotherExtension(utkast)],
  ])('posts the row’s Godkjenn form with the page’s token (%s)', async (_, source) => {
    const go = fakeGo({ [url]: source }, ok);
    expect(await approveDraft(go.fetcher, page, 19)).toEqual({ ok: true });
    expect(go.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${url}`, 'POST https://go.poweroffice.net/app/conecto/inkasso/utkast/godkjenn']);
    const sent = go.requests[1]!;
    expect(sent.body!.get('__RequestVerificationToken')).toBe(tokenOf(utkast));
    const row19 = parse(utkast).querySelector('tr[data-invoice-no="19"]')!;
    expect(sent.body!.get('invoiceId')).toBe(row19.querySelector<HTMLInputElement>('input[name=invoiceId]')!.value);
    expect(sent.headers['X-Go-Partial']).toBe('1');
  });

  it('never approves another invoice whose number starts the same', () => {
    const found = findDraftApproval(parse(utkast), 1, url);
    expect(found).toMatchObject({ ok: false, reason: 'no_row' });
  });

  it('leads to Go’s Utkast page with the invoice pointed out when the page is not what it knows', async () => {
    const fallbackUrl = 'https://go.poweroffice.net/app/conecto/inkasso/utkast?highlight=19';
    const cases: [string, Record<string, string>, string][] = [
      ['a changed page (Godkjenn without a form)', { [url]: fixture('inkasso-utkast-changed.html') }, 'no_form'],
      ['no row for the invoice', { [url]: utkast.replace(/Faktura 19</g, 'Faktura 9019<') }, 'no_row'],
      ['no antiforgery token', { [url]: utkast.replace(/name="__RequestVerificationToken" value="[0-9a-f]+"/g, 'name="__RequestVerificationToken" value=""') }, 'no_token'],
      ['another page altogether', { [url]: fixture('purring.html') }, 'unexpected_page'],
      ['Go not answering the page', {}, 'unreachable'],
    ];
    for (const [label, pages, reason] of cases) {
      const go = fakeGo(pages, ok);
      expect(await approveDraft(go.fetcher, page, 19), label).toEqual({ ok: false, reason, message: null, fallbackUrl });
      expect(go.requests.filter((r) => r.method === 'POST'), label).toEqual([]);
    }
  });

  it('passes on Go’s refusal in Go’s words, and an expired session', async () => {
    const refused = fakeGo({ [url]: utkast }, () => html('<div class="go-error" role="alert">Kunden Akkurat AS er unntatt fra inkasso</div><h1>Inkasso</h1>'));
    expect(await approveDraft(refused.fetcher, page, 19)).toMatchObject({ ok: false, reason: 'refused', message: 'Kunden Akkurat AS er unntatt fra inkasso' });
    const expired = fakeGo({ [url]: utkast }, () => html('<p class="go-error" role="alert">Siden er utløpt.</p>', 400));
    expect(await approveDraft(expired.fetcher, page, 19)).toMatchObject({ ok: false, reason: 'refused', message: 'Siden er utløpt.' });
    const odd = fakeGo({ [url]: utkast }, () => html('<h1>Inkasso</h1>'));
    expect(await approveDraft(odd.fetcher, page, 19)).toMatchObject({ ok: false, reason: 'unexpected_page' });
  });
});

describe('Innstillinger → Purring', () => {
  const purring = fixture('purring.html');
  const url = goPages(page)!.purring;
  const saved = (body: URLSearchParams) => {
    const p = body.get('reminderProfile')!;
    const auto = body.get('autoApproveTransfer') === 'true';
    const doc = parse(purring);
    for (const r of Array.from(doc.querySelectorAll<HTMLInputElement>('input[name=reminderProfile]'))) r.toggleAttribute('checked', r.value === p);
    doc.querySelector('input[name=autoApproveTransfer]')!.toggleAttribute('checked', auto);
    return html(`<div class="go-flash" role="status">Innstillingene er lagret.</div>${doc.querySelector('#go-main')!.innerHTML}`);
  };

  it('reads the profile and automatic transfer by their labels', async () => {
    const go = fakeGo({ [url]: purring }, () => html(''));
    expect(await readPurring(go.fetcher, page)).toEqual({ ok: true, settings: { reminderProfile: 'none', autoApproveTransfer: false }, url });
  });

  it('saves through Go’s form (token, the chosen radio, the box) and reads Go’s answer back', async () => {
    const go = fakeGo({ [url]: purring }, (_, body) => saved(body));
    expect(await writePurring(go.fetcher, page, { reminderProfile: 'reminder_and_notice', autoApproveTransfer: true })).toEqual({ ok: true, settings: { reminderProfile: 'reminder_and_notice', autoApproveTransfer: true }, url });
    const body = go.requests[1]!.body!;
    expect([...body.keys()].sort()).toEqual(['__RequestVerificationToken', 'autoApproveTransfer', 'reminderProfile']);
    expect(body.get('__RequestVerificationToken')).toBe(tokenOf(purring));
    const off = fakeGo({ [url]: purring }, (_, b) => saved(b));
    await writePurring(off.fetcher, page, { reminderProfile: 'none', autoApproveTransfer: false });
    expect(off.requests[1]!.body!.has('autoApproveTransfer')).toBe(false);
  });

  it('a changed Purring page, or an answer that did not take, leads to the fallback', async () => {
    expect(findPurringForm(parse(fixture('purring-changed.html')))).toMatchObject({ ok: false, reason: 'unexpected_page' });
    const changed = fakeGo({ [url]: fixture('purring-changed.html') }, () => html(''));
    expect(await writePurring(changed.fetcher, page, { reminderProfile: 'none', autoApproveTransfer: true })).toEqual({ ok: false, reason: 'unexpected_page', message: null, fallbackUrl: url });
    expect(changed.requests.filter((r) => r.method === 'POST')).toEqual([]);
    const ignored = fakeGo({ [url]: purring }, () => html(`<div class="go-flash" role="status">Lagret.</div>${parse(purring).querySelector('#go-main')!.innerHTML}`));
    expect(await writePurring(ignored.fetcher, page, { reminderProfile: 'reminder', autoApproveTransfer: true })).toMatchObject({ ok: false, reason: 'unexpected_page', fallbackUrl: url });
  });
});
