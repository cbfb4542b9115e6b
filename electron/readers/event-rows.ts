// Events as an import hands them to the cache: a batch of columns rather than objects. Numbers sit in typed arrays
// and stream ids and types are numbered (each new name sent once), so a batch moves to the thread that writes the
// cache (cache-build.ts) nearly for free.
import { jsonText } from '../../shared/deep-json.js';
import type { JournalEvent } from '../../shared/model.js';
import { exactPayloadTexts } from './event-builder.js';
import { NameNumbers } from './name-numbers.js';

/** The texts kept in the cache for events whose records the journal file cannot give back. */
export interface PayloadColumns {
  /**
   * The data as JSON text; or, where metadata is null, the JSON text of the whole record the event came from; or,
   * where the record can be read back from the journal file itself (offsets[i] is not NaN), null.
   */
  data: (string | null)[];
  metadata: (string | null)[];
  /** The store's own event id, null where it has none; kept with the payloads (the events table stays narrow). */
  ids: (string | null)[];
  /** The event's other fields (JournalEvent.extra) as JSON text; null where it has none or `data` is its record. */
  extras: (string | null)[];
}

/** Columns grown with nulls to `length` rows. */
function padPayloads(payloads: PayloadColumns, length: number): void {
  while (payloads.data.length < length) {
    payloads.data.push(null);
    payloads.metadata.push(null);
    payloads.ids.push(null);
    payloads.extras.push(null);
  }
}

export interface RowBatch {
  count: number;
  positions: Float64Array;
  versions: Float64Array;
  /** Milliseconds since the epoch; NaN for an event without a time. */
  times: Float64Array;
  /** Byte offset and length of the event's record in the journal file; NaN when it must be kept in the cache. */
  offsets: Float64Array;
  lengths: Float64Array;
  /** Numbers of the streams and types, in the order names were first met: `newStreams` are this batch's new ones. */
  streamIds: Int32Array;
  typeIds: Int32Array;
  newStreams: string[];
  newTypes: string[];
  /** Null when every event of the batch is read back from the file. */
  payloads: PayloadColumns | null;
  /** Bytes of the journal file read so far. */
  bytesRead: number;
}

const INITIAL_CAPACITY = 4096;

function grown<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

/** Collects events as columns, one batch at a time, numbering names across all batches of an import. */
export class RowBatchBuilder {
  /** Numbers of the event types met. */
  readonly types = new NameNumbers();
  private capacity = INITIAL_CAPACITY;
  private count = 0;
  private positions = new Float64Array(INITIAL_CAPACITY);
  private versions = new Float64Array(INITIAL_CAPACITY);
  private times = new Float64Array(INITIAL_CAPACITY);
  private offsets = new Float64Array(INITIAL_CAPACITY);
  private lengths = new Float64Array(INITIAL_CAPACITY);
  private streamIds = new Int32Array(INITIAL_CAPACITY);
  private typeIds = new Int32Array(INITIAL_CAPACITY);
  private payloads: PayloadColumns | null = null;

  /** `streams` numbers the stream ids: share it with the EventBuilder, which counts versions per stream number. */
  constructor(private readonly streams: NameNumbers = new NameNumbers()) {}

  get size(): number {
    return this.count;
  }

  /**
   * One event, its stream and type given by number (NameNumbers); `offset` NaN when its record is not in the file
   * as it is (then give its payloads with `payload`).
   */
  add(position: number, stream: number, version: number, type: number, timeMs: number, offset: number, length: number): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.positions[i] = position;
    this.versions[i] = version;
    this.times[i] = timeMs;
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.streamIds[i] = stream;
    this.typeIds[i] = type;
  }

  /** The payload texts of the event just added. */
  payload(data: string | null, metadata: string | null, id: string | null, extra: string | null = null): void {
    const i = this.count - 1;
    this.payloads ??= { data: [], metadata: [], ids: [], extras: [] };
    const { payloads } = this;
    padPayloads(payloads, i);
    payloads.data[i] = data;
    payloads.metadata[i] = metadata;
    payloads.ids[i] = id;
    payloads.extras[i] = extra;
  }

  /**
   * A normalized event. `record`, when given, is the source text of the event: kept as it is, the payloads need no
   * serialising; with `span` (a plain file), not even kept: the cache reads it back from the journal.
   */
  addEvent(event: JournalEvent, record: string | null, span: [number, number] | null): void {
    const time = event.time === null ? NaN : Date.parse(event.time);
    const stream = this.streams.numberOf(event.stream);
    const type = this.types.numberOf(event.type);
    if (span !== null) {
      this.add(event.position, stream, event.version, type, time, span[0], span[1]);
      return;
    }
    this.add(event.position, stream, event.version, type, time, NaN, 0);
    if (record !== null) {
      this.payload(record, null, event.id ?? null);
      return;
    }
    // Texts as stored where parsing may have rounded a number; written out again (at any depth) otherwise.
    const exact = exactPayloadTexts.get(event);
    const extra = event.extra === undefined ? null : jsonText(event.extra);
    this.payload(exact?.data ?? jsonText(event.data), exact?.metadata ?? jsonText(event.metadata), event.id ?? null, extra);
  }

  /** The events added since the last batch, or null when there are none. */
  take(bytesRead: number): RowBatch | null {
    const count = this.count;
    if (count === 0) return null;
    const slice = <T extends Float64Array | Int32Array>(array: T) => array.slice(0, count) as T;
    const payloads = this.payloads;
    if (payloads !== null) padPayloads(payloads, count);
    const batch: RowBatch = {
      count,
      positions: slice(this.positions),
      versions: slice(this.versions),
      times: slice(this.times),
      offsets: slice(this.offsets),
      lengths: slice(this.lengths),
      streamIds: slice(this.streamIds),
      typeIds: slice(this.typeIds),
      newStreams: this.streams.takeNew(),
      newTypes: this.types.takeNew(),
      payloads,
      bytesRead,
    };
    this.count = 0;
    this.payloads = null;
    return batch;
  }

  private grow(): void {
    this.capacity *= 2;
    this.positions = grown(this.positions, this.capacity);
    this.versions = grown(this.versions, this.capacity);
    this.times = grown(this.times, this.capacity);
    this.offsets = grown(this.offsets, this.capacity);
    this.lengths = grown(this.lengths, this.capacity);
    this.streamIds = grown(this.streamIds, this.capacity);
    this.typeIds = grown(this.typeIds, this.capacity);
  }
}
