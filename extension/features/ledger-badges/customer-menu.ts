// "Inkasso for kunden" on a customer's header row: whether Go sends the customer to collection
// (asked when opened), and "Ikke send denne kunden til inkasso" / back, each with a confirmation,
// through the backend (Go's documented PATCH /v2/Customers/{id}).
import type { LedgerCustomer } from '@/lib/adapters/go';
import { el } from '@/lib/ui';
import type { FeatureContext } from '../types';
import type { RowPopovers } from './popover';
import { popover, type Toast } from './widgets';
import type { Words } from './words';

export type CustomerMenuOptions = {
  ctx: FeatureContext;
  w: Words;
  creditorId: string;
  popovers: RowPopovers;
  toast: Toast;
  /** Every row asked for again: the guard's findings of the customer's invoices change. */
  afterAction(): Promise<void>;
};

export class CustomerMenu {
  constructor(private readonly o: CustomerMenuOptions) {}

  /** The menu's button in the customer's item; the menu opens beside the customer's row. */
  draw(host: HTMLElement, customer: LedgerCustomer): void {
    const { ctx, w } = this.o;
    const { doc } = ctx;
    const key = `customer:${customer.code}`;
    const toggle = el(doc, 'button', { type: 'button', class: 'link', 'aria-expanded': 'false', 'aria-label': w.t('customerMenuFor', { name: customer.name }) }, w.t('customerMenu'));
    toggle.addEventListener('click', () => this.o.popovers.toggle(key, host, customer.row, toggle, () => {
      const pop = popover(doc, { class: 'panel', role: 'group', 'aria-label': w.t('customerMenuFor', { name: customer.name }) }, el(doc, 'p', { class: 'muted', role: 'status' }, w.t('loading')));
      void ctx.ask({ type: 'customer', creditorId: this.o.creditorId, customerNo: customer.code }).then((r) => {
        if (ctx.signal.aborted) return;
        if (!r.ok) return void pop.replaceChildren(el(doc, 'p', { class: 'error', role: 'alert' }, r.kind === 'offline' ? w.t('offline') : w.message(r.message)));
        this.show(pop, customer, r.data.excluded, null);
      });
      return pop;
    }));
    host.append(toggle);
  }

  /** The customer's setting with the way to change it; `saved` says how the last change went. */
  private show(panel: HTMLElement, customer: LedgerCustomer, excluded: boolean, saved: string | null): void {
    const { ctx, w } = this.o;
    const { doc } = ctx;
    const action = el(doc, 'button', { type: 'button', class: 'secondary' }, w.t(excluded ? 'include' : 'exclude'));
    panel.replaceChildren(el(doc, 'p', { role: 'status' }, w.t(excluded ? 'customerExcluded' : 'customerIncluded'), ...(saved ? [' ', saved] : [])), action);
    action.addEventListener('click', () => {
      const yes = el(doc, 'button', { type: 'button', class: 'primary' }, w.t(excluded ? 'yesInclude' : 'yesExclude'));
      const no = el(doc, 'button', { type: 'button' }, w.t('cancel'));
      const question = el(doc, 'div', { role: 'alertdialog', 'aria-label': w.t(excluded ? 'include' : 'exclude'), class: 'confirm' }, el(doc, 'p', {}, w.t(excluded ? 'confirmInclude' : 'confirmExclude', { name: customer.name })), el(doc, 'div', { class: 'actions' }, yes, no));
      panel.replaceChildren(question);
      yes.focus();
      no.addEventListener('click', () => this.show(panel, customer, excluded, null));
      yes.addEventListener('click', () => {
        panel.replaceChildren(el(doc, 'p', { class: 'muted', role: 'status' }, w.t('sending')));
        void ctx.ask({ type: 'exclusion', creditorId: this.o.creditorId, customerNo: customer.code, excluded: !excluded }).then((r) => {
          if (ctx.signal.aborted) return;
          if (!r.ok) return this.show(panel, customer, excluded, w.t('notSaved', { reason: r.kind === 'offline' ? w.t('offline') : w.message(r.message) }));
          this.show(panel, customer, r.data.excluded, w.t('customerSaved'));
          this.o.toast.say(w.t(r.data.excluded ? 'toastExcluded' : 'toastIncluded', { name: customer.name }));
          void this.o.afterAction();
        });
      });
    });
  }
}
