// An opened journal, as the service queries it: whatever the file's format, answers come from one of these.
import type { EventsQuery, RatesQuery, StreamPageQuery, StreamsRequest } from '../../shared/requests.js';

/** The filtering part of an events query. */
export type EventFilter = Omit<EventsQuery, 'offset' | 'limit'>;
import type { EventPage, JournalEvent, JournalSummary, RateSeries, StreamPage, StreamSummary } from '../../shared/model.js';
import type { SnapshotRecord } from '../readers/formats/types.js';

export interface JournalStore {
  readonly summary: JournalSummary;
  streams(request: StreamsRequest): StreamSummary[];
  streamPage(query: StreamPageQuery): StreamPage;
  hasStream(stream: string): boolean;
  page(query: EventsQuery): EventPage;
  rates(query: RatesQuery): RateSeries;
  /** One stream's events in version order, for replay. */
  streamEvents(stream: string): JournalEvent[];
  /** The snapshots the store kept of one stream's aggregate, in version order. */
  snapshots(stream: string): SnapshotRecord[];
  /** Every event a filter selects, in global order (cross-stream replay). */
  select(query: EventFilter): JournalEvent[];
  /** Settles when background work that speeds up queries (a store's narrow index) is done or has failed. */
  settled(): Promise<void>;
  /** Releases the files it holds open. */
  close(): void;
}
