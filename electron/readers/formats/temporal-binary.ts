// A Temporal workflow history in protobuf binary (temporal.api.history.v1.History), turned into the proto3 JSON that
// `temporal workflow show --output json` prints, so the JSON history reader can take it from there.
import proto from '@temporalio/proto';
import type { Type } from 'protobufjs';

const { HistoryEvent } = proto.temporal.api.history.v1;

// The generated roots are reflection-backed: each message class is its protobufjs Type, which the typings hide.
const historyEventType = HistoryEvent as unknown as Type;

/** Inputs above this are refused: the server's default history limit is 50 MB and decoded objects are several times the bytes. */
export const MAX_HISTORY_BYTES = 256 * 1024 * 1024;

// proto3 JSON as protobufjs writes it: int64 as decimal strings, enum names, base64 bytes, "NaN"/"Infinity" as strings.
const JSON_OPTIONS = { longs: String, enums: String, bytes: String, json: true };

// Proto3 JSON's bounds: years 0001..9999 for a Timestamp, ±10,000 years for a Duration.
const MIN_TIMESTAMP_SECONDS = -62_135_596_800;
const MAX_TIMESTAMP_SECONDS = 253_402_300_799;
const MAX_DURATION_SECONDS = 315_576_000_000;

/** A varint of at most 5 bytes (a length or a small id) at `pos`, or null when it runs off the end or is longer. */
function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[pos + i];
    if (byte === undefined) return null;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { value, next: pos + i + 1 };
  }
  return null;
}

/**
 * Whether the first bytes read as a History: field 1 (events, length-delimited), a non-empty event, and that event
 * opening with eventId (field 1, varint) = 1: encoders (Go's, protobufjs) write fields in number order.
 */
export function looksLikeProtobufHistory(head: Uint8Array): boolean {
  if (head[0] !== 0x0a) return false;
  const length = readVarint(head, 1);
  return length !== null && length.value > 0 && head[length.next] === 0x08 && head[length.next + 1] === 0x01;
}

/**
 * Whether the bytes are nothing but events records lying within the input. It builds no messages, so random input
 * fails here in a few bytes rather than after protobufjs has built objects from it (its decoder trusts wire types).
 */
function framesEvents(bytes: Uint8Array): boolean {
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0x0a) return false;
    const length = readVarint(bytes, pos + 1);
    if (length === null) return false;
    pos = length.next + length.value;
  }
  return pos === bytes.length && pos > 0;
}

/** Seconds as toObject leaves them (a decimal string, absent when 0), refused outside `[min, max]`. */
function wholeSeconds(value: unknown, min: number, max: number): number {
  const seconds = Number(value ?? 0);
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) throw new RangeError('seconds out of range');
  return seconds;
}

function nanosOf(value: unknown): number {
  const nanos = Number(value ?? 0);
  if (!Number.isInteger(nanos) || Math.abs(nanos) > 999_999_999) throw new RangeError('nanos out of range');
  return nanos;
}

/** ".5" → ".500": 0, 3, 6 or 9 fraction digits, as Go's protojson (and so the CLI) writes them. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  let digits = String(nanos).padStart(9, '0');
  while (digits.endsWith('000')) digits = digits.slice(0, -3);
  return `.${digits}`;
}

function timestampJson(value: Record<string, unknown>): string {
  const seconds = wholeSeconds(value.seconds, MIN_TIMESTAMP_SECONDS, MAX_TIMESTAMP_SECONDS);
  const nanos = nanosOf(value.nanos);
  if (nanos < 0) throw new RangeError('negative nanos');
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, `${fraction(nanos)}Z`);
}

function durationJson(value: Record<string, unknown>): string {
  const seconds = wholeSeconds(value.seconds, -MAX_DURATION_SECONDS, MAX_DURATION_SECONDS);
  const nanos = nanosOf(value.nanos);
  if ((seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) throw new RangeError('mixed signs');
  const sign = seconds < 0 || nanos < 0 ? '-' : '';
  return `${sign}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`;
}

/**
 * toObject leaves Timestamps and Durations as {seconds, nanos}; proto3 JSON writes them as strings. Walks the object
 * beside its Type, rewriting them in place. Throws RangeError on a value proto3 JSON cannot write.
 */
function writeWellKnownTypes(type: Type, object: Record<string, unknown>): void {
  // The object's own keys, not the type's fields: an event sets a handful of its 70 fields.
  for (const [name, value] of Object.entries(object)) {
    const field = type.fields[name];
    if (field === undefined || value === undefined || value === null) continue;
    const fieldType = field.resolve().resolvedType;
    if (fieldType === null || !('fieldsArray' in fieldType)) continue; // scalars and enums are already written
    const convert = (item: unknown): unknown => {
      const message = item as Record<string, unknown>;
      if (fieldType.fullName === '.google.protobuf.Timestamp') return timestampJson(message);
      if (fieldType.fullName === '.google.protobuf.Duration') return durationJson(message);
      writeWellKnownTypes(fieldType, message);
      return message;
    };
    if (field.map) {
      const entries = value as Record<string, unknown>;
      for (const key of Object.keys(entries)) entries[key] = convert(entries[key]);
    } else if (field.repeated) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) items[i] = convert(items[i]);
    } else {
      object[field.name] = convert(value);
    }
  }
}

/** Event `n` of a history: numbered n, of a known type, and the workflow's start when first. */
function isEvent(event: Record<string, unknown>, n: number): boolean {
  // toObject writes an enum value it does not know as a number; 0 is UNSPECIFIED, never a real event.
  const { eventId, eventType } = event;
  if (eventId !== String(n) || typeof eventType !== 'string' || eventType === 'EVENT_TYPE_UNSPECIFIED') return false;
  return n > 1 || eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED';
}

/**
 * The history's events in proto3 JSON, or null when the bytes are not a plausible Temporal history. Never throws.
 * Events are decoded one at a time and checked as they come, so crafted input (millions of empty events) stops at
 * the first bad one instead of being built whole first.
 */
export function decodeTemporalHistory(bytes: Uint8Array): { events: Record<string, unknown>[]; unknownFields: number[] } | null {
  if (bytes.length > MAX_HISTORY_BYTES || !framesEvents(bytes)) return null;
  const events: Record<string, unknown>[] = [];
  const unknownFields: number[] = [];
  try {
    for (let pos = 0; pos < bytes.length; ) {
      const length = readVarint(bytes, pos + 1)!; // framesEvents read every frame already
      pos = length.next + length.value;
      const message = HistoryEvent.decode(bytes.subarray(length.next, pos));
      // protobufjs skips fields its definitions lack (a newer server's): written again, such an event comes out
      // shorter than it came in, and the reader says what could not be shown.
      if (HistoryEvent.encode(message).finish().length < length.value) unknownFields.push(events.length + 1);
      const event = HistoryEvent.toObject(message, JSON_OPTIONS);
      if (!isEvent(event, events.length + 1)) return null;
      writeWellKnownTypes(historyEventType, event);
      events.push(event);
    }
  } catch {
    // protobufjs throws on bad wire data (and deep nesting overflows the stack); the time writers on bad values.
    return null;
  }
  return { events, unknownFields };
}
