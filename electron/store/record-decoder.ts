// Turning a record text kept in the cache back into its event's data and metadata, with the layout that read it.
import type { Json } from '../../shared/model.js';
import { EventBuilder } from '../readers/event-builder.js';
import { JSON_LAYOUTS } from '../readers/formats/json-layouts.js';
import type { ColumnMap, RecordContext } from '../readers/formats/types.js';
import { FindingLog } from '../readers/loaded-journal.js';

export type RowDecoder = (data: unknown, metadata: unknown) => { data: Json; metadata: Json };

function parse(value: unknown): Json {
  return typeof value === 'string' ? (JSON.parse(value) as Json) : null;
}

/** For a cache file: rows with metadata hold JSON payloads; rows without hold the source record's text. */
export function cacheRowDecoder(layoutId: string | null, map: ColumnMap | null, file: string): RowDecoder {
  const layout = JSON_LAYOUTS.find((candidate) => candidate.id === layoutId);
  return (data, metadata) => {
    if (metadata !== null || layout === undefined) return { data: parse(data), metadata: parse(metadata) };
    const findings = new FindingLog();
    // Findings were recorded when the journal was imported; reading the record again only needs its payloads.
    const context: RecordContext = { file, findings, builder: new EventBuilder(file, findings), ...(map && { map }) };
    const [event] = layout.toEvents(JSON.parse(data as string) as Record<string, unknown>, { description: 'record', order: 0 }, context);
    return event === undefined ? { data: null, metadata: null } : { data: event.data, metadata: event.metadata };
  };
}
