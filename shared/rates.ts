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

/** The finest bucket that keeps the span within MAX_AUTO_BUCKETS. */
export function chooseBucket(firstMs: number, lastMs: number): Bucket {
  const span = Math.max(0, lastMs - firstMs);
  return BUCKETS.find((bucket) => span / BUCKET_MS[bucket] < MAX_AUTO_BUCKETS) ?? '1d';
}

/** Counts events per bucket; buckets between the first and the last are present even when empty. */
export function bucketRates(
  events: Iterable<{ time: string | null; type: string }>,
  bucket: Bucket | 'auto',
): RateSeries {
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
  const size = bucket === 'auto' ? chooseBucket(first, last) : bucket;
  const width = BUCKET_MS[size];
  const origin = Math.floor(first / width) * width;
  const count = Math.floor((last - origin) / width) + 1;
  const buckets: RateBucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(origin + i * width).toISOString(),
    count: 0,
    // No prototype: an event type named "__proto__" must count like any other.
    byType: Object.create(null) as Record<string, number>,
  }));
  for (const { ms, type } of timed) {
    const target = buckets[Math.floor((ms - origin) / width)]!;
    target.count += 1;
    target.byType[type] = (target.byType[type] ?? 0) + 1;
  }
  return { bucket: size, buckets };
}
