// "Never on two at once" (user guide § 7) before activation. The browser extension reads Go's
// Innstillinger → Utvidelser page for the client in the accountant's Go session (its Go adapter)
// and posts the reading here; the wizard shows what was read and stops, with the guide's
// instruction, while another agency's extension may create new cases or ours is not active. Without
// the extension (or when it could not read the page) the user confirms by hand, and the acceptance
// record says which it was and who confirmed.
import { z } from 'zod';
import type { User } from '@shared/api';
import type { AgencyCheckRecord, GoExtensionRow } from '../../db/schema';
import { RegistrationError } from './errors';

/** The guide's instruction while another agency's extension may still create new cases (section 7). */
export const otherAgencyInstruction =
  'Et annet inkassobyrå kan fortsatt opprette nye saker for klienten. Haken må aldri stå på to inkasso-integrasjoner samtidig: i PowerOffice GO, gå til Innstillinger → Utvidelser, klikk på det andre inkassobyråets utvidelse, fjern haken «Inkassobyrå kan opprette nye saker» og trykk «OK». Det gamle byrået kan fortsatt oppdatere status og sende oppgjør på sakene det har. Prøv deretter på nytt.';

/** The guide's instruction while our own extension is not active for the client. */
export const oursNotActiveInstruction =
  'Modhi Norge Inkasso kan ikke opprette saker for klienten ennå: i PowerOffice GO, gå til Innstillinger → Utvidelser, klikk på Modhi Norge Inkasso, sett hake for «Aktiv» og «Inkassobyrå kan opprette nye saker» og trykk «OK».';

/** A reading is trusted for this long; after that the page reads again (or the user confirms). */
export const readingValidMs = 15 * 60_000;

export const goExtensionRow = z.object({ name: z.string().max(200), kind: z.string().max(100), active: z.boolean(), canCreateCases: z.boolean() });

/** What the extension posts: the rows its adapter read on Go's Utvidelser page, and that page's address. */
export const extensionsReading = z.object({
  extensions: z.array(goExtensionRow).max(50),
  url: z.string().url().max(500).refine((u) => /^https?:/.test(u), 'Adressen må være en http(s)-adresse'),
});
export type ExtensionsReading = z.infer<typeof extensionsReading>;

const isOurs = (e: GoExtensionRow) => /modhi/i.test(e.name);
const isAgency = (e: GoExtensionRow) => /inkasso/i.test(e.kind);

export type AgencyVerdict = {
  /** Other agencies whose extension is active with «Inkassobyrå kan opprette nye saker» ticked. */
  others: string[];
  /** Our own row on the page, when it is there. */
  ours: GoExtensionRow | null;
  ok: boolean;
  /** The guide's instruction when not ok. */
  message: string | null;
  /** Which rule stopped it. */
  code: 'other_agency' | 'not_active_in_go' | null;
};

export function agencyVerdict(extensions: GoExtensionRow[]): AgencyVerdict {
  const others = extensions.filter((e) => isAgency(e) && !isOurs(e) && e.active && e.canCreateCases).map((e) => e.name);
  const ours = extensions.find(isOurs) ?? null;
  if (others.length) return { others, ours, ok: false, code: 'other_agency', message: `${otherAgencyInstruction} (Haken står på: ${others.join(', ')}.)` };
  if (ours && !(ours.active && ours.canCreateCases)) return { others, ours, ok: false, code: 'not_active_in_go', message: oursNotActiveInstruction };
  return { others, ours, ok: true, code: null, message: null };
}

/** The reading as kept with the registration under way (the onboarding's progress). */
export const storedReading = z.object({ readBy: z.string(), readAt: z.string(), url: z.string(), extensions: z.array(goExtensionRow) });
export type StoredReading = z.infer<typeof storedReading>;

export type AgencyCheckView = { readAt: string; url: string; extensions: GoExtensionRow[] } & AgencyVerdict;

export function agencyCheckView(reading: StoredReading): AgencyCheckView {
  return { readAt: reading.readAt, url: reading.url, extensions: reading.extensions, ...agencyVerdict(reading.extensions) };
}

export function newReading(user: User, now: Date, reading: ExtensionsReading): StoredReading {
  return { readBy: user.id, readAt: now.toISOString(), url: reading.url, extensions: reading.extensions };
}

/** At activation: the check that counts, or a refusal with the guide's instruction. A reading sent
 *  with the activation (an API client) comes first, then the extension's fresh reading; without
 *  either, the user's manual confirmation. A reading that shows a problem stops activation even if
 *  the user ticked the manual confirmation: the page then asks to fix it in Go and read again. */
export function agencyCheckAtActivation(
  user: User,
  now: Date,
  input: { extensions?: GoExtensionRow[] | null | undefined; confirmNoOtherAgency?: boolean | undefined },
  stored: StoredReading | null,
): AgencyCheckRecord {
  const fresh = stored && now.getTime() - Date.parse(stored.readAt) <= readingValidMs ? stored : null;
  const reading = input.extensions ? { source: 'api' as const, readBy: user.id, readAt: now.toISOString(), extensions: input.extensions } : fresh ? { source: 'extension' as const, ...fresh } : null;
  if (reading) {
    const verdict = agencyVerdict(reading.extensions);
    if (!verdict.ok) throw new RegistrationError(verdict.code ?? 'other_agency', verdict.message ?? otherAgencyInstruction, { extensions: verdict.code === 'other_agency' ? otherAgencyInstruction : oursNotActiveInstruction });
    return { source: reading.source, confirmedBy: user.id, readBy: reading.readBy, readAt: reading.readAt, extensions: reading.extensions };
  }
  if (input.confirmNoOtherAgency !== true) {
    throw new RegistrationError('validation', 'Bekreft at ingen andre inkassobyråer kan opprette nye saker', {
      confirmNoOtherAgency: stored
        ? 'Lesingen av Utvidelser i PowerOffice GO er for gammel: les på nytt, eller bekreft at haken «Inkassobyrå kan opprette nye saker» er fjernet hos alle andre inkassobyråer'
        : 'Bekreft at haken «Inkassobyrå kan opprette nye saker» er fjernet hos alle andre inkassobyråer i PowerOffice GO',
    });
  }
  return { source: 'manual', confirmedBy: user.id };
}
