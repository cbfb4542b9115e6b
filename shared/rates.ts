// Event rates: counting events per time bucket, split by type, for the chart and `eventlens rates`.
import { BUCKETS } from './model.js';
import type { Bucket, RateBucket, RateSeries } from './model.js';

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

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * ISO text of whole-second times, a day's date part computed once: a minute series of a quarter has 130,000
 * bucket starts, and toISOString for each would be most of the series' cost.
 */
function isoSeconds(): (ms: number) => string {
  let day = NaN;
  let prefix = '';
  return (ms) => {
    const today = Math.floor(ms / 86_400_000);
    if (today !== day) {
      day = today;
      prefix = new Date(today * 86_400_000).toISOString().slice(0, 11);
    }
    const seconds = Math.floor((ms - today * 86_400_000) / 1000);
    return `${prefix}${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}.000Z`;
  };
}

/** The empty series covering first..last: buckets between them are present even when nothing happened. */
export function emptySeries(firstMs: number, lastMs: number, bucket: Bucket | 'auto'): { series: RateSeries; origin: number; width: number } {
  const size = bucket === 'auto' ? chooseBucket(firstMs, lastMs) : bucket;
  const width = BUCKET_MS[size];
  const origin = Math.floor(firstMs / width) * width;
  const count = Math.floor((lastMs - origin) / width) + 1;
  if (count > MAX_BUCKETS) {
    throw new RangeError(`${count.toLocaleString('en-US')} buckets of ${size} is too many; choose a larger bucket.`);
  }
  const iso = isoSeconds();
  const buckets: RateBucket[] = Array.from({ length: count }, (_, i) => ({
    start: iso(origin + i * width),
    count: 0,
    // No prototype: an event type named "__proto__" must count like any other.
    byType: Object.create(null) as Record<string, number>,
  }));
  return { series: { bucket: size, buckets }, origin, width };
}

/** Adds `count` events of `type` to the bucket holding `ms`. */
export function addToSeries(target: { series: RateSeries; origin: number; width: number }, ms: number, type: string, count = 1): void {
  const bucket = target.series.buckets[Math.floor((ms - target.origin) / target.width)];
  if (bucket === undefined) return;
  bucket.count += count;
  bucket.byType[type] = (bucket.byType[type] ?? 0) + count;
}

/** Counts events per bucket; buckets between the first and the last are present even when empty. */
export function bucketRates(events: Iterable<{ time: string | null; type: string }>, bucket: Bucket | 'auto'): RateSeries {
  const timed: { ms: number; type: string }[] = [];
  for (const event of events) {
    if (event.time === null) continue;
    const ms = Date.parse(event.time);
    if (!Number.isNaN(ms)) timed.push({ ms, type: event.type });
  }
  if (timed.length === 0) return { bucket: bucket === 'auto' ? '1h' : bucket, buckets: [] };
  let first = Infinity;
  let last = -Infinity;
  for (const { ms } of timed) {
    if (ms < first) first = ms;
    if (ms > last) last = ms;
  }
  const target = emptySeries(first, last, bucket);
  for (const { ms, type } of timed) addToSeries(target, ms, type);
  return target.series;
}
