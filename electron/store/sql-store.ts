// A journal answered with SQL over an `events` relation: the cache's own table for imported journals, or a view
// over the journal's own table for SQLite stores read in place. Summary tables live in the cache either way.
import type Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import type { EventPage, JournalEvent, JournalSummary, RateSeries, StreamSummary } from '../../shared/model.js';
import { addToSeries, emptySeries } from '../../shared/rates.js';
import type { EventsQuery, RatesQuery, StreamsRequest } from '../../shared/requests.js';
import type { JournalStore } from './journal-store.js';
import type { RowDecoder } from './record-decoder.js';
import { isoOrNull, readStreams } from './summary-schema.js';

/** Columns every `events` relation provides. */
const COLUMNS = 'position, stream, version, type, time_ms, data, metadata';

export interface SqlStoreOptions {
  /** Where `events` is queried: the cache file, or the journal itself with a TEMP view. */
  eventsDb: Database.Database;
  /** The cache file holding streams, types, findings and meta. */
  summaryDb: Database.Database;
  summary: JournalSummary;
  /** The relation holding the events: the cache's table, or the TEMP view over a store's own table. */
  relation: string;
  /** Global order: "seq" when positions rose with the file order, else "position, seq". */
  order: string;
  /** Turns a row's stored data and metadata back into JSON. */
  decode: RowDecoder;
}

type Row = [number, string | number, number, string | number, number | null, unknown, unknown];

export class SqlJournalStore implements JournalStore {
  readonly summary: JournalSummary;
  private readonly streamList: StreamSummary[];

  constructor(private readonly options: SqlStoreOptions) {
    this.summary = options.summary;
    this.streamList = readStreams(options.summaryDb);
  }

  streams(request: StreamsRequest): StreamSummary[] {
    const needle = request.filter?.trim().toLowerCase();
    if (!needle) return this.streamList;
    return this.streamList.filter((s) => s.stream.toLowerCase().includes(needle));
  }

  hasStream(stream: string): boolean {
    return this.options.summaryDb.prepare('SELECT 1 FROM streams WHERE stream = ?').pluck().get(stream) !== undefined;
  }

  page(query: EventsQuery): EventPage {
    const { where, params } = this.filter(query);
    const order = query.stream !== undefined ? `version, ${this.options.order}` : this.options.order;
    const db = this.options.eventsDb;
    const total =
      where === ''
        ? this.summary.events
        : (db.prepare(`SELECT count(*) FROM ${this.options.relation} ${where}`).pluck().get(...params) as number);
    const rows = db
      .prepare(`SELECT ${COLUMNS} FROM ${this.options.relation} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .raw(true)
      .all(...params, query.limit, query.offset) as Row[];
    return { total, offset: query.offset, events: rows.map((row) => this.toEvent(row)) };
  }

  rates(query: RatesQuery): RateSeries {
    const span = query.stream === undefined ? this.journalSpan() : this.streamSpan(query.stream);
    if (span === null) return { bucket: query.bucket === 'auto' ? '1h' : query.bucket, buckets: [] };
    let target;
    try {
      target = emptySeries(span.first, span.last, query.bucket);
    } catch (error) {
      throw new JournalError('bad-request', (error as Error).message);
    }
    const where = query.stream === undefined ? '' : 'AND stream = ?';
    const params = query.stream === undefined ? [] : [query.stream];
    // Counted by SQL, grouped per bucket and type, so only the series crosses into JavaScript.
    const rows = this.options.eventsDb
      .prepare(`SELECT (time_ms - ?) / ? AS bucket, type, count(*) FROM ${this.options.relation} WHERE time_ms IS NOT NULL ${where} GROUP BY bucket, type`)
      .raw(true)
      .all(target.origin, target.width, ...params) as [number, string, number][];
    for (const [bucket, type, count] of rows) addToSeries(target, target.origin + bucket * target.width, type, count);
    return target.series;
  }

  streamEvents(stream: string): JournalEvent[] {
    if (!this.hasStream(stream)) {
      throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${this.summary.name}.`);
    }
    const rows = this.options.eventsDb
      .prepare(`SELECT ${COLUMNS} FROM ${this.options.relation} WHERE stream = ? ORDER BY version, ${this.options.order}`)
      .raw(true)
      .all(stream) as Row[];
    return rows.map((row) => this.toEvent(row));
  }

  close(): void {
    if (this.options.eventsDb !== this.options.summaryDb) this.options.eventsDb.close();
    this.options.summaryDb.close();
  }

  private journalSpan(): { first: number; last: number } | null {
    const { firstTime, lastTime } = this.summary;
    return firstTime === null || lastTime === null ? null : { first: Date.parse(firstTime), last: Date.parse(lastTime) };
  }

  private streamSpan(stream: string): { first: number; last: number } | null {
    const row = this.options.summaryDb.prepare('SELECT first_ms, last_ms FROM streams WHERE stream = ?').raw(true).get(stream) as
      | [number | null, number | null]
      | undefined;
    if (row === undefined) throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${this.summary.name}.`);
    return row[0] === null || row[1] === null ? null : { first: row[0], last: row[1] };
  }

  private filter(query: EventsQuery): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.stream !== undefined) {
      clauses.push('stream = ?');
      params.push(query.stream);
    }
    if (query.types && query.types.length > 0) {
      clauses.push(`type IN (${query.types.map(() => '?').join(', ')})`);
      params.push(...query.types);
    }
    if (query.from !== undefined) {
      clauses.push('time_ms >= ?');
      params.push(Date.parse(query.from));
    }
    if (query.to !== undefined) {
      clauses.push('time_ms < ?');
      params.push(Date.parse(query.to));
    }
    const needle = query.text?.trim().toLowerCase();
    if (needle) {
      clauses.push("instr(lower(coalesce(CAST(data AS TEXT), '') || char(0) || coalesce(CAST(metadata AS TEXT), '')), ?) > 0");
      params.push(needle);
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  private toEvent([position, stream, version, type, timeMs, storedData, storedMetadata]: Row): JournalEvent {
    const { data, metadata } = this.options.decode(storedData, storedMetadata);
    // Stores may keep ids and types as numbers; the model speaks of them as text.
    return { position, stream: String(stream), version, type: String(type), time: isoOrNull(timeMs), data, metadata };
  }
}
