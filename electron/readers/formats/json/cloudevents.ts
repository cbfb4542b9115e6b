// CloudEvents 1.0 and 0.3 in the JSON event format (cloudevents/spec json-format.md): a single event, a batch (a
// JSON array) or one event per line. EventSourcingDB exports are CloudEvents too (plus hash and predecessorhash).
import type { Json, JournalEvent } from '../../../../shared/model.js';
import type { Role } from '../../field-names.js';
import type { JsonLayout, RecordContext, RecordPlace } from '../types.js';
import { readCloudEventData } from './cloudevents-data.js';
import { timeKeptExactly } from '../../time.js';
import { noteOnce } from './file-memory.js';

/** Attributes that become the event's stream, type, time and data; every other member is metadata. */
const MAPPED = new Set(['source', 'subject', 'type', 'time', 'data']);

/** The versions whose JSON format this reads: 0.3 differs only in how base64 data is flagged (cloudevents-data.ts). */
const SPEC_VERSIONS = new Set(['1.0', '0.3']);

function isCloudEvent(record: Record<string, unknown>): boolean {
  return SPEC_VERSIONS.has(record.specversion as string) && typeof record.id === 'string' && typeof record.source === 'string' && typeof record.type === 'string';
}

/**
 * The stream is the source and the subject joined by "#": a source is a URI-reference and the subject names a part
 * of it, which is what a URI fragment means. Unlike "/", "#" cannot make two different pairs read alike
 * ("/bank/a" + "b" and "/bank" + "a/b"), as sources do not carry fragments. Without a subject the source is the stream.
 */
export function cloudEventStream(source: unknown, subject: unknown): string | undefined {
  if (typeof source !== 'string' || source === '') return undefined;
  return typeof subject === 'string' && subject !== '' ? `${source}#${subject}` : source;
}

/**
 * The `sequence` extension is a string ordered as text; producers write it zero-padded or as plain digits, so digits
 * are read as the number they spell. Any other sequence cannot be turned into a version while reading record by
 * record, so the version is counted in file order instead, and the file gets one notice saying so.
 */
function sequenceVersion(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): number | undefined {
  const sequence = record.sequence;
  if (sequence === undefined || sequence === null) return undefined;
  if (typeof sequence === 'number' && Number.isSafeInteger(sequence)) return sequence;
  if (typeof sequence === 'string' && /^\d+$/.test(sequence) && Number.isSafeInteger(Number(sequence))) return Number(sequence);
  noteOnce(context, {
    severity: 'info',
    kind: 'sequence-not-a-number',
    place: place.description,
    message:
      `${context.file} ${place.description}: the sequence ${JSON.stringify(sequence).slice(0, 60)} is not a number, ` +
      'so versions in this file are counted in file order within each stream.',
  });
  return undefined;
}

/**
 * What a hash-chained record leaves out of its metadata: only its data. (`data_base64` stays in metadata in every
 * record, as written: the event's data is what it decodes to, and the bytes on the wire are part of the record.)
 */
const HASHED_PAYLOAD = new Set(['data']);

/**
 * Every member not mapped to the event. An EventSourcingDB event's hash covers source, subject, type and time as
 * written (the time string, not its normalized form), so a record carrying a hash keeps all of them, for the audit
 * to recompute it.
 */
function metadataOf(record: Record<string, unknown>): Json {
  const mapped = typeof record.hash === 'string' ? HASHED_PAYLOAD : MAPPED;
  // A time that says more than the event's time keeps (finer than the millisecond, an unusual form) stays as written.
  const kept = (key: string) => !mapped.has(key) || (key === 'time' && !timeKeptExactly(record.time));
  return Object.fromEntries(Object.entries(record).filter(([key]) => kept(key))) as Json;
}

export const cloudEvents: JsonLayout = {
  id: 'cloudevents',
  matches: (first) => isCloudEvent(first),
  toEvents(record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
    const version = sequenceVersion(record, place, context);
    const roles: Partial<Record<Role, unknown>> = {
      stream: cloudEventStream(record.source, record.subject),
      version,
      type: record.type,
      time: record.time,
      // Required by the spec; source + id is what makes an event unique there. It stays in metadata too.
      id: record.id,
    };
    const event = context.builder.build((role) => roles[role], place.description, place.order);
    if (event === null) return [];
    const data = readCloudEventData(record, place, context);
    return [{ ...event, data: data.value, metadata: metadataOf(record) }];
  },
};
