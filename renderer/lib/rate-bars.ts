// The Event rate chart's bars: the service's buckets merged so there are no more bars than pixels, time ticks on
// round UTC boundaries, and dragged pixels snapped to whole bars.
import { BUCKET_MS } from '../../shared/rates.js';
import type { Bucket, RateSeries } from '../../shared/model.js';
import { rateDatasets } from './rates.js';
import type { RateDataset, TimeRange } from './rates.js';

/** Buckets per bar worth using for each bucket size, so a bar is a round span (2 minutes, 6 hours, a week). */
const NICE_MERGES: Record<Bucket, number[]> = {
  '1s': [1, 2, 5, 10, 15, 30],
  '1m': [1, 2, 5, 10, 15, 30],
  '1h': [1, 2, 3, 6, 12],
  '1d': [1, 2, 7, 14, 28],
};

/** How many buckets make one bar so that `buckets` buckets fit in `pixels` bars: a round number, at least 1. */
export function decimation(buckets: number, pixels: number, bucket: Bucket = '1h'): number {
  const need = Math.ceil(buckets / Math.max(1, Math.floor(pixels)));
  if (need <= 1) return 1;
  const nice = NICE_MERGES[bucket];
  const last = nice[nice.length - 1]!;
  return nice.find((n) => n >= need) ?? Math.ceil(need / last) * last;
}

export interface RateBars {
  bucket: Bucket;
  /** Buckets per bar. */
  merge: number;
  /** One bar's span in ms. */
  width: number;
  /** Each bar's start, ms since the epoch (bars are aligned on multiples of `width`). */
  starts: number[];
  counts: number[];
  /** Counts per bar for each type, and the journal's other types summed (type null). */
  datasets: RateDataset[];
  total: number;
}

/** The series as at most about `pixels` bars (buckets merged when there are more); `grouped` types summed as one. */
export function rateBars(series: RateSeries, pixels: number, grouped: (type: string) => boolean = () => false): RateBars {
  const merge = decimation(series.totals.length, pixels, series.bucket);
  const size = BUCKET_MS[series.bucket];
  const width = size * merge;
  const first = Date.parse(series.start ?? '');
  // Bars are aligned on multiples of their width, so bucket i falls in bar (its start − the first bar's start) / width.
  const firstBar = Math.floor(first / width) * width;
  const barOf = (i: number) => Math.floor((first + i * size - firstBar) / width);
  const bars = series.totals.length === 0 ? 0 : barOf(series.totals.length - 1) + 1;
  const starts = Array.from({ length: bars }, (_, i) => firstBar + i * width);
  const sum = (counts: readonly number[]) => {
    const merged = new Array<number>(bars).fill(0);
    for (let i = 0; i < counts.length; i++) merged[barOf(i)]! += counts[i]!;
    return merged;
  };
  const counts = sum(series.totals);
  return {
    bucket: series.bucket,
    merge,
    width,
    starts,
    counts,
    datasets: rateDatasets(series, grouped).map((dataset) => ({ type: dataset.type, counts: sum(dataset.counts) })),
    total: counts.reduce((a, b) => a + b, 0),
  };
}

const UNIT_NAMES: Record<Bucket, [string, string]> = { '1s': ['second', 'seconds'], '1m': ['minute', 'minutes'], '1h': ['hour', 'hours'], '1d': ['day', 'days'] };

/** "hour", "3 hours", "week". */
export function barName(bucket: Bucket, merge: number): string {
  if (bucket === '1d' && merge % 7 === 0) return merge === 7 ? 'week' : `${merge / 7} weeks`;
  const [one, many] = UNIT_NAMES[bucket];
  return merge === 1 ? one : `${merge} ${many}`;
}

/** A dragged span of time, widened to whole bars and kept within the series. */
export function snapRange(bars: RateBars, a: number, b: number): TimeRange | null {
  if (bars.starts.length === 0) return null;
  const first = bars.starts[0]!;
  const end = bars.starts[bars.starts.length - 1]! + bars.width;
  const lo = Math.max(first, Math.min(a, b));
  const hi = Math.min(end, Math.max(a, b));
  if (hi < first || lo > end) return null;
  const from = Math.floor(lo / bars.width) * bars.width;
  const to = Math.min(end, Math.max(from + bars.width, Math.ceil(hi / bars.width) * bars.width));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY,
];
/** The epoch was a Thursday: weeks start on Monday, 4 days later. */
const MONDAY = 4 * DAY;

export interface TimeTicks {
  values: number[];
  /** The step, in ms; months are stepped by calendar (step = months × 30 days, for labels only). */
  step: number;
}

/** Tick positions on round UTC times (whole minutes, hours, midnights, Mondays, first of the month), at most `max`. */
export function timeTicks(min: number, max: number, maxTicks: number): TimeTicks {
  const span = Math.max(1, max - min);
  const count = Math.max(2, maxTicks);
  const step = STEPS.find((s) => span / s <= count);
  if (step !== undefined) {
    const offset = step % (7 * DAY) === 0 ? MONDAY : 0;
    const values: number[] = [];
    for (let t = Math.ceil((min - offset) / step) * step + offset; t <= max; t += step) values.push(t);
    return { values, step };
  }
  const months = [1, 2, 3, 6, 12].find((m) => span / (m * 30 * DAY) <= count) ?? Math.ceil(span / (30 * DAY) / count / 12) * 12;
  const start = new Date(min);
  let year = start.getUTCFullYear();
  let month = Math.ceil((start.getUTCMonth() + (start.getUTCDate() > 1 || min % DAY !== 0 ? 1 : 0)) / months) * months;
  const values: number[] = [];
  for (;;) {
    const t = Date.UTC(year, month, 1);
    if (t > max) break;
    if (t >= min) values.push(t);
    month += months;
    if (month >= 12) {
      year += Math.floor(month / 12);
      month %= 12;
    }
  }
  return { values, step: months * 30 * DAY };
}

/** A tick's label, as precise as the step: "2026-03", "2026-03-02", "14:00", "14:05:30" (times in UTC). */
export function tickLabel(ms: number, step: number): string {
  const iso = new Date(ms).toISOString();
  if (step >= 28 * DAY) return iso.slice(0, 7);
  if (step >= DAY || ms % DAY === 0) return iso.slice(0, 10);
  if (step >= MINUTE) return iso.slice(11, 16);
  return iso.slice(11, 19);
}
