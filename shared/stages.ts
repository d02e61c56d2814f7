// Collection case stages, in process order, with the Norwegian label users see (and that is
// pushed to Go as the case's status text) and the English label for the second locale.
export const caseStages = [
  'draft',
  'approved',
  'notice_sent',
  'demand_sent',
  'legal',
  'paid',
  'written_off',
  'rejected',
  'closed',
] as const;

export type CaseStage = (typeof caseStages)[number];

export const stageLabels: Record<CaseStage, { nb: string; en: string }> = {
  draft: { nb: 'Utkast', en: 'Draft' },
  approved: { nb: 'Godkjent', en: 'Approved' },
  notice_sent: { nb: 'Inkassovarsel sendt', en: 'Collection notice sent' },
  demand_sent: { nb: 'Betalingsoppfordring sendt', en: 'Payment demand sent' },
  legal: { nb: 'Rettslig inndrivelse', en: 'Legal recovery' },
  paid: { nb: 'Betalt', en: 'Paid' },
  written_off: { nb: 'Avskrevet', en: 'Written off' },
  rejected: { nb: 'Avvist', en: 'Rejected' },
  closed: { nb: 'Avsluttet', en: 'Closed' },
};

/** Stages after which the case is closed in Go (`isCaseClosed`). */
export const closedStages: ReadonlySet<CaseStage> = new Set(['paid', 'written_off', 'rejected', 'closed']);

export function stageLabel(stage: CaseStage, locale: 'nb' | 'en' = 'nb'): string {
  return stageLabels[stage][locale];
}

export function isClosedStage(stage: CaseStage): boolean {
  return closedStages.has(stage);
}
