// Go's pages that the extension works on: Kundereskontro, Inkasso, Purring, Utvidelser, and the
// onboarding approval. Server-rendered; every value escaped; soft navigation via layout's script.
import { Hono, type Context } from 'hono';
import { DcStatus, SandboxError, type Client, type Customer, type Invoice, type LedgerGroup, type ReminderProfile, type Store } from '../store';
import { approveOnboarding, onboardingCallbackUrl, type Onboardings } from '../api/onboarding';
import { displayAmount, displayDate, escapeHtml } from '../util';
import { formatOrgNo, page } from './layout';
import { antiforgeryInput, uiSession, type UiSessions } from '../ui-session';

type PagesDeps = { onboardings: Onboardings; sessions: UiSessions };
type PageEnv = { Variables: { antiforgery: string } };

const ledgerHeaders = ['Dato', 'Tekst', 'Beskrivelse', 'Forfall', 'Bilagsnr', 'Beløp', 'Saldo', 'Utbetales', 'Inkasso', ''];
const numeric = new Set(['Beløp', 'Saldo', 'Utbetales']);

function ledgerRows(client: Client, groups: LedgerGroup[], today: string, token: string): string {
  const out: string[] = [];
  for (const g of groups) {
    const orgNo = g.customer.orgNo ? `, ${g.customer.orgNo}` : '';
    out.push(`<tr class="go-grid-group"><td colspan="10">${escapeHtml(`${g.customer.name}${orgNo} (${g.customer.code})`)}</td></tr>`);
    for (const item of g.items) {
      const writeOff = item.kind === 'invoice' && item.invoiceId
        ? `<form class="inline" method="post" action="/app/${escapeHtml(client.id)}/reskontro/avskriv" data-spa-form>${antiforgeryInput(token)}<input type="hidden" name="invoiceId" value="${escapeHtml(item.invoiceId)}"><button type="submit" class="go-btn">Avskriv</button></form>`
        : '';
      out.push(
        `<tr class="go-grid-row"><td>${displayDate(item.date)}</td><td>${escapeHtml(item.text)}</td><td>${escapeHtml(item.description)}</td>` +
          `<td>${displayDate(item.dueDate)}</td><td>${item.voucherNo}</td><td class="num">${displayAmount(item.amountOre)}</td>` +
          `<td class="num">${displayAmount(item.balanceOre)}</td><td class="num"></td><td>${escapeHtml(item.debtCollectionCode ?? '')}</td><td>${writeOff}</td></tr>`,
      );
    }
    out.push(
      `<tr class="go-grid-sum"><td>${displayDate(today)}</td><td>SUM</td><td></td><td></td><td></td><td class="num">${displayAmount(g.sumAmountOre)}</td>` +
        `<td class="num">${displayAmount(g.sumBalanceOre)}</td><td></td><td></td><td></td></tr>`,
    );
  }
  return out.join('\n');
}

function ledgerPage(client: Client, groups: LedgerGroup[], today: string, token: string, flash = ''): string {
  const head = ledgerHeaders.map((h) => `<th${numeric.has(h) ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = groups.length ? ledgerRows(client, groups, today, token) : '';
  return `${flash}<h1>Kundereskontro</h1>
<div class="ledger-filters"><span>Åpne poster/Kontoutskrift</span> · <span>Kunde: alle</span> · <span>Sak: alle</span>
<button type="button" class="go-btn" data-refresh-ledger>Oppdater</button></div>
<table class="go-grid ledger"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
${groups.length ? '' : '<p class="muted">Ingen åpne poster.</p>'}`;
}

export type CollectionTab = 'utkast' | 'godkjent' | 'apne';
const tabs: [CollectionTab, string][] = [['utkast', 'Utkast'], ['godkjent', 'Godkjent'], ['apne', 'Åpne']];

function collectionTable(store: Store, client: Client, invoices: Invoice[], tab: CollectionTab, token: string, highlight: number | null): string {
  if (invoices.length === 0) return '<p class="muted">Ingen fakturaer.</p>';
  const rows = invoices.map((i) => {
    const customer = store.customer(client, i.customerId);
    const form = (action: string, label: string, primary = false) =>
      `<form class="inline" method="post" action="/app/${escapeHtml(client.id)}/inkasso/${tab}/${action}" data-spa-form>${antiforgeryInput(token)}<input type="hidden" name="invoiceId" value="${escapeHtml(i.id)}"><button type="submit" class="go-btn${primary ? ' primary' : ''}" aria-label="${label} faktura ${i.invoiceNo}">${label}</button></form>`;
    const buttons = tab === 'utkast' ? `${form('godkjenn', 'Godkjenn', true)} ${form('fjern', 'Fjern')}` : tab === 'godkjent' ? form('fjern', 'Fjern') : '';
    const marked = highlight === i.invoiceNo ? ' go-highlight" aria-current="true' : '';
    return `<tr class="go-grid-row${marked}" data-invoice-no="${i.invoiceNo}"><td>${escapeHtml(`${customer.name} (${customer.code})`)}</td><td>Faktura ${i.invoiceNo}</td><td>${displayDate(i.dueDate)}</td>` +
      `<td class="num">${displayAmount(i.amountOre)}</td><td class="num">${displayAmount(store.balance(client, i))}</td><td>${escapeHtml(i.debtCollectionCode ?? '')}</td><td>${buttons}</td></tr>`;
  });
  return `<table class="go-grid"><thead><tr><th>Kunde</th><th>Faktura</th><th>Forfall</th><th class="num">Beløp</th><th class="num">Saldo</th><th>Sak</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Inkasso with its tabs Utkast, Godkjent and Åpne, one tab per page (as in Go); `highlight`
 *  marks an invoice's row (a link that points the accountant at it). */
function collectionPage(store: Store, client: Client, tab: CollectionTab, token: string, highlight: number | null, flash = ''): string {
  const view = store.collectionView(client.id);
  const lists: Record<CollectionTab, Invoice[]> = { utkast: view.draft, godkjent: view.approved, apne: view.exported };
  const nav = tabs
    .map(([t, label]) => `<a data-spa href="/app/${escapeHtml(client.id)}/inkasso/${t}"${t === tab ? ' aria-current="page"' : ''}>${label} (${lists[t].length})</a>`)
    .join(' ');
  const label = tabs.find(([t]) => t === tab)![1];
  const pointed = highlight !== null && lists[tab].some((i) => i.invoiceNo === highlight) ? `<p class="go-hint" role="note">Faktura ${highlight} er markert.</p>` : '';
  return `${flash}<h1>Inkasso</h1>
<nav class="go-tabs" aria-label="Inkasso">${nav}</nav>
<section aria-labelledby="h-${tab}"><h2 id="h-${tab}">${label} (${lists[tab].length})</h2>${pointed}${collectionTable(store, client, lists[tab], tab, token, highlight)}</section>`;
}

const profiles: [ReminderProfile, string][] = [
  ['none', 'Ingen purring fra PowerOffice GO'],
  ['fee_free_reminder', 'Gebyrfri påminnelse'],
  ['reminder', 'Purring'],
  ['reminder_and_notice', 'Purring og inkassovarsel'],
];

function dunningPage(client: Client, token: string, flash = ''): string {
  const radios = profiles
    .map(([value, label]) => `<label><input type="radio" name="reminderProfile" value="${value}"${client.dunning.reminderProfile === value ? ' checked' : ''}> ${label}</label>`)
    .join('');
  return `${flash}<h1>Innstillinger – Purring</h1>
<form method="post" action="/app/${escapeHtml(client.id)}/innstillinger/purring" data-spa-form>${antiforgeryInput(token)}
<fieldset><legend>Purreprofil</legend>${radios}</fieldset>
<fieldset><legend>Inkasso</legend><label><input type="checkbox" name="autoApproveTransfer" value="true"${client.dunning.autoApproveTransfer ? ' checked' : ''}> Godkjenn automatisk overføring</label></fieldset>
<button type="submit" class="go-btn primary">Lagre</button></form>`;
}

function extensionsPage(client: Client, token: string, flash = ''): string {
  const yes = (b: boolean) => (b ? 'Ja' : 'Nei');
  const rows = client.extensions
    .map((e) => `<tr class="go-grid-row"><td>${escapeHtml(e.name)}</td><td>${e.kind}</td><td>${yes(e.active)}</td><td>${yes(e.canCreateCases)}</td><td><button type="button" class="go-btn" data-open-dialog="edit-${escapeHtml(e.id)}">Rediger</button></td></tr>`)
    .join('');
  const dialogs = client.extensions
    .map((e) => `<dialog id="edit-${escapeHtml(e.id)}" aria-labelledby="title-${escapeHtml(e.id)}"><form method="post" action="/app/${escapeHtml(client.id)}/innstillinger/utvidelser" data-spa-form>${antiforgeryInput(token)}
<h2 id="title-${escapeHtml(e.id)}">Rediger utvidelse</h2><input type="hidden" name="extensionId" value="${escapeHtml(e.id)}">
<p><strong>Utvidelse</strong> ${escapeHtml(e.name)}</p><p><strong>Klientnøkkel</strong> <code>${escapeHtml(e.clientKey)}</code></p>
<label><input type="checkbox" name="active" value="true"${e.active ? ' checked' : ''}> Aktiv</label>
<label><input type="checkbox" name="canCreateCases" value="true"${e.canCreateCases ? ' checked' : ''}> Inkassobyrå kan opprette nye saker</label>
<p><button type="submit" class="go-btn primary">Ok</button> <button type="button" class="go-btn" data-close-dialog>Avbryt</button></p></form></dialog>`)
    .join('');
  return `${flash}<h1>Innstillinger – Utvidelser</h1>
<table class="go-grid extensions"><thead><tr><th>Utvidelse</th><th>Type</th><th>Aktiv</th><th>Inkassobyrå kan opprette nye saker</th><th></th></tr></thead><tbody>${rows}</tbody></table>${dialogs}`;
}

function customerPage(customer: Customer): string {
  const yes = (b: boolean) => (b ? 'Ja' : 'Nei');
  const rows: [string, string][] = [
    ['Kundenummer', customer.code],
    ['Navn', customer.name],
    ['Organisasjonsnummer', customer.orgNo ? formatOrgNo(customer.orgNo) : ''],
    ['E-post', customer.email ?? ''],
    ['Overføres til inkasso', yes(customer.transferToDebtCollectionAgency)],
  ];
  return `<h1>Kunde ${escapeHtml(customer.code)} – ${escapeHtml(customer.name)}</h1>
<dl class="go-card">${rows.map(([k, v]) => `<dt>${k}</dt><dd data-field="${escapeHtml(k)}">${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

const flashOk = (text: string) => `<div class="go-flash" role="status">${escapeHtml(text)}</div>`;
const flashError = (text: string) => `<div class="go-error" role="alert">${escapeHtml(text)}</div>`;

export function pagesRoutes(store: Store, deps: PagesDeps): Hono<PageEnv> {
  const app = new Hono<PageEnv>();
  app.use('/app/*', uiSession(deps.sessions));
  const tokenOf = (c: Context<PageEnv>) => c.get('antiforgery');

  /** A full page on a normal load; only #go-main's content on soft navigation. */
  const respond = (c: Context<PageEnv>, client: Client, current: string, title: string, content: string) => {
    if (c.req.header('x-go-partial')) {
      c.header('X-Go-Title', encodeURIComponent(title));
      return c.html(content);
    }
    return c.html(page(client, current, title, content));
  };
  const clientOf = (c: Context<PageEnv>) => store.clients.find((x) => x.id === c.req.param('clientId'));
  // An unknown client id gets Go's frame without a client and a way back to the client list.
  const unknownClient = (c: Context<PageEnv>) => c.html(page(null, '', 'Ukjent klient', '<h1>Ukjent klient</h1><p><a href="/">Velg klient</a></p>'), 404);

  app.get('/', (c) => {
    const list = store.clients.map((cl) => `<li><a href="/app/${escapeHtml(cl.id)}/reskontro">${escapeHtml(cl.name)}</a> <span class="muted">Org.nr. ${escapeHtml(formatOrgNo(cl.orgNo))}</span></li>`).join('');
    return c.html(page(null, '', 'PowerOffice Go – klienter', `<h1>Velg klient</h1><ul>${list}</ul><p class="muted">Sandkasse for PowerOffice GO. Dato i sandkassen: ${displayDate(store.today)}.</p>`));
  });

  app.get('/app/:clientId/reskontro', (c) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    const rows = Number(c.req.query('rows') ?? '0');
    const groups = Number.isInteger(rows) && rows > 0 ? store.largeLedger(client.id, Math.min(rows, 50_000)) : store.ledger(client.id);
    if (c.req.header('x-go-partial') === 'tbody') return c.html(ledgerRows(client, groups, store.today, tokenOf(c)));
    return respond(c, client, 'reskontro', `Kundereskontro – ${client.name}`, ledgerPage(client, groups, store.today, tokenOf(c)));
  });

  app.post('/app/:clientId/reskontro/avskriv', async (c) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    const form = await c.req.parseBody();
    let flash: string;
    try {
      const v = store.writeOff(client, String(form['invoiceId'] ?? ''));
      flash = flashOk(`Avskrevet (bilag ${v.voucherNo}).`);
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      flash = flashError(e.message);
    }
    if (!c.req.header('x-go-partial')) return c.redirect(`/app/${client.id}/reskontro`, 303);
    return respond(c, client, 'reskontro', `Kundereskontro – ${client.name}`, ledgerPage(client, store.ledger(client.id), store.today, tokenOf(c), flash));
  });

  const highlightOf = (c: Context<PageEnv>) => {
    const n = Number(c.req.query('highlight'));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  const collection = (c: Context<PageEnv>, tab: CollectionTab) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    return respond(c, client, 'inkasso', `Inkasso – ${client.name}`, collectionPage(store, client, tab, tokenOf(c), highlightOf(c)));
  };
  app.get('/app/:clientId/inkasso', (c) => collection(c, 'utkast'));
  for (const [tab] of tabs) app.get(`/app/:clientId/inkasso/${tab}`, (c) => collection(c, tab));

  // Godkjenn (Utkast only) and Fjern (Utkast, Godkjent): page requests in the accountant's session.
  for (const [tab, action] of [['utkast', 'godkjenn'], ['utkast', 'fjern'], ['godkjent', 'fjern']] as const) {
    app.post(`/app/:clientId/inkasso/${tab}/${action}`, async (c) => {
      const client = clientOf(c);
      if (!client) return unknownClient(c);
      const form = await c.req.parseBody();
      const id = String(form['invoiceId'] ?? '');
      let flash: string;
      try {
        if (action === 'godkjenn') {
          const invoice = store.invoice(client, id);
          if (invoice.dcStatus !== DcStatus.Draft) throw new SandboxError(400, `Faktura ${invoice.invoiceNo} ligger ikke i Utkast`, 'invoiceId');
          store.approve(client, [id]);
        } else store.removeFromDraft(client, id);
        flash = flashOk(action === 'godkjenn' ? 'Fakturaen er godkjent for inkasso.' : 'Fakturaen er fjernet fra inkasso.');
      } catch (e) {
        if (!(e instanceof SandboxError)) throw e;
        flash = flashError(e.message);
      }
      if (!c.req.header('x-go-partial')) return c.redirect(`/app/${client.id}/inkasso/${tab}`, 303);
      return respond(c, client, 'inkasso', `Inkasso – ${client.name}`, collectionPage(store, client, tab, tokenOf(c), null, flash));
    });
  }

  // Kunder → a customer's card: what Go keeps about the customer, including «Overføres til inkasso».
  app.get('/app/:clientId/kunder/:customerNo', (c) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    const customer = client.customers.find((x) => x.code === c.req.param('customerNo'));
    if (!customer) return respond(c, client, '', `Ukjent kunde – ${client.name}`, '<h1>Ukjent kunde</h1>');
    return respond(c, client, '', `${customer.name} – ${client.name}`, customerPage(customer));
  });

  app.get('/app/:clientId/innstillinger/purring', (c) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    return respond(c, client, 'innstillinger/purring', `Purring – ${client.name}`, dunningPage(client, tokenOf(c)));
  });

  app.post('/app/:clientId/innstillinger/purring', async (c) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    const form = await c.req.parseBody();
    const profile = profiles.find(([p]) => p === form['reminderProfile'])?.[0];
    let flash = flashError('Velg en purreprofil.');
    if (profile) {
      client.dunning = { reminderProfile: profile, autoApproveTransfer: form['autoApproveTransfer'] === 'true' };
      store.refresh(client);
      flash = flashOk('Innstillingene er lagret.');
    }
    if (!c.req.header('x-go-partial')) return c.redirect(`/app/${client.id}/innstillinger/purring`, 303);
    return respond(c, client, 'innstillinger/purring', `Purring – ${client.name}`, dunningPage(client, tokenOf(c), flash));
  });

  app.get('/app/:clientId/innstillinger/utvidelser', (c) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    return respond(c, client, 'innstillinger/utvidelser', `Utvidelser – ${client.name}`, extensionsPage(client, tokenOf(c)));
  });

  app.post('/app/:clientId/innstillinger/utvidelser', async (c) => {
    const client = clientOf(c);
    if (!client) return unknownClient(c);
    const form = await c.req.parseBody();
    const ext = client.extensions.find((e) => e.id === form['extensionId']);
    let flash = flashError('Ukjent utvidelse.');
    if (ext) {
      ext.active = form['active'] === 'true';
      ext.canCreateCases = form['canCreateCases'] === 'true';
      flash = flashOk(`Utvidelsen ${ext.name} er lagret.`);
    }
    if (!c.req.header('x-go-partial')) return c.redirect(`/app/${client.id}/innstillinger/utvidelser`, 303);
    return respond(c, client, 'innstillinger/utvidelser', `Utvidelser – ${client.name}`, extensionsPage(client, tokenOf(c), flash));
  });

  app.get('/onboarding/:token', (c) => {
    const o = deps.onboardings.byToken.get(c.req.param('token'));
    if (!o) return c.html(page(null, '', 'Ukjent forespørsel', '<h1>Ukjent eller utløpt forespørsel</h1>'), 404);
    const client = store.clients.find((x) => x.orgNo === o.orgNo);
    const body = !client
      ? `<h1>Ingen tilgang</h1><p>Du har ingen klient med organisasjonsnummer ${escapeHtml(o.orgNo)} i PowerOffice Go.</p>`
      : o.approvedClientId
        ? `<h1>Godkjent</h1><p>Integrasjonen er godkjent for ${escapeHtml(client.name)}. Du kan lukke dette vinduet.</p>${o.redirectUrl ? `<p><a href="${escapeHtml(onboardingCallbackUrl(o))}">Tilbake til Modhi</a></p>` : ''}`
        : `<h1>Godkjenn integrasjon</h1><p>Modhi Norge Inkasso ber om tilgang til <strong>${escapeHtml(client.name)}</strong> (org.nr. ${escapeHtml(formatOrgNo(client.orgNo))}): hente godkjente fakturaer, oppdatere status på saker og postere oppgjør.</p>
<form method="post" action="/onboarding/${escapeHtml(o.token)}"><button type="submit" class="go-btn primary">Godkjenn</button></form>`;
    return c.html(page(null, '', 'Godkjenn integrasjon', body));
  });

  app.post('/onboarding/:token', (c) => {
    const o = deps.onboardings.byToken.get(c.req.param('token'));
    const client = o ? store.clients.find((x) => x.orgNo === o.orgNo) : undefined;
    if (!o || !client) return c.html(page(null, '', 'Ukjent forespørsel', '<h1>Ukjent eller utløpt forespørsel</h1>'), 404);
    approveOnboarding(store, deps.onboardings, o.token, client.id);
    return c.redirect(onboardingCallbackUrl(o) ?? `/onboarding/${o.token}`, 303);
  });

  return app;
}
