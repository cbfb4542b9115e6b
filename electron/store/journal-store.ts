// An opened journal, as the service queries it: whatever the file's format, answers come from one of these.
import type { EventsQuery, RatesQuery, StreamPageQuery, StreamsRequest } from '../../shared/requests.js';

/** The filtering part of an events query. */
export type EventFilter = Omit<EventsQuery, 'offset' | 'limit'>;
import type { EventPage, JournalEvent, JournalSummary, RateSeries, SearchProgress, StreamPage, StreamSummary } from '../../shared/model.js';
import type { SnapshotRecord } from '../readers/formats/types.js';
import type { JournalEvidence } from './evidence.js';

/**
 * The orders a scan can walk: `global` as page() lists events (by position); `file` as the journal holds them (the
 * reader's order, which differs from global order when positions go backwards in the file); `stream` by stream,
 * then version, so each stream's events come together in version order.
 */
export type ScanOrder = 'global' | 'file' | 'stream';

export interface ScanOptions {
  /** Default global. */
  order?: ScanOrder;
  /** Events per batch (default 2000): one batch is what is held in memory at once. */
  batchSize?: number;
  /**
   * False to read only the narrow columns, for checks that need places and not content: data and metadata are then
   * null, which says nothing of the events' real payloads. Default true.
   */
  payloads?: boolean;
  /**
   * True to give every event read from a whole stored record that record's text as `raw` (not only those whose
   * parsed payloads differ from it): checks that hash payloads as they were written read them from there.
   */
  records?: boolean;
  /** Checked between batches; an aborted scan rejects with a 'cancelled' JournalError. */
  signal?: AbortSignal;
}

export interface JournalStore {
  readonly summary: JournalSummary;
  /** What ties the store to the journal's bytes (evidence.ts); absent for a store of no file. */
  readonly evidence?: JournalEvidence;
  /**
   * Closes the store and removes its cache entry: for a copy dropped (an export compared, an upload replaced), whose
   * payloads must not stay behind in the cache folder.
   */
  discard?: () => void;
  streams(request: StreamsRequest): Promise<StreamSummary[]>;
  streamPage(query: StreamPageQuery): Promise<StreamPage>;
  hasStream(stream: string): Promise<boolean>;
  page(query: EventsQuery): Promise<EventPage>;
  rates(query: RatesQuery): Promise<RateSeries>;
  /** One stream's events in version order, for replay. */
  streamEvents(stream: string): Promise<JournalEvent[]>;
  /**
   * The same, a page per turn of the event loop, telling `onProgress` how many of the stream's events were read: a
   * stream of a hundred thousand events takes seconds, during which the service keeps answering (progress above all).
   */
  readStream(stream: string, onProgress: (read: number, total: number) => void): Promise<JournalEvent[]>;
  /** The snapshots the store kept of one stream's aggregate, in version order. */
  snapshots(stream: string): Promise<SnapshotRecord[]>;
  /**
   * Every event a filter selects, in global order (cross-stream replay), a page per turn, telling `onProgress` how
   * many of the selected events were read (as readStream).
   */
  readSelection(query: EventFilter, onProgress: (read: number, total: number) => void): Promise<JournalEvent[]>;
  /**
   * Every event, a batch at a time, for whole-journal checks (the audit): settles once the last batch was visited.
   * The event loop gets a turn between batches, so a million events never block it for long, and other queries can
   * run meanwhile (the visitor may be async; the next batch is read after it settles).
   */
  scan(visit: (events: JournalEvent[]) => void | Promise<void>, options?: ScanOptions): Promise<void>;
  /**
   * Runs the payload searches a query names (`text`, `where`) off this thread, so the query that follows finds its
   * matches ready; queries work without it, searching in this thread.
   */
  prepare(query: { text?: string | undefined; where?: string | undefined }): Promise<void>;
  /** How far the payload searches prepare() started have got (events tested, of the journal's); null when none runs. */
  searchProgress(): SearchProgress | null;
  /** Stops the payload searches running: the prepare() calls waiting for them fail with code "cancelled". */
  cancelSearches(): boolean;
  /** Settles when background work that speeds up queries (a store's narrow index) is done or has failed. */
  settled(): Promise<void>;
  /** Releases the files it holds open. */
  close(): void;
}
