// Rows of a long list fetched a page at a time, for a virtual list: only pages near what is on screen are asked for,
// a bounded number are kept, and answers to an older query are dropped.

export interface PageAnswer<T> {
  /** Rows matching the query, before offset/limit. */
  total: number;
  rows: T[];
}

export type PageFetch<T> = (offset: number, limit: number) => Promise<PageAnswer<T>>;

export interface PageCacheOptions {
  pageSize?: number;
  /** Pages kept; the least recently wanted beyond this are dropped. */
  maxPages?: number;
  /** Requests in flight at once: a fast scroll asks for the pages it stops on, not every page it passed. */
  maxInFlight?: number;
}

export class PageCache<T> {
  /** Null until the first answer for the current query. */
  total: number | null = null;
  /** The last failure of the current query; cleared by its next answer. */
  error: unknown = null;
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly maxInFlight: number;
  /** Page number → rows; Map order is recency of use, oldest first. */
  private pages = new Map<number, T[]>();
  private inFlight = new Map<number, Promise<void>>();
  private wanted: [number, number] = [0, -1];
  private generation = 0;
  /** The previous query's pages and total, shown until the current query's first answer (reset with keepStale). */
  private stale: { pages: Map<number, T[]>; total: number } | null = null;

  constructor(
    private fetchPage: PageFetch<T>,
    /** Called when a page arrives, the total changes, or a fetch fails. */
    private readonly changed: () => void,
    options: PageCacheOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    this.maxPages = Math.max(2, options.maxPages ?? 24);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
  }

  /**
   * A new query: everything cached is for the old one. With `keepStale`, the old rows are still given by get() (and
   * their count by staleTotal) until the new query answers, so a slow search does not blank the list meanwhile.
   */
  reset(fetchPage?: PageFetch<T>, keepStale = false): void {
    if (fetchPage) this.fetchPage = fetchPage;
    this.generation += 1;
    // A query replaced before it answered leaves the rows shown as they were.
    if (!keepStale) this.stale = null;
    else if (this.total !== null) this.stale = { pages: this.pages, total: this.total };
    this.pages = new Map();
    this.inFlight.clear();
    this.total = null;
    this.error = null;
    this.wanted = [0, -1];
  }

  /** The row at `index`, or undefined while its page is not here; the previous query's row while it is stale. */
  get(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    return (this.pages.get(page) ?? this.stale?.pages.get(page))?.[index % this.pageSize];
  }

  /** The previous query's count while its rows are shown (see reset); null once the current query answered. */
  get staleTotal(): number | null {
    return this.stale?.total ?? null;
  }

  /** True while the query has had no answer, or a page on screen is still coming. */
  get loading(): boolean {
    return this.inFlight.size > 0;
  }

  /** Number of pages kept now (for tests and the memory bound). */
  get size(): number {
    return this.pages.size;
  }

  /** Rows first..last (inclusive) are on screen: fetch the pages holding them that are not here yet. */
  want(first: number, last: number): void {
    const limit = this.total === null ? Infinity : this.total - 1;
    this.wanted = [Math.max(0, first), Math.min(last, limit)];
    this.touchWanted();
    this.pump();
  }

  /** The row at `index`, fetching its page if needed; undefined past the end or on failure. */
  async row(index: number): Promise<T | undefined> {
    const here = this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
    if (here !== undefined || index < 0 || (this.total !== null && index >= this.total)) return here;
    const page = Math.floor(index / this.pageSize);
    await this.load(page, this.generation);
    return this.get(index);
  }

  private touchWanted(): void {
    const [first, last] = this.wanted;
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page++) {
      const rows = this.pages.get(page);
      if (rows) {
        this.pages.delete(page);
        this.pages.set(page, rows);
      }
    }
  }

  /** Starts fetches for wanted pages, nearest the top of the screen first, up to maxInFlight. */
  private pump(): void {
    const [first, last] = this.wanted;
    if (last < first) return;
    for (let page = Math.floor(first / this.pageSize); page <= Math.floor(last / this.pageSize); page++) {
      if (this.inFlight.size >= this.maxInFlight) return;
      if (this.pages.has(page) || this.inFlight.has(page)) continue;
      void this.load(page, this.generation);
    }
  }

  private load(page: number, generation: number): Promise<void> {
    if (this.pages.has(page)) return Promise.resolve();
    const pending = this.inFlight.get(page);
    if (pending) return pending;
    const loading = this.fetchInto(page, generation);
    this.inFlight.set(page, loading);
    return loading;
  }

  private async fetchInto(page: number, generation: number): Promise<void> {
    try {
      const answer = await this.fetchPage(page * this.pageSize, this.pageSize);
      if (generation !== this.generation) return;
      this.total = answer.total;
      this.error = null;
      this.stale = null;
      this.pages.set(page, answer.rows);
      this.evict();
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error;
    } finally {
      if (generation === this.generation) {
        this.inFlight.delete(page);
        this.changed();
        // Keep going with what is on screen now, unless this fetch failed (no retry loop on a broken query).
        if (this.error === null) this.pump();
      }
    }
  }

  private evict(): void {
    const [first, last] = this.wanted;
    const keepFrom = Math.floor(first / this.pageSize);
    const keepTo = Math.floor(last / this.pageSize);
    for (const page of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) return;
      if (page >= keepFrom && page <= keepTo) continue;
      this.pages.delete(page);
    }
  }
}
