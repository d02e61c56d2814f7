// When the ledger renders: soon, once however many ask meanwhile. Until Go's table has been drawn,
// in an animation callback, so the badges can be in the very frame that first shows it; after that
// as tasks of their own between frames: Go's frames on a large ledger are long already (25–45 ms of
// paint on a 2-core machine without a GPU, traced), and our work inside them made them the page's
// long tasks. Nothing is measured while Go's page is parsed: that would force its layout mid-parse.
export class RenderScheduler {
  private pending: { cancel(): void } | 'parsing' | null = null;
  private reposition = true;
  private tableDrawn = false;

  constructor(
    private readonly doc: Document,
    private readonly signal: AbortSignal,
    private readonly ready: Promise<void>,
    private readonly run: (repositionAll: boolean) => void,
  ) {
    void ready.then(() => doc.defaultView?.requestAnimationFrame(() => (this.tableDrawn = true)));
    signal.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** Whether Go's page is still being parsed (renders wait for its end). */
  get parsing(): boolean {
    return this.pending === 'parsing';
  }

  /** Renders soon; with `reposition`, every item is placed again (after a layout change). */
  schedule(reposition: boolean): void {
    this.reposition ||= reposition;
    if (this.pending || this.signal.aborted) return;
    const win = this.doc.defaultView!;
    if (this.doc.readyState === 'loading') {
      this.pending = 'parsing';
      void this.ready.then(() => {
        this.pending = null;
        this.schedule(false);
      });
      return;
    }
    const run = () => {
      this.pending = null;
      if (this.signal.aborted) return;
      const all = this.reposition;
      this.reposition = false;
      this.run(all);
    };
    if (this.tableDrawn) {
      const timer = win.setTimeout(run, 0);
      this.pending = { cancel: () => win.clearTimeout(timer) };
    } else {
      const frame = win.requestAnimationFrame(run);
      this.pending = { cancel: () => win.cancelAnimationFrame(frame) };
    }
  }

  cancel(): void {
    if (this.pending && this.pending !== 'parsing') this.pending.cancel();
    this.pending = null;
  }
}
