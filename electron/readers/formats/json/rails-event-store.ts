// Rails Event Store records as its HTTP clients pass them around (the distributed RES server's pages: {"after",
// "events": [...]}, each event with event_id, event_type, data and metadata dumped as YAML or JSON, valid_at and
// timestamp). Such records carry no stream: a file of them is one stream, named after the file.
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { Role } from '../../field-names.js';
import { decodeRubyPayload } from '../sqlite/ruby-payload.js';
import { timeKeptExactly } from '../../time.js';
import type { JsonLayout, RecordContext, RecordPlace } from '../types.js';
import { FileMemory } from './file-memory.js';
import { reportPayload } from './payloads.js';

/** Members that become the event's fields; every other member is kept in `extra`. */
const MAPPED = new Set(['stream', 'event_id', 'event_type', 'data', 'metadata']);

/** The next version of each stream of the file: RES numbers a stream's events from 0. */
const nextVersions = new FileMemory<Map<string, number>>();

function isResRecord(record: Record<string, unknown>): boolean {
  // valid_at is RES's own (its bi-temporal event time): a generic export with event_id and event_type has none.
  return typeof record.event_id === 'string' && typeof record.event_type === 'string' && 'valid_at' in record && 'data' in record;
}

/** The payload decoded; the YAML tags it carried go to `tags` under the field's name (yamlTags, as SQLite stores give). */
function payload(value: unknown, field: string, place: RecordPlace, context: RecordContext, tags: { [field: string]: Json }): Json {
  const decoded = decodeRubyPayload(value);
  if (decoded.problem !== undefined) reportPayload(decoded.problem, field, place, context);
  if (decoded.tags !== undefined) tags[field] = decoded.tags;
  return decoded.value;
}

function versionOf(stream: string, context: RecordContext): number {
  let versions = nextVersions.get(context);
  if (versions === undefined) nextVersions.set(context, (versions = new Map()));
  const version = versions.get(stream) ?? 0;
  versions.set(stream, version + 1);
  return version;
}

export const railsEventStoreJson: JsonLayout = {
  id: 'rails-event-store',
  recordsKey: 'events',
  matches: (first) => isResRecord(first),
  streamless: (first) => first.stream === undefined,
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const stream = typeof record.stream === 'string' ? record.stream : context.builder.fileStream;
    // valid_at is when the event holds in the domain, timestamp when RES stored it; the SQLite reader shows the same.
    const time = record.valid_at ?? record.timestamp;
    const roles: Partial<Record<Role, unknown>> = {
      stream,
      version: stream === undefined ? undefined : versionOf(stream, context),
      type: record.event_type,
      time,
      id: record.event_id,
    };
    const event = context.builder.build((role) => roles[role], place.description, place.order);
    if (event === null) return [];
    const extra: Record<string, Json> = {};
    for (const [key, value] of Object.entries(record)) {
      if (MAPPED.has(key) || (key === 'valid_at' && value === time && timeKeptExactly(value))) continue;
      extra[key] = value as Json;
    }
    const tags: { [field: string]: Json } = {};
    const data = payload(record.data, 'data', place, context, tags);
    const metadata = payload(record.metadata, 'metadata', place, context, tags);
    if (Object.keys(tags).length > 0) extra.yamlTags = tags;
    return [{ ...event, data, metadata, ...(Object.keys(extra).length > 0 && { extra }) }];
  },
};
