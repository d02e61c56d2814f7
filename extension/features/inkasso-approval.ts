// Inkasso → Utkast in Go: when the accountant approves a draft with Go's own «Godkjenn», the backend
// hears of it now rather than at its next sync. The click is seen (the submit of the row's form,
// read by the adapter), Go's own answer is awaited in its page (its error means nothing was
// approved: nothing is done), and the background has the backend take the invoice; every ledger
// open in any tab then shows the case without a reload (lib/go-approvals.ts). A short word here
// says what happened, as long as the accountant is still on this page.
import { approvedDraftOf, goAnswerIn, mainContainer } from '@/lib/adapters/go';
import { approvalsSaid, words } from './ledger-badges/words';
import { Toast } from './ledger-badges/widgets';
import type { Feature, FeatureContext } from './types';

/** How long Go's answer to its Godkjenn is waited for before the backend is asked all the same
 *  (the backend asks Go itself, so nothing is taken that Go did not approve). */
export const goAnswerWaitMs = 10_000;

/** Go's answer to the action just made in its page: 'refused' when Go shows its error, else
 *  'answered' once it shows its message, 'unknown' when it says nothing in time or the page view
 *  ends first (the accountant went on). */
export function goAnswered(main: Element, signal: AbortSignal, ms = goAnswerWaitMs): Promise<'answered' | 'refused' | 'unknown'> {
  const win = main.ownerDocument.defaultView!;
  return new Promise((resolve) => {
    const done = (value: 'answered' | 'refused' | 'unknown') => {
      observer.disconnect();
      win.clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
      resolve(value);
    };
    const aborted = () => done('unknown');
    // Go swaps its page's content with the answer: a message that was there before is not it.
    const observer = new win.MutationObserver((records) => {
      if (!records.some((r) => r.addedNodes.length > 0)) return;
      const answer = goAnswerIn(main);
      if (answer) done(answer.ok ? 'answered' : 'refused');
    });
    observer.observe(main, { childList: true, subtree: true });
    const timer = win.setTimeout(() => done('unknown'), ms);
    if (signal.aborted) return aborted();
    signal.addEventListener('abort', aborted, { once: true });
  });
}

async function approvedInGo(ctx: FeatureContext, toast: () => Toast, invoiceNo: number, leaving: AbortSignal): Promise<void> {
  const w = words(ctx.locale);
  // The creditor is asked now: if the accountant leaves the page before Go answers, the backend
  // is asked at once, while the page is still there to send the message.
  const asked = ctx.page();
  const answer = await goAnswered(mainContainer(ctx.doc), AbortSignal.any([ctx.signal, leaving]));
  if (answer === 'refused') return; // Go says why in its own page; nothing was approved
  const page = await asked;
  if (!page.creditor) return; // not on the integration here, or not logged in: the daily sync takes it
  if (!ctx.signal.aborted) toast().say(w.t('approvedInGoTaking', { invoiceNo }));
  // Asked whatever becomes of this page: the background finishes it and tells every ledger.
  const done = await ctx.ask({ type: 'approvedInGo', creditorId: page.creditor.id, invoiceNos: [invoiceNo] });
  if (!ctx.signal.aborted) toast().say(approvalsSaid(w, done));
}

export const inkassoApproval: Feature = {
  id: 'inkasso-approval',
  pages: ['inkasso'],
  run(ctx) {
    const win = ctx.doc.defaultView!;
    let toast: Toast | null = null;
    const shown = () => (toast ??= new Toast(ctx.doc, ctx.signal));
    const leaving = new AbortController();
    win.addEventListener('pagehide', () => leaving.abort(), { signal: ctx.signal });
    // Captured before Go's own handler sends the form: the row is still there to be read.
    win.addEventListener('submit', (event) => {
      const form = event.target;
      if (!(form instanceof win.HTMLFormElement)) return;
      const invoiceNo = approvedDraftOf(form, (event as SubmitEvent).submitter);
      if (invoiceNo !== null) void approvedInGo(ctx, shown, invoiceNo, leaving.signal);
    }, { capture: true, signal: ctx.signal });
  },
};
