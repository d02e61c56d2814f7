// Registering a creditor on the integration, the user guide's 4-step wizard (section 3):
// 1 org number (prefilled from the company register), 2 approval in PowerOffice GO (Go's
// onboarding gives the client key), 3 company, bank, VAT, contact and accounts, 4 summary and
// agreement. The creditor row is 'pending' until step 4; the client key is encrypted at once.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { validateAccountNo, validateOrgNo, validatePostCode } from '@shared/identifiers';
import type { User } from '@shared/api';
import type { AppDeps } from '../deps';
import { creditorAccess, creditors, jobs } from '../db/schema';
import { encryptSecret } from '../crypto';
import { defaultAccounts } from '../domain/accounts';
import { caseless } from '../poweroffice/schemas';
import { DomainError, invalid, type ErrorCode, type Text } from '../errors';

/** A registration step refused, in domain words (app.ts's table gives the HTTP status). */
export class RegistrationError extends DomainError {
  constructor(code: ErrorCode, message: Text, fields?: Record<string, Text>) {
    super(code, { message, ...(fields ? { fields } : {}) });
  }
}

const company = z.object({
  organisasjonsnummer: z.string(),
  navn: z.string(),
  forretningsadresse: z.object({ adresse: z.array(z.string()).default([]), postnummer: z.string().default(''), poststed: z.string().default('') }).partial().optional(),
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

const callbackRefusal: Record<string, Text> = {
  Canceled: { nb: 'Tilkoblingen ble avbrutt i PowerOffice GO', en: 'The connection was cancelled in PowerOffice GO' },
  ClientNotFound: { nb: 'PowerOffice GO fant ikke klienten med dette organisasjonsnummeret', en: 'PowerOffice GO found no client with this organisation number' },
  NoClientAccess: { nb: 'Brukeren har ikke tilgang til klienten i PowerOffice GO', en: 'The user has no access to the client in PowerOffice GO' },
  IntegrationBlocked: { nb: 'Integrasjonen er sperret for klienten i PowerOffice GO', en: 'The integration is blocked for the client in PowerOffice GO' },
};

const accountNo = z.string().regex(/^\d{4,6}$/, 'Kontonummer i kontoplanen, 4–6 siffer');
export const registrationDetails = z.object({
  name: z.string().trim().min(2, 'Firmanavn er påkrevd'),
  address: z.object({ line1: z.string().trim().min(1, 'Adresselinje 1 er påkrevd'), line2: z.string().trim().optional(), postCode: z.string().refine((v) => validatePostCode(v).ok, 'Postnummer må ha 4 siffer'), city: z.string().trim().min(1, 'Poststed er påkrevd') }),
  bankAccount: z.string().refine((v) => validateAccountNo(v).ok, 'Ugyldig kontonummer (11 siffer, MOD11)'),
  vatDeductible: z.boolean({ message: 'Velg om selskapet har fradragsrett for MVA' }),
  contact: z.object({ firstName: z.string().trim().min(1, 'Fornavn er påkrevd'), lastName: z.string().trim().min(1, 'Etternavn er påkrevd'), email: z.email('Ugyldig e-post'), phone: z.string().trim().optional() }),
  accounts: z.object({ bank: accountNo, customerLedger: accountNo, interestIncome: accountNo, commission: accountNo, collectionFee: accountNo, inputVat: accountNo }).default(defaultAccounts),
  acceptAgreement: z.literal(true, { message: 'Du må bekrefte opplysningene og godta avtalen' }),
});
export type RegistrationDetails = z.infer<typeof registrationDetails>;

const unavailable: Text = { nb: 'Selskapet kan ikke registreres herfra. Kontakt Modhi Norge hvis det skal kobles til integrasjonen', en: 'This company cannot be registered here; contact Modhi Norge if it is to be connected to the integration' };

function onboardingConfig(deps: AppDeps) {
  if (!deps.config.onboarding) throw new RegistrationError('not_configured', { nb: 'Registrering er ikke satt opp på denne serveren', en: 'Registration is not set up on this server' });
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

export type RegistrationView = { creditorId: string; orgNo: string; status: string; company: { name: string; line1: string; postCode: string; city: string }; goApprovalUrl: string | null; goConnected: boolean };

/** Step 1: check the org number, prefill from the company register, start Go's onboarding. */
export async function startRegistration(deps: AppDeps, user: User, orgNoInput: string): Promise<RegistrationView> {
  const cfg = onboardingConfig(deps);
  const checked = validateOrgNo(orgNoInput);
  if (!checked.ok) throw invalid({ orgNo: { nb: checked.message, en: 'Not a valid organisation number (9 digits, MOD11)' } });
  const orgNo = checked.value;
  const [existing] = await deps.db.select().from(creditors).where(eq(creditors.orgNo, orgNo));
  // Only the firm's own registration under way is resumed. A company on the integration already, or
  // being registered by someone else, gets one and the same answer: it tells no one whose it is.
  if (existing) {
    const [access] = await deps.db.select().from(creditorAccess).where(and(eq(creditorAccess.creditorId, existing.id), eq(creditorAccess.firmId, user.firmId)));
    if (existing.status !== 'pending' || !access) throw new RegistrationError('unavailable', unavailable, { orgNo: unavailable });
  }
  const register = await getJson(`${cfg.companyRegisterUrl}/${orgNo}`);
  if (register.status === 404) throw new RegistrationError('unknown_company', { nb: 'Fant ikke organisasjonsnummeret i Enhetsregisteret', en: 'The organisation number is not in the company register' }, { orgNo: { nb: 'Ukjent i Enhetsregisteret', en: 'Unknown in the company register' } });
  const unit = company.safeParse(register.json);
  if (!unit.success) throw new RegistrationError('company_register', { nb: 'Enhetsregisteret svarte ikke som forventet', en: 'The company register did not answer as expected' });
  const addr = unit.data.forretningsadresse ?? {};
  const prefill = { name: titleCase(unit.data.navn), line1: addr.adresse?.[0] ?? '', postCode: addr.postnummer ?? '', city: titleCase(addr.poststed ?? '') };
  const now = deps.clock.now().toISOString();
  const creditorId = existing?.id ?? crypto.randomUUID();
  deps.faults?.beforeGoWrite?.('onboardingInitiate');
  const init = await getJson(`${cfg.v2Url}/Onboarding/Initiate`, {
    method: 'POST',
    headers: goHeaders(cfg),
    // Go sends the user back to RedirectUri with ?status=&token= (this address must be whitelisted
    // by PowerOffice for the application key).
    body: JSON.stringify({ ApplicationKey: cfg.applicationKey, ClientOrganizationNo: orgNo, RedirectUri: `${deps.config.publicUrl}/register?creditor=${creditorId}&step=2` }),
  });
  deps.faults?.afterGoWrite?.('onboardingInitiate');
  const started = initiated.safeParse(init.json);
  if (!started.success) throw new RegistrationError('go_onboarding', { nb: 'PowerOffice GO startet ikke tilkoblingen', en: 'PowerOffice GO did not start the connection' });
  await deps.db.transaction(async (tx) => {
    if (!existing) {
      await tx.insert(creditors).values({
        id: creditorId, orgNo, name: prefill.name, status: 'pending', goClientKeyEnc: null, vatDeductible: true, accounts: defaultAccounts,
        dunning: 'agency_notice', approval: 'manual', commissionBp: deps.config.defaultCommissionBp, commissionMinOre: deps.config.defaultCommissionMinOre,
        address: { line1: prefill.line1, postCode: prefill.postCode, city: prefill.city }, createdAt: now, updatedAt: now,
      });
      await tx.insert(creditorAccess).values({ firmId: user.firmId, creditorId });
    }
    const payload = { url: started.data.temporaryUrl };
    await tx
      .insert(jobs)
      .values({ id: crypto.randomUUID(), queue: 'onboarding', key: creditorId, state: 'pending', payload, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [jobs.queue, jobs.key], set: { payload, state: 'pending', updatedAt: now } });
  });
  return { creditorId, orgNo, status: 'pending', company: prefill, goApprovalUrl: started.data.temporaryUrl, goConnected: false };
}

async function pending(deps: AppDeps, creditorId: string) {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || creditor.status !== 'pending') throw new RegistrationError('not_found', { nb: 'Fant ingen registrering under arbeid', en: 'No registration in progress' });
  const [job] = await deps.db.select().from(jobs).where(and(eq(jobs.queue, 'onboarding'), eq(jobs.key, creditorId)));
  return { creditor, job };
}

/** Step 2: once the user approved in Go, Go sends them back with the onboarding token, for which
 *  Go hands over the client key; it is encrypted at once. */
export async function finalizeRegistration(deps: AppDeps, creditorId: string, callback: OnboardingCallback = {}): Promise<RegistrationView> {
  const cfg = onboardingConfig(deps);
  const { creditor, job } = await pending(deps, creditorId);
  const view = (goConnected: boolean): RegistrationView => ({
    creditorId, orgNo: creditor.orgNo, status: creditor.status,
    company: { name: creditor.name, line1: creditor.address?.line1 ?? '', postCode: creditor.address?.postCode ?? '', city: creditor.address?.city ?? '' },
    goApprovalUrl: typeof job?.payload['url'] === 'string' ? job.payload['url'] : null, goConnected,
  });
  if (creditor.goClientKeyEnc) return view(true);
  if (!job) throw new RegistrationError('not_started', { nb: 'Start registreringen på nytt', en: 'Start the registration again' });
  if (callback.status && callback.status !== 'Success') throw new RegistrationError('not_approved', callbackRefusal[callback.status] ?? { nb: `PowerOffice GO svarte ${callback.status}`, en: `PowerOffice GO answered ${callback.status}` });
  if (!callback.token) throw new RegistrationError('not_approved', { nb: 'Tilkoblingen er ikke godkjent i PowerOffice GO ennå: godkjenn der, så sendes du tilbake hit', en: 'The connection is not approved in PowerOffice GO yet: approve it there and you are sent back here' });
  deps.faults?.beforeGoWrite?.('onboardingFinalize');
  const res = await getJson(`${cfg.v2Url}/Onboarding/Finalize`, { method: 'POST', headers: goHeaders(cfg), body: JSON.stringify({ OnboardingToken: callback.token }) });
  deps.faults?.afterGoWrite?.('onboardingFinalize');
  if (res.status === 400) throw new RegistrationError('not_approved', { nb: 'Tilkoblingen er ikke godkjent i PowerOffice GO ennå', en: 'The connection is not approved in PowerOffice GO yet' });
  const done = finalized.safeParse(res.json);
  const clients = done.success ? (done.data.onboardedClientsInformation ?? []) : [];
  if (!done.success || clients.length === 0) throw new RegistrationError('go_onboarding', { nb: 'PowerOffice GO fullførte ikke tilkoblingen', en: 'PowerOffice GO did not complete the connection' });
  const onboarded = clients.find((x) => x.clientOrganizationNumber?.replace(/\s/g, '') === creditor.orgNo);
  if (!onboarded) throw new RegistrationError('wrong_client', { nb: 'Godkjenningen gjaldt en annen klient i PowerOffice GO', en: 'The approval was for another client in PowerOffice GO' });
  const now = deps.clock.now().toISOString();
  await deps.db.update(creditors).set({ goClientKeyEnc: await encryptSecret(onboarded.clientKey, deps.secrets.encryptionKey), updatedAt: now }).where(eq(creditors.id, creditorId));
  await deps.db.update(jobs).set({ state: 'done', payload: {}, updatedAt: now }).where(and(eq(jobs.queue, 'onboarding'), eq(jobs.key, creditorId)));
  return view(true);
}

/** Step 4: the accountant confirms; the creditor becomes active on the integration. Returns
 *  whether Modhi may create cases now (false while another agency still holds the flag). */
export async function submitRegistration(deps: AppDeps, creditorId: string, details: RegistrationDetails): Promise<{ creditorId: string; canCreateCases: boolean }> {
  const { creditor } = await pending(deps, creditorId);
  if (!creditor.goClientKeyEnc) throw new RegistrationError('not_connected', { nb: 'Godkjenn tilkoblingen i PowerOffice GO først (steg 2)', en: 'Approve the connection in PowerOffice GO first (step 2)' });
  const now = deps.clock.now().toISOString();
  await deps.db
    .update(creditors)
    .set({
      status: 'active', name: details.name, address: { line1: details.address.line1, ...(details.address.line2 ? { line2: details.address.line2 } : {}), postCode: details.address.postCode, city: details.address.city },
      bankAccount: validateAccountNo(details.bankAccount).ok ? details.bankAccount.replace(/\D/g, '') : details.bankAccount, vatDeductible: details.vatDeductible,
      contact: { firstName: details.contact.firstName, lastName: details.contact.lastName, email: details.contact.email, ...(details.contact.phone ? { phone: details.contact.phone } : {}) },
      accounts: details.accounts, updatedAt: now,
    })
    .where(eq(creditors.id, creditorId));
  const [fresh] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  const go = await deps.goClientFor(fresh!);
  return { creditorId, canCreateCases: await go.isActiveDebtCollection() };
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase()).replace(/\bAs\b/, 'AS').replace(/\bAsa\b/, 'ASA');
}
