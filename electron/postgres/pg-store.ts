// A live PostgreSQL event store as a journal. Every question is one bounded query on the server (counts, buckets,
// pages, one stream); nothing of the store is copied here, and nothing is written there (pg-session.ts).
import { JournalError } from '../../shared/contract.js';
import type { EventPage, Json, JournalEvent, JournalSummary, RateSeries, SearchProgress, StreamPage, StreamSummary } from '../../shared/model.js';
import { clipSpan, emptySeries, SeriesBuilder } from '../../shared/rates.js';
import type { RateWindow } from '../../shared/rates.js';
import type { EventsQuery, RatesQuery, StreamPageQuery, StreamsRequest } from '../../shared/requests.js';
import type { ColumnMap, SnapshotRecord } from '../readers/formats/types.js';
import type { EventFilter, JournalStore, ScanOptions } from '../store/journal-store.js';
import { filterStreams, sortStreams } from '../store/stream-list.js';
import { earliest, latest, LiveStreamList } from './pg-stream-list.js';
import { streamMatcher } from '../../shared/stream-match.js';
import { detectLayout } from './pg-detect.js';
import { historyGuards } from './pg-guards.js';
import { storeMarks } from './pg-marks.js';
import { filterKey, filterSql, SqlParams, streamClause, timeBound } from './pg-filter.js';
import { ANCHOR_EVERY, PageAnchors } from './pg-anchors.js';
import { ScanGuard } from './pg-cost.js';
import type { ScanConsenting } from './pg-cost.js';
import { meetsCondition, parseCondition } from '../../shared/condition.js';
import type { PgLayout } from './pg-layouts.js';
import { decodePayloads } from './pg-payloads.js';
import { PgSession } from './pg-session.js';
import type { RunOptions } from './pg-session.js';
import { parsePgTarget } from './pg-target.js';
import { notifyChannels } from './pg-notify.js';

/** Events read per query by readStream, readSelection and scan: a few tens of milliseconds of work each. */
const BATCH = 2000;
/** What the person waits on and may cancel (PgSession.cancelSearches): pages, counts and the chart's buckets. */
const SEARCH: RunOptions = { search: true };
/** Filters whose counts are kept at once. */
const KEEP_TOTALS = 16;

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
/**
 * The columns every event query selects, in this order (times to the microsecond, as text in UTC). Each is named
 * apart from the relation's columns: ORDER BY position would otherwise sort the text output column "position".
 */
const COLUMNS = `position::text AS out_position, stream AS out_stream, version::text AS out_version, type AS out_type,
  to_char(time AT TIME ZONE 'UTC', ${ISO}) AS out_time, data AS out_data, metadata AS out_metadata, id AS out_id`;
/** COLUMNS and the store's other fields of the event, where its relation has them (PgLayout.extra). */
const columnsOf = (layout: PgLayout) => `${COLUMNS}, ${layout.extra ? 'extra' : 'NULL::jsonb'} AS out_extra`;
/** Times to the millisecond (truncated, as a file's are), as the stream list shows them. */
const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** A stream's count, version range and time range, per GROUP BY stream. */
const STREAM_ROWS = `SELECT stream, count(*)::text, min(version)::text, max(version)::text,
  to_char(min(time) AT TIME ZONE 'UTC', ${ISO_MS}), to_char(max(time) AT TIME ZONE 'UTC', ${ISO_MS})`;
/**
 * A stream's count and version range alone: what a large store's stream list is first shown from. Neither times nor
 * types, so the store's (stream, version) index can answer it, as it answers a plain GROUP BY of psql's.
 */
const STREAM_COUNTS = `SELECT stream, count(*)::text, min(version)::text, max(version)::text, NULL::text, NULL::text`;
type Row = [string, string, string, string, string | null, unknown, unknown, string | null, string | null];
type StreamRow = [string, string, string, string, string | null, string | null];

export interface PgOpenOptions {
  /** The password, given apart from the URL (a prompt, the form). */
  password?: string;
  signal?: AbortSignal;
  /** The user's naming of a table and its columns (`--map`, Map columns…): wins over the store recognised. */
  map?: ColumnMap;
  /**
   * Above this many events the open answers once the stream list's counts are read, and the streams' times and the
   * type counts follow (summary.live.counting until then): the app shows a large store sooner. Left out, the open
   * reads everything first (the CLI prints whole answers).
   */
  listFirstAbove?: number;
}

export async function openPgStore(url: string, options: PgOpenOptions = {}): Promise<PgJournalStore> {
  const target = parsePgTarget(url);
  const session = await PgSession.open(target, options.password);
  const abort = () => session.cancelAll();
  options.signal?.addEventListener('abort', abort);
  try {
    const layout = await detectLayout(session, options.map);
    const store = new PgJournalStore(session, layout);
    await store.open(options.listFirstAbove);
    store.summary.findings.push(...(layout.findings ?? []), ...(await storeMarks(session, layout)), ...(await historyGuards(session, layout)));
    store.notePages();
    if (options.signal?.aborted) throw new JournalError('cancelled', `Connecting to ${target.name} was cancelled.`);
    return store;
  } catch (error) {
    await session.close();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

export class PgJournalStore implements JournalStore, ScanConsenting {
  private current: JournalSummary;
  private readonly streamList = new LiveStreamList();
  private closed = false;
  /** The highest position seen (text: bigint), by refresh() or poll(). */
  private head: string | null = null;
  /** Keys noted for far pages, per filter and order. */
  private readonly anchors: PageAnchors;
  /** Filters' counts, and the head they were counted up to (filteredCount). */
  private readonly totals = new Map<string, { head: string | null; epoch: number; total: number }>();
  /** Counts full re-reads that found other events below the head than were counted: each makes counts stale. */
  private epoch = 0;
  /** The streams' times and the type counts, read after a stream list shown from its counts (open); and whether they
   * arrived since the last poll, which then reports a change. */
  private details: Promise<void> | null = null;
  private detailsArrived = false;
  /** The positions meeting a condition on bytea payloads (prepare), and the search finding them now. */
  private matched: { where: string; positions: string[] } | null = null;
  private searching: { what: string; scanned: number; total: number; controller: AbortController } | null = null;
  /** Asks before a filter reads a large table whole (pg-cost.ts). */
  readonly scans: ScanGuard;

  constructor(
    private readonly session: PgSession,
    readonly layout: PgLayout,
  ) {
    this.scans = new ScanGuard(session, layout);
    this.anchors = new PageAnchors(session, layout.relation);
    const { name } = session.target;
    this.current = {
      path: name,
      name,
      format: layout.id,
      events: 0,
      streams: 0,
      firstTime: null,
      lastTime: null,
      types: [],
      findings: [],
      moreFindings: 0,
      live: { store: layout.title, schema: layout.schema, parts: layout.parts },
    };
  }

  /** The summary as of the last refresh(): a live store moves on. */
  get summary(): JournalSummary {
    return this.current;
  }

  /**
   * Where the store announces its appends (Commanded, Python eventsourcing): `wake` runs on each announcement, `lost`
   * when the listening connection failed. Null for a store that announces nothing (it is polled).
   */
  async watch(wake: () => void, lost: (message: string) => void): Promise<(() => Promise<void>) | null> {
    const channels = notifyChannels(this.layout);
    return channels.length === 0 ? null : this.session.listen(channels, wake, lost);
  }

  /**
   * Whether events were written since the last look, read from the highest position (one index probe on most
   * stores); new events are added to the stream list and counts by one GROUP BY over them alone. A transaction that
   * commits after a later one leaves its events below the head seen: the full refresh() the follower runs now and
   * then counts them.
   */
  async poll(): Promise<boolean> {
    // Until the times and types of the first read arrive, new events wait: they are counted from its head after.
    if (this.details !== null) return false;
    if (this.detailsArrived) {
      this.detailsArrived = false;
      return true;
    }
    const rows = await this.readHead();
    const head = rows[0]?.[0] ?? null;
    if (head === this.head) return false;
    if (this.head === null || head === null || BigInt(head) < BigInt(this.head)) {
      await this.refresh();
      return true;
    }
    const after = this.head;
    const [streams, types] = await Promise.all([
      this.session.rows<StreamRow>(`${STREAM_ROWS} FROM (${this.layout.relation}) ev WHERE position > $1::bigint AND position <= $2::bigint GROUP BY stream`, [after, head]),
      this.session.rows<[string, string]>(`SELECT type, count(*)::text FROM (${this.layout.relation}) ev WHERE position > $1::bigint AND position <= $2::bigint GROUP BY type`, [after, head]),
    ]);
    this.head = head;
    this.absorb(streams.map(streamSummary), types);
    return true;
  }

  /**
   * The first read of the store. Above `listFirstAbove` events, the stream list is taken from its counts alone (the
   * head and the counts in one snapshot, so they agree), and the streams' times and the type counts are read after,
   * up to that head: they replace the list when they arrive. Otherwise, or when left out, everything is read first.
   */
  async open(listFirstAbove?: number): Promise<void> {
    if (listFirstAbove === undefined) return this.refresh();
    const streams: StreamSummary[] = [];
    const head = await this.session.inSnapshot(async (read) => {
      const found = (await read.rows<[string | null]>(this.headSql()))[0]?.[0] ?? null;
      if (found !== null) await read.each<StreamRow>(`${STREAM_COUNTS} FROM (${this.layout.relation}) ev GROUP BY stream`, [], (row) => streams.push(streamSummary(row)));
      return found;
    });
    if (head === null || streams.reduce((sum, stream) => sum + stream.events, 0) <= listFirstAbove) return this.refresh();
    this.head = head;
    this.streamList.replace(streams);
    this.summarize([]);
    this.current = { ...this.current, live: { ...this.current.live!, counting: true } };
    const details = this.refresh(head).then(
      () => {
        this.detailsArrived = true;
      },
      () => {
        // Times and types could not be read (the server gone, the statement cancelled): the counts stay, and the
        // follower's next full re-read tries again.
        const { counting: _, ...live } = this.current.live!;
        this.current = { ...this.current, live };
      },
    );
    this.details = details.finally(() => {
      this.details = null;
    });
  }

  /** Resolves once the streams' times and the type counts of the first read are in (at once when they are). */
  async detailed(): Promise<void> {
    await this.details;
  }

  /**
   * Reads the stream list and the journal's counts again: the head first (one index probe on most stores), then the
   * streams and the types up to it, at once on two connections, so both count the same events. `upToHead`: up to a
   * head already read (the open's), rather than the store's head now.
   */
  async refresh(upToHead?: string): Promise<void> {
    // The follower's full re-read waits for the first read's details, so an older answer cannot land after it.
    if (upToHead === undefined) await this.details;
    const head = upToHead ?? (await this.readHead())[0]?.[0] ?? null;
    const upTo = 'WHERE position <= $1::bigint';
    const streams: StreamSummary[] = [];
    const [, types] =
      head === null
        ? [null, []]
        : await Promise.all([
            this.session.each<StreamRow>(`${STREAM_ROWS} FROM (${this.layout.relation}) ev ${upTo} GROUP BY stream`, [head], (row) => streams.push(streamSummary(row))),
            this.session.rows<[string, string]>(`SELECT type, count(*)::text FROM (${this.layout.relation}) ev ${upTo} GROUP BY type ORDER BY count(*) DESC, type`, [head], { lane: 'long' }),
          ]);
    const before = `${this.head}/${this.current.events}`;
    this.head = head;
    // In the order a file's stream list has (natural order of names), whatever order the server grouped them in.
    this.streamList.replace(streams);
    this.summarize(types.map(([type, count]) => ({ type, count: Number(count) })));
    if (this.current.live?.counting) {
      const { counting: _, ...live } = this.current.live;
      this.current = { ...this.current, live };
    }
    // Other events than those counted so far (a late commit, a deletion): positions noted for paging are stale.
    if (`${this.head}/${this.current.events}` !== before) {
      this.anchors.forget();
      this.epoch++;
    }
  }

  /** New events' streams and types, added to those known. */
  private absorb(streams: StreamSummary[], types: [string, string][]): void {
    this.streamList.absorb(streams);
    const counts = new Map(this.current.types.map(({ type, count }) => [type, count]));
    for (const [type, count] of types) counts.set(type, (counts.get(type) ?? 0) + Number(count));
    this.summarize([...counts].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)));
  }

  /** The summary's counts and times, from the stream list. */
  private summarize(types: { type: string; count: number }[]): void {
    let events = 0;
    let firstTime: string | null = null;
    let lastTime: string | null = null;
    for (const stream of this.streamList.streams) {
      events += stream.events;
      firstTime = earliest(firstTime, stream.firstTime);
      lastTime = latest(lastTime, stream.lastTime);
    }
    this.current = {
      ...this.current,
      events,
      streams: this.streamList.size,
      firstTime,
      lastTime,
      types,
    };
  }

  async streams(request: StreamsRequest): Promise<StreamSummary[]> {
    return filterStreams(this.streamList.streams, request.filter);
  }

  async streamPage(query: StreamPageQuery): Promise<StreamPage> {
    // Sorting by the last event's time needs the times, which a first read of counts alone leaves to follow.
    if (query.sort === 'last') await this.details;
    const within = query.from !== undefined || query.to !== undefined || (query.types?.length ?? 0) > 0 || !!query.text?.trim() || query.where !== undefined;
    // The list as kept is in name order, and its other orders are kept till it changes: a page needs no sort.
    const ordered = within ? sortStreams(await this.streamsWithin(query), query.sort) : this.streamList.sorted(query.sort);
    const matches = streamMatcher(query.filter);
    const list = matches === null ? ordered : ordered.filter((summary) => matches(summary.stream));
    return { total: list.length, offset: query.offset, streams: list.slice(query.offset, query.offset + query.limit) };
  }

  private async streamsWithin(query: StreamPageQuery): Promise<StreamSummary[]> {
    const filter = { ...(query.from && { from: query.from }), ...(query.to && { to: query.to }), ...(query.types && { types: query.types }), ...(query.text && { text: query.text }), ...(query.where && { where: query.where }) };
    await this.mayScan(filter);
    const params = new SqlParams();
    const where = this.where(filter, params);
    const rows = await this.session.rows<StreamRow>(
      `${STREAM_ROWS} FROM (${this.layout.relation}) ev ${where ? `WHERE ${where}` : ''} GROUP BY stream`,
      params.values,
      SEARCH,
    );
    return rows.map(streamSummary);
  }

  async hasStream(stream: string): Promise<boolean> {
    if (this.streamList.has(stream)) return true;
    // Written since the last refresh: the store knows.
    const params = new SqlParams();
    const rows = await this.session.rows(`SELECT 1 FROM (${this.layout.relation}) ev WHERE ${streamClause(stream, params, this.layout.streamKey)} LIMIT 1`, params.values);
    return rows.length > 0;
  }

  async page(query: EventsQuery): Promise<EventPage> {
    await this.mayScan(query);
    const params = new SqlParams();
    const where = this.where(query, params);
    const keys = query.stream !== undefined ? ['version', 'position'] : ['position'];
    const order = keys.join(', ');
    let offset = query.offset;
    if (query.at !== undefined) offset = await this.rowOf(query.at, where, params.values, order);
    const total = (await this.knownCount(query)) ?? (await this.filteredCount(query));
    // Far in, the page starts from the nearest key noted (pg-anchors.ts). Keys are noted as soon as the whole journal
    // or one stream (read through an index) holds more than a stretch of them, and for other filters at the first
    // page asked that far in (their pass may read the table whole, so only when the person scrolls there).
    const key = `${order}|${filterKey(query)}`;
    const anchor = this.anchors.nearest(key, offset);
    if (anchor === null && total > ANCHOR_EVERY && (offset >= ANCHOR_EVERY || query.stream !== undefined || this.isWhole(query))) {
      this.anchors.note(key, where, params.values, keys);
    }
    const from = anchor === null ? '' : ` AND (${order}) >= (${anchor.keys.map((value) => `${params.add(value)}::bigint`).join(', ')})`;
    const limit = params.add(query.limit);
    const skip = params.add(offset - (anchor?.row ?? 0));
    const rows = await this.session.rows<Row>(`SELECT ${columnsOf(this.layout)} FROM (${this.layout.relation}) ev WHERE ${where}${from} ORDER BY ${order} LIMIT ${limit} OFFSET ${skip}`, params.values, SEARCH);
    return { total, offset, events: rows.map((row) => this.eventOf(row)) };
  }

  /**
   * The count of a filter's events up to the head seen. Counted whole once (a filter no index serves reads the table
   * for it), then kept: the next page of the same filter asks nothing, and after new events only those past the head
   * it was counted at are counted and added.
   */
  private async filteredCount(query: EventFilter): Promise<number> {
    const key = filterKey(query);
    const known = this.totals.get(key);
    const { head, epoch } = this;
    if (known !== undefined && known.epoch === epoch && known.head === head) return known.total;
    const params = new SqlParams();
    let total: number;
    if (known !== undefined && known.epoch === epoch && known.head !== null && head !== null && BigInt(known.head) < BigInt(head)) {
      const after = `position > ${params.add(known.head)}::bigint AND position <= ${params.add(head)}::bigint`;
      total = known.total + (await this.count(`WHERE ${this.where(query, params, false)} AND ${after}`, params.values));
    } else {
      total = await this.count(`WHERE ${this.where(query, params)}`, params.values);
    }
    // Kept only while the events below the head it was counted at are the same (no full re-read changed them).
    if (this.epoch === epoch) {
      this.totals.delete(key);
      if (this.totals.size >= KEEP_TOTALS) this.totals.delete(this.totals.keys().next().value!);
      this.totals.set(key, { head, epoch, total });
    }
    return total;
  }

  /** A query asking for every event, in global order. */
  private isWhole(query: EventFilter): boolean {
    return (
      query.stream === undefined &&
      query.category === undefined &&
      !query.types?.length &&
      query.from === undefined &&
      query.to === undefined &&
      !query.text?.trim() &&
      query.where === undefined
    );
  }

  /** The count of a query the summary already knows (every event, or one stream's), up to the head seen. */
  private async knownCount(query: EventFilter): Promise<number | null> {
    if (this.isWhole(query)) return this.current.events;
    if (this.isWhole({ ...query, stream: undefined }) && query.stream !== undefined) {
      return this.streamList.get(query.stream)?.events ?? 0;
    }
    return null;
  }

  /** Starts noting keys for far pages in global order, in the background, when the journal has more than a stretch. */
  notePages(): void {
    if (this.head === null || this.current.events <= ANCHOR_EVERY) return;
    const params = new SqlParams();
    this.anchors.note(`position|${filterKey({})}`, this.where({}, params), params.values, ['position']);
  }

  /** The row of the event at `position` under a filter and order: the events that sort before it. */
  private async rowOf(position: number, where: string, values: readonly unknown[], order: string): Promise<number> {
    const params = new SqlParams(values);
    const at = params.add(position);
    const found = await this.session.rows<string[]>(
      `SELECT ${order.split(', ').map((key) => `${key}::text AS out_${key}`).join(', ')} FROM (${this.layout.relation}) ev WHERE ${where ? `${where} AND ` : ''}position = ${at} ORDER BY ${order} LIMIT 1`,
      params.values,
      SEARCH,
    );
    if (found.length === 0) throw new JournalError('not-found', `No event at position ${position.toLocaleString('en-US')} is among the events shown.`);
    const before = new SqlParams(values);
    const keys = found[0]!.map((key) => `${before.add(key)}::bigint`);
    return this.count(`WHERE ${where ? `${where} AND ` : ''}(${order}) < (${keys.join(', ')})`, before.values);
  }

  async rates(query: RatesQuery): Promise<RateSeries> {
    // The chart's span comes from the streams' times: after a first read of counts alone, they are on their way.
    await this.details;
    const bounds: RateWindow = { ...(query.from && { from: Date.parse(query.from) }), ...(query.to && { to: Date.parse(query.to) }) };
    const span = clipSpan(await this.spanOf(query), bounds);
    if (span === null) return emptySeries(query.bucket);
    await this.mayScan(query);
    let builder: SeriesBuilder;
    try {
      builder = new SeriesBuilder(span.first, span.last, query.bucket);
    } catch (error) {
      throw new JournalError('bad-request', (error as Error).message);
    }
    const params = new SqlParams();
    const where = this.where(
      {
        ...(query.stream !== undefined && { stream: query.stream }),
        ...(query.category !== undefined && { category: query.category }),
        ...(query.types?.length && { types: query.types }),
        ...(query.text !== undefined && { text: query.text }),
        ...(query.where !== undefined && { where: query.where }),
      },
      params,
    );
    // Counted per bucket and type on the server: the answer is one row per non-empty bucket and type.
    const origin = params.add(builder.origin);
    const width = params.add(builder.width);
    const from = params.add(new Date(span.first).toISOString());
    // Times are kept to the microsecond and spans to the millisecond: the last event may lie within the span's last ms.
    const to = params.add(new Date(span.last + 1).toISOString());
    const rows = await this.session.rows<[string, string, string]>(
      `SELECT floor((extract(epoch FROM time) * 1000 - ${origin}::float8) / ${width}::float8)::bigint::text AS bucket, type, count(*)::text
       FROM (${this.layout.relation}) ev WHERE ${where ? `${where} AND ` : ''}${timeBound('>=', from, this.layout.timeKey)} AND ${timeBound('<', to, this.layout.timeKey)}
       GROUP BY 1, 2`,
      params.values,
      SEARCH,
    );
    for (const [bucket, type, count] of rows) builder.add(builder.origin + Number(bucket) * builder.width, type, Number(count));
    return builder.finish();
  }

  private async spanOf(query: RatesQuery): Promise<{ first: number; last: number } | null> {
    const all = this.streamList.streams;
    const one = query.stream === undefined ? undefined : this.streamList.get(query.stream);
    const streams = query.stream !== undefined ? (one ? [one] : []) : query.category !== undefined ? all.filter((s) => s.stream.startsWith(`${query.category}-`)) : all;
    if (query.stream !== undefined && streams.length === 0 && !(await this.hasStream(query.stream))) {
      throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(query.stream)} in ${this.current.name}.`);
    }
    let first = Infinity;
    let last = -Infinity;
    for (const stream of streams) {
      if (stream.firstTime !== null) first = Math.min(first, Date.parse(stream.firstTime));
      if (stream.lastTime !== null) last = Math.max(last, Date.parse(stream.lastTime));
    }
    return first === Infinity ? null : { first, last };
  }

  async snapshots(): Promise<SnapshotRecord[]> {
    return [];
  }

  async streamEvents(stream: string): Promise<JournalEvent[]> {
    return this.readStream(stream, () => {});
  }

  async readStream(stream: string, onProgress: (read: number, total: number) => void): Promise<JournalEvent[]> {
    if (!(await this.hasStream(stream))) throw new JournalError('unknown-stream', `There is no stream ${JSON.stringify(stream)} in ${this.current.name}.`);
    return this.readAll({ stream }, 'version', onProgress);
  }

  async readSelection(query: EventFilter, onProgress: (read: number, total: number) => void): Promise<JournalEvent[]> {
    await this.mayScan(query);
    return this.readAll(query, 'position', onProgress);
  }

  /** Every event a filter selects, a keyset page at a time on (order, position), saying how far it got. */
  private async readAll(query: EventFilter, order: 'version' | 'position', onProgress: (read: number, total: number) => void): Promise<JournalEvent[]> {
    const events: JournalEvent[] = [];
    let total = 0;
    await this.pages(query, order, async (batch, count) => {
      total = count;
      events.push(...batch);
      onProgress(events.length, total);
    });
    return events;
  }

  /** Long reads one after another, on their own connections; `search` marks a search's (cancelled by cancelSearches). */
  private async pages(query: EventFilter, order: 'version' | 'position', visit: (events: JournalEvent[], total: number) => Promise<void>, signal?: AbortSignal, search = false): Promise<void> {
    const run: RunOptions = { lane: 'long', search };
    const base = new SqlParams();
    const where = this.where(query, base);
    const total = await this.count(where ? `WHERE ${where}` : '', base.values, run);
    const keys = order === 'version' ? ['version', 'position'] : ['position'];
    let last: string[] | null = null;
    for (;;) {
      if (signal?.aborted) throw new JournalError('cancelled', `Reading ${this.current.name} was cancelled.`);
      const params = new SqlParams(base.values);
      const clauses = where ? [where] : [];
      if (last !== null) clauses.push(`(${keys.join(', ')}) > (${last.map((key) => `${params.add(key)}::bigint`).join(', ')})`);
      const limit = params.add(BATCH);
      const rows = await this.session.rows<Row>(
        `SELECT ${columnsOf(this.layout)} FROM (${this.layout.relation}) ev ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ${keys.join(', ')} LIMIT ${limit}`,
        params.values,
        run,
      );
      if (rows.length === 0) return;
      await visit(rows.map((row) => this.eventOf(row)), total);
      if (rows.length < BATCH) return;
      const end = rows[rows.length - 1]!;
      last = order === 'version' ? [end[2], end[0]] : [end[0]];
    }
  }

  async scan(visit: (events: JournalEvent[]) => void | Promise<void>, options: ScanOptions = {}): Promise<void> {
    const order = options.order === 'stream' ? 'version' : 'position';
    if (options.order !== 'stream') return this.pages({}, order, async (events) => visit(events), options.signal);
    // By stream, then version: each stream in turn.
    for (const { stream } of this.streamList.streams) await this.pages({ stream }, 'version', async (events) => visit(events), options.signal);
  }

  /**
   * A condition on payloads stored as bytes (eventsourcing's state, Commanded's and RES's bytea) cannot run on the
   * server: every event is read once, decoded and tested here, and the positions that meet it are kept for the
   * queries that follow (one condition at a time).
   */
  async prepare(query: { where?: string | undefined }): Promise<void> {
    if (this.layout.payloads !== 'bytea' || query.where === undefined || this.matched?.where === query.where) return;
    this.scans.checkRead(query, this.current.events);
    const where = query.where;
    const condition = parseCondition(where);
    const positions: string[] = [];
    const search = { what: where, scanned: 0, total: this.current.events, controller: new AbortController() };
    this.searching = search;
    try {
      await this.pages({}, 'position', async (events) => {
        for (const event of events) if (meetsCondition(event, condition)) positions.push(String(event.position));
        search.scanned += events.length;
      }, search.controller.signal, true);
    } finally {
      if (this.searching === search) this.searching = null;
    }
    this.matched = { where, positions };
  }

  allowScans(every: boolean): boolean {
    return this.scans.allowScans(every);
  }

  /** Refuses a filter the planner would serve by reading a large table whole, until allowed (pg-cost.ts). */
  private mayScan(query: EventFilter): Promise<void> {
    return this.scans.check(query, () => {
      const params = new SqlParams();
      return { sql: `SELECT count(*) FROM (${this.layout.relation}) ev WHERE ${this.where(query, params, false)}`, values: params.values };
    });
  }

  searchProgress(): SearchProgress | null {
    const search = this.searching;
    return search === null ? null : { searching: [search.what], scanned: search.scanned, total: search.total };
  }

  /** Stops the searches under way (pages, counts, the chart's buckets, a condition tested here); the audit's pass and
   * the follower's reads go on. */
  cancelSearches(): boolean {
    this.searching?.controller.abort();
    return this.session.cancelSearches() || this.searching !== null;
  }

  /**
   * The WHERE clauses of a filter (see filterSql), with the matches prepare() found, and never past the head seen:
   * pages, counts and the summary all speak of the same events until the follower sees more. `bounded` false leaves
   * the head out: the planner then shows how the filter alone is served (mayScan).
   */
  private where(query: EventFilter, params: SqlParams, bounded = true): string {
    const matched = query.where !== undefined && this.matched?.where === query.where ? this.matched.positions : null;
    const filter = filterSql(query, params, this.layout.payloads, matched, this.layout);
    if (!bounded) return filter || 'true';
    const bound = this.head === null ? 'true' : `position <= ${params.add(this.head)}::bigint`;
    return filter ? `${filter} AND ${bound}` : bound;
  }

  /** Settles once the positions for far pages are noted (started at open for a journal past ANCHOR_EVERY events). */
  async settled(): Promise<void> {
    await this.anchors.settled();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.session.close();
  }

  /** The highest position written, as text (the store's own cheaper form where it has one). */
  private readHead(): Promise<[string | null][]> {
    return this.session.rows<[string | null]>(this.headSql());
  }

  private headSql(): string {
    return `SELECT (${this.layout.head ?? `SELECT max(position) FROM (${this.layout.relation}) ev`})::text`;
  }

  /** The events a WHERE clause (or "") selects. */
  private async count(where: string, values: readonly unknown[], run: RunOptions = SEARCH): Promise<number> {
    const rows = await this.session.rows<[string]>(`SELECT count(*)::text FROM (${this.layout.relation}) ev ${where}`, values, run);
    return Number(rows[0]?.[0] ?? 0);
  }

  private eventOf([position, stream, version, type, time, data, metadata, id, stored]: Row): JournalEvent {
    const payloads = decodePayloads(this.layout, data, metadata);
    const event: JournalEvent = {
      position: Number(position),
      stream,
      version: Number(version),
      type,
      time: time === null ? (payloads.time ?? null) : `${time.slice(0, 23)}Z`,
      data: payloads.data,
      metadata: payloads.metadata,
    };
    if (id !== null) event.id = id;
    // The store's position is part of the evidence, as a file record's position member is (kept-exactly.ts): the
    // digest leaves positions out, extra keeps it in. Times finer than a millisecond are kept as the store has them.
    // And what the store says of the event beside its fields (a tenant, an archived mark: PgLayout.extra).
    const extra: { [name: string]: Json } = { ...(stored === null ? {} : (JSON.parse(stored) as { [name: string]: Json })), position: Number.isSafeInteger(event.position) ? event.position : position };
    if (time !== null && !time.endsWith('000Z')) extra.time = time;
    event.extra = extra;
    return event;
  }
}


function streamSummary([stream, events, firstVersion, lastVersion, firstTime, lastTime]: StreamRow): StreamSummary {
  return {
    stream,
    events: Number(events),
    firstVersion: Number(firstVersion),
    lastVersion: Number(lastVersion),
    firstTime,
    lastTime,
  };
}
