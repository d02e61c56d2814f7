// Response schemas of the routes whose answers shared/api does not declare (the extension does
// not read them); the OpenAPI document shows them (http/openapi.ts).
import { z } from 'zod';
import { bookDate, caseDetail, creditorStatus, ore } from '@shared/api';

export const okResponse = z.object({ ok: z.literal(true) });

export const paymentResponse = z.object({
  id: z.string(),
  created: z.boolean(),
  allocation: z.object({ costsOre: ore, interestOre: ore, principalOre: ore, surplusOre: ore }),
  case: caseDetail,
});

export const dailyJobResponse = z.object({
  date: bookDate,
  creditors: z.array(z.object({ creditorId: z.string(), ok: z.boolean(), advanced: z.record(z.string(), z.number().int()), reason: z.enum(['running', 'lease_lost', 'inactive']).optional(), error: z.string().optional() })),
});

export const registrationView = z.object({
  creditorId: z.string(),
  orgNo: z.string(),
  status: creditorStatus,
  company: z.object({ name: z.string(), line1: z.string(), postCode: z.string(), city: z.string() }),
  goApprovalUrl: z.string().nullable(),
  goConnected: z.boolean(),
});

export const registrationSubmitted = z.object({ creditorId: z.string(), canCreateCases: z.boolean() });
