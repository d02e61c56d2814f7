// The registration module's answers as schemas, for the OpenAPI document (http/openapi.ts): each
// route's doc() names the one it answers with.
import { z } from 'zod';
import { bookDate, ore } from '@shared/api';
import { registrationDetails } from './service';

export const registrationView = z.object({
  creditorId: z.string(),
  orgNo: z.string(),
  status: z.string(),
  company: z.object({ name: z.string(), line1: z.string(), postCode: z.string(), city: z.string() }),
  register: z.enum(['found', 'unreachable']),
  goApprovalUrl: z.string().nullable(),
  goConnected: z.boolean(),
  canCreateCases: z.boolean().nullable(),
  legacyOpenCases: z.number().int(),
  details: registrationDetails.nullable(),
  notices: z.array(z.string()),
});

export const agreementView = z.object({ version: z.number().int(), title: z.string(), body: z.string(), commissionBp: z.number().int(), commissionMinOre: ore, debtorPays: z.string(), publishedAt: z.string() });

export const activationResult = z.object({
  creditorId: z.string(),
  status: z.literal('active'),
  agreementVersion: z.number().int(),
  acceptedAt: z.string(),
  firstSync: z.object({ ok: z.boolean(), casesCreated: z.number().int() }),
  legacyOpenCases: z.number().int(),
  notices: z.array(z.string()),
});

export const preview = z.object({
  date: bookDate,
  items: z.array(z.object({ invoiceNo: z.number().int(), customerNo: z.string(), customerName: z.string(), dueDate: bookDate, balanceOre: ore, approved: z.boolean(), willSend: z.boolean(), findings: z.array(z.looseObject({})) })),
  willSend: z.number().int(),
  blocked: z.number().int(),
  notChecked: z.array(z.string()),
});

export const endingView = z.object({ creditorId: z.string(), status: z.enum(['winding_down', 'ended']), openCases: z.number().int(), endRequestedAt: z.string(), endedAt: z.string().nullable(), message: z.string() });

const invite = { inviteUrl: z.string(), expiresAt: z.string() };
export const firmCreated = z.object({ firmId: z.string(), name: z.string(), admin: z.object({ name: z.string(), email: z.string(), role: z.literal('admin') }), ...invite });
export const inviteCreated = z.object({ firmId: z.string(), ...invite });
export const inviteAccepted = z.object({ email: z.string(), firmId: z.string(), roles: z.array(z.enum(['accountant', 'admin'])) });
export const wizardLogin = z.object({ user: z.object({ name: z.string(), email: z.string(), firmName: z.string() }) });
