// The banner above Go's table when the statuses cannot be had, with its way out: logged out (log
// in), offline or the backend refusing (try again). The next answer that comes takes it away.
import { el } from '@/lib/ui';
import type { Trouble } from './loader';
import { banner } from './widgets';
import type { Words } from './words';

export class TroubleBanner {
  private host: HTMLElement | null = null;

  constructor(private readonly doc: Document, private readonly w: Words) {}

  show(kind: Trouble, table: HTMLTableElement, ways: { logIn(): void; retry(): void }): void {
    const { doc, w } = this;
    const action = kind === 'unauthorized'
      ? el(doc, 'button', { type: 'button', class: 'secondary' }, w.t('logIn'))
      : el(doc, 'button', { type: 'button', class: 'secondary' }, w.t('retry'));
    action.addEventListener('click', () => {
      if (kind === 'unauthorized') ways.logIn();
      else ways.retry();
    });
    this.clear();
    this.host = banner(doc, kind, w.t(kind === 'unauthorized' ? 'loggedOut' : kind === 'offline' ? 'offline' : 'tryLater'), action);
    table.before(this.host);
  }

  clear(): void {
    this.host?.remove();
    this.host = null;
  }
}
