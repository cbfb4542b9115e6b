// KurrentDB / EventStoreDB over HTTP: an Atom feed page read with ?embed=body ({"entries": [...]}, newest first),
// or single-event reads ({eventStreamId, eventNumber, eventType, eventId, data, metadata}, bare or as the `content`
// of an Atom entry) saved as lines or an array.
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { Role } from '../../field-names.js';
import type { JsonLayout, RecordContext, RecordPlace } from '../types.js';
import { readJsonText, readPayload } from './payloads.js';

/** Members that become the event's stream, version, type, time and data, and the Atom wrapping around them. */
const MAPPED = new Set(['streamId', 'eventStreamId', 'eventNumber', 'eventType', 'updated', 'data']);
const ATOM_WRAPPING = new Set(['title', 'id', 'author', 'summary', 'links', 'content']);
/** Body members, each with the flag saying whether it holds JSON. */
const JSON_FLAGS: Record<string, string> = { data: 'isJson', metaData: 'isMetaData', linkMetaData: 'isLinkMetaData', metadata: 'isMetaData' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A single-event read in the Atom format wraps the event in `content`; its time is the entry's `updated`. */
function unwrapped(record: Record<string, unknown>): Record<string, unknown> {
  const content = record.content;
  if (!isObject(content) || typeof content.eventStreamId !== 'string') return record;
  return record.updated === undefined ? content : { ...content, updated: record.updated };
}

function isEntry(entry: Record<string, unknown>): boolean {
  const stream = entry.streamId ?? entry.eventStreamId;
  return typeof stream === 'string' && typeof entry.eventType === 'string' && entry.eventNumber !== undefined && entry.eventId !== undefined;
}

/**
 * A feed entry (streamId) carries its bodies as JSON inside strings, flagged by isJson/isMetaData. A single-event
 * read (eventStreamId) embeds them as JSON values, with "" for no metadata.
 */
function bodyOf(entry: Record<string, unknown>, key: string, place: RecordPlace, context: RecordContext): Json {
  const value = entry[key];
  if (entry.eventStreamId !== undefined) return value === '' ? null : readPayload(value, key, place, context);
  const flag = JSON_FLAGS[key];
  // A body flagged as not JSON (binary or text) is shown as the text it is, with no finding.
  if (flag !== undefined && entry[flag] === false) return (value ?? null) as Json;
  return readJsonText(value, key, place, context);
}

function metadataOf(entry: Record<string, unknown>, place: RecordPlace, context: RecordContext): Json {
  const metadata: Record<string, Json> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (MAPPED.has(key) || ATOM_WRAPPING.has(key)) continue;
    metadata[key] = JSON_FLAGS[key] !== undefined ? bodyOf(entry, key, place, context) : (value as Json);
  }
  return metadata;
}

export const eventStoreAtom: JsonLayout = {
  id: 'eventstoredb-atom',
  recordsKey: 'entries',
  matches: (first) => isEntry(unwrapped(first)),
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const entry = unwrapped(record);
    const roles: Partial<Record<Role, unknown>> = {
      stream: entry.streamId ?? entry.eventStreamId,
      // eventNumber counts from 0 in KurrentDB, and is kept so: it is the number other tools and logs show.
      version: entry.eventNumber,
      // A feed page lists entries newest first. positionEventNumber is the entry's number in the stream the page was
      // read from (the stream itself, or a projection such as $ce-account), so sorting by it puts the oldest first.
      // Single-event reads have none: their place in the file is their position.
      position: entry.positionEventNumber,
      type: entry.eventType,
      time: entry.updated,
      // The event's own UUID (a link shows the id of the event it points to), not the Atom entry's URL `id`.
      id: entry.eventId,
    };
    const event = context.builder.build((role) => roles[role], place.description, place.order);
    if (event === null) return [];
    return [{ ...event, data: bodyOf(entry, 'data', place, context), metadata: metadataOf(entry, place, context) }];
  },
};
