// /registrations: the 4-step wizard's API, and /register, the wizard page the extension's
// "Koble til inkasso" link opens.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { requireCreditor, requireUser, type AuthEnv } from '../http/auth';
import { invalid } from '../errors';
import { doc, validated } from '../http/openapi';
import { registrationSubmitted, registrationView } from '../http/responses';
import { audit } from '../http/audit';
import { finalizeRegistration, onboardingCallback, registrationDetails, startRegistration, submitRegistration } from '../services/registration';

const startBody = z.object({ orgNo: z.string().min(1, 'Organisasjonsnummer er påkrevd') });

export function registrationRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .use('*', requireUser(deps))
    .use('/:id/*', requireCreditor(deps))
    .post('/', doc({ summary: 'Ny kunde på integrasjon, steg 1: organisasjonsnummer (slår opp Enhetsregisteret, starter godkjenning i Go)', auth: 'user', status: 201, response: registrationView }), validated('json', startBody), async (c) => {
      const view = await startRegistration(deps, c.get('user'), c.req.valid('json').orgNo);
      await audit(deps, c.get('user'), view.creditorId, 'registration.start', { orgNo: view.orgNo });
      return c.json(view, 201);
    })
    .post('/:id/finalize', doc({ summary: 'Steg 2: kunden har godkjent i PowerOffice GO (Go sitt svar ?status=&token= videre; tom forespørsel er lov)', auth: 'user', body: onboardingCallback, response: registrationView }), async (c) => {
      // Go's callback (?status=&token=) as the wizard page passes it on; an empty body is allowed.
      const raw: unknown = await c.req.json().catch(() => ({}));
      const callback = onboardingCallback.safeParse(raw ?? {});
      if (!callback.success) throw invalid({ token: { nb: 'Ugyldig svar fra PowerOffice GO', en: 'Not a valid answer from PowerOffice GO' } });
      const view = await finalizeRegistration(deps, c.req.param('id'), callback.data);
      await audit(deps, c.get('user'), view.creditorId, 'registration.go_connected', {});
      return c.json(view, 200);
    })
    .post('/:id/submit', doc({ summary: 'Steg 3–4: firma, adresse, bankkonto, MVA, kontaktperson, kontoer og avtale', auth: 'user', response: registrationSubmitted }), validated('json', registrationDetails), async (c) => {
      const result = await submitRegistration(deps, c.req.param('id'), c.req.valid('json'));
      await audit(deps, c.get('user'), result.creditorId, 'registration.submit', { canCreateCases: result.canCreateCases });
      return c.json(result, 200);
    });
}

/** The wizard page: plain HTML and a small script against the API above (data set as text only). */
export const registerPage = `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Ny kunde på integrasjon – Modhi Norge</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1c2833} main{max-width:42rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0002}
.steps{display:flex;gap:1rem;margin-bottom:1rem;font-weight:600;color:#889} .steps [aria-current]{color:#0b5cab}
label{display:block;margin:.6rem 0 .2rem;font-weight:600} input[type=text],input[type=email],input[type=password]{width:100%;padding:.45rem;border:1px solid #aab;border-radius:4px;font:inherit}
fieldset{border:1px solid #dde;margin:1rem 0;padding:.5rem 1rem} button{font:inherit;padding:.5rem 1.2rem;border-radius:4px;border:1px solid #0b5cab;background:#0b5cab;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b5cab} .error{color:#a11;min-height:1.2em} .row{display:flex;gap:1rem} .row>div{flex:1} dl{display:grid;grid-template-columns:12rem 1fr} dt{font-weight:600}
[hidden]{display:none!important}
</style></head><body><main>
<h1>Ny kunde på integrasjon – PowerOffice GO</h1>
<ol class="steps" aria-label="Steg"><li id="s1">STEG 1</li><li id="s2">STEG 2</li><li id="s3">STEG 3</li><li id="s4">STEG 4</li></ol>
<p class="error" role="alert" id="error"></p>
<form id="login" hidden><p>Logg inn med brukeren din hos Modhi.</p><label for="email">E-post</label><input id="email" type="email" autocomplete="username" required>
<label for="password">Passord</label><input id="password" type="password" autocomplete="current-password" required><p><button>Logg inn</button></p></form>
<form id="step1" hidden><p>Legg inn organisasjonsnummeret til det selskapet du ønsker å koble opp på inkassointegrasjonen.</p>
<label for="orgNo">Org. nummer *</label><input id="orgNo" type="text" inputmode="numeric" required><p><button>NESTE</button></p></form>
<section id="step2" hidden><p>Logg inn i PowerOffice GO og godkjenn at Modhi Norge kobles til <strong id="s2name"></strong>.</p>
<p><a id="goLink" target="_blank" rel="noopener">Åpne PowerOffice GO og godkjenn</a></p><p><button id="approved">Jeg har godkjent – NESTE</button></p></section>
<form id="step3" hidden>
<fieldset><legend>FIRMA</legend><label for="name">Firmanavn *</label><input id="name" type="text" required></fieldset>
<fieldset><legend>ADRESSE</legend><label for="line1">Adresselinje 1 *</label><input id="line1" type="text" required><label for="line2">Adresselinje 2</label><input id="line2" type="text">
<div class="row"><div><label for="postCode">Postnr *</label><input id="postCode" type="text" inputmode="numeric" required></div><div><label for="city">Poststed *</label><input id="city" type="text" required></div></div></fieldset>
<fieldset><legend>BANKKONTO OG MVA</legend><label for="bankAccount">Bankkontonummer *</label><input id="bankAccount" type="text" inputmode="numeric" required>
<p>Har selskapet fradragsrett for MVA? *</p><label><input type="radio" name="vat" value="yes" checked> Ja</label><label><input type="radio" name="vat" value="no"> Nei</label></fieldset>
<fieldset><legend>KONTAKTPERSON</legend><div class="row"><div><label for="firstName">Fornavn *</label><input id="firstName" type="text" required></div><div><label for="lastName">Etternavn *</label><input id="lastName" type="text" required></div></div>
<label for="contactEmail">E-post *</label><input id="contactEmail" type="email" required><label for="phone">Telefon</label><input id="phone" type="text"></fieldset>
<fieldset><legend>KONTOINFORMASJON</legend>
<label for="acc-bank">Konto for Bankinnskudd / Interimskonto *</label><input id="acc-bank" type="text" value="1920">
<label for="acc-customerLedger">Kundekonto *</label><input id="acc-customerLedger" type="text" value="1500">
<label for="acc-interestIncome">Konto for renter *</label><input id="acc-interestIncome" type="text" value="8055">
<label for="acc-commission">Konto for provisjon *</label><input id="acc-commission" type="text" value="6790">
<label for="acc-collectionFee">Konto for salær *</label><input id="acc-collectionFee" type="text" value="7790">
<label for="acc-inputVat">Konto for inngående MVA *</label><input id="acc-inputVat" type="text" value="2710"></fieldset>
<p><button>NESTE</button></p></form>
<section id="step4" hidden><h2>OPPSUMMERING</h2><dl id="summary"></dl><h2>AVTALE</h2>
<label><input type="checkbox" id="accept"> Jeg bekrefter opplysningene og har lest og godtatt avtalen, og har innhentet fullmakt til å tegne avtalen på vegne av kreditor.</label>
<p><button class="secondary" id="back">FORRIGE</button> <button id="submit">SEND INN</button></p></section>
<section id="done" hidden><h2>Ferdig</h2><p id="doneText"></p></section>
</main><script>
(function(){
  var $ = function(id){ return document.getElementById(id); };
  var state = { token: sessionStorage.getItem('modhi.token'), creditorId: null, details: null };
  var params = new URLSearchParams(location.search);
  function show(id, step){ ['login','step1','step2','step3','step4','done'].forEach(function(s){ $(s).hidden = s !== id; }); ['s1','s2','s3','s4'].forEach(function(s,i){ if (i+1 === step) $(s).setAttribute('aria-current','step'); else $(s).removeAttribute('aria-current'); }); $('error').textContent=''; }
  function fail(body){ var e = body && body.error; var f = e && e.fields ? Object.keys(e.fields).map(function(k){ return k + ': ' + e.fields[k]; }).join('; ') : ''; $('error').textContent = (e ? e.message : 'Noe gikk galt') + (f ? ' (' + f + ')' : ''); }
  function call(method, path, body){ return fetch('/api/v1' + path, { method: method, headers: Object.assign({ 'content-type': 'application/json' }, state.token ? { authorization: 'Bearer ' + state.token } : {}), body: body ? JSON.stringify(body) : undefined }).then(function(r){ return r.json().then(function(j){ if (!r.ok) { if (r.status === 401) { sessionStorage.removeItem('modhi.token'); state.token = null; show('login', 1); } throw j; } return j; }); }); }
  function fill(view){ state.creditorId = view.creditorId; $('s2name').textContent = view.company.name + ' (' + view.orgNo + ')'; if (view.goApprovalUrl) $('goLink').href = view.goApprovalUrl; $('name').value = view.company.name; $('line1').value = view.company.line1; $('postCode').value = view.company.postCode; $('city').value = view.company.city; }
  $('login').addEventListener('submit', function(e){ e.preventDefault(); call('POST','/auth/login',{ email: $('email').value, password: $('password').value }).then(function(r){ state.token = r.token; sessionStorage.setItem('modhi.token', r.token); show('step1', 1); }).catch(fail); });
  $('step1').addEventListener('submit', function(e){ e.preventDefault(); call('POST','/registrations',{ orgNo: $('orgNo').value.replace(/\\s/g,'') }).then(function(v){ fill(v); show('step2', 2); }).catch(fail); });
  function finalize(id){ var cb = {}; if (params.get('token')) cb.token = params.get('token'); if (params.get('status')) cb.status = params.get('status'); call('POST','/registrations/' + id + '/finalize', cb).then(function(v){ fill(v); show('step3', 3); }).catch(fail); }
  $('approved').addEventListener('click', function(){ finalize(state.creditorId); });
  $('step3').addEventListener('submit', function(e){ e.preventDefault();
    var acc = {}; ['bank','customerLedger','interestIncome','commission','collectionFee','inputVat'].forEach(function(k){ acc[k] = $('acc-' + k).value.trim(); });
    state.details = { name: $('name').value, address: { line1: $('line1').value, line2: $('line2').value || undefined, postCode: $('postCode').value, city: $('city').value }, bankAccount: $('bankAccount').value,
      vatDeductible: document.querySelector('input[name=vat]:checked').value === 'yes', contact: { firstName: $('firstName').value, lastName: $('lastName').value, email: $('contactEmail').value, phone: $('phone').value || undefined }, accounts: acc };
    var rows = [['Firmanavn', state.details.name], ['Org. nummer', $('orgNo').value], ['Bankkontonummer', state.details.bankAccount], ['Fradragsrett for MVA', state.details.vatDeductible ? 'Ja' : 'Nei'], ['Kontaktperson', state.details.contact.firstName + ' ' + state.details.contact.lastName], ['E-post', state.details.contact.email], ['Telefon', state.details.contact.phone || '']];
    var dl = $('summary'); dl.replaceChildren(); rows.forEach(function(r){ var dt = document.createElement('dt'); dt.textContent = r[0]; var dd = document.createElement('dd'); dd.textContent = r[1]; dl.append(dt, dd); });
    show('step4', 4); });
  $('back').addEventListener('click', function(){ show('step3', 3); });
  $('submit').addEventListener('click', function(){ call('POST','/registrations/' + state.creditorId + '/submit', Object.assign({}, state.details, { acceptAgreement: $('accept').checked })).then(function(r){
    $('doneText').textContent = r.canCreateCases ? 'Du er nå klar for å ta i bruk tjenesten og integrasjonen. Husk å være ajour med innbetalinger i reskontroen.' : 'Registrert. Modhi kan ikke opprette nye saker ennå: fjern haken «Inkassobyrå kan opprette nye saker» hos det gamle inkassobyrået og sett den på Modhi Norge Inkasso under Innstillinger → Utvidelser i PowerOffice GO.';
    show('done', 4); }).catch(fail); });
  if (params.get('orgNo')) $('orgNo').value = params.get('orgNo');
  show(state.token ? 'step1' : 'login', 1);
  // Back from Go's approval (RedirectUri?creditor=&step=2&status=&token=): finish step 2 at once.
  if (state.token && params.get('creditor') && (params.get('token') || params.get('status'))) { state.creditorId = params.get('creditor'); show('step2', 2); finalize(state.creditorId); }
})();
</script></body></html>`;
