// What a badge's popover says: a case's panel (figures, next step, the timeline asked for when
// opened, a link to the case) and the guard's panel (every reason the invoice cannot be sent).
import type { CaseBadge } from '@shared/api';
import { el } from '@/lib/ui';
import type { Ask } from '../types';
import type { KnownStatus } from './statuses';
import { popover } from './widgets';
import type { Words } from './words';

/** What a panel asks with: the page view's document, its Ask and its signal. */
export type PanelContext = { doc: Document; ask: Ask; signal: AbortSignal };

export function casePanel(p: PanelContext, w: Words, c: CaseBadge): HTMLElement {
  const { doc } = p;
  const full = `${w.t('caseNo', { caseNo: c.caseNo })} · ${w.stage(c.stage)} · ${w.money(c.balanceOre)}`;
  const pop = popover(doc, { role: 'group', 'aria-label': full, class: 'panel' }, el(doc, 'p', { class: 'title' }, full));
  pop.append(el(doc, 'p', {}, (c.nextStep ? w.nextStep(c.stage, c.nextStepDate) : null) ?? w.t('noNextStep')));
  if (c.provisionalRate) pop.append(el(doc, 'p', { class: 'provisional', role: 'note' }, c.provisionalHalves?.length ? w.t('provisionalRateNote', { halves: c.provisionalHalves.join(', ') }) : w.t('provisionalRateBooked')));
  const list = el(doc, 'ol', { 'aria-label': w.t('timeline') }, el(doc, 'li', { class: 'muted' }, w.t('loading')));
  pop.append(list, el(doc, 'a', { href: c.url, target: '_blank', rel: 'noopener noreferrer' }, w.t('openCase')));
  void p.ask({ type: 'case', caseId: c.id }).then((r) => {
    if (p.signal.aborted) return;
    list.replaceChildren();
    if (!r.ok) list.append(el(doc, 'li', { class: 'error' }, w.t('timelineUnavailable')));
    else for (const e of r.data.timeline) list.append(el(doc, 'li', {}, w.event(e)));
  });
  return pop;
}

export function guardPanel(doc: Document, w: Words, guard: NonNullable<KnownStatus['guard']>): HTMLElement {
  const findings = [...guard.findings].sort((a, b) => Number(b.blocking) - Number(a.blocking));
  return popover(doc, { role: 'group', 'aria-label': w.t('cannotSend'), class: 'panel' }, el(doc, 'p', { class: 'title' }, w.t('cannotSend')), el(doc, 'ul', {}, ...findings.map((f) => el(doc, 'li', {}, w.finding(f, false)))));
}
