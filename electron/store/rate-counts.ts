// Events per minute and type, kept in the cache as one array of counts per type and day, so a rate series of
// minutes, hours or days over the whole journal is summed from a few megabytes instead of read from the events.
import type Database from 'better-sqlite3';
import type { SeriesBuilder } from '../../shared/rates.js';

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
 * Adds the minute counts between first and last (inclusive, ms) into the series' buckets, one typed array per type:
 * a million small object updates would cost more than the whole sum.
 */
export function addMinutesToSeries(counts: MinuteCounts, target: SeriesBuilder, span: { first: number; last: number }): void {
  const firstMinute = Math.floor(span.first / MINUTE);
  const lastMinute = Math.floor(span.last / MINUTE);
  const perBucket = target.width / MINUTE;
  const originMinute = target.origin / MINUTE;
  for (const [type, days] of counts) {
    const sums = target.countsOf(type);
    for (const [day, minutes] of days) {
      const dayMinute = day * MINUTES_PER_DAY;
      const from = Math.max(0, firstMinute - dayMinute);
      const to = Math.min(MINUTES_PER_DAY - 1, lastMinute - dayMinute);
      const offset = dayMinute - originMinute;
      if (perBucket === 1) {
        for (let m = from; m <= to; m++) sums[offset + m]! += minutes[m]!;
        continue;
      }
      for (let m = from; m <= to; m++) {
        const count = minutes[m]!;
        if (count !== 0) sums[Math.floor((offset + m) / perBucket)]! += count;
      }
    }
  }
}
