/** @jsxImportSource hono/jsx */
// /operations: the page for Modhi Norge's own staff (the operations role), in the wizard's layout,
// server-rendered with hono/jsx and plain HTML forms (no script): create an accounting firm and its
// first user (the firm's admin gets an invitation link), the firms and their creditors with status,
// and the registrations waiting for the agency (an agency customer with more than 10 open cases,
// which the agency activates itself). Its login is a cookie scoped to /operations; a firm's user is
// refused (403) whether by that login or a Bearer token. Forms post only from our own origin.
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { asc, eq, gt, inArray } from 'drizzle-orm';
import type { User } from '@shared/api';
import { formatOrgNo, validateOrgNo } from '@shared/identifiers';
import type { AppDeps } from '../../deps';
import { agencyCustomers, creditorAccess, creditors, firms, activationRequests, users } from '../../db/schema';
import { bearer, clientAddress, isOperations, sessionUser } from '../../http/auth';
import { login, logout } from '../auth/login';
import { audit } from '../../http/audit';
import { sameOrigin } from '../../http/same-origin';
import { csp, wizardCss } from '../registration/pages';
import { documentOf, Layout as PageLayout } from '../../http/page-layout';
import { createFirm, createFirmRequest } from '../registration/firms';
import { RegistrationError } from '../registration/errors';
import { statusOf } from '../../http/errors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { maxLegacyOpenCases } from '../registration/service';

export const operationsCookie = 'modhi_ops';
const sessionMs = 8 * 3_600_000;

const statusLabel: Record<string, string> = { pending: 'Under registrering', active: 'Aktiv', winding_down: 'Avvikles', ended: 'Avsluttet' };

type FirmRow = { id: string; name: string; createdAt: string; creditors: { name: string; orgNo: string; status: string }[] };
type Waiting = { orgNo: string; name: string; openCases: number; onIntegration: string | null; askedAt: string | null };
type FormState = { values: Record<string, string>; errors: Record<string, string>; created: { name: string; email: string; inviteUrl: string; expiresAt: string } | null; top: string };

const emptyForm: FormState = { values: {}, errors: {}, created: null, top: '' };

function osloDateTime(iso: string): string {
  return new Date(iso).toLocaleString('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function Field(props: { id: string; name: string; label: string; type?: string; form: FormState; autocomplete?: string }) {
  const error = props.form.errors[props.name] ?? '';
  return (
    <div>
      <label for={props.id}>{props.label} *</label>
      <input id={props.id} name={props.name} type={props.type ?? 'text'} value={props.form.values[props.name] ?? ''} autocomplete={props.autocomplete ?? 'off'} aria-invalid={error ? 'true' : undefined} aria-describedby={`err-${props.id}`} />
      <p class="field-error" id={`err-${props.id}`} role="alert">{error}</p>
    </div>
  );
}

function LoginPage(props: { error: string; email: string }) {
  return (
    <Layout title="Drift – Modhi Norge">
      <main id="operations-login">
        <h1>Drift – Modhi Norge</h1>
        <p>For Modhi Norges ansatte. Logg inn med driftsbrukeren din.</p>
        <form method="post" action="/operations/login" novalidate>
          <div><label for="ops-email">E-post</label><input id="ops-email" name="email" type="email" value={props.email} autocomplete="username" aria-describedby="err-ops-password" /></div>
          <div><label for="ops-password">Passord</label><input id="ops-password" name="password" type="password" autocomplete="current-password" aria-invalid={props.error ? 'true' : undefined} aria-describedby="err-ops-password" /><p class="field-error" id="err-ops-password" role="alert">{props.error}</p></div>
          <div class="actions"><span></span><button type="submit">Logg inn</button></div>
        </form>
      </main>
    </Layout>
  );
}

function ForbiddenPage(props: { user: User }) {
  return (
    <Layout title="Ingen tilgang – Modhi Norge">
      <main id="operations-forbidden">
        <h1>Ingen tilgang</h1>
        <p class="alert">Denne siden er for Modhi Norges driftsansatte. {props.user.name} er bruker hos et regnskapsbyrå og har ikke tilgang hit.</p>
        <p><a href="/register">Til veiviseren for nye kunder</a></p>
      </main>
    </Layout>
  );
}

function Dashboard(props: { user: User; firmRows: FirmRow[]; waiting: Waiting[]; form: FormState }) {
  const { form } = props;
  return (
    <Layout title="Drift – Modhi Norge">
      <main id="operations" class="wide">
        <div class="row"><h1>Drift – regnskapsbyråer og kunder</h1><form method="post" action="/operations/logout" class="logout"><button type="submit" class="secondary">Logg ut</button></form></div>
        <p class="hint">Innlogget som {props.user.name}</p>

        <h2 id="new-firm-title">Nytt regnskapsbyrå</h2>
        <p class="hint">Byrået og dets første bruker, byråets administrator. Administratoren får en invitasjonslenke, velger sitt eget passord og inviterer deretter kollegene sine.</p>
        {form.top ? <div class="alert" role="alert" id="error">{form.top}</div> : null}
        {form.created ? (
          <div class="note" role="status" id="created">
            <p><strong>{form.created.name}</strong> er opprettet. Send invitasjonslenken til {form.created.email} (gjelder til {osloDateTime(form.created.expiresAt)}; den vises bare nå):</p>
            <p><code id="invite-url">{form.created.inviteUrl}</code></p>
          </div>
        ) : null}
        <form method="post" action="/operations/firms" novalidate aria-labelledby="new-firm-title">
          <Field id="firm-name" name="name" label="Navn på regnskapsbyrået" form={form} autocomplete="organization" />
          <div class="row">
            <div><Field id="admin-name" name="admin.name" label="Administratorens navn" form={form} autocomplete="name" /></div>
            <div><Field id="admin-email" name="admin.email" label="Administratorens e-post" type="email" form={form} autocomplete="email" /></div>
          </div>
          <div class="actions"><span></span><button type="submit">Opprett byrå og inviter</button></div>
        </form>

        <h2>Venter på Modhi Norge</h2>
        <p class="hint">Eksisterende kunder med mer enn {maxLegacyOpenCases} åpne saker aktiveres av Modhi Norge sammen med kunden; veiviseren viser dem kontaktpersonen for onboarding.</p>
        {props.waiting.length === 0 ? <p id="waiting-none">Ingen venter.</p> : (
          <table id="waiting">
            <thead><tr><th scope="col">Kunde</th><th scope="col">Org. nummer</th><th scope="col" class="num">Åpne saker</th><th scope="col">Forsøkt registrert</th></tr></thead>
            <tbody>
              {props.waiting.map((w) => (
                <tr><td>{w.name}</td><td>{shownOrgNo(w.orgNo)}</td><td class="num">{String(w.openCases)}</td><td>{w.askedAt ? `${osloDateTime(w.askedAt)}${w.onIntegration ? ` av ${w.onIntegration}` : ''}` : 'Ikke ennå'}</td></tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>Regnskapsbyråer og kreditorer</h2>
        <table id="firms">
          <thead><tr><th scope="col">Regnskapsbyrå</th><th scope="col">Kreditor</th><th scope="col">Org. nummer</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {props.firmRows.flatMap((f) =>
              (f.creditors.length ? f.creditors : [null]).map((cr, i) => (
                <tr data-firm={f.id}>
                  <td>{i === 0 ? f.name : ''}</td>
                  <td>{cr ? cr.name : <span class="hint">Ingen kreditorer ennå</span>}</td>
                  <td>{cr ? shownOrgNo(cr.orgNo) : ''}</td>
                  <td>{cr ? <span class={`status status-${cr.status}`}>{statusLabel[cr.status] ?? cr.status}</span> : ''}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </main>
    </Layout>
  );
}

/** 917 757 046, as Norwegians write it; a number that is no valid org number as it was stored. */
const shownOrgNo = (orgNo: string) => (validateOrgNo(orgNo).ok ? formatOrgNo(orgNo) : orgNo);

// The wizard's styles plus the little this page adds (a wider main, status chips).
const extraCss = `main.wide{max-width:64rem}@media (min-width:1600px){main.wide{max-width:80rem}}.row h1{flex:1}form.logout{flex:0 0 auto;align-self:center}
.status{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.85rem;font-weight:600}.status-active{background:#e6f4ea;color:#1e6b30}.status-winding_down{background:#fff4e0;color:#8a5300}.status-ended{background:#eceff1;color:#455a64}.status-pending{background:#eef5fc;color:#0b5cab}
code{overflow-wrap:anywhere}`;

const Layout = (props: { title: string; children: Child }) => <PageLayout title={props.title} styles={wizardCss + extraCss}>{props.children}</PageLayout>;

async function page(c: Context, body: Child, status: ContentfulStatusCode = 200) {
  csp(c);
  return c.html(await documentOf(body), status);
}


async function currentUser(deps: AppDeps, c: Context): Promise<User | null> {
  const token = bearer(c.req.header('authorization')) ?? getCookie(c, operationsCookie) ?? null;
  return token ? sessionUser(deps, token) : null;
}

/** The firms and their creditors, and the agency customers waiting for the agency. */
export async function operationsOverview(deps: AppDeps): Promise<{ firmRows: FirmRow[]; waiting: Waiting[] }> {
  // Modhi Norge's own organisation (its staff's accounts) is no accounting firm.
  const agencyOrgs = new Set((await deps.db.selectDistinct({ firmId: users.firmId }).from(users).where(eq(users.kind, 'agency'))).map((u) => u.firmId));
  const allFirms = (await deps.db.select().from(firms).orderBy(asc(firms.name))).filter((f) => !agencyOrgs.has(f.id));
  const access = await deps.db
    .select({ firmId: creditorAccess.firmId, name: creditors.name, orgNo: creditors.orgNo, status: creditors.status })
    .from(creditorAccess)
    .innerJoin(creditors, eq(creditors.id, creditorAccess.creditorId))
    .orderBy(asc(creditors.name));
  const firmRows = allFirms.map((f) => ({ id: f.id, name: f.name, createdAt: f.createdAt, creditors: access.filter((a) => a.firmId === f.id).map(({ name, orgNo, status }) => ({ name, orgNo, status })) }));
  const big = await deps.db.select().from(agencyCustomers).where(gt(agencyCustomers.openCases, maxLegacyOpenCases)).orderBy(asc(agencyCustomers.name));
  const orgNos = big.map((b) => b.orgNo);
  const onIntegration = orgNos.length ? await deps.db.select({ orgNo: creditors.orgNo, status: creditors.status }).from(creditors).where(inArray(creditors.orgNo, orgNos)) : [];
  const asked = orgNos.length ? await deps.db.select().from(activationRequests).where(inArray(activationRequests.orgNo, orgNos)) : [];
  const waiting = big
    .filter((b) => !onIntegration.some((o) => o.orgNo === b.orgNo && o.status !== 'pending'))
    .map((b) => {
      const request = asked.find((r) => r.orgNo === b.orgNo);
      return { orgNo: b.orgNo, name: b.name, openCases: b.openCases, askedAt: request?.askedAt ?? null, onIntegration: request?.firmName || null };
    });
  return { firmRows, waiting };
}

/** Form fields as the API's request: `admin.name` → { admin: { name } }. */
function firmInput(form: Record<string, string>) {
  return { name: form['name'] ?? '', admin: { name: form['admin.name'] ?? '', email: form['admin.email'] ?? '' } };
}

export function operationsPageRoutes(deps: AppDeps) {
  const dashboard = async (c: Context, user: User, form: FormState, status: ContentfulStatusCode = 200) => {
    const data = await operationsOverview(deps);
    return page(c, <Dashboard user={user} firmRows={data.firmRows} waiting={data.waiting} form={form} />, status);
  };
  return new Hono()
    .get('/operations', async (c) => {
      const user = await currentUser(deps, c);
      if (!user) return page(c, <LoginPage error="" email="" />);
      if (!isOperations(user)) return page(c, <ForbiddenPage user={user} />, 403);
      return dashboard(c, user, emptyForm);
    })
    .post('/operations/login', async (c) => {
      if (!sameOrigin(deps, c)) return c.text('Forespørselen kom ikke fra driftssiden', 403);
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const email = typeof form['email'] === 'string' ? form['email'].slice(0, 200) : '';
      const password = typeof form['password'] === 'string' ? form['password'].slice(0, 200) : '';
      if (!email || !password) return page(c, <LoginPage error="Skriv inn e-post og passord" email={email} />, 400);
      const outcome = await login(deps, email, password, clientAddress(deps, c), { sessionMs });
      if (!outcome.ok && outcome.reason === 'limited') {
        c.header('Retry-After', String(outcome.retryAfterS ?? 60));
        return page(c, <LoginPage error="For mange mislykkede innlogginger. Prøv igjen senere." email={email} />, 429);
      }
      if (!outcome.ok) return page(c, <LoginPage error="Feil e-post eller passord" email={email} />, 401);
      if (!isOperations(outcome.user)) {
        // A firm's user: no session here at all.
        await logout(deps, outcome.token);
        return page(c, <ForbiddenPage user={outcome.user} />, 403);
      }
      setCookie(c, operationsCookie, outcome.token, { path: '/operations', httpOnly: true, sameSite: 'Strict', secure: new URL(c.req.url).protocol === 'https:' || deps.config.publicUrl.startsWith('https:'), maxAge: sessionMs / 1000 });
      await audit(deps, outcome.user, null, 'login', { via: 'operations' });
      return c.redirect('/operations', 303);
    })
    .post('/operations/logout', async (c) => {
      if (!sameOrigin(deps, c)) return c.text('Forespørselen kom ikke fra driftssiden', 403);
      const token = getCookie(c, operationsCookie);
      if (token) await logout(deps, token);
      deleteCookie(c, operationsCookie, { path: '/operations' });
      return c.redirect('/operations', 303);
    })
    .post('/operations/firms', async (c) => {
      if (!sameOrigin(deps, c)) return c.text('Forespørselen kom ikke fra driftssiden', 403);
      const user = await currentUser(deps, c);
      if (!user) return page(c, <LoginPage error="Innloggingen er utløpt: logg inn på nytt" email="" />, 403);
      if (!isOperations(user)) return page(c, <ForbiddenPage user={user} />, 403);
      const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const values: Record<string, string> = {};
      for (const k of ['name', 'admin.name', 'admin.email']) values[k] = typeof body[k] === 'string' ? (body[k] as string).slice(0, 300) : '';
      const parsed = createFirmRequest.safeParse(firmInput(values));
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
        return dashboard(c, user, { values, errors, created: null, top: 'Rett feltene som er merket.' }, 400);
      }
      try {
        const made = await createFirm(deps, user, parsed.data);
        await audit(deps, user, null, 'firm.create', { firmId: made.firmId, adminEmail: made.admin.email, via: 'operations_page' });
        return dashboard(c, user, { values: {}, errors: {}, created: { name: made.name, email: made.admin.email, inviteUrl: made.inviteUrl, expiresAt: made.expiresAt }, top: '' }, 201);
      } catch (e) {
        if (!(e instanceof RegistrationError)) throw e;
        const fieldErrors = Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, t]) => [k, t.nb]));
        // The status the API would answer (http/errors.ts's table), on the page as HTML.
        return dashboard(c, user, { values, errors: fieldErrors, created: null, top: e.text.nb }, statusOf(e));
      }
    });
}
