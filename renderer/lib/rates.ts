// Turning a RateSeries into stacked chart datasets: one per type with a colour of its own, and the journal's other
// types (which share one grey in every view, colors.ts) summed as one.
import type { RateSeries } from '../../shared/model.js';

export interface RateDataset {
  /** The event type; null for the journal's other types, summed. */
  type: string | null;
  counts: number[];
}

/** The series' types as they are (the service lists them most events first), those `grouped` summed last. */
export function rateDatasets(series: RateSeries, grouped: (type: string) => boolean = () => false): RateDataset[] {
  const datasets: RateDataset[] = [];
  let other: number[] | null = null;
  for (const rate of series.types) {
    if (!grouped(rate.type)) {
      datasets.push({ type: rate.type, counts: rate.counts });
      continue;
    }
    other ??= new Array<number>(series.totals.length).fill(0);
    for (let i = 0; i < other.length; i++) other[i]! += rate.counts[i]!;
  }
  if (other !== null) datasets.push({ type: null, counts: other });
  return datasets;
}

export interface TimeRange {
  /** Inclusive ISO start. */
  from: string;
  /** Exclusive ISO end. */
  to: string;
}
