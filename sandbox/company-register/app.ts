// A stand-in for Brønnøysundregistrene's Enhetsregisteret, for the demo and the tests: the
// documented JSON shape of GET /enhetsregisteret/api/enheter/{orgnr} (the fields a registration
// reads, and a few more), 400 for a malformed number, 404 for one it does not know. Its own app with
// its own data: it imports nothing of ours. `down` makes it answer 503, as a register that is out.
import { Hono } from 'hono';

export type Unit = { orgNo: string; name: string; form?: string; address: { line1: string; postCode: string; city: string }; vatRegistered?: boolean };

/** The sandbox's Go clients and a few more companies (fictional; valid MOD11 numbers). */
export const defaultUnits: Unit[] = [
  { orgNo: '923456783', name: 'CONECTO AS', address: { line1: 'Industriveien 7', postCode: '1337', city: 'SANDVIKA' } },
  { orgNo: '917757046', name: 'DELANTE AS', address: { line1: 'Smedstusvingen 18', postCode: '1480', city: 'SLATTUM' } },
  { orgNo: '987654325', name: 'NORDLYS BYGG AS', address: { line1: 'Fjordveien 4', postCode: '9008', city: 'TROMSØ' } },
  { orgNo: '915555551', name: 'FJELLHEIM RØR AS', address: { line1: 'Industriveien 12', postCode: '2317', city: 'HAMAR' } },
  { orgNo: '912345602', name: 'SOLBAKKEN BAKERI AS', address: { line1: 'Bakkegata 3', postCode: '3015', city: 'DRAMMEN' } },
];

function validOrgNo(orgNo: string): boolean {
  if (!/^\d{9}$/.test(orgNo)) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(orgNo[i]), 0);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(orgNo[8]);
}

export type CompanyRegister = { app: Hono; units: Map<string, Unit>; setDown(down: boolean): void };

export function createCompanyRegister(units: Unit[] = defaultUnits): CompanyRegister {
  const byNo = new Map(units.map((u) => [u.orgNo, u]));
  let down = false;
  const app = new Hono();
  app.get('/enhetsregisteret/api/enheter/:orgnr', (c) => {
    if (down) return c.json({ status: 503, feilmelding: 'Tjenesten er midlertidig utilgjengelig' }, 503);
    const orgnr = c.req.param('orgnr');
    if (!validOrgNo(orgnr)) return c.json({ timestamp: new Date().toISOString(), status: 400, error: 'Bad Request', message: `Ugyldig organisasjonsnummer: ${orgnr}`, path: c.req.path }, 400);
    const u = byNo.get(orgnr);
    if (!u) return c.json({ timestamp: new Date().toISOString(), status: 404, error: 'Not Found', message: `Enhet med organisasjonsnummer ${orgnr} finnes ikke`, path: c.req.path }, 404);
    return c.json({
      organisasjonsnummer: u.orgNo,
      navn: u.name,
      organisasjonsform: { kode: u.form ?? 'AS', beskrivelse: 'Aksjeselskap' },
      forretningsadresse: { land: 'Norge', landkode: 'NO', postnummer: u.address.postCode, poststed: u.address.city, adresse: [u.address.line1], kommune: '', kommunenummer: '' },
      registrertIMvaregisteret: u.vatRegistered ?? true,
      konkurs: false,
      underAvvikling: false,
    });
  });
  app.post('/_control/down', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { down?: unknown };
    down = body.down === true;
    return c.json({ down });
  });
  return { app, units: byNo, setDown: (d) => (down = d) };
}
