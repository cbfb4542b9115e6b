// Events per minute and type, kept in the cache as one array of counts per type and day, so a rate series of
// minutes, hours or days over the whole journal is summed from a few megabytes instead of read from the events.
import type Database from 'better-sqlite3';
import type { RateSeries } from '../../shared/model.js';

export const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = DAY / MINUTE;

/** Counts per type, per day (days since the epoch), per minute of that day. */
export type MinuteCounts = Map<string, Map<number, Int32Array>>;

export class RateCounts {
  private readonly counts: MinuteCounts = new Map();

  add(ms: number, type: string): void {
    const day = Math.floor(ms / DAY);
    let days = this.counts.get(type);
    if (days === undefined) {
      days = new Map();
      this.counts.set(type, days);
    }
    let minutes = days.get(day);
    if (minutes === undefined) {
      minutes = new Int32Array(MINUTES_PER_DAY);
      days.set(day, minutes);
    }
    minutes[Math.floor((ms - day * DAY) / MINUTE)]! += 1;
  }

  write(db: Database.Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS rate_days (type TEXT NOT NULL, day INTEGER NOT NULL, counts BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO rate_days (type, day, counts) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const [type, days] of this.counts) for (const [day, minutes] of days) insert.run(type, day, Buffer.from(minutes.buffer, minutes.byteOffset, minutes.byteLength));
    })();
  }
}

/** Reads the counts written by RateCounts.write from `table` (e.g. "rate_days" or "idx.rate_days"). */
export function readMinuteCounts(db: Database.Database, table: string): MinuteCounts {
  const counts: MinuteCounts = new Map();
  for (const [type, day, blob] of db.prepare(`SELECT type, day, counts FROM ${table}`).raw(true).iterate() as Iterable<[string, number, Buffer]>) {
    let days = counts.get(type);
    if (days === undefined) {
      days = new Map();
      counts.set(type, days);
    }
    const copy = new Int32Array(MINUTES_PER_DAY);
    copy.set(new Int32Array(blob.buffer, blob.byteOffset, Math.min(MINUTES_PER_DAY, blob.byteLength / 4)));
    days.set(day, copy);
  }
  return counts;
}

/**
 * Sums the minute counts into a series' buckets: per type into a typed array first (a million small object updates
 * would cost more than the whole sum), then into the bucket objects once.
 */
export function addMinutesToSeries(counts: MinuteCounts, target: { series: RateSeries; origin: number; width: number }): void {
  const buckets = target.series.buckets;
  for (const [type, days] of counts) {
    const sums = new Float64Array(buckets.length);
    for (const [day, minutes] of days) {
      const start = day * DAY;
      for (let m = 0; m < MINUTES_PER_DAY; m++) {
        const count = minutes[m]!;
        if (count === 0) continue;
        const index = Math.floor((start + m * MINUTE - target.origin) / target.width);
        if (index >= 0 && index < sums.length) sums[index]! += count;
      }
    }
    for (let i = 0; i < sums.length; i++) {
      const sum = sums[i]!;
      if (sum === 0) continue;
      const bucket = buckets[i]!;
      bucket.count += sum;
      bucket.byType[type] = sum;
    }
  }
}
