// Turning a RateSeries into chart datasets, and chart positions into time ranges for the event list.
import { BUCKET_MS } from '../../shared/rates.js';
import type { Bucket, RateSeries } from '../../shared/model.js';
import { OTHER_TYPES } from './colors.js';

/** More stacked types than this turn the chart into confetti; the rest are summed as "other". */
export const TOP_TYPES = 8;

export interface RateDataset {
  type: string;
  counts: number[];
}

export function rateDatasets(series: RateSeries, top = TOP_TYPES): RateDataset[] {
  const totals = new Map<string, number>();
  for (const bucket of series.buckets) {
    for (const [type, count] of Object.entries(bucket.byType)) totals.set(type, (totals.get(type) ?? 0) + count);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([type]) => type);
  const shown = ranked.length > top + 1 ? ranked.slice(0, top) : ranked;
  const datasets: RateDataset[] = shown.map((type) => ({
    type,
    counts: series.buckets.map((bucket) => bucket.byType[type] ?? 0),
  }));
  if (shown.length < ranked.length) {
    const kept = new Set(shown);
    datasets.push({
      type: OTHER_TYPES,
      counts: series.buckets.map((bucket) =>
        Object.entries(bucket.byType).reduce((sum, [type, count]) => (kept.has(type) ? sum : sum + count), 0),
      ),
    });
  }
  return datasets;
}

/** Tick label for a bucket start, as precise as the bucket: "2026-10-01", "2026-10-01T14:00Z", "…T14:05:09Z". */
export function bucketLabel(startIso: string, bucket: Bucket): string {
  const iso = new Date(Date.parse(startIso)).toISOString();
  if (bucket === '1d') return iso.slice(0, 10);
  if (bucket === '1s') return `${iso.slice(0, 19)}Z`;
  return `${iso.slice(0, 16)}Z`;
}

export const BUCKET_NAMES: Record<Bucket, string> = { '1s': 'second', '1m': 'minute', '1h': 'hour', '1d': 'day' };

export interface TimeRange {
  /** Inclusive ISO start. */
  from: string;
  /** Exclusive ISO end. */
  to: string;
}

/** The time range covered by buckets first..last (in either order), end exclusive. */
export function bucketRange(series: RateSeries, first: number, last: number): TimeRange | null {
  const lo = Math.max(0, Math.min(first, last));
  const hi = Math.min(series.buckets.length - 1, Math.max(first, last));
  const start = series.buckets[lo];
  const end = series.buckets[hi];
  if (!start || !end) return null;
  return {
    from: new Date(Date.parse(start.start)).toISOString(),
    to: new Date(Date.parse(end.start) + BUCKET_MS[series.bucket]).toISOString(),
  };
}

/** Which buckets of the series a time range covers, for drawing the selection; null when none. */
export function rangeBuckets(series: RateSeries, range: TimeRange): [number, number] | null {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  let first = -1;
  let last = -1;
  series.buckets.forEach((bucket, index) => {
    const ms = Date.parse(bucket.start);
    if (ms + BUCKET_MS[series.bucket] > from && ms < to) {
      if (first < 0) first = index;
      last = index;
    }
  });
  return first < 0 ? null : [first, last];
}
