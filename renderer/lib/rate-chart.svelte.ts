// The Event rate area's data: the series for the whole journal, the selected stream or its category, as no more
// bars than the canvas has pixels, with the time range being dragged.
import type { RateSeries } from '../../shared/model.js';
import type { RatesRequest } from '../../shared/requests.js';
import { JournalError } from '../../shared/contract.js';
import { ratesQuery } from './filters.js';
import { Debounce, Latest } from './latest.js';
import { LIVE_STALE_MS } from './live-watch.svelte.js';
import { rateBars, snapRange } from './rate-bars.js';
import type { RateBars } from './rate-bars.js';
import type { JournalSession } from './session.svelte.js';
import { streamCategory } from './streams.js';

export type ChartScope = 'journal' | 'stream' | 'category';
export type ChartScale = 'linear' | 'log';

export class RateChart {
  series = $state.raw<RateSeries | null>(null);
  loading = $state(false);
  /**
   * Events in the chart's scope and time range before the type and payload filters, when those narrow it (the
   * "of" in "Showing 98 of 3,016 events"); null when nothing narrows the chart.
   */
  of = $state<number | null>(null);
  /** The scope asked for while a stream is selected; without one the chart shows the whole journal. */
  preferred = $state<ChartScope>('stream');
  scale = $state<ChartScale>('linear');
  /** Width of the plot in px: there are never more bars than this. */
  pixels = $state(0);
  /** Times (ms) under the pointer while dragging: [where it started, where it is]. */
  drag = $state.raw<[number, number] | null>(null);

  readonly scope: ChartScope = $derived.by(() => {
    if (this.session.selected === null) return 'journal';
    return this.preferred === 'category' && this.category === null ? 'stream' : this.preferred;
  });
  /** The selected stream's category; null without a selection or when its id has none ("user-7" → "user"). */
  readonly category = $derived.by(() => {
    const stream = this.session.selected;
    const category = stream === null ? null : streamCategory(stream);
    return category === stream ? null : category;
  });
  readonly bars: RateBars | null = $derived(this.series && this.pixels > 0 ? rateBars(this.series, this.pixels, (type) => this.session.colors.grouped(type)) : null);
  /** Events the bars count. */
  readonly shown = $derived(this.series ? this.series.totals.reduce((sum, count) => sum + count, 0) : 0);
  /** The span to shade, in ms: the drag in progress. A chosen range needs no shade: the chart zooms to it. */
  readonly highlight = $derived.by((): [number, number] | null => {
    const range = this.drag && this.bars ? snapRange(this.bars, this.drag[0], this.drag[1]) : null;
    return range ? [Date.parse(range.from), Date.parse(range.to)] : null;
  });

  private readonly latest = new Latest();
  private readonly debounce = new Debounce(250, () => void this.load());

  constructor(private readonly session: JournalSession) {}

  /**
   * The chart's scope with the same type, time range and payload filters as the Events table. 'auto' is the finest
   * bucket that keeps the series short, so a chosen time range is shown zoomed in; the bars are then merged down to
   * the canvas width.
   */
  request(): RatesRequest {
    const scope =
      this.scope === 'stream' && this.session.selected !== null
        ? { stream: this.session.selected }
        : this.scope === 'category' && this.category !== null
          ? { category: this.category }
          : null;
    return ratesQuery(this.session.filters, scope);
  }

  /** The filters changed: count again (after a pause in typing when `typing`). */
  reload(typing = false): void {
    if (typing) this.debounce.schedule();
    else this.debounce.flush();
  }

  /**
   * A live store gained events: counted again. The bars shown stay (and a drag under way goes on) until the new ones
   * arrive, dimmed only when that takes a moment.
   */
  refresh(): Promise<void> {
    // A query of the user's is coming (typed): it will count the new events too.
    if (this.debounce.pending) return Promise.resolve();
    return this.load(true);
  }

  async load(quiet = false): Promise<void> {
    this.debounce.cancel();
    const ticket = this.latest.next();
    // The bars shown stay (dimmed) until the new ones arrive.
    const dim = quiet ? setTimeout(() => this.latest.isCurrent(ticket) && (this.loading = true), LIVE_STALE_MS) : null;
    if (!quiet) {
      this.loading = true;
      this.drag = null;
    }
    const request = this.request();
    const { types, text, where, ...unfiltered } = request;
    const narrowed = types !== undefined || text !== undefined || where !== undefined;
    try {
      const [series, all] = await Promise.all([this.session.api.rates(request), narrowed ? this.session.api.rates(unfiltered) : null]);
      if (!this.latest.isCurrent(ticket)) return;
      this.series = series;
      this.of = all === null ? null : all.totals.reduce((sum, count) => sum + count, 0);
    } catch (error) {
      // A search the user cancelled: the filters go back, and the chart asks again for them. A live refresh that failed
      // leaves the bars shown; the next change asks again.
      if (this.latest.isCurrent(ticket) && !quiet && !(error instanceof JournalError && error.code === 'cancelled')) {
        this.session.reportError('Could not count the event rates', error);
      }
    } finally {
      if (dim !== null) clearTimeout(dim);
      if (this.latest.isCurrent(ticket)) this.loading = false;
    }
  }

  dispose(): void {
    this.debounce.cancel();
  }

  setScope(scope: ChartScope): void {
    if (scope === this.scope) return;
    this.preferred = scope;
    void this.load();
  }

  startDrag(ms: number): void {
    this.drag = [ms, ms];
  }

  moveDrag(ms: number): void {
    if (this.drag && this.drag[1] !== ms) this.drag = [this.drag[0], ms];
  }

  endDrag(): void {
    const drag = this.drag;
    this.drag = null;
    if (!drag || !this.bars) return;
    const range = snapRange(this.bars, drag[0], drag[1]);
    if (range) this.session.setRange(range);
  }

  cancelDrag(): void {
    this.drag = null;
  }

  clearRange(): void {
    this.drag = null;
    if (this.session.range !== null) this.session.setRange(null);
  }
}
