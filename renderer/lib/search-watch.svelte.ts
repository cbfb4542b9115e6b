// How far a payload search the filters started has got, for the Events area's progress bar: asked of the service
// while a query that may search (text or a field condition) has not answered, once it has taken a moment.
import type { JournalApi } from '../../shared/contract.js';
import type { SearchProgress } from '../../shared/model.js';

/** A search answered within this long needs no bar; past it the service is asked how far it has got. */
export const SEARCH_QUIET_MS = 300;
const POLL_MS = 250;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SearchWatch {
  /** The search under way as the service last told it; null when none runs (or it has not taken long yet). */
  progress = $state.raw<SearchProgress | null>(null);
  /** The Cancel button was pressed: the service is being asked to stop. */
  cancelling = $state(false);

  private watching = false;
  private stopped = false;

  constructor(
    private readonly api: JournalApi,
    /** True while some area waits for a query that may be searching payloads. */
    private readonly busy: () => boolean,
  ) {}

  /** A query that may search payloads was asked: watch it until every area has its answer. */
  watch(): void {
    if (this.watching || this.stopped) return;
    this.watching = true;
    void this.run();
  }

  /**
   * Stops the search in the service (its calls then fail with "cancelled"). `revert` puts the filters back first, so
   * the areas ask for what they showed before (answered at once) and never show the cancelled search's failure.
   */
  async cancel(revert: () => void): Promise<void> {
    if (this.cancelling) return;
    this.cancelling = true;
    revert();
    try {
      await this.api.cancelSearch();
    } catch {
      // The search ends on its own; the filters are already back as they were.
    } finally {
      this.cancelling = false;
      this.progress = null;
    }
  }

  dispose(): void {
    this.stopped = true;
    this.progress = null;
  }

  private async run(): Promise<void> {
    try {
      await sleep(SEARCH_QUIET_MS);
      while (!this.stopped && this.busy()) {
        try {
          this.progress = (await this.api.workProgress()).search;
        } catch {
          // No progress to tell (an older service, a hiccup): the areas still say they are searching.
          this.progress = null;
        }
        if (!this.busy()) break;
        await sleep(POLL_MS);
      }
    } finally {
      this.watching = false;
      this.progress = null;
    }
    // A query asked just as the last one answered is watched too.
    if (!this.stopped && this.busy()) this.watch();
  }
}
