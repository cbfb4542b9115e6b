// Event rates: counting events per time bucket, split by type, for the chart and `eventlens rates`.
import { BUCKETS } from './model.js';
import type { Bucket, RateRow, RateSeries, TypeRate } from './model.js';

export const BUCKET_MS: Record<Bucket, number> = {
  '1s': 1_000,
  '1m': 60_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

/** Above this many buckets the chart turns to noise and the series gets heavy, so auto picks a coarser size. */
export const MAX_AUTO_BUCKETS = 1500;

/** A series this long is a mistake (one-second buckets over years), not a chart. */
export const MAX_BUCKETS = 2_000_000;

/** The finest bucket that keeps the span within MAX_AUTO_BUCKETS. */
export function chooseBucket(firstMs: number, lastMs: number): Bucket {
  const span = Math.max(0, lastMs - firstMs);
  return BUCKETS.find((bucket) => span / BUCKET_MS[bucket] < MAX_AUTO_BUCKETS) ?? '1d';
}

/** A series' time bounds: events at or after `from` and before `to` (ms since the epoch) count. */
export interface RateWindow {
  from?: number;
  to?: number;
}

/**
 * Counts events into the buckets covering first..last (buckets between them are present even when nothing happened),
 * one typed array per event type, then turns them into a RateSeries once.
 */
export class SeriesBuilder {
  readonly bucket: Bucket;
  /** Start of the first bucket and the buckets' width, ms. */
  readonly origin: number;
  readonly width: number;
  readonly length: number;
  /** A Map, not an object: an event type named "__proto__" must count like any other. */
  private readonly perType = new Map<string, Int32Array>();

  constructor(firstMs: number, lastMs: number, bucket: Bucket | 'auto') {
    this.bucket = bucket === 'auto' ? chooseBucket(firstMs, lastMs) : bucket;
    this.width = BUCKET_MS[this.bucket];
    this.origin = Math.floor(firstMs / this.width) * this.width;
    this.length = Math.floor((lastMs - this.origin) / this.width) + 1;
    if (this.length > MAX_BUCKETS) {
      // Days are the largest bucket: a span too long for them is nearly always a wrong time (a year 1 or 9999
      // sentinel), which a narrower window leaves out.
      const advice =
        this.bucket === '1d'
          ? `the times run from ${isoOr(firstMs)} to ${isoOr(lastMs)}, too long to count even by day; a time far from the others is likely wrong, so choose a time range`
          : 'choose a larger bucket';
      throw new RangeError(`${this.length.toLocaleString('en-US')} buckets of ${this.bucket} is too many: ${advice}.`);
    }
  }

  /** The counts of one type, to add to in bulk (index = bucket). */
  countsOf(type: string): Int32Array {
    let counts = this.perType.get(type);
    if (counts === undefined) {
      counts = new Int32Array(this.length);
      this.perType.set(type, counts);
    }
    return counts;
  }

  /** Adds `count` events of `type` at `ms`; times outside the buckets are ignored. */
  add(ms: number, type: string, count = 1): void {
    const index = Math.floor((ms - this.origin) / this.width);
    if (index >= 0 && index < this.length) this.countsOf(type)[index]! += count;
  }

  finish(): RateSeries {
    const totals = new Array<number>(this.length).fill(0);
    const types: TypeRate[] = [];
    for (const [type, typed] of this.perType) {
      // Copied by hand into arrays of small integers: Array.from on a typed array is several times slower.
      const counts = new Array<number>(this.length).fill(0);
      let count = 0;
      for (let i = 0; i < this.length; i++) {
        const n = typed[i]!;
        if (n === 0) continue;
        counts[i] = n;
        totals[i]! += n;
        count += n;
      }
      if (count > 0) types.push({ type, count, counts });
    }
    types.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    return { bucket: this.bucket, start: new Date(this.origin).toISOString(), totals, types };
  }
}

/** The series with no bucket: nothing in range has a time. */
export function emptySeries(bucket: Bucket | 'auto'): RateSeries {
  return { bucket: bucket === 'auto' ? '1h' : bucket, start: null, totals: [], types: [] };
}

/**
 * Counts events per bucket; buckets between the first and the last are present even when empty. With a bounds, the
 * buckets cover the events' span cut to the window (a window over a quiet hour is that hour of empty buckets).
 */
export function bucketRates(events: Iterable<{ time: string | null; type: string }>, bucket: Bucket | 'auto', bounds: RateWindow = {}): RateSeries {
  const timed: { ms: number; type: string }[] = [];
  for (const event of events) {
    if (event.time === null) continue;
    const ms = Date.parse(event.time);
    if (!Number.isNaN(ms)) timed.push({ ms, type: event.type });
  }
  let first = Infinity;
  let last = -Infinity;
  for (const { ms } of timed) {
    if (ms < first) first = ms;
    if (ms > last) last = ms;
  }
  const span = clipSpan(timed.length === 0 ? null : { first, last }, bounds);
  if (span === null) return emptySeries(bucket);
  const builder = new SeriesBuilder(span.first, span.last, bucket);
  for (const { ms, type } of timed) if (inWindow(ms, bounds)) builder.add(ms, type);
  return builder.finish();
}

/** A span of times narrowed to a window whose `to` is exclusive; null when nothing is left. */
export function clipSpan(span: { first: number; last: number } | null, bounds: RateWindow): { first: number; last: number } | null {
  if (span === null) return null;
  const first = bounds.from === undefined ? span.first : Math.max(span.first, bounds.from);
  const last = bounds.to === undefined ? span.last : Math.min(span.last, bounds.to - 1);
  return first <= last ? { first, last } : null;
}

export function inWindow(ms: number, bounds: RateWindow): boolean {
  return (bounds.from === undefined || ms >= bounds.from) && (bounds.to === undefined || ms < bounds.to);
}

/** Bucket i's start, ms since the epoch. */
export function bucketStartMs(series: RateSeries, index: number): number {
  return Date.parse(series.start ?? '') + index * BUCKET_MS[series.bucket];
}

/** The series as one row per bucket, for people and scripts reading the CLI's output. */
export function rateRows(series: RateSeries): RateRow[] {
  return series.totals.map((count, i) => {
    const byType: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const rate of series.types) if (rate.counts[i]! > 0) byType[rate.type] = rate.counts[i]!;
    return { start: new Date(bucketStartMs(series, i)).toISOString(), count, byType };
  });
}

/** ISO text of a time, or its milliseconds when it is beyond what a Date can show. */
function isoOr(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}
