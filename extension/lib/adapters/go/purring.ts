// Innstillinger → Purring: the client's reminder profile and «Godkjenn automatisk overføring». Go
// has no API for them; the adapter reads and saves Go's own form in the accountant's session. The
// controls are found by their label texts (what the accountant reads), their names and values then
// taken from the page; an unknown label, a missing control or token is a failure with the Purring
// page to open.
import { antiforgeryField, fetchGoPage, goPages, hiddenFields, labelOf, normalise, postGoForm, selectors, type GoPageFailure, type PageFetch } from './common';

export const reminderProfiles = ['none', 'fee_free_reminder', 'reminder', 'reminder_and_notice'] as const;
export type ReminderProfile = (typeof reminderProfiles)[number];
export type GoPurring = { reminderProfile: ReminderProfile; autoApproveTransfer: boolean };

/** Go's label for each profile. */
export const profileLabels: Record<ReminderProfile, string> = {
  none: 'Ingen purring fra PowerOffice GO',
  fee_free_reminder: 'Gebyrfri påminnelse',
  reminder: 'Purring',
  reminder_and_notice: 'Purring og inkassovarsel',
};
const autoLabel = 'Godkjenn automatisk overføring';

type PurringForm = { form: HTMLFormElement; radios: Map<ReminderProfile, HTMLInputElement>; auto: HTMLInputElement };

export function findPurringForm(doc: Document): PurringForm | Omit<GoPageFailure, 'fallbackUrl'> {
  const fail = (reason: GoPageFailure['reason']) => ({ ok: false as const, reason, message: null });
  const main = doc.querySelector(selectors.main) ?? doc.body;
  for (const form of Array.from(main.querySelectorAll('form'))) {
    if (form.matches(selectors.ours)) continue;
    const radios = new Map<ReminderProfile, HTMLInputElement>();
    for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('input[type=radio]'))) {
      const profile = reminderProfiles.find((p) => profileLabels[p] === labelOf(input));
      if (profile) radios.set(profile, input);
    }
    const auto = Array.from(form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')).find((i) => labelOf(i) === autoLabel);
    if (radios.size === 0 && !auto) continue;
    // Every profile Go offers, and only those: a page with another choice is not the page we know.
    const allRadios = form.querySelectorAll('input[type=radio]').length;
    if (radios.size !== reminderProfiles.length || allRadios !== reminderProfiles.length || !auto) return fail('unexpected_page');
    if (!hiddenFields(form).some(([name, value]) => name === antiforgeryField && value !== '')) return fail('no_token');
    if ((form.getAttribute('method') ?? 'get').toLowerCase() !== 'post') return fail('no_form');
    return { form, radios, auto };
  }
  return fail('no_form');
}

export function readPurringForm(f: PurringForm): GoPurring | null {
  const checked = reminderProfiles.filter((p) => f.radios.get(p)!.checked || f.radios.get(p)!.hasAttribute('checked'));
  if (checked.length !== 1) return null;
  return { reminderProfile: checked[0]!, autoApproveTransfer: f.auto.checked || f.auto.hasAttribute('checked') };
}

/** The form's body for `settings`: its hidden fields, the chosen radio, the box when ticked. */
export function purringBody(f: PurringForm, settings: GoPurring): URLSearchParams {
  const body = new URLSearchParams(hiddenFields(f.form));
  const radio = f.radios.get(settings.reminderProfile)!;
  body.append(radio.name, radio.value);
  if (settings.autoApproveTransfer) body.append(f.auto.name, f.auto.value || 'on');
  return body;
}

export type PurringResult = { ok: true; settings: GoPurring; url: string } | GoPageFailure;

export async function readPurring(fetcher: PageFetch, pageUrl: string, signal?: AbortSignal): Promise<PurringResult> {
  const pages = goPages(pageUrl);
  if (!pages) return { ok: false, reason: 'unexpected_page', message: null, fallbackUrl: pageUrl };
  const doc = await fetchGoPage(fetcher, pages.purring, signal);
  if (!doc) return { ok: false, reason: 'unreachable', message: null, fallbackUrl: pages.purring };
  const form = findPurringForm(doc);
  if (!('form' in form)) return { ...form, fallbackUrl: pages.purring };
  const settings = readPurringForm(form);
  return settings ? { ok: true, settings, url: pages.purring } : { ok: false, reason: 'unexpected_page', message: null, fallbackUrl: pages.purring };
}

/** Saves `settings` in Go's Purring page; Go's answer (the saved page) is read back to confirm. */
export async function writePurring(fetcher: PageFetch, pageUrl: string, settings: GoPurring, signal?: AbortSignal): Promise<PurringResult> {
  const pages = goPages(pageUrl);
  if (!pages) return { ok: false, reason: 'unexpected_page', message: null, fallbackUrl: pageUrl };
  const doc = await fetchGoPage(fetcher, pages.purring, signal);
  if (!doc) return { ok: false, reason: 'unreachable', message: null, fallbackUrl: pages.purring };
  const form = findPurringForm(doc);
  if (!('form' in form)) return { ...form, fallbackUrl: pages.purring };
  const action = new URL(form.form.getAttribute('action') ?? '', pages.purring);
  if (action.origin !== new URL(pages.purring).origin) return { ok: false, reason: 'unexpected_page', message: null, fallbackUrl: pages.purring };
  const answer = await postGoForm(fetcher, action.href, purringBody(form, settings), signal);
  if (!answer.ok) return { ...answer, fallbackUrl: pages.purring };
  const saved = findPurringForm(answer.doc);
  const now = 'form' in saved ? readPurringForm(saved) : null;
  if (!now || now.reminderProfile !== settings.reminderProfile || now.autoApproveTransfer !== settings.autoApproveTransfer) {
    return { ok: false, reason: 'unexpected_page', message: normalise(answer.doc.querySelector('[role=status]')?.textContent) || null, fallbackUrl: pages.purring };
  }
  return { ok: true, settings: now, url: pages.purring };
}
