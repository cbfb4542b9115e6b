// Turns one raw record (a JSON object or a SQLite row) into a normalized event, or a finding saying why not.
import { jsonText } from '../../shared/deep-json.js';
import { mayHoldInexactNumber } from '../../shared/exact-numbers.js';
import type { Json, JournalEvent } from '../../shared/model.js';
import { assignRoles } from './field-names.js';
import { NameNumbers } from './name-numbers.js';
import type { Role } from './field-names.js';
import type { FindingLog } from './loaded-journal.js';
import { normalizeTime } from './time.js';

/**
 * Reads JSON stored as text. `serialized` is true for database columns, where the text is the JSON encoding of any
 * value; in a JSON export a string is a string, parsed only when it is an object or array written as a string.
 */
export function decodePayload(value: unknown, serialized: boolean): { value: Json; problem?: string } {
  if (value === null || value === undefined) return { value: null };
  let text: string;
  if (value instanceof Uint8Array) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return { value: `<${value.length} bytes of binary data>`, problem: 'is binary, not UTF-8 text' };
    }
  } else if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'bigint') {
    return { value: value.toString() };
  } else {
    return { value: value as Json };
  }
  const trimmed = text.trimStart();
  const looksStructured = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (!serialized && !looksStructured) return { value: text };
  try {
    return { value: JSON.parse(text) as Json };
  } catch (error) {
    // Plain text in a column is a legitimate payload; only broken JSON is worth a finding.
    if (!looksStructured) return { value: text };
    return { value: text, problem: `looks like JSON but does not parse (${(error as Error).message})` };
  }
}

/**
 * A stored value as text for a message. Objects are written as JSON: String() calls a "toString" member, and a journal
 * may hold one that is no function ({"toString": 1} makes String() throw a TypeError).
 */
export function valueText(value: unknown): string {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) ? jsonText(value) : String(value);
}

function asIdentifier(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

/**
 * The store's own id of an event as text: strings as they are, numbers as their decimal text, and bytes (a UUID
 * kept in a BLOB) as lower-case hex, so equal ids read alike and different ones never do. Empty, or anything else
 * (an object, a boolean), is no id.
 */
export function eventId(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return value.length === 0 ? undefined : Buffer.from(value).toString('hex');
  return undefined;
}

function asInteger(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return null;
}

/**
 * Payload texts as stored, for events whose numbers parsing may have rounded (a cheap test: see exact-numbers.ts):
 * the cache keeps these texts rather than the parsed values written out again, so the exact numbers survive an
 * import (event-rows.ts, RowBatchBuilder.addEvent). Keyed by the event built; weak, so nothing outlives the batch.
 */
export const exactPayloadTexts = new WeakMap<JournalEvent, { data?: string; metadata?: string }>();

/** Builds events from records sharing one layout; versions missing from the records are counted per stream. */
export class EventBuilder {
  /**
   * The version after each stream's last, by stream number; NaN for a stream not met yet. Grown when needed: a
   * builder is made per record read back (record-decoder.ts), where it never counts a version.
   */
  private nextVersion = new Float64Array(0);

  /**
   * The stream of records that name none, in a file whose records never do (JsonLayout.streamless): the file is one
   * aggregate's history, named after the file. Unset otherwise, and a record without a stream is then left out.
   */
  fileStream: string | undefined;

  constructor(
    private readonly file: string,
    private readonly findings: FindingLog,
    /** True when payloads arrive as serialized JSON text (database columns). */
    private readonly serializedPayloads = false,
    /** Numbers of the streams met (an import shares them with its row batches). */
    readonly streams = new NameNumbers(),
  ) {}

  /** `place` is for messages ("line 12"); `order` is the record's 1-based place in the file, the position fallback. */
  build(get: (role: Role) => unknown, place: string, order: number): JournalEvent | null {
    const stream = this.streamOf(get('stream'));
    const type = asIdentifier(get('type'));
    if (stream === null || type === null) {
      const missing = [stream === null ? 'stream' : '', type === null ? 'type' : ''].filter(Boolean).join(' and ');
      this.findings.add({
        severity: 'error',
        kind: 'missing-field',
        place,
        message: `${this.file} ${place}: the event has no ${missing}, so it was left out.`,
      });
      return null;
    }
    const rawTime = get('time');
    const time = normalizeTime(rawTime);
    if (time === null && rawTime !== undefined && rawTime !== null && rawTime !== '') {
      this.findings.add({
        severity: 'warning',
        kind: 'bad-time',
        place,
        message: `${this.file} ${place}: the time ${JSON.stringify(valueText(rawTime)).slice(0, 80)} is not a date; shown without a time.`,
      });
    }
    const version = this.versionOf(this.streams.numberOf(stream), asInteger(get('version')));
    const id = eventId(get('id'));
    const storedData = get('data');
    const storedMetadata = get('metadata');
    const event: JournalEvent = {
      position: asInteger(get('position')) ?? order,
      stream,
      version,
      type,
      time,
      data: this.payload(storedData, 'data', place),
      metadata: this.payload(storedMetadata, 'metadata', place),
      // Left unset, not undefined, where the store has no id: an event without one has no `id` key at all.
      ...(id !== undefined && { id }),
    };
    const data = parsedText(storedData, event.data);
    const metadata = parsedText(storedMetadata, event.metadata);
    if (data !== undefined || metadata !== undefined) exactPayloadTexts.set(event, { ...(data !== undefined && { data }), ...(metadata !== undefined && { metadata }) });
    return event;
  }

  /**
   * The payloads and id an event built from these fields would carry, without building it or reporting anything: for
   * records read back from the journal, reported on when it was imported. Null where build() makes no event.
   */
  payloads(get: (role: Role) => unknown): { data: Json; metadata: Json; id?: string } | null {
    // A record that names no stream made an event only in a one-stream file, whose records are all read back alike.
    const stream = get('stream');
    if ((stream !== undefined && asIdentifier(stream) === null) || asIdentifier(get('type')) === null) return null;
    const data = decodePayload(get('data'), this.serializedPayloads).value;
    const metadata = decodePayload(get('metadata'), this.serializedPayloads).value;
    const id = eventId(get('id'));
    return id === undefined ? { data, metadata } : { data, metadata, id };
  }

  private streamOf(value: unknown): string | null {
    return value === undefined && this.fileStream !== undefined ? this.fileStream : asIdentifier(value);
  }

  /** The event's version: the one given, or one past the stream's last (its first is 1). `stream` is its number. */
  versionOf(stream: number, given: number | null): number {
    if (stream >= this.nextVersion.length) {
      const grown = new Float64Array(Math.max(stream + 1, this.nextVersion.length * 2)).fill(NaN);
      grown.set(this.nextVersion);
      this.nextVersion = grown;
    }
    const next = this.nextVersion[stream]!;
    const version = given ?? (Number.isNaN(next) ? 1 : next);
    this.nextVersion[stream] = version + 1;
    return version;
  }

  private payload(value: unknown, field: string, place: string): Json {
    const decoded = decodePayload(value, this.serializedPayloads);
    if (decoded.problem !== undefined) {
      this.findings.add({
        severity: 'warning',
        kind: 'undecodable-payload',
        place,
        message: `${this.file} ${place}: the ${field} ${decoded.problem}; shown as text.`,
      });
    }
    return decoded.value;
  }
}

/** The stored text of a payload that was parsed as JSON and may hold a number parsing rounded; else undefined. */
function parsedText(stored: unknown, parsed: Json): string | undefined {
  return typeof stored === 'string' && parsed !== stored && mayHoldInexactNumber(stored) ? stored : undefined;
}

/** Which of the record's own keys plays each role, found by name. */
export function recordRoles(record: Record<string, unknown>): Partial<Record<Role, string>> {
  return rolesFor(Object.keys(record));
}

/** Role lookups for a JSON object record: its own keys are matched once per distinct key set. */
export function recordAccessor(record: Record<string, unknown>): (role: Role) => unknown {
  const roles = rolesFor(Object.keys(record));
  return (role) => {
    const key = roles[role];
    return key === undefined ? undefined : record[key];
  };
}

const roleCache = new Map<string, Partial<Record<Role, string>>>();
/** Records of one file nearly always share one key list: checking the last one first skips building a signature. */
let lastKeys: string[] = [];
let lastRoles: Partial<Record<Role, string>> = {};

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function rolesFor(keys: string[]): Partial<Record<Role, string>> {
  if (sameKeys(keys, lastKeys)) return lastRoles;
  const signature = keys.join('\u0000');
  let roles = roleCache.get(signature);
  if (roles === undefined) {
    roles = assignRoles(keys);
    // Bounded: a hostile file with endlessly varying keys must not grow this forever.
    if (roleCache.size > 1000) roleCache.clear();
    roleCache.set(signature, roles);
  }
  lastKeys = keys;
  lastRoles = roles;
  return roles;
}
