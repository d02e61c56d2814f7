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
import { defaultAccounts } from '../seed';

export class RegistrationError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 502,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

const company = z.object({
  organisasjonsnummer: z.string(),
  navn: z.string(),
  forretningsadresse: z.object({ adresse: z.array(z.string()).default([]), postnummer: z.string().default(''), poststed: z.string().default('') }).partial().optional(),
});
const initiated = z.object({ onboardingToken: z.string(), url: z.string() });
const finalized = z.object({ clientKey: z.string().min(1), clientName: z.string(), orgNo: z.string() });

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

function onboardingConfig(deps: AppDeps) {
  if (!deps.config.onboarding) throw new RegistrationError(409, 'not_configured', 'Registrering er ikke satt opp på denne serveren');
  return deps.config.onboarding;
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
  if (!checked.ok) throw new RegistrationError(400, 'validation', checked.message, { orgNo: checked.message });
  const orgNo = checked.value;
  const [existing] = await deps.db.select().from(creditors).where(eq(creditors.orgNo, orgNo));
  if (existing && existing.status !== 'pending') throw new RegistrationError(409, 'already_registered', 'Selskapet er allerede registrert på integrasjonen', { orgNo: 'Allerede registrert' });
  if (existing) {
    const [access] = await deps.db.select().from(creditorAccess).where(and(eq(creditorAccess.creditorId, existing.id), eq(creditorAccess.firmId, user.firmId)));
    if (!access) throw new RegistrationError(409, 'already_registered', 'Selskapet registreres av et annet regnskapsbyrå', { orgNo: 'Under registrering' });
  }
  const register = await getJson(`${cfg.companyRegisterUrl.replace(/\/$/, '')}/${orgNo}`);
  if (register.status === 404) throw new RegistrationError(404, 'unknown_company', 'Fant ikke organisasjonsnummeret i Enhetsregisteret', { orgNo: 'Ukjent i Enhetsregisteret' });
  const unit = company.safeParse(register.json);
  if (!unit.success) throw new RegistrationError(502, 'company_register', 'Enhetsregisteret svarte ikke som forventet');
  const addr = unit.data.forretningsadresse ?? {};
  const prefill = { name: titleCase(unit.data.navn), line1: addr.adresse?.[0] ?? '', postCode: addr.postnummer ?? '', city: titleCase(addr.poststed ?? '') };
  const now = deps.clock.now().toISOString();
  const creditorId = existing?.id ?? crypto.randomUUID();
  deps.faults?.beforeGoWrite?.('onboardingInitiate');
  const init = await getJson(`${cfg.v2Url.replace(/\/$/, '')}/Onboarding/Initiate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ applicationKey: cfg.applicationKey, orgNo, redirectUrl: `${deps.config.publicUrl.replace(/\/$/, '')}/register?creditor=${creditorId}&step=2` }),
  });
  deps.faults?.afterGoWrite?.('onboardingInitiate');
  const started = initiated.safeParse(init.json);
  if (!started.success) throw new RegistrationError(502, 'go_onboarding', 'PowerOffice GO startet ikke tilkoblingen');
  await deps.db.transaction(async (tx) => {
    if (!existing) {
      await tx.insert(creditors).values({
        id: creditorId, orgNo, name: prefill.name, status: 'pending', goClientKeyEnc: null, vatDeductible: true, accounts: defaultAccounts,
        dunning: 'agency_notice', approval: 'manual', commissionBp: deps.config.defaultCommissionBp, commissionMinOre: deps.config.defaultCommissionMinOre,
        address: { line1: prefill.line1, postCode: prefill.postCode, city: prefill.city }, createdAt: now, updatedAt: now,
      });
      await tx.insert(creditorAccess).values({ firmId: user.firmId, creditorId });
    }
    const payload = { onboardingToken: started.data.onboardingToken, url: started.data.url };
    await tx
      .insert(jobs)
      .values({ id: crypto.randomUUID(), queue: 'onboarding', key: creditorId, state: 'pending', payload, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [jobs.queue, jobs.key], set: { payload, state: 'pending', updatedAt: now } });
  });
  return { creditorId, orgNo, status: 'pending', company: prefill, goApprovalUrl: started.data.url, goConnected: false };
}

async function pending(deps: AppDeps, creditorId: string) {
  const [creditor] = await deps.db.select().from(creditors).where(eq(creditors.id, creditorId));
  if (!creditor || creditor.status !== 'pending') throw new RegistrationError(404, 'not_found', 'Fant ingen registrering under arbeid');
  const [job] = await deps.db.select().from(jobs).where(and(eq(jobs.queue, 'onboarding'), eq(jobs.key, creditorId)));
  return { creditor, job };
}

/** Step 2: once the user approved in Go, Go hands over the client key; it is encrypted at once. */
export async function finalizeRegistration(deps: AppDeps, creditorId: string): Promise<RegistrationView> {
  const cfg = onboardingConfig(deps);
  const { creditor, job } = await pending(deps, creditorId);
  const view = (goConnected: boolean): RegistrationView => ({
    creditorId, orgNo: creditor.orgNo, status: creditor.status,
    company: { name: creditor.name, line1: creditor.address?.line1 ?? '', postCode: creditor.address?.postCode ?? '', city: creditor.address?.city ?? '' },
    goApprovalUrl: typeof job?.payload['url'] === 'string' ? job.payload['url'] : null, goConnected,
  });
  if (creditor.goClientKeyEnc) return view(true);
  const token = job?.payload['onboardingToken'];
  if (typeof token !== 'string') throw new RegistrationError(409, 'not_started', 'Start registreringen på nytt');
  deps.faults?.beforeGoWrite?.('onboardingFinalize');
  const res = await getJson(`${cfg.v2Url.replace(/\/$/, '')}/Onboarding/Finalize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ onboardingToken: token }) });
  deps.faults?.afterGoWrite?.('onboardingFinalize');
  if (res.status === 409) throw new RegistrationError(409, 'not_approved', 'Tilkoblingen er ikke godkjent i PowerOffice GO ennå');
  const done = finalized.safeParse(res.json);
  if (!done.success) throw new RegistrationError(502, 'go_onboarding', 'PowerOffice GO fullførte ikke tilkoblingen');
  if (done.data.orgNo !== creditor.orgNo) throw new RegistrationError(409, 'wrong_client', 'Godkjenningen gjaldt en annen klient i PowerOffice GO');
  const now = deps.clock.now().toISOString();
  await deps.db.update(creditors).set({ goClientKeyEnc: await encryptSecret(done.data.clientKey, deps.secrets.encryptionKey), updatedAt: now }).where(eq(creditors.id, creditorId));
  await deps.db.update(jobs).set({ state: 'done', payload: {}, updatedAt: now }).where(and(eq(jobs.queue, 'onboarding'), eq(jobs.key, creditorId)));
  return view(true);
}

/** Step 4: the accountant confirms; the creditor becomes active on the integration. Returns
 *  whether Modhi may create cases now (false while another agency still holds the flag). */
export async function submitRegistration(deps: AppDeps, creditorId: string, details: RegistrationDetails): Promise<{ creditorId: string; canCreateCases: boolean }> {
  const { creditor } = await pending(deps, creditorId);
  if (!creditor.goClientKeyEnc) throw new RegistrationError(409, 'not_connected', 'Godkjenn tilkoblingen i PowerOffice GO først (steg 2)');
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
