// The reading half of an import: any journal as batches of cache rows, with its format and findings at the end.
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { Finding, JournalEvent } from '../../shared/model.js';
import { jsonText } from '../../shared/deep-json.js';
import { detectFileKind } from '../readers/detect.js';
import { exactPayloadTexts } from '../readers/event-builder.js';
import type { ReadContext, SnapshotRecord } from '../readers/formats/types.js';
import { detectJsonShape, readJsonEvents } from '../readers/json/json-journal.js';
import { FindingLog } from '../readers/loaded-journal.js';
import { listTables } from '../readers/sqlite-open.js';
import { chooseSqliteLayout, openSqliteJournal } from '../readers/sqlite-reader.js';

/** Rows of the cache's events table, by column. */
export interface RowBatch {
  count: number;
  positions: Float64Array;
  streams: string[];
  versions: Float64Array;
  types: string[];
  /** Milliseconds since the epoch; NaN for an event without a time. */
  times: Float64Array;
  /**
   * The data as JSON text; or, where metadata is null, the JSON text of the whole record the event came from; or,
   * where the record can be read back from the journal file itself (offsets[i] is not NaN), null.
   */
  data: (string | null)[];
  metadata: (string | null)[];
  /** The store's own event id, null where it has none; kept with the payloads (the events table stays narrow). */
  ids: (string | null)[];
  /** Byte offset and length of the event's record in the journal file; NaN when it must be kept in the cache. */
  offsets: Float64Array;
  lengths: Float64Array;
  /** Bytes of the journal file read so far. */
  bytesRead: number;
}

/**
 * `records[i]`, when given, is the source text of event i: kept as it is, the payloads need no serialising; and
 * with `spans[i]` (a plain file), not even kept: the cache reads it back from the journal.
 */
export function toBatch(
  events: readonly JournalEvent[],
  bytesRead: number,
  records?: readonly (string | null)[],
  spans?: readonly ([number, number] | null)[],
): RowBatch {
  const count = events.length;
  const batch: RowBatch = {
    count,
    positions: new Float64Array(count),
    streams: new Array<string>(count),
    versions: new Float64Array(count),
    types: new Array<string>(count),
    times: new Float64Array(count),
    data: new Array<string | null>(count),
    metadata: new Array<string | null>(count),
    ids: new Array<string | null>(count),
    offsets: new Float64Array(count).fill(NaN),
    lengths: new Float64Array(count),
    bytesRead,
  };
  for (let i = 0; i < count; i++) {
    const event = events[i]!;
    batch.positions[i] = event.position;
    batch.streams[i] = event.stream;
    batch.versions[i] = event.version;
    batch.types[i] = event.type;
    batch.times[i] = event.time === null ? NaN : Date.parse(event.time);
    batch.ids[i] = event.id ?? null;
    const record = records?.[i] ?? null;
    const span = spans?.[i] ?? null;
    if (span !== null) {
      batch.offsets[i] = span[0];
      batch.lengths[i] = span[1];
      batch.data[i] = null;
      batch.metadata[i] = null;
    } else if (record !== null) {
      batch.data[i] = record;
      batch.metadata[i] = null;
    } else {
      // Texts as stored where parsing may have rounded a number; written out again (at any depth) otherwise.
      const exact = exactPayloadTexts.get(event);
      batch.data[i] = exact?.data ?? jsonText(event.data);
      batch.metadata[i] = exact?.metadata ?? jsonText(event.metadata);
    }
  }
  return batch;
}

export interface ReadOutcome {
  format: string;
  /** Snapshots the store keeps of its aggregates (for checking replays against them). */
  snapshots: SnapshotRecord[];
  /** The JSON layout whose records the cache keeps as text (to turn back into events when read), if any. */
  layout: string | null;
  findings: Finding[];
  overflow: number;
}

const SQLITE_BATCH = 5000;

export function cancelled(name: string): JournalError {
  return new JournalError('cancelled', `Opening ${name} was cancelled.`);
}

export async function* readRowBatches(path: string, read: Pick<ReadContext, 'map' | 'cipherKey'>, signal?: AbortSignal): AsyncGenerator<RowBatch, ReadOutcome> {
  const name = basename(path);
  const { kind } = await detectFileKind(path);
  const findings = new FindingLog();
  const context: ReadContext = { file: name, findings, ...read };
  const snapshots: SnapshotRecord[] = [];
  const outcome = (format: string, layout: string | null = null): ReadOutcome => ({ format, layout, snapshots, findings: findings.list, overflow: findings.overflow });

  if (kind === 'sqlite') {
    const db = openSqliteJournal(path);
    try {
      const layout = chooseSqliteLayout(listTables(db), name, context);
      let events: JournalEvent[] = [];
      for (const event of layout.events(db, context)) {
        events.push(event);
        if (events.length >= SQLITE_BATCH) {
          if (signal?.aborted) throw cancelled(name);
          yield toBatch(events, 0);
          events = [];
        }
      }
      if (events.length) yield toBatch(events, 0);
      if (layout.snapshots) for (const snapshot of layout.snapshots(db, context)) snapshots.push(snapshot);
      return outcome(layout.id);
    } catch (error) {
      if (error instanceof JournalError) throw error;
      // A damaged database (a page overwritten or cut off: SQLITE_CORRUPT) stops any layout's query mid-way: one
      // clear refusal, worded as readSqlite and the in-place open word it.
      throw new JournalError('bad-format', `${name} could not be read as SQLite: ${(error as Error).message}.`);
    } finally {
      db.close();
    }
  }

  const shape = await detectJsonShape(path, context);
  if (shape === null) throw new JournalError('bad-format', `${name} is not JSON.`);
  let bytesRead = 0;
  let events = 0;
  const reading = readJsonEvents(path, shape, { context, ...(signal && { signal }), onProgress: (bytes) => (bytesRead = bytes) });
  try {
    for (;;) {
      const next = await reading.next();
      if (next.done) return outcome(next.value, shape.layout.id);
      events += next.value.events.length;
      yield toBatch(next.value.events, bytesRead, next.value.records, shape.plain ? next.value.spans : undefined);
    }
  } catch (error) {
    if (signal?.aborted) throw cancelled(name);
    if (error instanceof JournalError) throw error;
    // The file vanished or its gzip broke mid-way: what was read stays usable, the rest is a finding.
    findings.add({
      severity: 'error',
      kind: 'read-failed',
      place: `after ${events} events`,
      message: `${name} could not be read to the end (${(error as Error).message}); the ${events} events before that are shown.`,
    });
    return outcome(shape.format, shape.layout.id);
  }
}
