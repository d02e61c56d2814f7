/** @jsxImportSource hono/jsx */
// The wizard's pages, rendered by the backend with hono/jsx (text and attributes escaped by
// construction): /register (the four steps; its script is /register/wizard.js, a typed module
// bundled from client/wizard.ts) and /invite (an invited colleague sets their password).
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../../deps';
import { sessionUser } from '../../http/auth';
import { wizardCookie } from './routes';
import { accountKeys, accountLabels } from './fields';
import { wizardScript } from './client-bundle.gen';
import { documentOf, Layout as PageLayout } from '../../http/page-layout';

/** The wizard's layout, also the operations page's (backend/modules/operations/page.tsx). */
export const Layout = (props: { title: string; children: Child }) => <PageLayout title={props.title} styles={wizardCss}>{props.children}</PageLayout>;

/** The wizard's styles, also the operations page's base. */
export const wizardCss = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f4f6f8;color:#1c2833;line-height:1.45}
main{max-width:48rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem 2rem;border-radius:6px;box-shadow:0 1px 3px #0002}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.2rem 0 .6rem}
.steps{display:flex;gap:.5rem;list-style:none;padding:0;margin:0 0 1.2rem;counter-reset:s}
.steps li{flex:1 1 auto;display:flex;align-items:center;gap:.4rem;padding:.5rem .4rem;border-bottom:3px solid #d5dbe1;color:#667;font-weight:600;font-size:.88rem}
.steps .num{display:inline-flex;align-items:center;justify-content:center;width:1.6rem;height:1.6rem;border-radius:50%;background:#d5dbe1;color:#334;flex:none}
.steps li[aria-current]{border-color:#0b5cab;color:#0b5cab}.steps li[aria-current] .num{background:#0b5cab;color:#fff}
.steps li.done{border-color:#2e7d32;color:#2e7d32}.steps li.done .num{background:#2e7d32;color:#fff}
label{display:block;margin:.7rem 0 .2rem;font-weight:600}label.inline{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:.4rem 0}
input[type=text],input[type=email],input[type=password],input[type=tel]{width:100%;padding:.5rem;border:1px solid #aab;border-radius:4px;font:inherit}
input[aria-invalid=true]{border-color:#b00020;background:#fff6f6}
.field-error{color:#b00020;margin:.2rem 0 0;font-size:.9rem;min-height:0}.field-error:empty{display:none}
fieldset{border:1px solid #dde;border-radius:4px;margin:1rem 0;padding:.4rem 1rem 1rem}legend{font-weight:700;padding:0 .3rem}
.row{display:flex;gap:1rem}.row>div{flex:1;min-width:0}.row>.narrow{flex:0 0 8rem}
button{font:inherit;padding:.55rem 1.3rem;border-radius:4px;border:1px solid #0b5cab;background:#0b5cab;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b5cab}button:disabled{opacity:.6;cursor:wait}
.actions{display:flex;gap:.8rem;justify-content:space-between;margin-top:1.2rem}
.alert{border-left:4px solid #b00020;background:#fff3f3;padding:.7rem 1rem;margin:1rem 0}.alert:empty{display:none}
.note{border-left:4px solid #0b5cab;background:#eef5fc;padding:.7rem 1rem;margin:1rem 0}.note:empty{display:none}
.recommended{font-size:.85rem;background:#2e7d32;color:#fff;border-radius:3px;padding:0 .35rem;margin-left:.3rem}
.hint{color:#556;font-size:.9rem;margin:.2rem 0}
dl{display:grid;grid-template-columns:minmax(10rem,14rem) 1fr;gap:.3rem 1rem;margin:0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.agreement{border:1px solid #dde;border-radius:4px;padding:.6rem 1rem;margin-bottom:1rem;background:#fafbfc;white-space:pre-line}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e3e6ea;vertical-align:top}td.num,th.num{text-align:right;white-space:nowrap}
#agency-rows tr[data-other] td{background:#fff3f3;color:#b00020;font-weight:600}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
[hidden]{display:none!important}
@media (min-width:1600px){main{max-width:56rem}}
`;

function Field(props: { id: string; field: string; label: string; type?: string; value?: string; required?: boolean; inputmode?: "numeric" | "email" | "tel" | "text"; autocomplete?: string; hint?: string }) {
  return (
    <div>
      <label for={props.id}>{props.label}{props.required ? ' *' : ''}</label>
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      <input id={props.id} data-field={props.field} type={props.type ?? 'text'} value={props.value ?? ''} inputmode={props.inputmode} autocomplete={props.autocomplete ?? 'off'} aria-describedby={`err-${props.id}`} />
      <p class="field-error" id={`err-${props.id}`} role="alert"></p>
    </div>
  );
}

const steps = ['Organisasjonsnummer', 'Koble til PowerOffice GO', 'Opplysninger', 'Oppsummering og avtale'];

function WizardPage(props: { user: { name: string; firmName: string } | null }) {
  return (
    <Layout title="Ny kunde på integrasjon – Modhi Norge">
      <main id="wizard" data-logged-in={props.user ? 'true' : 'false'}>
        <h1>Ny kunde på integrasjon – PowerOffice GO</h1>
        <p class="hint" id="who">{props.user ? `Innlogget som ${props.user.name}, ${props.user.firmName}` : ''}</p>
        <ol class="steps" aria-label="Steg i veiviseren">
          {steps.map((name, i) => (
            <li id={`s${i + 1}`} data-step={String(i + 1)}><span class="num">{String(i + 1)}</span> <span>{name}</span></li>
          ))}
        </ol>
        <div class="alert" role="alert" id="error"></div>

        <form id="login" hidden novalidate>
          <h2>Logg inn</h2>
          <p>Logg inn med brukeren din hos Modhi Norge.</p>
          <Field id="login-email" field="email" label="E-post" type="email" autocomplete="username" />
          <div><label for="login-password">Passord</label><input id="login-password" data-field="password" type="password" autocomplete="current-password" aria-describedby="err-login-password" /><p class="field-error" id="err-login-password" role="alert"></p></div>
          <div class="actions"><button type="submit">Logg inn</button><button type="button" class="secondary" id="to-signup">Bli kunde på 1-2-3</button></div>
        </form>

        <form id="signup" hidden novalidate>
          <h2>Bli kunde på 1-2-3</h2>
          <p>Registrer selskapet ditt selv, uten regnskapsbyrå. Deretter kobler du det til inkassointegrasjonen i PowerOffice GO.</p>
          <Field id="signup-company" field="company" label="Firmanavn" required />
          <Field id="signup-name" field="name" label="Ditt navn" required autocomplete="name" />
          <Field id="signup-email" field="email" label="E-post" type="email" required autocomplete="email" />
          <div><label for="signup-password">Passord (minst 10 tegn) *</label><input id="signup-password" data-field="password" type="password" autocomplete="new-password" aria-describedby="err-signup-password" /><p class="field-error" id="err-signup-password" role="alert"></p></div>
          <div class="hp" aria-hidden="true"><label for="signup-website">Nettsted</label><input id="signup-website" data-field="website" type="text" tabindex={-1} autocomplete="off" /></div>
          <div class="actions"><button type="button" class="secondary" id="to-login">Jeg har allerede en bruker</button><button type="submit">Registrer</button></div>
        </form>

        <form id="step1" hidden novalidate>
          <h2>Steg 1: Organisasjonsnummer</h2>
          <p>Legg inn organisasjonsnummeret til det selskapet du ønsker å koble opp på inkassointegrasjonen.</p>
          <Field id="orgNo" field="orgNo" label="Org. nummer" required inputmode="numeric" />
          <div class="actions"><span></span><button type="submit">NESTE</button></div>
        </form>

        <section id="step2" hidden>
          <h2>Steg 2: Koble til PowerOffice GO</h2>
          <p>Logg inn i PowerOffice GO og godkjenn at Modhi Norge Inkasso kobles til <strong id="s2name"></strong>. Etter godkjenningen sendes du tilbake hit, til steg 3.</p>
          <p><a id="goLink" href="#">Åpne PowerOffice GO og godkjenn</a></p>
          <details id="paste">
            <summary>Har du klientnøkkelen fra PowerOffice GO? Lim den inn i stedet</summary>
            <p class="hint">Klientnøkkelen står på Modhi Norge Inkasso under Innstillinger → Utvidelser i PowerOffice GO. Den lagres kryptert og vises aldri igjen.</p>
            <Field id="clientKey" field="clientKey" label="Klientnøkkel" />
            <p><button type="button" id="pasteKey">Koble til med nøkkelen</button></p>
          </details>
          <div class="actions"><button type="button" class="secondary" id="back2">FORRIGE</button><span></span></div>
        </section>

        <form id="step3" hidden novalidate>
          <h2>Steg 3: Opplysninger</h2>
          <div class="note" id="register-note"></div>
          <div class="note" id="legacy-note"></div>
          <fieldset><legend>FIRMA</legend><Field id="name" field="name" label="Firmanavn" required /></fieldset>
          <fieldset><legend>ADRESSE</legend>
            <Field id="line1" field="address.line1" label="Adresselinje 1" required autocomplete="address-line1" />
            <Field id="line2" field="address.line2" label="Adresselinje 2" autocomplete="address-line2" />
            <div class="row"><div class="narrow"><Field id="postCode" field="address.postCode" label="Postnr" required inputmode="numeric" autocomplete="postal-code" /></div><div><Field id="city" field="address.city" label="Poststed" required autocomplete="address-level2" /></div></div>
          </fieldset>
          <fieldset><legend>BANKKONTO OG MVA</legend>
            <Field id="bankAccount" field="bankAccount" label="Bankkontonummer" required inputmode="numeric" hint="11 siffer, for eksempel 1503.80.59359" />
            <p><strong>Har selskapet fradragsrett for MVA? *</strong></p>
            <label class="inline"><input type="radio" name="vat" value="yes" checked /> Ja</label>
            <label class="inline"><input type="radio" name="vat" value="no" /> Nei</label>
          </fieldset>
          <fieldset><legend>KONTAKTPERSON</legend>
            <div class="row"><div><Field id="firstName" field="contact.firstName" label="Fornavn" required autocomplete="given-name" /></div><div><Field id="lastName" field="contact.lastName" label="Etternavn" required autocomplete="family-name" /></div></div>
            <Field id="contactEmail" field="contact.email" label="E-post" type="email" required autocomplete="email" />
            <Field id="phone" field="contact.phone" label="Telefon" type="tel" autocomplete="tel" hint="8 siffer, for eksempel 950 71 642" />
          </fieldset>
          <fieldset><legend>KONTOINFORMASJON</legend>
            <p class="hint">Hver konto sjekkes mot kontoplanen til klienten i PowerOffice GO.</p>
            {accountKeys.map((k) => <div data-account={k}><Field id={`acc-${k}`} field={`accounts.${k}`} label={accountLabels[k].label} required value={accountLabels[k].default} inputmode="numeric" /></div>)}
          </fieldset>
          <fieldset><legend>PURREPROFIL</legend>
            <label class="inline"><input type="radio" name="dunning" value="agency_notice" checked /> <span>Modhi Norge sender inkassovarsel som første purring<span class="recommended">Anbefalt</span></span></label>
            <label class="inline"><input type="radio" name="dunning" value="own_reminders" /> <span>Vi sender purringer selv fra PowerOffice GO</span></label>
            <p class="hint">Vi anbefaler å ikke aktivere purreinnstillinger i PowerOffice GO, men la Modhi Norge starte prosessen med inkassovarsel som første purring. Da blir alle brev juridisk korrekte, og saksgangen følger god inkassoskikk. Alle forfalte fakturaer overføres til Utkast i Inkasso-bildet første dag etter forfall. Velger du å purre selv, må purreprofilen settes under Innstillinger → Purring i PowerOffice GO før du aktiverer.</p>
          </fieldset>
          <fieldset><legend>GODKJENNING</legend>
            <label class="inline"><input type="radio" name="approval" value="manual" checked /> <span>Jeg godkjenner fakturaene i Utkast selv før de sendes<span class="recommended">Anbefalt</span></span></label>
            <label class="inline"><input type="radio" name="approval" value="automatic" /> <span>Automatisk: forfalte fakturaer flyttes fra Utkast til Godkjent</span></label>
            <p class="hint">Start med manuell godkjenning til reskontroen er ajour med innbetalinger. Har du god oversikt over reskontroen og ønsker best mulig likviditet, kan du senere velge automatisk i PowerOffice GO.</p>
          </fieldset>
          <div class="actions"><button type="button" class="secondary" id="back3">FORRIGE</button><button type="submit">NESTE</button></div>
        </form>

        <section id="step4" hidden>
          <h2>Steg 4: Oppsummering</h2>
          <dl id="summary"></dl>
          <h2>Første kjøring</h2>
          <p class="hint">Forfalte fakturaer i reskontroen, og hvilke den første kjøringen sender til inkasso (de som er godkjent i PowerOffice GO). Avstem innbetalinger og unnta kunder i PowerOffice GO før du aktiverer.</p>
          <div id="preview"><p class="hint">Henter reskontroen …</p></div>
          <h2 id="agreement-title">AVTALE</h2>
          <p class="hint" id="agreement-version"></p>
          <div class="agreement" id="agreement-body"></div>
          <dl id="agreement-terms"></dl>
          <label class="inline"><input type="checkbox" id="accept" /> <span>Jeg bekrefter opplysningene og har lest og godtatt avtalen.</span></label>
          <p class="field-error" id="err-accept" role="alert"></p>
          <label class="inline"><input type="checkbox" id="authority" /> <span>Jeg bekrefter at jeg har innhentet fullmakt til å tegne avtalen på vegne av kreditor.</span></label>
          <p class="field-error" id="err-authority" role="alert"></p>
          <h2>Utvidelser i PowerOffice GO</h2>
          <section id="agency-check" aria-live="polite">
            <p class="hint">Haken «Inkassobyrå kan opprette nye saker» må aldri stå på to inkasso-integrasjoner samtidig (brukerveiledningen, punkt 7). Nettleserutvidelsen Modhi Norge Inkasso leser siden Innstillinger → Utvidelser for klienten i PowerOffice GO.</p>
            <p id="agency-status">Leser Utvidelser i PowerOffice GO …</p>
            <table id="agency-table" hidden>
              <caption class="hint" id="agency-caption"></caption>
              <thead><tr><th scope="col">Utvidelse</th><th scope="col">Type</th><th scope="col">Aktiv</th><th scope="col">Inkassobyrå kan opprette nye saker</th></tr></thead>
              <tbody id="agency-rows"></tbody>
            </table>
            <div class="alert" role="alert" id="agency-stop"></div>
            <div id="agency-manual" hidden>
              <p id="agency-manual-why"></p>
              <p><a id="openUtvidelser" href="https://go.poweroffice.net/" target="_blank" rel="noopener">Åpne Utvidelser i PowerOffice GO</a></p>
              <label class="inline"><input type="checkbox" id="noOtherAgency" /> <span>Jeg har sjekket selv (manuell bekreftelse): haken «Inkassobyrå kan opprette nye saker» er fjernet hos alle andre inkassobyråer under Innstillinger → Utvidelser i PowerOffice GO, og Modhi Norge Inkasso er aktiv.</span></label>
            </div>
            <p class="field-error" id="err-noOtherAgency" role="alert"></p>
            <p><button type="button" class="secondary" id="rereadAgency">Les Utvidelser på nytt</button></p>
          </section>
          <div class="actions"><button type="button" class="secondary" id="back4">FORRIGE</button><button type="button" id="activate">SEND INN</button></div>
        </section>

        <section id="done" hidden>
          <h2>Ferdig</h2>
          <p id="doneText"></p>
          <div class="note" id="done-notes"></div>
        </section>
      </main>
      <script type="module" src="/register/wizard.js"></script>
    </Layout>
  );
}

function InvitePage() {
  return (
    <Layout title="Lag passord – Modhi Norge">
      <main id="invite">
        <h1>Velkommen til Modhi Norge</h1>
        <p>Du er invitert av regnskapsbyrået ditt. Velg et passord for brukeren din.</p>
        <div class="alert" role="alert" id="error"></div>
        <form id="accept-invite" novalidate>
          <div><label for="invite-password">Passord (minst 10 tegn) *</label><input id="invite-password" data-field="password" type="password" autocomplete="new-password" aria-describedby="err-invite-password" /><p class="field-error" id="err-invite-password" role="alert"></p></div>
          <div class="actions"><span></span><button type="submit">Lag bruker</button></div>
        </form>
        <p id="invite-done" hidden>Brukeren er laget. <a href="/register">Gå til veiviseren og logg inn</a>.</p>
      </main>
      <script type="module" src="/register/wizard.js"></script>
    </Layout>
  );
}

export function csp(c: Context) {
  c.header('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  c.header('Cache-Control', 'no-store');
}

export function wizardPageRoutes(deps: AppDeps) {
  return new Hono()
    .get('/register', async (c) => {
      const token = getCookie(c, wizardCookie);
      const user = token ? await sessionUser(deps, token) : null;
      csp(c);
      return c.html(documentOf(<WizardPage user={user && user.kind === 'firm' ? { name: user.name, firmName: user.firmName } : null} />));
    })
    .get('/register/wizard.js', (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'no-cache');
      return c.body(wizardScript);
    })
    .get('/invite', (c) => {
      csp(c);
      return c.html(documentOf(<InvitePage />));
    });
}
