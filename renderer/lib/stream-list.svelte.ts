// The Streams area: a virtual listbox of the streams matching the search, time range and types, asked of the
// service a page at a time; grouped by category (one query per category) when the journal has a few of them.
import { JournalError } from '../../shared/contract.js';
import type { StreamSummary } from '../../shared/model.js';
import { streamPageQuery } from './filters.js';
import type { StreamPageSort } from './filters.js';
import { Debounce } from './latest.js';
import { LIVE_STALE_MS } from './live-watch.svelte.js';
import { PageCache } from './page-cache.js';
import { isScanRefusal } from './scan-consent.svelte.js';
import type { JournalSession } from './session.svelte.js';
import { listCategories, locateOption, locateRow, optionCount, rowCount } from './stream-rows.js';
import type { Category, PartSize, RowRef } from './stream-rows.js';
import type { StreamSort } from './streams.js';

export const STREAM_ROW_HEIGHT = 26;
export const STREAM_PAGE_SIZE = 100;
/** The whole list is fetched once to find the categories only when it is this short. */
const CATEGORY_SCAN_LIMIT = 20_000;

const PAGE_SORT: Record<StreamSort, StreamPageSort> = { name: 'name', count: 'count', activity: 'last' };

/** One query of the list: the whole list, or one category's streams. */
export interface ListPart {
  category: string | null;
  cache: PageCache<StreamSummary>;
}

export class StreamList {
  /** The search box: substring, or glob with * or ?. */
  filter = $state('');
  sort = $state<StreamSort>('name');
  /** Categories folded away. */
  collapsed = $state.raw<ReadonlySet<string>>(new Set());
  /** The journal's categories, when the list is grouped by them. */
  categories = $state.raw<Category[] | null>(null);
  parts = $state.raw<ListPart[]>([]);
  /** Bumped when rows arrive (the caches themselves are not reactive). */
  version = $state(0);
  /** Bumped on each new query: the view goes back to the top. */
  generation = $state(0);
  /** The option index of the selected stream, when it is in the list as shown. */
  activeOption = $state<number | null>(null);
  /** The list shown is the previous query's, kept (dimmed) until each part of the new one has its first answer. */
  stale = $state(false);
  /** The new query's parts while they load. */
  private pending: ListPart[] | null = null;
  /** The pending parts are a live refresh of the same query: shown in place, dimmed only if slow. */
  private quiet = false;
  private dimTimer: ReturnType<typeof setTimeout> | null = null;
  /** The rows last on screen, asked again after a live refresh. */
  private wanted: [number, number] = [0, -1];
  /** The stream count the categories were learnt for. */
  private streamsSeen = -1;

  readonly sizes: PartSize[] = $derived.by(() => {
    void this.version;
    return this.parts.map((part) => ({
      total: part.cache.total,
      heading: part.category !== null,
      folded: part.category !== null && this.collapsed.has(part.category),
    }));
  });
  readonly rows = $derived(rowCount(this.sizes));
  readonly options = $derived(optionCount(this.sizes));
  /** Streams matching, folded categories included; null while counting. */
  readonly total = $derived(this.sizes.some((size) => size.total === null) ? null : this.sizes.reduce((sum, size) => sum + (size.total ?? 0), 0));
  readonly grouped = $derived(this.parts.length > 0 && this.parts[0]!.category !== null);

  private readonly debounce = new Debounce(200, () => this.reload());

  constructor(private readonly session: JournalSession) {}

  async start(): Promise<void> {
    if (this.session.summary.streams <= CATEGORY_SCAN_LIMIT) {
      try {
        // Only to learn the categories; the list itself is paged like any other.
        this.categories = listCategories(await this.session.api.streams({}));
        this.streamsSeen = this.session.summary.streams;
      } catch (error) {
        this.session.reportError('Could not list the streams', error);
      }
    }
    this.reload();
  }

  /** The filters or the sort changed: ask again (after a pause in typing when `typing`). */
  reload(typing = false): void {
    if (typing) {
      this.debounce.schedule();
      return;
    }
    this.debounce.cancel();
    const parts = this.query();
    // A list on screen stays until the new one is counted: a payload search of seconds dims it, it does not blank it.
    if (this.total !== null && this.parts.length > 0) {
      this.pending = parts;
      this.quiet = false;
      this.stale = true;
      return;
    }
    this.show(parts);
  }

  /**
   * A live store gained events (`streams` in all): the same query asked again, in place. The list shown stays where it
   * is scrolled until the new one is counted, dimmed only when that takes a moment; new categories are learnt.
   */
  async refresh(streams: number): Promise<void> {
    if (streams !== this.streamsSeen && streams <= CATEGORY_SCAN_LIMIT) {
      this.streamsSeen = streams;
      try {
        this.categories = listCategories(await this.session.api.streams({}));
      } catch {
        // The categories known stay; the next change asks again.
        this.streamsSeen = -1;
      }
    }
    // A query of the user's is coming (typed) or being counted: it will hold the new events too.
    if (this.debounce.pending || (this.pending !== null && !this.quiet)) return;
    const parts = this.query();
    if (this.total === null || this.parts.length === 0) {
      this.show(parts);
      return;
    }
    this.pending = parts;
    this.quiet = true;
    if (this.dimTimer !== null) clearTimeout(this.dimTimer);
    this.dimTimer = setTimeout(() => {
      this.dimTimer = null;
      if (this.pending === parts) this.stale = true;
    }, LIVE_STALE_MS);
  }

  /** The parts of the list for the filters and sort as they are now, each asking for its first page. */
  private query(): ListPart[] {
    const filters = this.session.filters;
    const sort = PAGE_SORT[this.sort];
    const groups = filters.streams.trim() === '' ? this.categories : null;
    const specs = groups ? groups.map((group) => ({ category: group.category, glob: group.glob })) : [{ category: null, glob: undefined }];
    return specs.map((spec) => {
      const cache = new PageCache<StreamSummary>(
        async (offset, limit) => {
          const page = await this.session.api.streamPage(streamPageQuery(filters, sort, offset, limit, spec.glob));
          return { total: page.total, rows: page.streams };
        },
        () => this.arrived(cache),
        { pageSize: STREAM_PAGE_SIZE, maxPages: groups ? 6 : 20, maxInFlight: groups ? 1 : 2 },
      );
      // The first page of each part: its count places the parts after it.
      cache.want(0, 0);
      return { category: spec.category, cache };
    });
  }

  private dropRefresh(): void {
    this.pending = null;
    this.quiet = false;
    this.stale = false;
    if (this.dimTimer !== null) clearTimeout(this.dimTimer);
    this.dimTimer = null;
  }

  /** The parts of a new query become the list shown; a live refresh keeps the place in the list and the active option. */
  private show(parts: ListPart[]): void {
    const inPlace = this.quiet && this.pending === parts;
    this.dropRefresh();
    this.parts = parts;
    this.version += 1;
    if (inPlace) {
      // The rows on screen are asked for again (the first page of each part is already here).
      this.want(...this.wanted);
      return;
    }
    this.activeOption = null;
    this.generation += 1;
  }

  setSort(sort: StreamSort): void {
    this.sort = sort;
    this.reload();
  }

  toggleCategory(category: string): void {
    const next = new Set(this.collapsed);
    if (next.has(category)) next.delete(category);
    else next.add(category);
    this.collapsed = next;
    this.activeOption = null;
    this.followSelection();
  }

  /** What row `row` of the list shows; `stream` undefined while its page is coming. */
  rowAt(row: number): (RowRef & { stream?: StreamSummary | undefined; category?: string | null }) | null {
    const ref = locateRow(this.sizes, row);
    if (ref === null) return null;
    const part = this.parts[ref.part]!;
    if (ref.kind === 'heading') return { ...ref, category: part.category };
    return { ...ref, stream: part.cache.get(ref.index) };
  }

  /** Rows first..last are on screen: each part fetches its share. */
  want(first: number, last: number): void {
    this.wanted = [first, last];
    const wanted = new Map<number, [number, number]>();
    for (let row = first; row <= last; row++) {
      const ref = locateRow(this.sizes, row);
      if (ref === null) break;
      if (ref.kind !== 'option') continue;
      const span = wanted.get(ref.part);
      wanted.set(ref.part, span ? [span[0], ref.index] : [ref.index, ref.index]);
    }
    for (const [part, [from, to]] of wanted) this.parts[part]?.cache.want(from, to);
  }

  /** The row of option `option`, or null. */
  rowOfOption(option: number): number | null {
    return locateOption(this.sizes, option)?.row ?? null;
  }

  /** Selects option `option` (fetching it when needed); its row, or null when there is none. */
  async selectOption(option: number): Promise<number | null> {
    const place = locateOption(this.sizes, option);
    if (place === null) return null;
    const generation = this.generation;
    const stream = await this.parts[place.part]!.cache.row(place.index);
    if (stream === undefined || generation !== this.generation) return null;
    this.activeOption = option;
    this.session.select(stream.stream);
    return place.row;
  }

  /** The selected stream's option, when it is among the rows fetched (after a click or a fold). */
  followSelection(): void {
    const selected = this.session.selected;
    if (selected === null) {
      this.activeOption = null;
      return;
    }
    if (this.activeOption !== null && this.streamOfOption(this.activeOption) === selected) return;
    this.activeOption = null;
  }

  streamOfOption(option: number): string | undefined {
    const place = locateOption(this.sizes, option);
    return place ? this.parts[place.part]?.cache.get(place.index)?.stream : undefined;
  }

  dispose(): void {
    this.debounce.cancel();
    if (this.dimTimer !== null) clearTimeout(this.dimTimer);
  }

  private arrived(cache: PageCache<StreamSummary>): void {
    const pending = this.pending;
    if (pending !== null && pending.some((part) => part.cache === cache)) {
      // A search the user cancelled: the filters go back, and a list for them is asked; this one is dropped.
      if (cache.error instanceof JournalError && cache.error.code === 'cancelled') return;
      // A filter the live store asks about first (no index serves it): the list shown stays while the question waits;
      // Run anyway or Cancel asks for a list again.
      if (isScanRefusal(cache.error)) {
        this.session.reportError('Could not list the streams', cache.error);
        return;
      }
      // A live refresh that failed (the server gone for a moment): the list shown stays; the next change asks again.
      if (this.quiet && cache.error !== null) {
        this.dropRefresh();
        return;
      }
      if (pending.every((part) => part.cache.total !== null || part.cache.error !== null)) this.show(pending);
      if (cache.error !== null) this.session.reportError('Could not list the streams', cache.error);
      return;
    }
    if (!this.parts.some((part) => part.cache === cache)) return;
    this.version += 1;
    if (cache.error !== null && !(cache.error instanceof JournalError && cache.error.code === 'cancelled')) this.session.reportError('Could not list the streams', cache.error);
  }
}
