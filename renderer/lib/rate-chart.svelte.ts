// The Event rate area's data: the series for the journal or the selected stream, and the range being dragged.
import type { RateSeries } from '../../shared/model.js';
import { Latest } from './latest.js';
import { bucketLabel, bucketRange, rangeBuckets, rateDatasets } from './rates.js';
import type { JournalSession } from './session.svelte.js';

export class RateChart {
  series = $state.raw<RateSeries | null>(null);
  loading = $state(false);
  /** Buckets under the pointer while dragging: [where it started, where it is]. */
  drag = $state.raw<[number, number] | null>(null);

  readonly datasets = $derived(this.series ? rateDatasets(this.series) : []);
  readonly labels = $derived(this.series ? this.series.buckets.map((b) => bucketLabel(b.start, this.series!.bucket)) : []);
  /** The buckets to highlight: the drag in progress, else the chosen range. */
  readonly highlight = $derived.by((): [number, number] | null => {
    if (this.drag) return [Math.min(...this.drag), Math.max(...this.drag)];
    const range = this.session.range;
    return range && this.series ? rangeBuckets(this.series, range) : null;
  });
  readonly total = $derived(this.series ? this.series.buckets.reduce((sum, b) => sum + b.count, 0) : 0);

  private readonly latest = new Latest();

  constructor(private readonly session: JournalSession) {}

  async load(): Promise<void> {
    const ticket = this.latest.next();
    const stream = this.session.selected;
    this.loading = true;
    this.drag = null;
    try {
      const series = await this.session.api.rates(stream === null ? {} : { stream });
      if (this.latest.isCurrent(ticket)) this.series = series;
    } catch (error) {
      if (this.latest.isCurrent(ticket)) this.session.reportError('Could not count the event rates', error);
    } finally {
      if (this.latest.isCurrent(ticket)) this.loading = false;
    }
  }

  startDrag(bucket: number): void {
    this.drag = [bucket, bucket];
  }

  moveDrag(bucket: number): void {
    if (this.drag && this.drag[1] !== bucket) this.drag = [this.drag[0], bucket];
  }

  endDrag(): void {
    const drag = this.drag;
    this.drag = null;
    if (!drag || !this.series) return;
    this.session.setRange(bucketRange(this.series, drag[0], drag[1]));
  }

  cancelDrag(): void {
    this.drag = null;
  }

  clearRange(): void {
    this.drag = null;
    if (this.session.range !== null) this.session.setRange(null);
  }
}
