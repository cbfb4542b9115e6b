// Turning a RateSeries into stacked chart datasets: the top types, and the rest as "other".
import type { RateSeries } from '../../shared/model.js';
import { OTHER_TYPES } from './colors.js';

/** More stacked types than this turn the chart into confetti; the rest are summed as "other". */
export const TOP_TYPES = 8;

export interface RateDataset {
  type: string;
  counts: number[];
}

/** The series' top types as they are, and the rest summed as "other" (the service lists types most events first). */
export function rateDatasets(series: RateSeries, top = TOP_TYPES): RateDataset[] {
  const shown = series.types.length > top + 1 ? series.types.slice(0, top) : series.types;
  const datasets: RateDataset[] = shown.map((rate) => ({ type: rate.type, counts: rate.counts }));
  if (shown.length < series.types.length) {
    const other = new Array<number>(series.totals.length).fill(0);
    for (const rate of series.types.slice(shown.length)) for (let i = 0; i < other.length; i++) other[i]! += rate.counts[i]!;
    datasets.push({ type: OTHER_TYPES, counts: other });
  }
  return datasets;
}

export interface TimeRange {
  /** Inclusive ISO start. */
  from: string;
  /** Exclusive ISO end. */
  to: string;
}
