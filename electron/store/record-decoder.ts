// Turning a record text kept in the cache back into its event's data, metadata and id, with the layout that read it.
import type { Json } from '../../shared/model.js';
import { EventBuilder, eventId } from '../readers/event-builder.js';
import { fileStem } from '../readers/file-stem.js';
import { JSON_LAYOUTS } from '../readers/formats/json-layouts.js';
import type { ColumnMap, RecordContext } from '../readers/formats/types.js';
import { FindingLog } from '../readers/loaded-journal.js';
import { extraOf } from '../readers/formats/sqlite/other-columns.js';

/** What a row gives back besides its event columns: the payloads, and the store's event id where it has one. */
export interface DecodedRow {
  data: Json;
  metadata: Json;
  id?: string;
  /** The record's other members (JournalEvent.extra), for a record read back. */
  extra?: { [name: string]: Json };
}

/**
 * `id` is the row's stored event id, `extra` its other fields as JSON text (both null when none was stored, as for a
 * record read back from the journal).
 */
export type RowDecoder = (data: unknown, metadata: unknown, id: unknown, extra: unknown) => DecodedRow;

function parse(value: unknown): Json {
  return typeof value === 'string' ? (JSON.parse(value) as Json) : null;
}

/** The decoded payloads, with the id and other fields set only when there are some (else no key at all). */
export function decodedRow(data: Json, metadata: Json, id: unknown, extra: unknown = null): DecodedRow {
  const text = eventId(id);
  const others = extraOf(extra);
  return { data, metadata, ...(text !== undefined && { id: text }), ...(others !== undefined && { extra: others }) };
}

/**
 * A builder for records read back: each made its event when the journal was imported, so one that names no stream
 * came from a one-stream file (EventBuilder.fileStream). Only payloads and ids are read from it here.
 */
function readBackBuilder(file: string, findings: FindingLog): EventBuilder {
  const builder = new EventBuilder(file, findings);
  builder.fileStream = fileStem(file);
  return builder;
}

/** For a cache file: rows with metadata hold JSON payloads; rows without hold the source record's text. */
export function cacheRowDecoder(layoutId: string | null, map: ColumnMap | null, file: string): RowDecoder {
  const layout = JSON_LAYOUTS.find((candidate) => candidate.id === layoutId);
  // Findings were recorded when the journal was imported; reading a record again only needs its payloads and id.
  const findings = new FindingLog();
  const shared: RecordContext = { file, findings, builder: readBackBuilder(file, findings), ...(map && { map }) };
  return (data, metadata, id, extra) => {
    if (metadata !== null || layout === undefined) return decodedRow(parse(data), parse(metadata), id, extra);
    const record = JSON.parse(data as string) as Record<string, unknown>;
    if (layout.payloadsOf) return layout.payloadsOf(record, shared) ?? { data: null, metadata: null };
    // Layouts that build their events another way get a builder of their own each time: nothing carries over.
    const own = new FindingLog();
    const context: RecordContext = { file, findings: own, builder: readBackBuilder(file, own), ...(map && { map }) };
    const [event] = layout.toEvents(record, { description: 'record', order: 0 }, context);
    if (event === undefined) return { data: null, metadata: null };
    const row = decodedRow(event.data, event.metadata, event.id);
    return event.extra === undefined ? row : { ...row, extra: event.extra };
  };
}
