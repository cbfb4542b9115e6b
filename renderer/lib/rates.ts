// Turning a RateSeries into stacked chart datasets: the top types, and the rest as "other".
import type { RateSeries } from '../../shared/model.js';
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

export interface TimeRange {
  /** Inclusive ISO start. */
  from: string;
  /** Exclusive ISO end. */
  to: string;
}
