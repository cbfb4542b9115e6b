// A journal answered with SQL: filters, order and counts run on a narrow relation of event columns (the cache's
// `events` table, or a view over a SQLite store's own table); payloads are fetched only for the rows answered.
// Summary tables live in the cache either way.
import { pathToFileURL } from 'node:url';
import type Database from 'better-sqlite3';
import { JournalError } from '../../shared/contract.js';
import type { EventPage, Json, JournalEvent, JournalSummary, RateSeries, SearchProgress, StreamPage, StreamSummary } from '../../shared/model.js';
import type { SnapshotRecord } from '../readers/formats/types.js';
import type { JournalEvidence } from './evidence.js';
import { parseCondition } from '../../shared/condition.js';
import { clipSpan, emptySeries, SeriesBuilder } from '../../shared/rates.js';
import type { RateWindow } from '../../shared/rates.js';
import type { EventsQuery, RatesQuery, StreamPageQuery, StreamsRequest } from '../../shared/requests.js';
import { exactText } from './exact-text.js';
import { conditionMatches, noteHits, noteTextMatches, PAYLOAD_TEXT_MATCH, sqlTextSearch } from './payload-search.js';
import type { PayloadSearchJob, StoreRecipe } from './payload-search-job.js';
import { runPayloadSearchInBackground } from './importer.js';
import { COLUMNS, NO_PAYLOADS, storedPayloads } from './payload-reader.js';
import type { PayloadSources, Row, StoredRow } from './payload-reader.js';
import type { EventFilter, JournalStore } from './journal-store.js';
import type { ScanOptions } from './journal-store.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RowDecoder } from './record-decoder.js';
import type { SourceRecords } from './source-records.js';
import { addMinutesToSeries, MINUTE, RateCounts, readMinuteCounts } from './rate-counts.js';
import type { MinuteCounts } from './rate-counts.js';
import { filterStreams, sortStreams } from './stream-list.js';
import { isoOrNull, readStreams } from './summary-schema.js';



export interface SqlStoreOptions {
  /** Where `events` is queried: the cache file, or the journal itself with a TEMP view. */
  eventsDb: Database.Database;
  /** The cache file holding streams, types, findings and meta. */
  summaryDb: Database.Database;
  summary: JournalSummary;
  /** The relation holding the events (seq, position, stream, version, type, time_ms). */
  relation: string;
  /** The relation holding their payloads and event ids (seq, data, metadata, id); may be the same relation. */
  payloads: string;
  /** Global order: "seq" when positions rose with the file order, else "position, seq". */
  order: string;
  /** Turns a row's stored data and metadata back into JSON. */
  decode: RowDecoder;
  /** The journal file, for rows whose record is read back from it (src_offset set). */
  source?: SourceRecords;
  /** True for the cache, whose rows without metadata hold the whole JSON record; a store's own NULL column is not one. */
  recordRows?: boolean;
  /** How a worker thread opens these events again, to test payload conditions beside this thread. */
  recipe?: StoreRecipe;
  /** The journal's identity when opened and the digest its cache was built from (evidence.ts). */
  evidence?: JournalEvidence;
}


/** Events of a stream read per turn by readStream(): a few tens of milliseconds of work. */
const STREAM_PAGE = 2000;

/** A payload search (in workers, or in turns here): what it looks for (as typed), how far each part has got, how to stop it. */
interface RunningSearch {
  what: string;
  controller: AbortController;
  /** Events tested so far, per worker (and per part searched on this thread). */
  scanned: number[];
  total: number;
  found: Promise<number[]>;
}

/** Scan keys per order: the columns a keyset page continues after, with their place in a Row. */
const KEYS: Record<'seq' | 'position' | 'stream', [string, number][]> = {
  seq: [['seq', 0]],
  position: [['position', 1], ['seq', 0]],
  stream: [['stream', 2], ['version', 3], ['seq', 0]],
};

export class SqlJournalStore implements JournalStore {
  readonly summary: JournalSummary;
  readonly evidence?: JournalEvidence;
  private readonly streamList: StreamSummary[];
  /** The text whose matches temp.text_hits holds, and the condition whose matches temp.where_hits holds. */
  private searched: string | null = null;
  private conditioned: string | null = null;
  /** Where events are filtered: the relation given, until a narrow index replaces it (adoptIndex). */
  private relation: string;
  /** Hour counts of an adopted index. */
  private indexedRates = false;
  private readonly closing: (() => void)[] = [];
  /** Payload searches running in workers, by what they look for; stopped when cancelled or the journal closes. */
  private readonly searches = new Map<string, RunningSearch>();
  private readonly closer = new AbortController();
  private readonly closeSignal = this.closer.signal;
  private closed = false;
  private readonly listings = new Map<string, StreamSummary[]>();
  /** Minute counts, read once. */
  private minutes: MinuteCounts | null = null;

  constructor(private readonly options: SqlStoreOptions) {
    this.summary = options.summary;
    if (options.evidence !== undefined) this.evidence = options.evidence;
    this.streamList = readStreams(options.summaryDb);
    this.relation = options.relation;
  }

  /**
   * From now on, filter and order through a narrow index file (built in the background for a store read in place):
   * its indexes answer stream, type and time filters; payloads still come from the store.
   */
  adoptIndex(indexFile: string): void {
    const db = this.options.eventsDb;
    db.prepare('ATTACH DATABASE ? AS idx').run(`${pathToFileURL(indexFile).href.replace(/^file:\/\//, 'file:')}?immutable=1`);
    db.exec('CREATE TEMP VIEW idx_events AS SELECT seq, seq AS position, stream, version, type, time_ms, NULL AS src_offset, NULL AS src_length FROM idx.events');
    this.relation = 'temp.idx_events';
    this.indexedRates = true;
    this.minutes = null;
  }

  private background: Promise<void> = Promise.resolve();

  /** Work that speeds the store up once done; queries answer meanwhile. */
  runInBackground(work: Promise<void>): void {
    this.background = work.catch(() => {});
  }

  settled(): Promise<void> {
    return this.background;
  }

  /** Runs when the journal is closed (e.g. stops a background index build). */
  onClose(action: () => void): void {
    this.closing.push(action);
  }

  async streams(request: StreamsRequest): Promise<StreamSummary[]> {
    return request.filter?.trim() ? filterStreams(this.streamList, request.filter) : this.streamList;
  }

  async streamPage(query: StreamPageQuery): Promise<StreamPage> {
    const key = JSON.stringify([query.filter ?? '', query.from ?? '', query.to ?? '', query.types ?? [], query.text ?? '', query.where ?? '', query.sort]);
    let list = this.listings.get(key);
    if (list === undefined) {
      const within = query.from !== undefined || query.to !== undefined || (query.types?.length ?? 0) > 0 || !!query.text?.trim() || query.where !== undefined;
      list = sortStreams(filterStreams(within ? this.streamsWithin(query) : this.streamList, query.filter), query.sort);
      // A few listings are kept: paging through one must not sort a million streams per page.
      if (this.listings.size >= 8) this.listings.delete(this.listings.keys().next().value!);
      this.listings.set(key, list);
    }
    return { total: list.length, offset: query.offset, streams: list.slice(query.offset, query.offset + query.limit) };
  }

  /** Each stream's counts, versions and times within a time range and types. */
  private streamsWithin(query: StreamPageQuery): StreamSummary[] {
    const { where, params } = this.filter({
      ...(query.from && { from: query.from }),
      ...(query.to && { to: query.to }),
      ...(query.types && { types: query.types }),
      ...(query.text && { text: query.text }),
      ...(query.where && { where: query.where }),
    });
    const rows = this.options.eventsDb
      .prepare(`SELECT stream, count(*), min(version), max(version), min(time_ms), max(time_ms) FROM ${this.relation} ${where} GROUP BY stream`)
      .raw(true)
      .all(...params) as [string | number, number, number, number, number | null, number | null][];
    return rows.map(([stream, events, firstVersion, lastVersion, firstMs, lastMs]) => ({
      stream: String(stream),
      events,
      firstVersion,
      lastVersion,
      firstTime: isoOrNull(firstMs),
      lastTime: isoOrNull(lastMs),
    }));
  }

  async hasStream(stream: string): Promise<boolean> {
    return this.options.summaryDb.prepare('SELECT 1 FROM streams WHERE stream = ?').pluck().get(stream) !== undefined;
  }

  async page(query: EventsQuery): Promise<EventPage> {
    const { where, params } = this.filter(query);
    const order = query.stream !== undefined ? `version, ${this.options.order}` : this.options.order;
    const db = this.options.eventsDb;
    if (query.at !== undefined) return await this.page({ ...query, at: undefined, offset: this.rowOf(query.at, where, params, order) });
    const total =
      where === ''
        ? this.summary.events
        : (db.prepare(`SELECT count(*) FROM ${this.relation} ${where}`).pluck().get(...params) as number);
    const rows = db
      .prepare(`SELECT ${COLUMNS} FROM ${this.relation} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .raw(true)
      .all(...params, query.limit, query.offset) as Row[];
    // Pages are what a window shows: there, payloads nested too deeply to be sent whole come with their exact text.
    return { total, offset: query.offset, events: this.withPayloads(rows, true, query.records === true) };
  }

  async rates(query: RatesQuery): Promise<RateSeries> {
    const bounds: RateWindow = { ...(query.from && { from: Date.parse(query.from) }), ...(query.to && { to: Date.parse(query.to) }) };
    const span = clipSpan(query.stream !== undefined ? this.streamSpan(query.stream) : query.category !== undefined ? this.categorySpan(query.category) : this.journalSpan(), bounds);
    if (span === null) return emptySeries(query.bucket);
    let builder: SeriesBuilder;
    try {
      builder = new SeriesBuilder(span.first, span.last, query.bucket);
    } catch (error) {
      throw new JournalError('bad-request', (error as Error).message);
    }
    const whole = query.stream === undefined && query.category === undefined;
    const byPayload = !!query.text?.trim() || query.where !== undefined;
    const wholeMinutes = (ms: number | undefined) => ms === undefined || ms % MINUTE === 0;
    if (whole && !byPayload && builder.width % MINUTE === 0 && wholeMinutes(bounds.from) && wholeMinutes(bounds.to)) {
      // Minute counts are kept per type: a series of minutes, hours or days over whole minutes never reads the events.
      const counts = this.minuteCounts();
      const types = query.types?.length ? new Set(query.types) : null;
      addMinutesToSeries(types === null ? counts : new Map([...counts].filter(([type]) => types.has(type))), builder, span);
      return builder.finish();
    }
    // The same filters as a page of events (payload searches noted by prepare()), within the buckets' span.
    const { where, params } = this.filter({
      ...(query.stream !== undefined && { stream: query.stream }),
      ...(query.category !== undefined && { category: query.category }),
      ...(query.types?.length && { types: query.types }),
      ...(query.text !== undefined && { text: query.text }),
      ...(query.where !== undefined && { where: query.where }),
    });
    // Counted while iterating: a GROUP BY over a million rows would sort them all in memory.
    const rows = this.options.eventsDb
      .prepare(`SELECT time_ms, type FROM ${this.relation} ${where ? `${where} AND` : 'WHERE'} time_ms IS NOT NULL AND time_ms BETWEEN ? AND ?`)
      .raw(true);
    for (const [ms, type] of rows.iterate(...params, span.first, span.last) as Iterable<[number, string | number]>) builder.add(ms, String(type));
    return builder.finish();
  }


  /** Events per minute and type, from the cache's rate_days table, which is built on first use when absent. */
  private minuteCounts(): MinuteCounts {
    if (this.minutes !== null) return this.minutes;
    if (this.indexedRates) return (this.minutes = readMinuteCounts(this.options.eventsDb, 'idx.rate_days'));
    const db = this.options.summaryDb;
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rate_days'").pluck().get();
    if (!exists) {
      const counts = new RateCounts();
      const rows = this.options.eventsDb.prepare(`SELECT time_ms, type FROM ${this.relation} WHERE time_ms IS NOT NULL`).raw(true);
      for (const [ms, type] of rows.iterate() as Iterable<[number, string]>) counts.add(ms, String(type));
      counts.write(db);
    }
    return (this.minutes = readMinuteCounts(db, 'rate_days'));
  }


  async snapshots(stream: string): Promise<SnapshotRecord[]> {
    const db = this.options.summaryDb;
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'").pluck().get();
    if (!exists) return [];
    const rows = db.prepare('SELECT version, time_ms, type, state FROM snapshots WHERE stream = ? ORDER BY version').raw(true).all(stream) as [number, number | null, string | null, string][];
    return rows.map(([version, timeMs, type, state]) => ({ stream, version, time: isoOrNull(timeMs), type, state: JSON.parse(state) as Json }));
  }

  async streamEvents(stream: string): Promise<JournalEvent[]> {
    if (!(await this.hasStream(stream))) {
      throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${this.summary.name}.`);
    }
    const rows = this.options.eventsDb
      .prepare(`SELECT ${COLUMNS} FROM ${this.relation} WHERE stream = ? ORDER BY version, ${this.options.order}`)
      .raw(true)
      .all(stream) as Row[];
    return this.withPayloads(rows);
  }

  async readStream(stream: string, onProgress: (read: number, total: number) => void): Promise<JournalEvent[]> {
    if (!(await this.hasStream(stream))) {
      throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${this.summary.name}.`);
    }
    // The narrow rows in one query (as streamEvents() orders them); their payloads, the costly part, a page per turn.
    const rows = this.options.eventsDb
      .prepare(`SELECT ${COLUMNS} FROM ${this.relation} WHERE stream = ? ORDER BY version, ${this.options.order}`)
      .raw(true)
      .all(stream) as Row[];
    return this.payloadsByPage(rows, onProgress);
  }

  async readSelection(query: EventFilter, onProgress: (read: number, total: number) => void): Promise<JournalEvent[]> {
    const { where, params } = this.filter(query);
    const rows = this.options.eventsDb
      .prepare(`SELECT ${COLUMNS} FROM ${this.relation} ${where} ORDER BY ${this.options.order}`)
      .raw(true)
      .all(...params) as Row[];
    return this.payloadsByPage(rows, onProgress);
  }

  /** The rows' events with their payloads, a page per turn, saying after each page how many are read. */
  private async payloadsByPage(rows: Row[], onProgress: (read: number, total: number) => void): Promise<JournalEvent[]> {
    const events: JournalEvent[] = [];
    for (let at = 0; at < rows.length; at += STREAM_PAGE) {
      if (at > 0) await nextTurn();
      for (const event of this.withPayloads(rows.slice(at, at + STREAM_PAGE))) events.push(event);
      onProgress(events.length, rows.length);
    }
    return events;
  }

  async scan(visit: (events: JournalEvent[]) => void | Promise<void>, options: ScanOptions = {}): Promise<void> {
    const { order = 'global', batchSize = 2000, payloads = true, records = false, signal } = options;
    // Keyset pages, not one open iterator: while the visitor awaits, the connection must answer other queries.
    // The key columns are the order's own, ending in seq, so every row has one place and none is read twice.
    const keys = order === 'stream' ? KEYS.stream : order === 'global' && this.options.order !== 'seq' ? KEYS.position : KEYS.seq;
    const orderBy = keys.map(([column]) => column).join(', ');
    const after = keys.length === 1 ? `${orderBy} > ?` : `(${orderBy}) > (${keys.map(() => '?').join(', ')})`;
    const db = this.options.eventsDb;
    const first = db.prepare(`SELECT ${COLUMNS} FROM ${this.relation} ORDER BY ${orderBy} LIMIT ?`).raw(true);
    const next = db.prepare(`SELECT ${COLUMNS} FROM ${this.relation} WHERE ${after} ORDER BY ${orderBy} LIMIT ?`).raw(true);
    let last: Row | null = null;
    for (;;) {
      if (signal?.aborted) throw new JournalError('cancelled', `Reading ${this.summary.name} was cancelled.`);
      const rows = (last === null ? first.all(batchSize) : next.all(...keys.map(([, at]) => last![at]), batchSize)) as Row[];
      if (rows.length === 0) return;
      await visit(payloads ? this.withPayloads(rows, false, records) : rows.map((row) => this.headOf(row)));
      if (rows.length < batchSize) return;
      last = rows[rows.length - 1]!;
      await nextTurn();
    }
  }

  /** An event of the narrow columns only (scan without payloads). */
  private headOf([, position, stream, version, type, timeMs]: Row): JournalEvent {
    return { position, stream: String(stream), version, type: String(type), time: isoOrNull(timeMs), data: null, metadata: null };
  }

  close(): void {
    this.closed = true;
    this.closer.abort();
    for (const action of this.closing) action();
    this.options.source?.close();
    if (this.options.eventsDb !== this.options.summaryDb) this.options.eventsDb.close();
    this.options.summaryDb.close();
  }

  private journalSpan(): { first: number; last: number } | null {
    const { firstTime, lastTime } = this.summary;
    return firstTime === null || lastTime === null ? null : { first: Date.parse(firstTime), last: Date.parse(lastTime) };
  }

  private categorySpan(category: string): { first: number; last: number } | null {
    const row = this.options.summaryDb
      .prepare('SELECT min(first_ms), max(last_ms) FROM streams WHERE stream >= ? AND stream < ?')
      .raw(true)
      .get(`${category}-`, `${category}.`) as [number | null, number | null];
    return row[0] === null || row[1] === null ? null : { first: row[0], last: row[1] };
  }

  private streamSpan(stream: string): { first: number; last: number } | null {
    const row = this.options.summaryDb.prepare('SELECT first_ms, last_ms FROM streams WHERE stream = ?').raw(true).get(stream) as
      | [number | null, number | null]
      | undefined;
    if (row === undefined) throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${this.summary.name}.`);
    return row[0] === null || row[1] === null ? null : { first: row[0], last: row[1] };
  }

  /**
   * The row of the event at `position` under a filter and order: the events that sort before it. Order keys are
   * compared as a row value, so "position, seq" and "version, seq" both count exactly, whatever the positions do.
   */
  private rowOf(position: number, where: string, params: unknown[], order: string): number {
    const db = this.options.eventsDb;
    const keys = order.split(',').map((key) => key.trim());
    const found = db.prepare(`SELECT ${keys.join(', ')} FROM ${this.relation} ${where ? `${where} AND` : 'WHERE'} position = ? ORDER BY ${order} LIMIT 1`).raw(true).get(...params, position) as unknown[] | undefined;
    if (found === undefined) throw new JournalError('not-found', `No event at position ${position.toLocaleString('en-US')} is among the events shown.`);
    const before = `(${keys.join(', ')}) < (${keys.map(() => '?').join(', ')})`;
    return db.prepare(`SELECT count(*) FROM ${this.relation} ${where ? `${where} AND` : 'WHERE'} ${before}`).pluck().get(...params, ...found) as number;
  }

  private filter(query: EventFilter): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.stream !== undefined) {
      clauses.push('stream = ?');
      params.push(query.stream);
    }
    if (query.category !== undefined) {
      // "account-…" streams sort between "account-" and "account." ("." follows "-"): a range the index can use.
      clauses.push('stream >= ? AND stream < ?');
      params.push(`${query.category}-`, `${query.category}.`);
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
      // Payloads beside the events are matched in the query itself, unless prepare() has noted the matches already.
      if (this.options.payloads === this.relation && this.searched !== needle) {
        clauses.push(PAYLOAD_TEXT_MATCH);
        params.push(needle);
      } else {
        clauses.push('seq IN (SELECT seq FROM temp.text_hits)');
        this.findText(needle);
      }
    }
    if (query.where !== undefined) {
      clauses.push('seq IN (SELECT seq FROM temp.where_hits)');
      this.findWhere(query.where);
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  /** Notes the events whose payload holds the text (once per text). */
  private findText(needle: string): void {
    if (this.searched === needle) return;
    noteTextMatches(this.payloadSources(), needle);
    this.searched = needle;
  }

  /** Notes the events whose payload meets the condition (once per condition), in this thread unless prepare() did. */
  private findWhere(text: string): void {
    if (this.conditioned === text) return;
    noteHits(this.options.eventsDb, 'where_hits', conditionMatches(this.payloadSources(), this.relation, parseCondition(text), -Infinity, Infinity));
    this.conditioned = text;
  }

  /**
   * Runs a query's payload searches in two worker threads, half the events each: a condition, and text in records
   * read back from the journal file. Over a million events that takes half the time and never holds this thread; the
   * query that follows finds the matches noted. Text in payload columns is searched by SQL on this thread, a range
   * of rows per turn, so it too tells its progress and can be cancelled.
   */
  async prepare(query: { text?: string | undefined; where?: string | undefined }): Promise<void> {
    const needle = query.text?.trim().toLowerCase();
    const recipe = this.options.recipe;
    // Records in the file need workers: without a recipe the query searches them itself.
    const textSearch = needle && this.searched !== needle && (this.options.source === undefined || recipe !== undefined);
    await Promise.all([
      textSearch ? this.searchOnce(`text:${needle}`, `text ${query.text!.trim()}`, (search) => this.searchText(needle, search), (hits) => this.noteText(needle, hits)) : null,
      query.where !== undefined && this.conditioned !== query.where && recipe !== undefined
        ? this.searchOnce(`where:${query.where}`, query.where, (search) => this.searchInWorkers(recipe, { condition: query.where! }, search), (hits) => this.noteWhere(query.where!, hits))
        : null,
    ]);
  }

  /** The events whose payloads hold the text: payload columns here in turns, records in the file in workers. */
  private async searchText(needle: string, search: RunningSearch): Promise<number[]> {
    const recipe = this.options.recipe;
    const [inColumns, inFile] = await Promise.all([
      this.searchInTurns(sqlTextSearch(this.payloadSources(), needle), search),
      this.options.source !== undefined && recipe !== undefined ? this.searchInWorkers(recipe, { text: needle }, search) : [],
    ]);
    return [...inColumns, ...inFile];
  }

  /** Runs a paged search on this thread, a page per turn of the event loop, until it ends or is cancelled. */
  private async searchInTurns(pages: Generator<number, number[]>, search: RunningSearch): Promise<number[]> {
    const slot = search.scanned.push(0) - 1;
    for (;;) {
      // A turn first: the search is listed (searchProgress) before its first page runs.
      await nextTurn();
      if (search.controller.signal.aborted) throw new JournalError('cancelled', 'The search was cancelled.');
      const next = pages.next();
      if (next.done) return next.value;
      search.scanned[slot] = next.value;
    }
  }

  searchProgress(): SearchProgress | null {
    if (this.searches.size === 0) return null;
    const running = [...this.searches.values()];
    const total = running.reduce((sum, search) => sum + search.total, 0);
    const scanned = running.reduce((sum, search) => sum + Math.min(search.total, search.scanned.reduce((a, b) => a + b, 0)), 0);
    return { searching: running.map((search) => search.what), scanned, total };
  }

  cancelSearches(): boolean {
    for (const search of this.searches.values()) search.controller.abort();
    return this.searches.size > 0;
  }

  /** One search per query text at a time: a second call for it waits for the first. */
  private async searchOnce(key: string, what: string, run: (search: RunningSearch) => Promise<number[]>, note: (hits: number[]) => void): Promise<void> {
    let search = this.searches.get(key);
    if (search === undefined) {
      const controller = new AbortController();
      const stop = () => controller.abort();
      this.closeSignal.addEventListener('abort', stop);
      const started: RunningSearch = { what, controller, scanned: [], total: this.summary.events, found: Promise.resolve([]) };
      started.found = run(started).finally(() => {
        this.closeSignal.removeEventListener('abort', stop);
        if (this.searches.get(key) === started) this.searches.delete(key);
      });
      this.searches.set(key, started);
      search = started;
    }
    let hits: number[] | null;
    try {
      hits = await search.found;
    } catch {
      // Cancelled by the user: every query waiting for it fails in words; the service is free again at once.
      if (search.controller.signal.aborted && !this.closed) {
        throw new JournalError('cancelled', `The search for ${what} in ${this.summary.name} was cancelled.`);
      }
      // A worker that could not read (the journal file gone since it was opened): the query searches in this thread.
      hits = null;
    }
    if (hits !== null && !this.closed) note(hits);
  }

  private noteText(needle: string, hits: number[]): void {
    if (this.searched === needle) return;
    // Both parts were searched (searchText): the hits are the whole answer.
    noteHits(this.options.eventsDb, 'text_hits', hits);
    this.searched = needle;
  }

  private noteWhere(text: string, hits: number[]): void {
    if (this.conditioned === text) return;
    noteHits(this.options.eventsDb, 'where_hits', hits);
    this.conditioned = text;
  }

  private async searchInWorkers(recipe: StoreRecipe, find: PayloadSearchJob['find'], search: RunningSearch): Promise<number[]> {
    if ('condition' in find) parseCondition(find.condition);
    const db = this.options.eventsDb;
    const [low, high] = db.prepare(`SELECT (SELECT min(seq) FROM ${this.relation}), (SELECT max(seq) FROM ${this.relation})`).raw(true).get() as [number | null, number | null];
    if (low === null || high === null) return [];
    const middle = Math.floor((low + high) / 2);
    const halves = [
      { after: low - 1, last: middle },
      { after: middle, last: high },
    ];
    // A slot per worker beside any other part of the same search (searchText).
    const base = search.scanned.push(...halves.map(() => 0)) - halves.length;
    const found = await Promise.all(
      halves.map((half, i) => runPayloadSearchInBackground({ recipe, find, ...half }, search.controller.signal, (scanned) => (search.scanned[base + i] = scanned))),
    );
    return found.flat();
  }

  /**
   * Fetches the payloads (and event ids) of these rows and builds their events, in the rows' order. `deep` also
   * gives the exact text of events whose payloads are nested too deeply to be sent to a window whole; `records`, the
   * text of every event kept as a whole record (ScanOptions.records).
   */
  private withPayloads(rows: Row[], deep = false, records = false): JournalEvent[] {
    const payloads = this.storedPayloads(rows);
    return rows.map((row) => this.toEvent(row, payloads.get(row[0]) ?? NO_PAYLOADS, deep, records));
  }

  private payloadSources(): PayloadSources {
    return { db: this.options.eventsDb, payloads: this.options.payloads, source: this.options.source, decode: this.options.decode };
  }

  /** The payloads (and event ids) of these rows as stored, by seq: a record read back, or the cache's columns. */
  private storedPayloads(rows: Row[]): Map<number, StoredRow> {
    return storedPayloads(this.payloadSources(), rows);
  }

  private toEvent(
    [, position, stream, version, type, timeMs]: Row,
    [storedData, storedMetadata, storedId, storedExtra]: StoredRow,
    deep: boolean,
    records = false,
  ): JournalEvent {
    const { data, metadata, id, extra } = this.options.decode(storedData, storedMetadata, storedId, storedExtra);
    const form = this.options.recordRows && storedMetadata === null ? 'record' : 'columns';
    const record = records && form === 'record' && typeof storedData === 'string' ? storedData : undefined;
    const raw = record ?? exactText({ form, data: storedData, metadata: storedMetadata, decoded: { data, metadata } }, deep);
    // Stores may keep ids and types as numbers; the model speaks of them as text.
    return {
      position,
      stream: String(stream),
      version,
      type: String(type),
      time: isoOrNull(timeMs),
      data,
      metadata,
      ...(id !== undefined && { id }),
      ...(extra !== undefined && { extra }),
      ...(raw !== undefined && { raw }),
    };
  }
}

