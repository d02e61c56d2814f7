// Kundereskontro: a case badge on each invoice row (case number, stage, agency balance, with a
// panel for the timeline and next step), Utkast/Godkjent states, "Send til inkasso" on overdue
// invoices, and what is with the agency per customer. One batch request per page view.
import type { CaseBadge, InvoiceStatusItem } from '@shared/api';
import { formatOre } from '@shared/money';
import { toNorwegian } from '@shared/dates';
import { findLedgerTable, mainContainer, readLedger, type Ledger, type LedgerInvoiceRow } from '@/lib/go-adapter';
import { createHost, el, nextTask, removeOurs } from '@/lib/ui';
import type { Feature, FeatureContext } from './types';

const rowsPerSlice = 400;

function signature(item: InvoiceStatusItem | undefined, overdue: boolean): string {
  if (!item) return 'none';
  return `${item.state}|${item.case?.caseNo ?? ''}|${item.case?.stage ?? ''}|${item.case?.balanceOre ?? ''}|${overdue}`;
}

/** Waits until `find` returns something, watching only the page's main container. */
function waitFor<T>(root: Element, find: () => T | null, signal: AbortSignal): Promise<T | null> {
  const found = find();
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const hit = find();
      if (hit) {
        observer.disconnect();
        resolve(hit);
      }
    });
    observer.observe(root, { childList: true, subtree: true });
    signal.addEventListener('abort', () => {
      observer.disconnect();
      resolve(null);
    });
  });
}

function banner(ctx: FeatureContext, table: HTMLTableElement, build: (root: ShadowRoot) => void): void {
  table.parentElement?.querySelector(':scope > [data-modhi="ledger-banner"]')?.remove();
  const { host, root } = createHost(ctx.doc, 'ledger-banner', true);
  build(root);
  table.before(host);
}

class LedgerAnnotator {
  private statuses = new Map<number, InvoiceStatusItem>();
  private rendering = false;
  private again = false;

  constructor(
    private readonly ctx: FeatureContext,
    private readonly creditorId: string,
    private readonly debtorNames: Map<number, string>,
  ) {}

  /** Fetches what is not known yet (the first call is the page view's one batch), then renders. */
  async annotate(ledger: Ledger): Promise<void> {
    if (this.rendering) {
      this.again = true;
      return;
    }
    this.rendering = true;
    try {
      const missing = ledger.invoices.map((i) => i.invoiceNo).filter((no) => !this.statuses.has(no));
      for (const i of ledger.invoices) if (i.customer) this.debtorNames.set(i.invoiceNo, i.customer.name);
      if (missing.length) {
        const r = await this.ctx.ask({ type: 'invoiceStatus', creditorId: this.creditorId, invoiceNos: [...new Set(missing)] });
        if (this.ctx.signal.aborted) return;
        if (!r.ok) {
          banner(this.ctx, ledger.table, (root) => root.append(el(this.ctx.doc, 'span', { class: 'banner', role: 'status' }, this.ctx.t(r.kind === 'unauthorized' ? 'loggedOut' : 'offline'))));
          return;
        }
        for (const item of r.data.items) this.statuses.set(item.invoiceNo, item);
      }
      for (let i = 0; i < ledger.invoices.length; i += rowsPerSlice) {
        if (this.ctx.signal.aborted) return;
        for (const row of ledger.invoices.slice(i, i + rowsPerSlice)) this.renderRow(row);
        if (i + rowsPerSlice < ledger.invoices.length) await nextTask(); // keep each task short
      }
      this.renderSums(ledger);
    } finally {
      this.rendering = false;
      if (this.again && !this.ctx.signal.aborted) {
        this.again = false;
        const table = findLedgerTable(mainContainer(this.ctx.doc));
        if (table) void this.annotate(readLedger(table));
      }
    }
  }

  private renderRow(row: LedgerInvoiceRow): void {
    const item = this.statuses.get(row.invoiceNo);
    const overdue = row.dueDate !== null && row.dueDate < this.ctx.today && (row.balanceOre ?? 0) > 0;
    const sig = signature(item, overdue);
    const existing = row.anchor.querySelector<HTMLElement>(':scope > [data-modhi="badge"]');
    if (existing && existing.dataset['modhiSig'] === sig && existing.dataset['modhiInvoice'] === String(row.invoiceNo)) return; // unchanged: no flicker
    existing?.remove();
    if (!item || (item.state === 'none' && !overdue)) return;
    const { host, root } = createHost(this.ctx.doc, 'badge');
    host.dataset['modhiInvoice'] = String(row.invoiceNo);
    host.dataset['modhiSig'] = sig;
    if (item.case) this.caseBadge(root, item.case, item.state === 'closed');
    else if (item.state === 'approved') root.append(el(this.ctx.doc, 'span', { class: 'badge state' }, this.ctx.t('approved')));
    else {
      // In Utkast (or overdue and not yet proposed): one click approves it and opens the case.
      if (item.state === 'draft') root.append(el(this.ctx.doc, 'span', { class: 'badge state' }, this.ctx.t('draft')), ' ');
      this.sendButton(root, row);
    }
    row.anchor.append(host);
  }

  private caseBadge(root: ShadowRoot, c: CaseBadge, closed: boolean): void {
    const { doc, t } = this.ctx;
    const label = closed ? t('closedCase', { caseNo: c.caseNo, stage: c.stageLabel }) : t('caseBadge', { caseNo: c.caseNo, stage: c.stageLabel, balance: formatOre(c.balanceOre) });
    const button = el(doc, 'button', { type: 'button', class: closed ? 'badge closed' : 'badge', 'aria-expanded': 'false' }, label);
    const panel = el(doc, 'div', { class: 'panel', hidden: '' });
    button.addEventListener('click', () => {
      const open = panel.hidden;
      panel.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open && !panel.childElementCount) void this.fillPanel(panel, c);
    });
    root.append(button, panel);
  }

  private async fillPanel(panel: HTMLElement, c: CaseBadge): Promise<void> {
    const { doc, t } = this.ctx;
    panel.append(el(doc, 'div', {}, c.nextStep ? t('nextStep', { step: c.nextStep, date: c.nextStepDate ? toNorwegian(c.nextStepDate) : '' }) : t('noNextStep')));
    const list = el(doc, 'ol', { 'aria-label': t('timeline') }, el(doc, 'li', { class: 'muted' }, t('loading')));
    const link = el(doc, 'a', { href: c.url, target: '_blank', rel: 'noopener noreferrer' }, t('openCase'));
    panel.append(list, link);
    const r = await this.ctx.ask({ type: 'case', caseId: c.id });
    list.replaceChildren();
    if (!r.ok) list.append(el(doc, 'li', { class: 'error' }, t('error', { reason: r.message })));
    else for (const e of r.data.timeline) list.append(el(doc, 'li', {}, `${toNorwegian(e.at)} ${e.text}${e.amountOre !== null ? ` (${formatOre(e.amountOre)})` : ''}`));
  }

  private sendButton(root: ShadowRoot, row: LedgerInvoiceRow): void {
    const { doc, t } = this.ctx;
    const button = el(doc, 'button', { type: 'button', class: 'send' }, t('sendToCollection'));
    button.addEventListener('click', () => {
      const question = el(doc, 'span', { role: 'alertdialog', 'aria-label': t('sendToCollection'), class: 'confirm' });
      const yes = el(doc, 'button', { type: 'button', class: 'primary' }, t('confirm'));
      const no = el(doc, 'button', { type: 'button' }, t('cancel'));
      question.append(el(doc, 'span', {}, t('confirmSend', { invoiceNo: row.invoiceNo, amount: formatOre(row.balanceOre ?? 0), debtor: this.debtorNames.get(row.invoiceNo) ?? '' })), yes, no);
      root.replaceChildren(question);
      yes.focus();
      no.addEventListener('click', () => {
        root.replaceChildren(button);
        button.focus();
      });
      yes.addEventListener('click', () => void this.send(root, row, button));
    });
    root.append(button);
  }

  private async send(root: ShadowRoot, row: LedgerInvoiceRow, button: HTMLButtonElement): Promise<void> {
    const { doc, t } = this.ctx;
    root.replaceChildren(el(doc, 'span', { class: 'muted', role: 'status' }, t('sending')));
    const r = await this.ctx.ask({ type: 'send', creditorId: this.creditorId, invoiceNo: row.invoiceNo });
    if (!r.ok) {
      root.replaceChildren(button, el(doc, 'span', { class: 'error', role: 'alert' }, ` ${t('sendFailed', { reason: r.message })}`));
      return;
    }
    this.statuses.set(row.invoiceNo, r.data);
    const host = root.host as HTMLElement;
    host.remove();
    this.renderRow(row);
    const table = findLedgerTable(mainContainer(doc));
    if (table) this.renderSums(readLedger(table));
  }

  /** "Hos inkasso: …" on each customer header: each open case counted once. */
  private renderSums(ledger: Ledger): void {
    // One pass over the invoices (a 5 000-row ledger has 500 customers: not customers × invoices).
    const casesOf = new Map<Ledger['customers'][number], Map<string, number>>();
    for (const inv of ledger.invoices) {
      const item = this.statuses.get(inv.invoiceNo);
      if (!inv.customer || item?.state !== 'in_case' || !item.case) continue;
      const cases = casesOf.get(inv.customer) ?? new Map<string, number>();
      cases.set(item.case.id, item.case.balanceOre);
      casesOf.set(inv.customer, cases);
    }
    for (const customer of ledger.customers) {
      const cases = casesOf.get(customer) ?? new Map<string, number>();
      const cell = customer.row.querySelector('td,th');
      if (!cell) continue;
      const total = [...cases.values()].reduce((a, b) => a + b, 0);
      const sig = String(total);
      const existing = cell.querySelector<HTMLElement>(':scope > [data-modhi="sum"]');
      if (existing?.dataset['modhiSig'] === sig) continue;
      existing?.remove();
      if (cases.size === 0) continue;
      const { host, root } = createHost(this.ctx.doc, 'sum');
      host.dataset['modhiSig'] = sig;
      root.append(el(this.ctx.doc, 'span', { class: 'sum' }, this.ctx.t('withAgency', { amount: formatOre(total) })));
      cell.append(host);
    }
  }
}

/** Our own inserts trigger mutations too; only Go's changes should make us look again. */
function onlyOurs(records: MutationRecord[]): boolean {
  const ours = (n: Node) => n.nodeType === 1 && (n as Element).hasAttribute('data-modhi');
  return records.every((r) => [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].every(ours));
}

export const ledgerBadges: Feature = {
  id: 'ledger-badges',
  pages: ['ledger'],
  async run(ctx) {
    const main = mainContainer(ctx.doc);
    const table = await waitFor(main, () => findLedgerTable(main), ctx.signal);
    if (!table || ctx.signal.aborted) return;
    const page = await ctx.ask({ type: 'context', orgNo: ctx.client.orgNo });
    if (ctx.signal.aborted) return;
    if (!page.creditor) {
      banner(ctx, table, (root) => {
        if (!page.loggedIn || page.offline) root.append(el(ctx.doc, 'span', { class: 'banner', role: 'status' }, ctx.t(page.offline ? 'offline' : 'loggedOut')));
        else root.append(el(ctx.doc, 'span', { class: 'banner' }, `${ctx.t('notOnIntegration', { name: ctx.client.name })} `, el(ctx.doc, 'a', { href: page.registerUrl, target: '_blank', rel: 'noopener' }, ctx.t('connect'))));
      });
      return;
    }
    const annotator = new LedgerAnnotator(ctx, page.creditor.id, new Map());
    let current = table;
    await annotator.annotate(readLedger(current));
    // Go re-renders the grid (and swaps the page's content on its own actions): look again, scoped
    // to the table, and to the main container only for the table being replaced.
    let scheduled = false;
    const look = () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        if (ctx.signal.aborted) return;
        const now = findLedgerTable(main);
        if (!now) return;
        if (now !== current) {
          current = now;
          tableObserver.disconnect();
          tableObserver.observe(current, { childList: true, subtree: true, characterData: true });
        }
        void annotator.annotate(readLedger(current));
      });
    };
    const tableObserver = new MutationObserver((records) => {
      if (!onlyOurs(records)) look();
    });
    tableObserver.observe(current, { childList: true, subtree: true, characterData: true });
    const mainObserver = new MutationObserver((records) => {
      if (!onlyOurs(records)) look();
    });
    mainObserver.observe(main, { childList: true });
    ctx.signal.addEventListener('abort', () => {
      tableObserver.disconnect();
      mainObserver.disconnect();
      removeOurs(main);
    });
  },
};
