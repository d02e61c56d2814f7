// Onboarding as Go offers it to integrations: Initiate gives a URL the user opens and approves in
// Go; Finalize then returns the client key. Plus a company-register lookup shaped like
// Brønnøysundregistrene's enhetsregisteret/api/enheter/{orgnr}.
import { Hono } from 'hono';
import type { Store } from '../store';
import { validOrgNo } from '../util';

export type Onboarding = { token: string; applicationKey: string; orgNo: string; redirectUrl: string | null; approvedClientId: string | null; clientKey: string | null; finalized: boolean };

export class Onboardings {
  readonly byToken = new Map<string, Onboarding>();
}

export function onboardingRoutes(store: Store, onboardings: Onboardings, baseUrl: () => string, knownApplicationKeys: string[]): Hono {
  const app = new Hono();
  app.post('/v2/Onboarding/Initiate', async (c) => {
    const b = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const applicationKey = b?.['applicationKey'];
    const orgNo = b?.['orgNo'];
    if (typeof applicationKey !== 'string' || !knownApplicationKeys.includes(applicationKey)) return c.json({ title: 'Unknown applicationKey', status: 400, errors: { applicationKey: ['Unknown'] } }, 400);
    if (typeof orgNo !== 'string' || !/^\d{9}$/.test(orgNo)) return c.json({ title: 'orgNo must be 9 digits', status: 400, errors: { orgNo: ['9 digits'] } }, 400);
    const token = crypto.randomUUID();
    const redirectUrl = typeof b?.['redirectUrl'] === 'string' ? b['redirectUrl'] : null;
    onboardings.byToken.set(token, { token, applicationKey, orgNo, redirectUrl, approvedClientId: null, clientKey: null, finalized: false });
    return c.json({ onboardingToken: token, url: `${baseUrl()}/onboarding/${token}` });
  });

  app.post('/v2/Onboarding/Finalize', async (c) => {
    const b = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const o = typeof b?.['onboardingToken'] === 'string' ? onboardings.byToken.get(b['onboardingToken']) : undefined;
    if (!o) return c.json({ title: 'Unknown onboardingToken', status: 404, errors: { onboardingToken: ['Unknown'] } }, 404);
    if (!o.approvedClientId || !o.clientKey) return c.json({ title: 'The onboarding has not been approved in PowerOffice Go yet', status: 409, errors: { onboardingToken: ['Not approved'] } }, 409);
    const client = store.client(o.approvedClientId);
    o.finalized = true;
    return c.json({ clientKey: o.clientKey, clientName: client.name, orgNo: client.orgNo });
  });

  app.get('/enhetsregisteret/api/enheter/:orgnr', (c) => {
    const orgnr = c.req.param('orgnr');
    if (!validOrgNo(orgnr)) return c.json({ status: 400, feilmelding: `Ugyldig organisasjonsnummer: ${orgnr}` }, 400);
    const client = store.clients.find((x) => x.orgNo === orgnr);
    if (!client) return c.json({ status: 404, feilmelding: `Enhet med organisasjonsnummer ${orgnr} finnes ikke` }, 404);
    return c.json({
      organisasjonsnummer: client.orgNo,
      navn: client.name.toUpperCase(),
      organisasjonsform: { kode: 'AS', beskrivelse: 'Aksjeselskap' },
      forretningsadresse: { land: 'Norge', landkode: 'NO', postnummer: client.address.postCode, poststed: client.address.city.toUpperCase(), adresse: [client.address.line1], kommune: '', kommunenummer: '' },
      registrertIMvaregisteret: true,
    });
  });
  return app;
}

/** Approving an onboarding in Go's pages adds the agency's extension with a fresh client key. */
export function approveOnboarding(store: Store, onboardings: Onboardings, token: string, clientId: string): Onboarding {
  const o = onboardings.byToken.get(token);
  if (!o) throw new Error('unknown onboarding');
  const client = store.client(clientId);
  let extension = client.extensions.find((e) => e.applicationKey === o.applicationKey);
  if (!extension) {
    extension = { id: store.id('ext-'), name: 'Modhi Norge Inkasso', kind: 'Inkasso', applicationKey: o.applicationKey, clientKey: crypto.randomUUID(), active: true, canCreateCases: true };
    client.extensions.push(extension);
  }
  o.approvedClientId = client.id;
  o.clientKey = extension.clientKey;
  return o;
}
