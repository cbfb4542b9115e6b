// Events per hour and type, kept in the cache so rate series of hours or days never read the events themselves.
import type Database from 'better-sqlite3';

const HOUR = 3_600_000;

export class HourCounts {
  private readonly counts = new Map<number, Map<string, number>>();

  add(ms: number, type: string): void {
    const hour = Math.floor(ms / HOUR) * HOUR;
    let byType = this.counts.get(hour);
    if (byType === undefined) {
      byType = new Map();
      this.counts.set(hour, byType);
    }
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }

  write(db: Database.Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS rate_hours (hour_ms INTEGER NOT NULL, type TEXT NOT NULL, count INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO rate_hours (hour_ms, type, count) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const [hour, byType] of this.counts) for (const [type, count] of byType) insert.run(hour, type, count);
    })();
  }
}
