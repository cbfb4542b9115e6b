// A journal summary assembled from a cache file's summary tables.
import type Database from 'better-sqlite3';
import type { JournalSummary } from '../../shared/model.js';
import { isoOrNull, readFindings } from './summary-schema.js';

export function summaryFromCache(db: Database.Database, meta: Map<string, string>, path: string, name: string): JournalSummary {
  const types = db.prepare('SELECT type, count FROM types ORDER BY count DESC, type').all() as { type: string; count: number }[];
  const number = (key: string): number | null => (meta.get(key) === undefined || meta.get(key) === null ? null : Number(meta.get(key)));
  return {
    path,
    name,
    format: meta.get('format') ?? 'unknown',
    events: number('events') ?? 0,
    streams: db.prepare('SELECT count(*) FROM streams').pluck().get() as number,
    firstTime: isoOrNull(number('firstMs')),
    lastTime: isoOrNull(number('lastMs')),
    types,
    findings: readFindings(db),
    moreFindings: number('moreFindings') ?? 0,
  };
}
