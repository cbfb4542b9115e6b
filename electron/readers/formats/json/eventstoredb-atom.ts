// KurrentDB / EventStoreDB over HTTP: Atom feed pages ({"entries": [...]}, newest first) read with ?embed=body (each
// entry carries its event) or without it (each entry only names it: "26@alphabet", its type as the summary, its
// time), single-event reads ({eventStreamId, eventNumber, eventType, eventId, data, metadata}, bare or as the
// `content` of an Atom entry), and the same pages served as Atom XML (turned into this JSON by xml/atom-xml.ts).
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { Role } from '../../field-names.js';
import { timeKeptExactly } from '../../time.js';
import type { JsonLayout, RecordContext, RecordPlace } from '../types.js';
import { noteOnce } from './file-memory.js';
import { readJsonText, readPayload } from './payloads.js';

/** Members that become the event's stream, version, type and data; every other member is metadata. */
const MAPPED = new Set(['streamId', 'eventStreamId', 'eventNumber', 'eventType', 'data']);
/** Body members, each with the flag saying whether it holds JSON. */
const JSON_FLAGS: Record<string, string> = { data: 'isJson', metaData: 'isMetaData', linkMetaData: 'isLinkMetaData', metadata: 'isMetaData' };
/** An entry's title names the event it lists: "<eventNumber>@<stream>". */
const TITLE = /^(\d+)@(.+)$/s;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A single-event read in the Atom format wraps the event in `content`: the event's members, with the entry's own
 * (title, id, updated, links…) beside them.
 */
function unwrapped(record: Record<string, unknown>): Record<string, unknown> {
  const { content, ...entry } = record;
  if (!isObject(content) || typeof content.eventStreamId !== 'string') return record;
  return { ...entry, ...content };
}

function hasBody(entry: Record<string, unknown>): boolean {
  const stream = entry.streamId ?? entry.eventStreamId;
  return typeof stream === 'string' && typeof entry.eventType === 'string' && entry.eventNumber !== undefined && entry.eventId !== undefined;
}

/** An entry of a page read without ?embed=body: only its title, summary (the type) and time name the event. */
function titled(entry: Record<string, unknown>): { version: number; stream: string } | null {
  if (typeof entry.title !== 'string' || typeof entry.summary !== 'string') return null;
  const match = TITLE.exec(entry.title);
  return match === null || !Number.isSafeInteger(Number(match[1])) ? null : { version: Number(match[1]), stream: match[2]! };
}

function isEntry(record: Record<string, unknown>): boolean {
  const entry = unwrapped(record);
  return hasBody(entry) || titled(entry) !== null;
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

/** Every member but those the event's fields hold: the Atom entry's own (title, id, author, summary, links) too. */
function metadataOf(entry: Record<string, unknown>, place: RecordPlace, context: RecordContext): Json {
  const metadata: Record<string, Json> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (MAPPED.has(key)) continue;
    // The time is the event's; written finer than the millisecond (as the server does), it stays as written too.
    if (key === 'updated' && timeKeptExactly(value)) continue;
    metadata[key] = JSON_FLAGS[key] !== undefined ? bodyOf(entry, key, place, context) : (value as Json);
  }
  return metadata;
}

function noBodies(place: RecordPlace, context: RecordContext): void {
  noteOnce(context, {
    severity: 'info',
    kind: 'bodies-not-included',
    place: place.description,
    message:
      `${context.file}: the Atom page lists its events without their bodies (data and metadata are not in the file; ` +
      'it was fetched without ?embed=body). Types, versions and times are shown. To see the payloads, fetch the page ' +
      "again with ?embed=body, e.g. curl -H 'Accept: application/vnd.eventstore.atom+json' " +
      "'http://HOST:2113/streams/STREAM/0/forward/20?embed=body', following each page's links.",
  });
}

export const eventStoreAtom: JsonLayout = {
  id: 'eventstoredb-atom',
  recordsKey: 'entries',
  matches: (first) => isEntry(first),
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const entry = unwrapped(record);
    const named = hasBody(entry) ? null : titled(entry);
    if (named !== null) noBodies(place, context);
    const roles: Partial<Record<Role, unknown>> =
      named === null
        ? {
            stream: entry.streamId ?? entry.eventStreamId,
            // eventNumber counts from 0 in KurrentDB, and is kept so: it is the number other tools and logs show.
            version: entry.eventNumber,
            // A feed page lists entries newest first. positionEventNumber is the entry's number in the stream the page
            // was read from (the stream itself, or a projection such as $ce-account), so sorting by it puts the oldest
            // first. Single-event reads have none: their place in the file is their position.
            position: entry.positionEventNumber,
            type: entry.eventType,
            time: entry.updated,
            // The event's own UUID (a link shows the id of the event it points to), not the Atom entry's URL `id`.
            id: entry.eventId,
          }
        : // Without bodies the entry names its event only by title: its number in the stream orders the page too.
          { stream: named.stream, version: named.version, position: named.version, type: entry.summary, time: entry.updated };
    const event = context.builder.build((role) => roles[role], place.description, place.order);
    if (event === null) return [];
    const data = named === null ? bodyOf(entry, 'data', place, context) : null;
    return [{ ...event, data, metadata: metadataOf(entry, place, context) }];
  },
};
