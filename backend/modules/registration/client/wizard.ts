// The wizard's browser script (bundled into client-bundle.gen.ts by scripts/build-wizard.ts and
// served as /register/wizard.js). Each step checks its fields when the user leaves them, with the
// message at the field, using the same rules as the API (../fields.ts); the API's refusals are shown
// at their fields too. The login is the wizard's cookie, so coming back from Go's approval (to
// /register?creditor=&status=&token=) continues in this tab at the next step without a new login.
import { toNorwegian, type BookDate } from '@shared/dates';
import { formatKroner } from '@shared/money';
import { formatOrgNo } from '@shared/identifiers';
import { extensionSource, wizardSource, type BridgeExtensionRow, type ExtensionBridgeMessage, type ReadGoExtensionsRequest, type ReadGoExtensionsResult } from '@shared/wizard-bridge';
import { accountKeys, accountLabels, rules, type FieldRule } from '../fields';

type Json = Record<string, unknown>;
type ApiError = { error?: { code?: string; message?: string; fields?: Record<string, string> } };
type Details = {
  name: string; address: { line1: string; line2?: string; postCode: string; city: string }; bankAccount: string; vatDeductible: boolean;
  contact: { firstName: string; lastName: string; email: string; phone?: string }; accounts: Record<string, string>; dunning: string; approval: string;
};
type View = {
  creditorId: string; orgNo: string; status: string; company: { name: string; line1: string; postCode: string; city: string }; register: 'found' | 'unreachable';
  goApprovalUrl: string | null; goConnected: boolean; canCreateCases: boolean | null; legacyOpenCases: number; details: Details | null; agencyCheck: AgencyCheck | null; notices: string[];
};
type AgencyCheck = { readAt: string; url: string; extensions: BridgeExtensionRow[]; others: string[]; ok: boolean; message: string | null; code: string | null };
type Agreement = { version: number; title: string; body: string; commissionBp: number; commissionMinOre: number; debtorPays: string; publishedAt: string };
type Finding = { code: string; blocking: boolean; message: { nb: string } };
type Preview = { items: { invoiceNo: number; customerName: string; dueDate: string; balanceOre: number; approved: boolean; willSend: boolean; findings: Finding[] }[]; willSend: number };

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
};
const input = (id: string) => $<HTMLInputElement>(id);
const val = (id: string) => input(id).value.trim();

class Refused extends Error {
  constructor(readonly status: number, readonly body: ApiError) {
    super(body.error?.message ?? 'Noe gikk galt');
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, { method, credentials: 'same-origin', headers: body === undefined ? {} : { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await res.json().catch(() => ({}))) as T & ApiError;
  if (!res.ok) throw new Refused(res.status, json);
  return json;
}

const api = (path: string) => `/register/api/registrations${path}`;

// ---- messages at the fields ----------------------------------------------------------------

function fieldInput(scope: HTMLElement, field: string): HTMLInputElement | null {
  return scope.querySelector<HTMLInputElement>(`[data-field="${field}"]`);
}

function setFieldError(el: HTMLInputElement, message: string | null) {
  const out = document.getElementById(`err-${el.id}`);
  if (out) out.textContent = message ?? '';
  if (message) el.setAttribute('aria-invalid', 'true');
  else el.removeAttribute('aria-invalid');
}

function clearErrors(scope: HTMLElement) {
  scope.querySelectorAll<HTMLInputElement>('[data-field]').forEach((el) => setFieldError(el, null));
  $('error').textContent = '';
}

/** The API's refusal: each field's message at the field, the rest at the top. */
function showRefusal(scope: HTMLElement, e: unknown) {
  if (!(e instanceof Refused)) {
    $('error').textContent = 'Fikk ikke kontakt med Modhi Norge. Sjekk nettforbindelsen og prøv igjen.';
    return;
  }
  if (e.status === 401 && scope.id !== 'login') {
    // The session ran out: log in again, then the page continues where it was.
    show('login');
    $('error').textContent = e.message;
    return;
  }
  const fields = e.body.error?.fields ?? {};
  let placed = false;
  let first: HTMLInputElement | null = null;
  for (const [name, message] of Object.entries(fields)) {
    const el = fieldInput(scope, name) ?? (document.getElementById(name) as HTMLInputElement | null);
    if (!el) continue;
    if (el.dataset['field']) setFieldError(el, message);
    else {
      const out = document.getElementById(`err-${el.id}`);
      if (out) out.textContent = message;
    }
    first ??= el;
    placed = true;
  }
  const top = e.message;
  // A refusal that concerns one field is shown there; a general one (or with detail) at the top too.
  if (!placed || Object.values(fields).every((m) => m !== top)) $('error').textContent = top;
  first?.focus();
}

const ruleOf: Record<string, FieldRule> = {
  orgNo: rules.orgNo, name: rules.name, 'address.line1': rules.line1, 'address.line2': rules.line2, 'address.postCode': rules.postCode, 'address.city': rules.city,
  bankAccount: rules.bankAccount, 'contact.firstName': rules.firstName, 'contact.lastName': rules.lastName, 'contact.email': rules.email, 'contact.phone': rules.phone,
  company: (v) => (v.trim().length >= 2 ? null : 'Firmanavn må fylles ut'),
  email: rules.email,
  password: (v) => (v.length >= 10 ? null : 'Passordet må ha minst 10 tegn'),
  clientKey: (v) => (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v.trim()) ? null : 'Klientnøkkelen har formen xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'),
};
for (const k of accountKeys) ruleOf[`accounts.${k}`] = rules.account;

function checkField(el: HTMLInputElement): boolean {
  const field = el.dataset['field'] ?? '';
  // Logging in checks only that a password is given: the length rule is for new passwords.
  const rule = el.closest('#login') && field === 'password' ? (v: string) => (v ? null : 'Skriv inn passordet') : ruleOf[field];
  if (!rule || el.closest('[hidden]')) return true;
  const problem = rule(el.value);
  setFieldError(el, problem);
  return problem === null;
}

/** Every field of a step, checked as the user leaves the step; the first wrong one gets focus. */
function checkStep(scope: HTMLElement): boolean {
  let ok = true;
  let first: HTMLInputElement | null = null;
  scope.querySelectorAll<HTMLInputElement>('[data-field]').forEach((el) => {
    if (!checkField(el)) {
      ok = false;
      first ??= el;
    }
  });
  (first as HTMLInputElement | null)?.focus();
  return ok;
}

// Leaving a field checks it; typing in a field that was wrong checks it again.
document.addEventListener('focusout', (e) => {
  const el = e.target;
  if (el instanceof HTMLInputElement && el.dataset['field'] && el.value !== '') checkField(el);
  else if (el instanceof HTMLInputElement && el.dataset['field'] && el.getAttribute('aria-invalid')) checkField(el);
});
document.addEventListener('input', (e) => {
  const el = e.target;
  if (el instanceof HTMLInputElement && el.getAttribute('aria-invalid') === 'true') checkField(el);
});

// ---- steps -----------------------------------------------------------------------------------

const sections = ['login', 'signup', 'step1', 'step2', 'step3', 'step4', 'done'] as const;
type Section = (typeof sections)[number];
const stepOf: Record<Section, number> = { login: 1, signup: 1, step1: 1, step2: 2, step3: 3, step4: 4, done: 5 };

function show(section: Section) {
  for (const s of sections) $(s).hidden = s !== section;
  const current = stepOf[section];
  for (let i = 1; i <= 4; i++) {
    const li = $(`s${i}`);
    if (i === current) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
    li.classList.toggle('done', i < current);
  }
  $('error').textContent = '';
  window.scrollTo(0, 0);
}

const state: { view: View | null; agreement: Agreement | null } = { view: null, agreement: null };

function setView(view: View) {
  state.view = view;
  $('s2name').textContent = `${view.company.name || 'selskapet'} (${view.orgNo})`;
  const link = $<HTMLAnchorElement>('goLink');
  if (view.goApprovalUrl) link.href = view.goApprovalUrl;
  input('orgNo').value = view.orgNo;
  const d = view.details;
  const put = (id: string, v: string | undefined) => {
    if (v !== undefined && (v !== '' || !input(id).value)) input(id).value = v;
  };
  put('name', d?.name ?? view.company.name);
  put('line1', d?.address.line1 ?? view.company.line1);
  put('line2', d?.address.line2 ?? '');
  put('postCode', d?.address.postCode ?? view.company.postCode);
  put('city', d?.address.city ?? view.company.city);
  if (d) {
    put('bankAccount', d.bankAccount);
    put('firstName', d.contact.firstName);
    put('lastName', d.contact.lastName);
    put('contactEmail', d.contact.email);
    put('phone', d.contact.phone ?? '');
    for (const k of accountKeys) put(`acc-${k}`, d.accounts[k]);
    for (const [name, value] of [['vat', d.vatDeductible ? 'yes' : 'no'], ['dunning', d.dunning], ['approval', d.approval]] as const) {
      const radio = document.querySelector<HTMLInputElement>(`input[name=${name}][value=${value}]`);
      if (radio) radio.checked = true;
    }
  }
  $('register-note').textContent = view.register === 'unreachable' ? 'Enhetsregisteret svarte ikke, så firmanavn og adresse er ikke fylt ut. Fyll dem inn selv.' : '';
  $('legacy-note').textContent = view.notices.join(' ');
  vatChanged();
}

function vatChanged() {
  const yes = document.querySelector<HTMLInputElement>('input[name=vat]:checked')?.value === 'yes';
  const row = document.querySelector<HTMLElement>('[data-account=inputVat]');
  if (row) row.hidden = !yes;
}

function radio(name: string): string {
  return document.querySelector<HTMLInputElement>(`input[name=${name}]:checked`)?.value ?? '';
}

function detailsFromForm(): Details {
  const accounts: Record<string, string> = {};
  for (const k of accountKeys) accounts[k] = val(`acc-${k}`);
  const line2 = val('line2');
  const phone = val('phone');
  return {
    name: val('name'),
    address: { line1: val('line1'), ...(line2 ? { line2 } : {}), postCode: val('postCode'), city: val('city') },
    bankAccount: val('bankAccount'),
    vatDeductible: radio('vat') === 'yes',
    contact: { firstName: val('firstName'), lastName: val('lastName'), email: val('contactEmail'), ...(phone ? { phone } : {}) },
    accounts,
    dunning: radio('dunning'),
    approval: radio('approval'),
  };
}

function formatBankAccount(v: string): string {
  return v.length === 11 ? `${v.slice(0, 4)}.${v.slice(4, 6)}.${v.slice(6)}` : v;
}

function rows(dl: HTMLElement, items: [string, string][]) {
  dl.replaceChildren();
  for (const [k, v] of items) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
}

/** The summary: only what the API accepted (the saved, validated details). */
function renderSummary(view: View) {
  const d = view.details;
  if (!d) return;
  const items: [string, string][] = [
    ['Firmanavn', d.name],
    ['Org. nummer', formatOrgNo(view.orgNo)],
    ['Adresse', [d.address.line1, d.address.line2, `${d.address.postCode} ${d.address.city}`].filter(Boolean).join(', ')],
    ['Bankkontonummer', formatBankAccount(d.bankAccount)],
    ['Fradragsrett for MVA', d.vatDeductible ? 'Ja' : 'Nei'],
    ['Kontaktperson', `${d.contact.firstName} ${d.contact.lastName}`],
    ['E-post', d.contact.email],
  ];
  if (d.contact.phone) items.push(['Telefon', d.contact.phone]);
  items.push(
    ...accountKeys.filter((k) => k !== 'inputVat' || d.vatDeductible).map((k): [string, string] => [accountLabels[k].label, d.accounts[k] ?? '']),
    ['Purreprofil', d.dunning === 'agency_notice' ? 'Modhi Norge sender inkassovarsel som første purring' : 'Purringer sendes fra PowerOffice GO'],
    ['Godkjenning', d.approval === 'manual' ? 'Manuell godkjenning i Utkast' : 'Automatisk'],
  );
  rows($('summary'), items);
}

function renderAgreement(a: Agreement) {
  state.agreement = a;
  $('agreement-title').textContent = `AVTALE: ${a.title}`;
  $('agreement-version').textContent = `Versjon ${a.version}, gjelder fra ${toNorwegian(a.publishedAt.slice(0, 10) as BookDate)}`;
  $('agreement-body').textContent = a.body;
  const pct = (a.commissionBp / 100).toLocaleString('nb-NO', { maximumFractionDigits: 2 });
  rows($('agreement-terms'), [
    ['Provisjon', `${pct} % av innkrevd hovedstol, minst ${formatKroner(a.commissionMinOre)} per innbetaling`],
    ['Skyldneren betaler', a.debtorPays],
  ]);
}

async function renderPreview(creditorId: string) {
  const box = $('preview');
  try {
    const p = await call<Preview>('GET', api(`/${creditorId}/preview`));
    box.replaceChildren();
    const summary = document.createElement('p');
    summary.textContent = p.items.length === 0 ? 'Ingen forfalte fakturaer i reskontroen.' : `${p.items.length === 1 ? '1 forfalt faktura' : `${p.items.length} forfalte fakturaer`}, ${p.willSend} sendes til inkasso ved første kjøring.`;
    box.append(summary);
    if (p.items.length === 0) return;
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const [t, cls] of [['Faktura', ''], ['Kunde', ''], ['Forfall', ''], ['Saldo', 'num'], ['Første kjøring', '']] as const) {
      const th = document.createElement('th');
      th.textContent = t;
      if (cls) th.className = cls;
      head.append(th);
    }
    const body = table.createTBody();
    for (const i of p.items) {
      const r = body.insertRow();
      const cells = [String(i.invoiceNo), i.customerName, toNorwegian(i.dueDate as BookDate), formatKroner(i.balanceOre)];
      cells.forEach((t, n) => {
        const td = r.insertCell();
        td.textContent = t;
        if (n === 3) td.className = 'num';
      });
      const td = r.insertCell();
      td.textContent = i.willSend ? 'Sendes' : i.approved ? 'Stoppes' : 'Ikke godkjent i PowerOffice GO';
      for (const f of i.findings) {
        const p2 = document.createElement('div');
        p2.className = 'hint';
        p2.textContent = f.message.nb;
        td.append(p2);
      }
    }
    box.append(table);
  } catch (e) {
    box.textContent = e instanceof Refused ? e.message : 'Fikk ikke hentet reskontroen.';
  }
}

async function toStep4(view: View) {
  renderSummary(view);
  show('step4');
  void renderPreview(view.creditorId);
  readAgencies(view);
  try {
    renderAgreement(await call<Agreement>('GET', api('/agreement')));
  } catch (e) {
    showRefusal($('step4'), e);
  }
}

function toStep3(view: View) {
  setView(view);
  show('step3');
}

// ---- "never on two at once": the extension reads Go's Utvidelser page -------------------------

/** How long the page waits for the browser extension before it offers the manual confirmation. */
const extensionWaitMs = 8_000;
const agency: { mode: 'reading' | 'read' | 'manual'; check: AgencyCheck | null; requestId: string | null; timer: number | null; request: ReadGoExtensionsRequest | null } = {
  mode: 'reading', check: null, requestId: null, timer: null, request: null,
};

const failureText: Record<string, string> = {
  no_go_tab: 'Nettleserutvidelsen fant ingen åpen fane med PowerOffice GO. Åpne PowerOffice GO i en annen fane og trykk «Les Utvidelser på nytt», eller sjekk selv.',
  unknown_client: 'Nettleserutvidelsen vet ikke hvor klienten ligger i PowerOffice GO. Åpne klienten i PowerOffice GO i en annen fane og trykk «Les Utvidelser på nytt», eller sjekk selv.',
  wrong_client: 'Siden nettleserutvidelsen leste i PowerOffice GO gjaldt en annen klient. Åpne riktig klient i PowerOffice GO og trykk «Les Utvidelser på nytt», eller sjekk selv.',
  unreachable: 'Nettleserutvidelsen fikk ikke lest Utvidelser i PowerOffice GO (er du logget inn i PowerOffice GO?). Prøv på nytt, eller sjekk selv.',
  unexpected_page: 'Siden Utvidelser i PowerOffice GO så ikke ut som ventet, så nettleserutvidelsen kunne ikke lese den. Sjekk selv.',
  refused: 'Modhi Norge tok ikke imot lesingen av Utvidelser. Prøv på nytt, eller sjekk selv.',
  absent: 'Fant ikke nettleserutvidelsen Modhi Norge Inkasso i denne nettleseren, så Utvidelser i PowerOffice GO kan ikke leses herfra. Sjekk selv.',
};

function agencyManual(reason: string, fallbackUrl: string | null) {
  agency.mode = 'manual';
  agency.check = null;
  $('agency-status').textContent = 'Ikke lest automatisk.';
  $('agency-table').hidden = true;
  $('agency-stop').textContent = '';
  $('agency-manual-why').textContent = failureText[reason] ?? failureText['unreachable']!;
  if (fallbackUrl) $<HTMLAnchorElement>('openUtvidelser').href = fallbackUrl;
  $('agency-manual').hidden = false;
}

function agencyRead(check: AgencyCheck) {
  agency.mode = 'read';
  agency.check = check;
  $('agency-manual').hidden = true;
  $('err-noOtherAgency').textContent = '';
  const time = new Date(check.readAt).toLocaleTimeString('nb-NO', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' });
  $('agency-caption').textContent = `Lest av nettleserutvidelsen kl. ${time}`;
  const yes = (b: boolean) => (b ? 'Ja' : 'Nei');
  $('agency-rows').replaceChildren(...check.extensions.map((e) => {
    const tr = document.createElement('tr');
    if (check.others.includes(e.name)) tr.dataset['other'] = 'true';
    for (const text of [e.name, e.kind, yes(e.active), yes(e.canCreateCases)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  }));
  $('agency-table').hidden = false;
  $<HTMLAnchorElement>('openUtvidelser').href = check.url;
  const ticked = check.extensions.filter((e) => /inkasso/i.test(e.kind) && e.active && e.canCreateCases).map((e) => e.name);
  $('agency-status').textContent = check.ok
    ? `I orden: bare ${ticked.join(', ') || 'Modhi Norge Inkasso'} kan opprette nye saker for klienten.`
    : 'Aktivering er stoppet:';
  $('agency-stop').textContent = check.ok ? '' : (check.message ?? '');
}

/** Asks the extension (if it is there) to read Go's Utvidelser page for the client. */
function readAgencies(view: View) {
  agency.mode = 'reading';
  agency.check = null;
  $('agency-status').textContent = 'Leser Utvidelser i PowerOffice GO …';
  $('agency-stop').textContent = '';
  $('agency-manual').hidden = true;
  $('agency-table').hidden = true;
  const requestId = crypto.randomUUID();
  agency.requestId = requestId;
  agency.request = { source: wizardSource, type: 'readGoExtensions', requestId, creditorId: view.creditorId, orgNo: view.orgNo };
  window.postMessage(agency.request, location.origin);
  if (agency.timer !== null) clearTimeout(agency.timer);
  agency.timer = window.setTimeout(() => {
    if (agency.requestId === requestId && agency.mode === 'reading') agencyManual('absent', null);
  }, extensionWaitMs);
}

async function onReading(result: ReadGoExtensionsResult) {
  const view = state.view;
  if (!view) return;
  if (!result.ok) return agencyManual(result.reason, result.fallbackUrl);
  try {
    // Posted by the extension with its own login, or (without one that may) by this page.
    const now = result.posted
      ? await call<View>('GET', api(`/${encodeURIComponent(view.creditorId)}`))
      : await call<View>('POST', api(`/${encodeURIComponent(view.creditorId)}/extensions`), { extensions: result.extensions, url: result.url });
    if (now.agencyCheck) agencyRead(now.agencyCheck);
    else agencyManual('refused', result.url);
  } catch {
    agencyManual('refused', result.url);
  }
}

function onExtensionMessage(event: MessageEvent) {
  if (event.source !== window || event.origin !== location.origin) return;
  const data = event.data as ExtensionBridgeMessage | null;
  if (!data || typeof data !== 'object' || data.source !== extensionSource) return;
  // The extension's script started after the page asked: ask again.
  if (data.type === 'ready' && agency.mode === 'reading' && agency.request) window.postMessage(agency.request, location.origin);
  if (data.type === 'goExtensionsRead' && data.requestId === agency.requestId && agency.mode === 'reading') {
    agency.requestId = null;
    void onReading(data.result);
  }
}

function busy(button: HTMLButtonElement | null, on: boolean) {
  if (button) button.disabled = on;
}

// ---- the wizard page --------------------------------------------------------------------------

function wizard() {
  const main = $('wizard');
  const params = new URLSearchParams(location.search);
  const loggedIn = main.dataset['loggedIn'] === 'true';

  $('to-signup').addEventListener('click', () => show('signup'));
  $('to-login').addEventListener('click', () => show('login'));
  document.querySelectorAll<HTMLInputElement>('input[name=vat]').forEach((r) => r.addEventListener('change', vatChanged));

  $('login').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('login');
    clearErrors(form);
    if (!checkStep(form)) return;
    try {
      await call('POST', '/register/api/login', { email: val('login-email'), password: input('login-password').value });
      location.reload();
    } catch (err) {
      showRefusal(form, err);
    }
  });

  $('signup').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('signup');
    clearErrors(form);
    if (!checkStep(form)) return;
    try {
      await call('POST', '/register/api/signup', { company: val('signup-company'), name: val('signup-name'), email: val('signup-email'), password: input('signup-password').value, website: input('signup-website').value });
      location.reload();
    } catch (err) {
      showRefusal(form, err);
    }
  });

  $('step1').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('step1');
    clearErrors(form);
    if (!checkStep(form)) return;
    const button = form.querySelector('button');
    busy(button, true);
    try {
      const view = await call<View>('POST', api(''), { orgNo: val('orgNo').replace(/\s/g, '') });
      setView(view);
      history.replaceState(null, '', `/register?creditor=${encodeURIComponent(view.creditorId)}`);
      if (view.goConnected) toStep3(view);
      else show('step2');
    } catch (err) {
      showRefusal(form, err);
    } finally {
      busy(button, false);
    }
  });

  $('pasteKey').addEventListener('click', async () => {
    const scope = $('paste');
    clearErrors(scope);
    if (!checkStep(scope) || !state.view) return;
    try {
      toStep3(await call<View>('POST', api(`/${state.view.creditorId}/client-key`), { clientKey: val('clientKey') }));
    } catch (err) {
      showRefusal(scope, err);
    }
  });
  $('back2').addEventListener('click', () => show('step1'));
  $('back3').addEventListener('click', () => show(state.view?.goConnected ? 'step1' : 'step2'));
  $('back4').addEventListener('click', () => show('step3'));
  $('rereadAgency').addEventListener('click', () => {
    if (state.view) readAgencies(state.view);
  });
  window.addEventListener('message', onExtensionMessage);

  $('step3').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('step3');
    clearErrors(form);
    if (!checkStep(form) || !state.view) return;
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    busy(button, true);
    try {
      const view = await call<View>('PUT', api(`/${state.view.creditorId}/details`), detailsFromForm());
      state.view = view;
      await toStep4(view);
    } catch (err) {
      showRefusal(form, err);
    } finally {
      busy(button, false);
    }
  });

  $('activate').addEventListener('click', async () => {
    const scope = $('step4');
    for (const id of ['accept', 'authority', 'noOtherAgency']) $(`err-${id}`).textContent = '';
    $('error').textContent = '';
    const missing: [string, string][] = [];
    if (!input('accept').checked) missing.push(['accept', 'Du må bekrefte opplysningene og godta avtalen']);
    if (!input('authority').checked) missing.push(['authority', 'Du må bekrefte at du har fullmakt til å tegne avtalen på vegne av kreditor']);
    const check = agency.mode;
    if (check === 'reading') missing.push(['noOtherAgency', 'Venter på at nettleserutvidelsen leser Utvidelser i PowerOffice GO (haken må være fjernet hos andre inkassobyråer)']);
    else if (check === 'read' && agency.check && !agency.check.ok) missing.push(['noOtherAgency', agency.check.code === 'not_active_in_go' ? 'Aktivering er stoppet til Modhi Norge Inkasso er aktiv i PowerOffice GO (se over). Trykk deretter «Les Utvidelser på nytt».' : 'Aktivering er stoppet til haken er fjernet hos det andre inkassobyrået (se over). Trykk deretter «Les Utvidelser på nytt».']);
    else if (check === 'manual' && !input('noOtherAgency').checked) missing.push(['noOtherAgency', 'Bekreft at haken er fjernet hos andre inkassobyråer']);
    for (const [id, m] of missing) $(`err-${id}`).textContent = m;
    if (missing.length || !state.view || !state.agreement) return;
    const button = $<HTMLButtonElement>('activate');
    busy(button, true);
    try {
      const result = await call<{ firstSync: { ok: boolean; casesCreated: number }; notices: string[] }>('POST', api(`/${state.view.creditorId}/activate`), {
        agreementVersion: state.agreement.version, acceptAgreement: true, confirmAuthority: true, extensions: null,
        // The extension's reading is with the registration already; without it, the user's word.
        ...(check === 'manual' ? { confirmNoOtherAgency: true } : {}),
      });
      const cases = result.firstSync.casesCreated;
      $('doneText').textContent = `${state.view.details?.name ?? 'Selskapet'} er nå aktivt på inkassointegrasjonen. Første kjøring er gjort: ${cases === 0 ? 'ingen nye saker' : cases === 1 ? '1 ny sak' : `${cases} nye saker`}. Husk at det er viktig at du er ajour med innbetalinger i reskontroen.`;
      $('done-notes').textContent = result.notices.join(' ');
      history.replaceState(null, '', '/register');
      show('done');
    } catch (err) {
      const fields = err instanceof Refused ? (err.body.error?.fields ?? {}) : {};
      if (fields['extensions']) $('err-noOtherAgency').textContent = fields['extensions'];
      // A reading too old by now: read again (or confirm by hand).
      if (fields['confirmNoOtherAgency'] && agency.mode === 'read' && state.view) readAgencies(state.view);
      if (fields['accept'] || fields['acceptAgreement']) $('err-accept').textContent = fields['acceptAgreement'] ?? '';
      showRefusal(scope, err);
    } finally {
      busy(button, false);
    }
  });

  if (!loggedIn) {
    show('login');
    return;
  }
  const creditorId = params.get('creditor');
  const status = params.get('status');
  const token = params.get('token');
  if (params.get('orgNo')) input('orgNo').value = params.get('orgNo') ?? '';
  if (!creditorId) {
    show('step1');
    return;
  }
  void (async () => {
    try {
      const view = await call<View>('GET', api(`/${encodeURIComponent(creditorId)}`));
      setView(view);
      if (status || token) {
        // Back from Go's approval: finish step 2 at once, and take the token out of the address.
        history.replaceState(null, '', `/register?creditor=${encodeURIComponent(creditorId)}`);
        show('step2');
        try {
          toStep3(await call<View>('POST', api(`/${encodeURIComponent(creditorId)}/finalize`), { ...(status ? { status } : {}), ...(token ? { token } : {}) }));
        } catch (err) {
          showRefusal($('step2'), err);
        }
        return;
      }
      if (view.status !== 'pending') show('step1');
      else if (!view.goConnected) show('step2');
      else if (view.details) await toStep4(view);
      else toStep3(view);
    } catch (err) {
      show('step1');
      showRefusal($('step1'), err);
    }
  })();
}

function invite() {
  const token = location.hash.slice(1);
  $('accept-invite').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('accept-invite');
    clearErrors(form);
    if (!checkStep(form)) return;
    try {
      await call<Json>('POST', '/api/v1/invites/accept', { token, password: input('invite-password').value });
      form.hidden = true;
      $('invite-done').hidden = false;
    } catch (err) {
      showRefusal(form, err);
    }
  });
}

if (document.getElementById('wizard')) wizard();
else if (document.getElementById('invite')) invite();
