// Registering a creditor on the integration, the user guide's 4-step wizard (sections 3–5 and 7):
// 1 org number (MOD11, then the company register prefills name and address), 2 Go's onboarding
// (Initiate → approval in Go → callback → Finalize gives the client key) or a pasted client key,
// verified with a token and IsActiveDebtCollection, 3 company, bank, VAT, contact, the accounts
// (checked against the client's chart in Go), dunning profile and approval mode, 4 summary and the
// versioned agreement; then the creditor is active and the first sync runs. The creditor row is
// 'pending' until step 4; the client key is encrypted at once and never shown again.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { User } from '@shared/api';
import type { AppDeps } from '../../deps';
import { agencyCustomers, agreementAcceptances, agreements, creditorAccess, creditors, activationRequests, onboardings } from '../../db/schema';
import { encryptSecret } from '../../crypto';
import { caseless } from '../../integrations/poweroffice/schemas';
import { GoApiError } from '../../integrations/poweroffice/client';
import { syncCreditor } from '../sync/run';
import { accountKeys, formatPhone, rules } from './fields';
import { RegistrationError } from './errors';
import { agencyCheckAtActivation, agencyCheckView, goExtensionRow, newReading, oursNotActiveInstruction, storedReading, type AgencyCheckView, type ExtensionsReading } from './agency-check';

export { RegistrationError };
export { otherAgencyInstruction } from './agency-check';

/** The agency's onboarding contact for existing customers with more than 10 open cases (the guide's). */
export const defaultAgencyContact = { name: 'Vegard Åkervik', email: 'vegard.aakervik@modhi.no', phone: '909 34 819' };
/** An existing agency customer with more open cases than this is activated by the agency. */
export const maxLegacyOpenCases = 10;

const unavailable = 'Selskapet kan ikke registreres herfra. Kontakt Modhi Norge hvis det skal kobles til integrasjonen.';

// Brønnøysund's Enhetsregisteret, GET /enhetsregisteret/api/enheter/{orgnr} (the fields we use).
const registerUnit = z.object({
  organisasjonsnummer: z.string(),
  navn: z.string(),
  forretningsadresse: z.object({ adresse: z.array(z.string()).default([]), postnummer: z.string().default(''), poststed: z.string().default('') }).partial().nullable().optional(),
  postadresse: z.object({ adresse: z.array(z.string()).default([]), postnummer: z.string().default(''), poststed: z.string().default('') }).partial().nullable().optional(),
});
// Go's v2 onboarding DTOs (PascalCase), read whatever the key casing.
const initiated = caseless({ temporaryUrl: z.string().min(1), validUntilDateTimeOffset: z.string().nullable().optional() });
const finalized = caseless({
  onboardedClientsInformation: z.array(caseless({ clientKey: z.string().min(1), clientName: z.string().nullable().optional(), clientOrganizationNumber: z.string().nullable().optional() })).nullable().optional(),
  userEmail: z.string().nullable().optional(),
});

/** What Go's onboarding callback hands back to the RedirectUri: ?status=&token= (OnboardingCallbackStatus). */
export const onboardingCallback = z.object({ status: z.string().max(40).optional(), token: z.string().min(1).max(200).optional() });
export type OnboardingCallback = z.infer<typeof onboardingCallback>;

/** Each OnboardingCallbackStatus other than Success, explained. */
export const callbackRefusal: Record<string, string> = {
  Canceled: 'Du avbrøt godkjenningen i PowerOffice GO. Trykk «Åpne PowerOffice GO» for å prøve igjen.',
  ClientNotFound: 'PowerOffice GO fant ingen klient med dette organisasjonsnummeret som du har tilgang til. Sjekk organisasjonsnummeret, eller at klienten finnes i PowerOffice GO.',
  NoClientAccess: 'Brukeren du logget inn med i PowerOffice GO har ikke tilgang til klienten. Logg inn med en bruker som har tilgang, eller be en administrator hos klienten om å godkjenne.',
  IntegrationBlocked: 'Integrasjoner er sperret for klienten i PowerOffice GO. En administrator hos klienten må tillate integrasjoner før Modhi Norge kan kobles til.',
};

const field = (rule: (v: string) => string | null) => z.string().max(200).superRefine((v, ctx) => {
  const problem = rule(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const optionalField = (rule: (v: string) => string | null) => z.string().max(200).optional().superRefine((v, ctx) => {
  const problem = v === undefined ? null : rule(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const account = field(rules.account);

/** Step 3: the guide's form, the accounts, and the dunning profile and approval mode. */
export const registrationDetails = z.object({
  name: field(rules.name),
  address: z.object({ line1: field(rules.line1), line2: optionalField(rules.line2), postCode: field(rules.postCode), city: field(rules.city) }),
  bankAccount: field(rules.bankAccount),
  vatDeductible: z.boolean({ message: 'Velg om selskapet har fradragsrett for MVA' }),
  contact: z.object({ firstName: field(rules.firstName), lastName: field(rules.lastName), email: field(rules.email), phone: optionalField(rules.phone) }),
  accounts: z.object({ bank: account, customerLedger: account, interestIncome: account, commission: account, collectionFee: account, inputVat: account }),
  dunning: z.enum(['agency_notice', 'own_reminders'], { message: 'Velg purreprofil' }),
  approval: z.enum(['manual', 'automatic'], { message: 'Velg godkjenning' }),
});
export type RegistrationDetails = z.infer<typeof registrationDetails>;

/** Step 4: what the user accepts, and what the extension read on Go's Utvidelser page. */
export const activation = z.object({
  agreementVersion: z.number().int().positive({ message: 'Ukjent avtaleversjon' }),
  acceptAgreement: z.literal(true, { message: 'Du må bekrefte opplysningene og godta avtalen' }),
  confirmAuthority: z.literal(true, { message: 'Du må bekrefte at du har fullmakt til å tegne avtalen på vegne av kreditor' }),
  /** Go's Utvidelser page as the extension's adapter read it: the collection agencies' rows. */
  extensions: z.array(goExtensionRow).max(50).nullable().optional(),
  /** Without the extension's reading: the user confirms no other agency's extension may create cases. */
  confirmNoOtherAgency: z.boolean().optional(),
});
export type Activation = z.infer<typeof activation>;

export type RegistrationView = {
  creditorId: string;
  orgNo: string;
  status: string;
  company: { name: string; line1: string; postCode: string; city: string };
  /** Whether the company register answered (else the user fills in name and address). */
  register: 'found' | 'unreachable';
  goApprovalUrl: string | null;
  goConnected: boolean;
  /** IsActiveDebtCollection for our extension, once connected. */
  canCreateCases: boolean | null;
  /** Cases at the agency from before (an existing customer): handled manually, outside the integration. */
  legacyOpenCases: number;
  details: RegistrationDetails | null;
  /** The extension's last reading of Go's Utvidelser page, and what it means for activation. */
  agencyCheck: AgencyCheckView | null;
  notices: string[];
};

function onboardingConfig(deps: AppDeps) {
  if (!deps.config.onboarding) throw new RegistrationError('not_configured', 'Registrering er ikke satt opp på denne serveren');
  return deps.config.onboarding;
}

/** Go's v2 headers for onboarding: the subscription key, no bearer token. */
function goHeaders(cfg: NonNullable<AppDeps['config']['onboarding']>): Record<string, string> {
  return { 'content-type': 'application/json', ...(cfg.subscriptionKey ? { 'ocp-apim-subscription-key': cfg.subscriptionKey } : {}) };
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  try {
    return { status: res.status, json: text ? JSON.parse(text) : null };
  } catch {
    return { status: res.status, json: null };
  }
}

export function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase()).replace(/\bAs\b/, 'AS').replace(/\bAsa\b/, 'ASA');
}

type Prefill = { name: string; line1: string; postCode: string; city: string };

/** The company register's answer: the prefill, `null` when it does not know the number, or
 *  'unreachable' when it did not answer (the user fills in by hand). */
async function lookUpCompany(url: string, orgNo: string): Promise<Prefill | null | 'unreachable'> {
  let answer: { status: number; json: unknown };
  try {
    answer = await getJson(`${url.replace(/\/$/, '')}/${orgNo}`);
  } catch {
    return 'unreachable';
  }
  if (answer.status === 404 || answer.status === 410) return null;
  const unit = registerUnit.safeParse(answer.json);
  if (answer.status !== 200 || !unit.success) return 'unreachable';
  const addr = unit.data.forretningsadresse ?? unit.data.postadresse ?? {};
  return { name: titleCase(unit.data.navn), line1: addr.adresse?.[0] ?? '', postCode: addr.postnummer ?? '', city: titleCase(addr.poststed ?? '') };
}

function viewOf(creditor: typeof creditors.$inferSelect, onboarding: typeof onboardings.$inferSelect | undefined, extra: Partial<RegistrationView> = {}): RegistrationView {
  const payload = onboarding?.progress ?? {};
  const details = registrationDetails.safeParse(payload['details']);
  const reading = storedReading.safeParse(payload['agencyReading']);
  return {
    creditorId: creditor.id,
    orgNo: creditor.orgNo,
    status: creditor.status,
    company: { name: creditor.name, line1: creditor.address?.line1 ?? '', postCode: creditor.address?.postCode ?? '', city: creditor.address?.city ?? '' },
    register: payload['register'] === 'unreachable' ? 'unreachable' : 'found',
    goApprovalUrl: typeof payload['url'] === 'string' ? payload['url'] : null,
    goConnected: Boolean(creditor.goClientKeyEnc),
    canCreateCases: typeof payload['canCreateCases'] === 'boolean' ? payload['canCreateCases'] : null,
    legacyOpenCases: creditor.legacyOpenCases,
    details: details.success ? details.data : null,
    agencyCheck: reading.success ? agencyCheckView(reading.data) : null,
    notices: legacyNotices(creditor.legacyOpenCases),
    ...extra,
  };
}

function legacyNotices(legacyOpenCases: number): string[] {
  return legacyOpenCases > 0
    ? [`Selskapet er allerede kunde hos Modhi Norge med ${legacyOpenCases} åpne saker. De sakene ligger utenfor integrasjonen: innbetalinger og annet på dem håndteres manuelt. Alt nytt som overføres fra PowerOffice GO fanges opp av integrasjonen.`]
    : [];
}

async function ownRegistration(deps: AppDeps, user: User, creditorId: string) {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  const [access] = creditor ? await deps.db.select().from(creditorAccess).where(and(eq(creditorAccess.creditorId, creditorId), eq(creditorAccess.firmId, user.firmId))) : [];
  if (!creditor || !access) throw new RegistrationError('not_found', 'Fant ingen registrering under arbeid');
  const [onboarding] = await deps.db.select().from(onboardings).where(eq(onboardings.creditorId, creditorId));
  return { creditor, onboarding };
}

async function pendingRegistration(deps: AppDeps, user: User, creditorId: string) {
  const found = await ownRegistration(deps, user, creditorId);
  if (found.creditor.status !== 'pending') throw new RegistrationError('already_active', 'Selskapet er allerede aktivt på integrasjonen');
  return found;
}

async function mergeProgress(deps: AppDeps, creditorId: string, patch: Record<string, unknown>) {
  const [onboarding] = await deps.db.select().from(onboardings).where(eq(onboardings.creditorId, creditorId));
  const now = deps.clock.now().toISOString();
  const progress = { ...(onboarding?.progress ?? {}), ...patch };
  await deps.db
    .insert(onboardings)
    .values({ creditorId, state: 'pending', progress, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: onboardings.creditorId, set: { progress, updatedAt: now } });
}

/** Step 1: check the org number, refuse with a reason, prefill from the company register, and
 *  start Go's onboarding for the client. */
export async function startRegistration(deps: AppDeps, user: User, orgNoInput: string): Promise<RegistrationView> {
  const cfg = onboardingConfig(deps);
  const problem = rules.orgNo(orgNoInput);
  if (problem) throw new RegistrationError('validation', problem, { orgNo: problem });
  const orgNo = orgNoInput.replace(/\s/g, '');
  const existingRow = async () => (await deps.db.select().from(creditors).where(eq(creditors.orgNo, orgNo)))[0];
  const refuseExisting = async (existing: typeof creditors.$inferSelect) => {
    const [access] = await deps.db.select().from(creditorAccess).where(and(eq(creditorAccess.creditorId, existing.id), eq(creditorAccess.firmId, user.firmId)));
    // The firm's own registration under way is resumed; its own active creditor is named as such.
    // Any other firm's company, active or under way, gets one and the same answer: nothing says whose.
    if (access && existing.status === 'pending') return;
    if (access) throw new RegistrationError('already_registered', 'Selskapet er allerede koblet til integrasjonen', { orgNo: 'Selskapet er allerede koblet til integrasjonen' });
    throw new RegistrationError('unavailable', unavailable, { orgNo: unavailable });
  };
  const existing = await existingRow();
  if (existing) await refuseExisting(existing);
  const [customer] = await deps.db.select().from(agencyCustomers).where(eq(agencyCustomers.orgNo, orgNo));
  if (customer && customer.openCases > maxLegacyOpenCases) {
    const contact = deps.config.agencyOnboardingContact ?? defaultAgencyContact;
    // Waiting for the agency: shown on the operations page, with who asked and when.
    const at = deps.clock.now().toISOString();
    const asked = { firmId: user.firmId, firmName: user.firmName, userId: user.id };
    await deps.db.insert(activationRequests).values({ orgNo, ...asked, askedAt: at })
      .onConflictDoUpdate({ target: activationRequests.orgNo, set: { ...asked, askedAt: at } });
    const message = `Selskapet er allerede kunde hos Modhi Norge med ${customer.openCases} åpne saker (mer enn ${maxLegacyOpenCases}). Da aktiverer Modhi Norge integrasjonen sammen med deg: ta kontakt med ${contact.name}, ${contact.email} eller telefon ${contact.phone}.`;
    throw new RegistrationError('agency_contact', message, { orgNo: message });
  }
  const company = await lookUpCompany(cfg.companyRegisterUrl, orgNo);
  if (company === null) throw new RegistrationError('unknown_company', 'Fant ikke organisasjonsnummeret i Enhetsregisteret', { orgNo: 'Fant ikke organisasjonsnummeret i Enhetsregisteret' });
  const prefill: Prefill = company === 'unreachable' ? { name: existing?.name ?? '', line1: '', postCode: '', city: '' } : company;
  const now = deps.clock.now().toISOString();
  const creditorId = existing?.id ?? crypto.randomUUID();
  deps.faults?.beforeGoWrite?.('onboardingInitiate');
  let init: { status: number; json: unknown };
  try {
    init = await getJson(`${cfg.v2Url.replace(/\/$/, '')}/Onboarding/Initiate`, {
      method: 'POST',
      headers: goHeaders(cfg),
      // Go sends the user back to RedirectUri with ?status=&token= (this address must be
      // whitelisted by PowerOffice for the application key): the same wizard, step 2.
      body: JSON.stringify({ ApplicationKey: cfg.applicationKey, ClientOrganizationNo: orgNo, RedirectUri: `${deps.config.publicUrl}/register?creditor=${creditorId}&step=2` }),
    });
  } catch {
    throw new RegistrationError('go_unreachable', 'PowerOffice GO svarer ikke akkurat nå. Prøv igjen om litt.');
  }
  deps.faults?.afterGoWrite?.('onboardingInitiate');
  const started = initiated.safeParse(init.json);
  if (!started.success) throw new RegistrationError('go_onboarding', 'PowerOffice GO startet ikke tilkoblingen. Prøv igjen om litt.');
  const legacyOpenCases = customer?.openCases ?? 0;
  try {
    await deps.db.transaction(async (tx) => {
      if (!existing) {
        await tx.insert(creditors).values({
          id: creditorId, orgNo, name: prefill.name, status: 'pending', goClientKeyEnc: null, vatDeductible: true,
          accounts: { bank: '1920', customerLedger: '1500', interestIncome: '8055', commission: '6790', collectionFee: '7790', inputVat: '2710' },
          dunning: 'agency_notice', approval: 'manual', commissionBp: deps.config.defaultCommissionBp, commissionMinOre: deps.config.defaultCommissionMinOre,
          address: { line1: prefill.line1, postCode: prefill.postCode, city: prefill.city }, legacyOpenCases, createdAt: now, updatedAt: now,
        });
        await tx.insert(creditorAccess).values({ firmId: user.firmId, creditorId });
      } else if (company !== 'unreachable') {
        await tx.update(creditors).set({ name: prefill.name, address: { line1: prefill.line1, postCode: prefill.postCode, city: prefill.city }, legacyOpenCases, updatedAt: now }).where(eq(creditors.id, creditorId));
      }
      const [onboarding] = await tx.select().from(onboardings).where(eq(onboardings.creditorId, creditorId));
      const progress = { ...(onboarding?.progress ?? {}), url: started.data.temporaryUrl, register: company === 'unreachable' ? 'unreachable' : 'found' };
      await tx
        .insert(onboardings)
        .values({ creditorId, state: 'pending', progress, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: onboardings.creditorId, set: { progress, state: 'pending', updatedAt: now } });
    });
  } catch (e) {
    // Two starts of one company at once: the unique org number lets one creditor in; the other
    // start is answered as if it had come second.
    const winner = await existingRow();
    if (!winner || existing) throw e;
    await refuseExisting(winner);
    return getRegistration(deps, user, winner.id);
  }
  const { creditor, onboarding } = await ownRegistration(deps, user, creditorId);
  return viewOf(creditor, onboarding);
}

export async function getRegistration(deps: AppDeps, user: User, creditorId: string): Promise<RegistrationView> {
  const { creditor, onboarding } = await ownRegistration(deps, user, creditorId);
  return viewOf(creditor, onboarding);
}

/** Our extension in Go: a token for the key and IsActiveDebtCollection. A key Go refuses is null. */
async function verifyKey(deps: AppDeps, creditorId: string, clientKey: string): Promise<{ enc: string; canCreateCases: boolean } | null> {
  const enc = await encryptSecret(clientKey, deps.secrets.encryptionKey);
  try {
    const go = await deps.goClientFor({ id: creditorId, goClientKeyEnc: enc });
    return { enc, canCreateCases: await go.isActiveDebtCollection() };
  } catch (e) {
    if (e instanceof GoApiError && e.status >= 400 && e.status < 500) return null;
    throw new RegistrationError('go_unreachable', 'PowerOffice GO svarer ikke akkurat nå. Prøv igjen om litt.');
  }
}

async function storeKey(deps: AppDeps, creditorId: string, verified: { enc: string; canCreateCases: boolean }) {
  const now = deps.clock.now().toISOString();
  await deps.db.update(creditors).set({ goClientKeyEnc: verified.enc, updatedAt: now }).where(eq(creditors.id, creditorId));
  await mergeProgress(deps, creditorId, { url: null, canCreateCases: verified.canCreateCases });
}

/** Step 2, Go's way: back from the approval with the callback, Finalize hands over the client key. */
export async function finalizeRegistration(deps: AppDeps, user: User, creditorId: string, callback: OnboardingCallback = {}): Promise<RegistrationView> {
  const cfg = onboardingConfig(deps);
  const { creditor, onboarding } = await pendingRegistration(deps, user, creditorId);
  if (creditor.goClientKeyEnc) return viewOf(creditor, onboarding);
  if (!onboarding) throw new RegistrationError('not_started', 'Start registreringen på nytt fra steg 1');
  if (callback.status && callback.status !== 'Success') throw new RegistrationError('not_approved', callbackRefusal[callback.status] ?? `PowerOffice GO svarte «${callback.status}». Prøv igjen.`, { status: callback.status });
  if (!callback.token) throw new RegistrationError('not_approved', 'Tilkoblingen er ikke godkjent i PowerOffice GO ennå: godkjenn der, så sendes du tilbake hit.');
  deps.faults?.beforeGoWrite?.('onboardingFinalize');
  let res: { status: number; json: unknown };
  try {
    res = await getJson(`${cfg.v2Url.replace(/\/$/, '')}/Onboarding/Finalize`, { method: 'POST', headers: goHeaders(cfg), body: JSON.stringify({ OnboardingToken: callback.token }) });
  } catch {
    throw new RegistrationError('go_unreachable', 'PowerOffice GO svarer ikke akkurat nå. Prøv igjen om litt.');
  }
  deps.faults?.afterGoWrite?.('onboardingFinalize');
  if (res.status === 400) throw new RegistrationError('not_approved', 'Tilkoblingen er ikke godkjent i PowerOffice GO ennå: godkjenn der, så sendes du tilbake hit.');
  const done = finalized.safeParse(res.json);
  const clients = done.success ? (done.data.onboardedClientsInformation ?? []) : [];
  if (!done.success || clients.length === 0) throw new RegistrationError('go_onboarding', 'PowerOffice GO fullførte ikke tilkoblingen. Prøv igjen.');
  const onboarded = clients.find((x) => x.clientOrganizationNumber?.replace(/\s/g, '') === creditor.orgNo);
  if (!onboarded) throw new RegistrationError('wrong_client', 'Godkjenningen i PowerOffice GO gjaldt en annen klient enn organisasjonsnummeret i steg 1.');
  const verified = await verifyKey(deps, creditorId, onboarded.clientKey);
  if (!verified) throw new RegistrationError('go_onboarding', 'PowerOffice GO godtok ikke klientnøkkelen fra tilkoblingen. Prøv igjen.');
  await storeKey(deps, creditorId, verified);
  return getRegistration(deps, user, creditorId);
}

export const pastedKey = z.object({ clientKey: z.string().trim().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'Klientnøkkelen har formen xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (fra Innstillinger → Utvidelser i PowerOffice GO)') });

/** Step 2, by hand: the client key from Go's Utvidelser page, verified before it is stored. */
export async function pasteClientKey(deps: AppDeps, user: User, creditorId: string, clientKey: string): Promise<RegistrationView> {
  await pendingRegistration(deps, user, creditorId);
  const verified = await verifyKey(deps, creditorId, clientKey.trim());
  if (!verified) throw new RegistrationError('validation', 'PowerOffice GO godtok ikke klientnøkkelen', { clientKey: 'PowerOffice GO godtok ikke klientnøkkelen. Kopier den på nytt fra Modhi Norge Inkasso under Innstillinger → Utvidelser.' });
  await storeKey(deps, creditorId, verified);
  return getRegistration(deps, user, creditorId);
}

/** Step 3: the form, with each account looked up in the client's chart of accounts in Go. */
export async function saveDetails(deps: AppDeps, user: User, creditorId: string, details: RegistrationDetails): Promise<RegistrationView> {
  const { creditor } = await pendingRegistration(deps, user, creditorId);
  if (!creditor.goClientKeyEnc) throw new RegistrationError('not_connected', 'Koble til PowerOffice GO først (steg 2)');
  const go = await deps.goClientFor(creditor);
  let chart: { accountNo: number; name?: string | null | undefined }[];
  try {
    chart = await go.ledgerAccounts();
  } catch {
    throw new RegistrationError('go_unreachable', 'Fikk ikke lest kontoplanen i PowerOffice GO. Prøv igjen om litt.');
  }
  const known = new Set(chart.map((a) => String(a.accountNo)));
  const fields: Record<string, string> = {};
  for (const key of accountKeys) {
    if (key === 'inputVat' && !details.vatDeductible) continue;
    const no = details.accounts[key].trim();
    if (!known.has(no)) fields[`accounts.${key}`] = `Konto ${no} finnes ikke i kontoplanen til klienten i PowerOffice GO`;
  }
  if (Object.keys(fields).length) throw new RegistrationError('validation', 'Noen kontoer finnes ikke i kontoplanen i PowerOffice GO', fields);
  const clean: RegistrationDetails = {
    ...details,
    bankAccount: details.bankAccount.replace(/\D/g, ''),
    contact: { ...details.contact, email: details.contact.email.trim(), ...(details.contact.phone ? { phone: formatPhone(details.contact.phone) } : {}) },
  };
  await mergeProgress(deps, creditorId, { details: clean });
  return getRegistration(deps, user, creditorId);
}

export type AgreementView = { version: number; title: string; body: string; commissionBp: number; commissionMinOre: number; debtorPays: string; publishedAt: string };

/** The agreement in force: the newest version (version 1 is written from the configured terms
 *  when there is none). */
export async function currentAgreement(deps: AppDeps): Promise<AgreementView> {
  const [latest] = await deps.db.select().from(agreements).orderBy(desc(agreements.version)).limit(1);
  if (latest) return latest;
  const first = {
    version: 1,
    title: 'Avtale om inkasso via PowerOffice GO',
    body: [
      'Modhi Norge AS (inkassobyrået) overtar inndrivelsen av de fakturaene kreditor godkjenner for inkasso i PowerOffice GO, i samsvar med inkassoloven og god inkassoskikk.',
      'Kreditor sørger for at reskontroen er ajour med innbetalinger og kreditnotaer før fakturaer godkjennes, og at kravene er forfalt og ikke bestridt.',
      'Innbetalinger på sakene avregnes mot kreditor med en remisseoppstilling og et bilag i PowerOffice GO.',
      'Avtalen kan sies opp når som helst. Saker som er åpne ved oppsigelsen følges opp til de er avsluttet.',
    ].join('\n\n'),
    commissionBp: deps.config.defaultCommissionBp,
    commissionMinOre: deps.config.defaultCommissionMinOre,
    debtorPays: 'Skyldneren betaler inkassovarsel, salær og forsinkelsesrente etter inkassoforskriften og forsinkelsesrenteloven. Kreditor betaler ikke noe for saker som ikke lar seg inndrive.',
    publishedAt: deps.clock.now().toISOString(),
  };
  await deps.db.insert(agreements).values(first).onConflictDoNothing();
  return (await deps.db.select().from(agreements).where(eq(agreements.version, 1)))[0]!;
}

export type ActivationResult = {
  creditorId: string;
  status: 'active';
  agreementVersion: number;
  acceptedAt: string;
  firstSync: { ok: boolean; casesCreated: number };
  legacyOpenCases: number;
  notices: string[];
};

/** Step 4: the user accepts the agreement; unless another agency may still create new cases, the
 *  creditor becomes active (once, however many activations race) and the first sync runs. */
export async function activateRegistration(deps: AppDeps, user: User, creditorId: string, input: Activation): Promise<ActivationResult> {
  const { creditor, onboarding } = await pendingRegistration(deps, user, creditorId);
  if (!creditor.goClientKeyEnc) throw new RegistrationError('not_connected', 'Koble til PowerOffice GO først (steg 2)');
  const details = registrationDetails.safeParse(onboarding?.progress['details']);
  if (!details.success) throw new RegistrationError('no_details', 'Fyll ut opplysningene i steg 3 først');
  const agreement = await currentAgreement(deps);
  if (input.agreementVersion !== agreement.version) throw new RegistrationError('agreement_changed', 'Avtalen er endret siden du åpnet siden. Les den nye versjonen og godta på nytt.', { agreementVersion: `Gjeldende versjon er ${agreement.version}` });
  // "Never on two at once": another agency's extension must not be able to create new cases, and
  // ours must be active (the extension's reading of Go's Utvidelser page, or the user's word).
  const stored = storedReading.safeParse(onboarding?.progress['agencyReading']);
  const agencyCheck = agencyCheckAtActivation(user, deps.clock.now(), input, stored.success ? stored.data : null);
  const go = await deps.goClientFor(creditor);
  let ours: boolean;
  try {
    ours = await go.isActiveDebtCollection();
  } catch {
    throw new RegistrationError('go_unreachable', 'PowerOffice GO svarer ikke akkurat nå. Prøv igjen om litt.');
  }
  if (!ours) throw new RegistrationError('not_active_in_go', oursNotActiveInstruction, { extensions: 'Modhi Norge Inkasso må være aktiv og kunne opprette nye saker' });
  const d = details.data;
  const now = deps.clock.now().toISOString();
  const won = await deps.db.transaction(async (tx) => {
    const updated = await tx
      .update(creditors)
      .set({
        status: 'active', name: d.name, address: { line1: d.address.line1, ...(d.address.line2 ? { line2: d.address.line2 } : {}), postCode: d.address.postCode, city: d.address.city },
        bankAccount: d.bankAccount, vatDeductible: d.vatDeductible, contact: { firstName: d.contact.firstName, lastName: d.contact.lastName, email: d.contact.email, ...(d.contact.phone ? { phone: d.contact.phone } : {}) },
        accounts: d.accounts, dunning: d.dunning, approval: d.approval, commissionBp: agreement.commissionBp, commissionMinOre: agreement.commissionMinOre, updatedAt: now,
      })
      .where(and(eq(creditors.id, creditorId), eq(creditors.status, 'pending')))
      .returning({ id: creditors.id });
    if (updated.length === 0) return false;
    await tx.insert(agreementAcceptances).values({ id: crypto.randomUUID(), creditorId, agreementVersion: agreement.version, userId: user.id, acceptedAt: now, authorityConfirmed: input.confirmAuthority, agencyCheck });
    await tx.update(onboardings).set({ state: 'done', progress: {}, updatedAt: now }).where(eq(onboardings.creditorId, creditorId));
    return true;
  });
  if (!won) throw new RegistrationError('already_active', 'Selskapet er allerede aktivt på integrasjonen');
  const run = await syncCreditor(deps, creditorId, 'manual');
  return { creditorId, status: 'active', agreementVersion: agreement.version, acceptedAt: now, firstSync: { ok: run.ok ?? false, casesCreated: run.casesCreated }, legacyOpenCases: creditor.legacyOpenCases, notices: legacyNotices(creditor.legacyOpenCases) };
}

/** Before activation: the extension's reading of Go's Utvidelser page for the client, kept with the
 *  registration under way (activation uses it while fresh) and answered with what it means. */
export async function recordExtensionsReading(deps: AppDeps, user: User, creditorId: string, reading: ExtensionsReading): Promise<RegistrationView> {
  await pendingRegistration(deps, user, creditorId);
  await mergeProgress(deps, creditorId, { agencyReading: newReading(user, deps.clock.now(), reading) });
  return getRegistration(deps, user, creditorId);
}
