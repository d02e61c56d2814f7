// Who may register creditors. An accounting firm's first registration is made by agency staff
// (operations create the firm and its first user, an admin, who gets an invitation link); the firm's
// admin invites colleagues, each setting their own password. A company without an accounting firm
// registers itself ("Bli kunde på 1-2-3"): it becomes its own firm, protected against bots by a
// limit per address, a honeypot field and a pluggable challenge.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { User } from '@shared/api';
import type { AppDeps } from '../../deps';
import { firms, invites, loginAttempts, users } from '../../db/schema';
import { hashPassword, newToken } from '../auth/password';
import { sha256 } from '../../crypto';
import { RegistrationError } from './errors';
import { rules } from './fields';

const inviteDays = 7;
export const signupLimit = { perAddress: 5, windowMs: 60 * 60_000 };

const email = z.string().trim().toLowerCase().max(200).superRefine((v, ctx) => {
  const problem = rules.email(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const personName = z.string().trim().min(2, 'Navn må fylles ut').max(100);
const password = z.string().min(10, 'Passordet må ha minst 10 tegn').max(200);

export const createFirmRequest = z.object({
  name: z.string().trim().min(2, 'Navnet på regnskapsbyrået må fylles ut').max(120),
  admin: z.object({ name: personName, email }),
});
export const inviteRequest = z.object({ name: personName, email });
export const acceptInviteRequest = z.object({ token: z.string().min(20).max(200), password });
export const signupRequest = z.object({
  company: z.string().trim().min(2, 'Firmanavn må fylles ut').max(120),
  name: personName,
  email,
  password,
  /** The honeypot: hidden from people, filled in by bots. */
  website: z.string().max(200).optional(),
  challenge: z.string().max(2000).optional(),
});

async function emailTaken(deps: AppDeps, address: string, orInvited = false): Promise<boolean> {
  const [u] = await deps.db.select({ id: users.id }).from(users).where(eq(users.email, address));
  if (u || !orInvited) return Boolean(u);
  // An invitation still open for the address counts as taken, so one person gets one account.
  const [open] = await deps.db.select({ h: invites.tokenHash }).from(invites).where(and(eq(invites.email, address), isNull(invites.usedAt), gt(invites.expiresAt, deps.clock.now().toISOString())));
  return Boolean(open);
}

/** A one-time invitation link for a firm's user (stored as a hash; the link is shown once). */
async function newInvite(deps: AppDeps, firmId: string, invitedBy: string, who: { name: string; email: string }): Promise<{ inviteUrl: string; expiresAt: string }> {
  const token = newToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + inviteDays * 86_400_000).toISOString();
  await deps.db.insert(invites).values({ tokenHash: await sha256(token), firmId, email: who.email, name: who.name, invitedBy, createdAt: now.toISOString(), expiresAt });
  return { inviteUrl: `${deps.config.publicUrl}/invite#${token}`, expiresAt };
}

/** Operations: a new accounting firm and an invitation for its first user, the firm's admin. */
export async function createFirm(deps: AppDeps, staff: User, input: z.infer<typeof createFirmRequest>) {
  if (await emailTaken(deps, input.admin.email, true)) throw new RegistrationError('email_taken', 'Det finnes allerede en bruker med denne e-postadressen', { 'admin.email': 'Det finnes allerede en bruker med denne e-postadressen' });
  const firmId = crypto.randomUUID();
  await deps.db.insert(firms).values({ id: firmId, name: input.name, createdAt: deps.clock.now().toISOString() });
  const invite = await newInvite(deps, firmId, staff.id, input.admin);
  return { firmId, name: input.name, admin: { ...input.admin, role: 'admin' as const }, ...invite };
}

/** A firm's admin invites a colleague of the same firm. */
export async function inviteColleague(deps: AppDeps, admin: User, input: z.infer<typeof inviteRequest>) {
  if (admin.kind !== 'firm' || !admin.roles.includes('admin')) throw new RegistrationError('forbidden', 'Bare regnskapsbyråets administrator kan invitere kolleger');
  if (await emailTaken(deps, input.email, true)) throw new RegistrationError('email_taken', 'Det finnes allerede en bruker med denne e-postadressen', { email: 'Det finnes allerede en bruker med denne e-postadressen' });
  return { firmId: admin.firmId, ...(await newInvite(deps, admin.firmId, admin.id, input)) };
}

/** The invited person sets their own password; the first user of a firm is its admin. */
export async function acceptInvite(deps: AppDeps, input: z.infer<typeof acceptInviteRequest>): Promise<{ email: string; firmId: string; roles: ('accountant' | 'admin')[] }> {
  const now = deps.clock.now().toISOString();
  const tokenHash = await sha256(input.token);
  // Used once: the row is claimed before the user is made.
  const [invite] = await deps.db.update(invites).set({ usedAt: now }).where(and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt), gt(invites.expiresAt, now))).returning();
  if (!invite) throw new RegistrationError('validation', 'Invitasjonen er ugyldig, brukt eller utløpt', { token: 'Invitasjonen er ugyldig, brukt eller utløpt. Be om en ny.' });
  if (await emailTaken(deps, invite.email)) throw new RegistrationError('email_taken', 'Det finnes allerede en bruker med denne e-postadressen', { token: 'Det finnes allerede en bruker med denne e-postadressen' });
  const [first] = await deps.db.select({ id: users.id }).from(users).where(eq(users.firmId, invite.firmId)).limit(1);
  const roles: ('accountant' | 'admin')[] = first ? ['accountant'] : ['accountant', 'admin'];
  await deps.db.insert(users).values({ id: crypto.randomUUID(), firmId: invite.firmId, kind: 'firm', email: invite.email, name: invite.name, passwordHash: await hashPassword(input.password), roles, createdAt: now });
  return { email: invite.email, firmId: invite.firmId, roles };
}

/** One attempt counted for the address in a fixed window; true while under the limit. */
async function underSignupLimit(deps: AppDeps, address: string): Promise<boolean> {
  const now = deps.clock.now().getTime();
  const expired = sql`${loginAttempts.windowStart} + ${signupLimit.windowMs} <= ${now}`;
  const [row] = await deps.db
    .insert(loginAttempts)
    .values({ key: `signup:${address}`, count: 1, windowStart: now, strikes: 0 })
    .onConflictDoUpdate({ target: loginAttempts.key, set: { count: sql`case when ${expired} then 1 else ${loginAttempts.count} + 1 end`, windowStart: sql`case when ${expired} then ${now} else ${loginAttempts.windowStart} end` } })
    .returning({ count: loginAttempts.count });
  return row!.count <= signupLimit.perAddress;
}

/** "Bli kunde på 1-2-3": the company becomes its own firm with one admin user. */
export async function signUp(deps: AppDeps, input: z.infer<typeof signupRequest>, address: string): Promise<{ email: string; password: string }> {
  if (!(await underSignupLimit(deps, address))) throw new RegistrationError('rate_limited', 'For mange registreringer fra denne adressen. Prøv igjen om en time.');
  // A bot that fills in the hidden field gets an answer that tells it nothing.
  if (input.website) throw new RegistrationError('validation', 'Registreringen kunne ikke fullføres', { body: 'Registreringen kunne ikke fullføres' });
  if (deps.registrationChallenge && !(await deps.registrationChallenge(input.challenge, address))) throw new RegistrationError('validation', 'Bekreft at du ikke er en robot', { challenge: 'Bekreft at du ikke er en robot' });
  if (await emailTaken(deps, input.email)) throw new RegistrationError('email_taken', 'Det finnes allerede en bruker med denne e-postadressen: logg inn i stedet', { email: 'Det finnes allerede en bruker med denne e-postadressen: logg inn i stedet' });
  const now = deps.clock.now().toISOString();
  const firmId = crypto.randomUUID();
  await deps.db.insert(firms).values({ id: firmId, name: input.company, createdAt: now });
  await deps.db.insert(users).values({ id: crypto.randomUUID(), firmId, kind: 'firm', email: input.email, name: input.name, passwordHash: await hashPassword(input.password), roles: ['accountant', 'admin'], createdAt: now });
  return { email: input.email, password: input.password };
}
