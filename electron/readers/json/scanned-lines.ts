// NDJSON lines read for an import whose payloads stay in the file: each line is scanned in place (record-scanner.ts)
// and its event's columns taken from the top-level fields alone. A line the scanner declines, or whose fields need
// more than reading (no stream, a time that is no date, a version written as text, a payload string holding JSON:
// anything with a finding or an unusual rule), is read as any line is, by the caller's `readLine`, so both ways give
// the same events and the same findings.
import { isUtf8 } from 'node:buffer';
import { RowBatchBuilder } from '../event-rows.js';
import type { RowBatch } from '../event-rows.js';
import { recordRoles } from '../event-builder.js';
import type { EventBuilder } from '../event-builder.js';
import type { Role } from '../field-names.js';
import type { NameNumbers } from '../name-numbers.js';
import { normalizeTime } from '../time.js';
import type { EventBatch } from './json-journal.js';
import { byteOrderMark, decodeLine, LineRemainder, tooLargeLine } from './lines.js';
import type { Line } from './lines.js';
import { ByteNames } from './byte-names.js';
import { canonicalTimeMs } from './iso-time-bytes.js';
import { maxRecordBytes } from './record-limit.js';
import { RecordFields, scanObjectAt, scanRecord, ValueKind } from './record-scanner.js';
import type { KeyBytes } from './record-scanner.js';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Reads one line the usual way (JSON.parse and the layout) into the batch; returns the count of records so far. */
export type ReadLine = (line: Line, order: number, batch: EventBatch) => number;

/** The fields playing each role in one list of keys (-1: none); the keys kept as bytes to know the list again. */
interface KeyList extends KeyBytes {
  /** False when records with these keys are left to JSON.parse (a key repeats). */
  readable: boolean;
  stream: number;
  type: number;
  version: number;
  position: number;
  time: number;
  data: number;
  metadata: number;
}

export class ScannedLineReader {
  private readonly fields = new RecordFields();
  private bytes: Buffer = Buffer.alloc(0);
  private keys: KeyList | null = null;
  private readonly keyLists = new Map<string, KeyList>();
  private readonly streamBytes: ByteNames;
  private readonly typeBytes: ByteNames;

  constructor(
    private readonly builder: EventBuilder,
    private readonly rows: RowBatchBuilder,
  ) {
    this.streamBytes = new ByteNames(builder.streams);
    this.typeBytes = new ByteNames(rows.types);
  }

  /**
   * Adds the event of bytes[start, end) (the line at `offset` in the file) when the line can be read by its fields;
   * returns the new record count, or -1 when the line must be read the usual way (nothing was changed then).
   */
  read(bytes: Buffer, start: number, end: number, offset: number, order: number): number {
    if (!scanRecord(bytes, start, end, this.fields, this.keys)) return -1;
    return this.readScanned(bytes, offset, end - start, order);
  }

  /** Scans the object whose `{` is at `at` (an array item); the offset past its `}`, or -1 (see scanObjectAt). */
  scanItem(bytes: Buffer, at: number, end: number): number {
    return scanObjectAt(bytes, at, end, this.fields, this.keys);
  }

  /**
   * Adds the event of the object just scanned (read or scanItem), whose record is `length` bytes at `offset` in the
   * file, `order` records after the first (the position when it names none is order + 1); returns order + 1, or -1
   * when the record must be read the usual way.
   */
  readScanned(bytes: Buffer, offset: number, length: number, order: number): number {
    this.bytes = bytes;
    const keys = this.fields.sameKeys ? this.keys! : this.keyListOf(bytes);
    if (!keys.readable || !this.plainPayload(keys.data) || !this.plainPayload(keys.metadata)) return -1;
    const fileStream = keys.stream === -1 ? this.builder.fileStream : undefined;
    if ((fileStream === undefined && !this.isIdentifier(keys.stream)) || !this.isIdentifier(keys.type)) return -1;
    const timeMs = this.timeMs(keys.time);
    if (timeMs === null) return -1;
    const version = this.integer(keys.version);
    const position = this.integer(keys.position);
    if (version === undefined || position === undefined) return -1;
    // Numbered only now that the event is certain: a name numbered for an event left out would be listed with none.
    const stream = fileStream === undefined ? this.nameNumber(keys.stream, this.streamBytes, this.builder.streams) : this.builder.streams.numberOf(fileStream);
    const type = this.nameNumber(keys.type, this.typeBytes, this.rows.types);
    this.rows.add(position ?? order + 1, stream, this.builder.versionOf(stream, version), type, timeMs, offset, length);
    return order + 1;
  }

  /** A payload that is no string, or a string that cannot be JSON written as text (which the usual read would parse). */
  private plainPayload(field: number): boolean {
    const { fields } = this;
    if (field === -1 || fields.kind[field] !== ValueKind.String || fields.valueStart[field] === fields.valueEnd[field]) return true;
    const first = this.bytes[fields.valueStart[field]!]!;
    // '{', '[', whitespace, an escape or non-ASCII: the text may start like JSON once trimmed.
    return !(first === 0x7b || first === 0x5b || first <= 0x20 || first === 0x5c || first >= 0x80);
  }

  private text(field: number): string {
    const { fields, bytes } = this;
    const start = fields.valueStart[field]!;
    const end = fields.valueEnd[field]!;
    return fields.escaped[field] ? (JSON.parse(bytes.toString('utf8', start - 1, end + 1)) as string) : bytes.toString('utf8', start, end);
  }

  /** JSON's number grammar is a subset of Number()'s, and both round to the nearest double. */
  private number(field: number): number {
    const { fields, bytes } = this;
    const start = fields.valueStart[field]!;
    const end = fields.valueEnd[field]!;
    const digitsFrom = bytes[start] === 0x2d ? start + 1 : start;
    if (end - digitsFrom <= 15) {
      let value = 0;
      let at = digitsFrom;
      for (; at < end; at++) {
        const c = bytes[at]!;
        if (c < 0x30 || c > 0x39) break;
        value = value * 10 + (c - 0x30);
      }
      if (at === end) return digitsFrom === start ? value : -value;
    }
    return Number(bytes.toString('latin1', start, end));
  }

  /** As the event builder takes a stream or type: text that is not empty (an escape is never empty), or a number. */
  private isIdentifier(field: number): boolean {
    if (field === -1) return false;
    const kind = this.fields.kind[field];
    if (kind === ValueKind.String) return this.fields.valueEnd[field] !== this.fields.valueStart[field];
    return kind === ValueKind.Number;
  }

  /** The number of the stream or type in the field (an identifier): a number as its text, text as it reads. */
  private nameNumber(field: number, bytes: ByteNames, names: NameNumbers): number {
    const { fields } = this;
    if (fields.kind[field] === ValueKind.Number) return names.numberOf(String(this.number(field)));
    if (fields.escaped[field]) return names.numberOf(this.text(field));
    return bytes.numberOf(this.bytes, fields.valueStart[field]!, fields.valueEnd[field]!);
  }

  /** A version or position: a finite number, null when absent or not a number; undefined when text (left to the usual read). */
  private integer(field: number): number | null | undefined {
    if (field === -1) return null;
    const kind = this.fields.kind[field];
    if (kind === ValueKind.String) return undefined;
    if (kind !== ValueKind.Number) return null;
    const value = this.number(field);
    return Number.isFinite(value) ? value : null;
  }

  /** Milliseconds, NaN for no time; null for a time that is not a date (a finding, left to the usual read). */
  private timeMs(field: number): number | null {
    if (field === -1) return NaN;
    const { fields, bytes } = this;
    const kind = fields.kind[field];
    if (kind === ValueKind.Null) return NaN;
    if (kind === ValueKind.String && !fields.escaped[field] && fields.valueEnd[field]! - fields.valueStart[field]! === 24) {
      const ms = canonicalTimeMs(bytes, fields.valueStart[field]!);
      if (ms !== null) return ms;
    }
    let value: unknown;
    if (kind === ValueKind.String) value = this.text(field);
    else if (kind === ValueKind.Number) value = this.number(field);
    else return null;
    if (value === '') return NaN;
    const iso = normalizeTime(value);
    return iso === null ? null : Date.parse(iso);
  }

  /** The key list of the line just scanned, when it is not the previous line's. */
  private keyListOf(bytes: Buffer): KeyList {
    const { fields } = this;
    const names: string[] = [];
    for (let i = 0; i < fields.count; i++) names.push(bytes.toString('latin1', fields.keyStart[i], fields.keyEnd[i]));
    const signature = names.join('\u0000');
    let list = this.keyLists.get(signature);
    if (list === undefined) {
      list = keyList(names);
      // Bounded: a file with endlessly varying keys must not grow this forever.
      if (this.keyLists.size > 1000) this.keyLists.clear();
      this.keyLists.set(signature, list);
    }
    this.keys = list;
    return list;
  }
}

const ROLE_FIELDS: readonly Role[] = ['stream', 'type', 'version', 'position', 'time', 'data', 'metadata'];

function keyList(names: string[]): KeyList {
  const encoded = names.map((name) => Buffer.from(name, 'latin1'));
  const ends = new Int32Array(names.length);
  let total = 0;
  encoded.forEach((key, i) => (ends[i] = total += key.length));
  // The same role lookup a parsed record gets (recordRoles), on an object with these keys in this order.
  const roles = recordRoles(Object.fromEntries(names.map((name) => [name, null])) as Record<string, unknown>);
  const fieldOf = Object.fromEntries(ROLE_FIELDS.map((role) => [role, roles[role] === undefined ? -1 : names.indexOf(roles[role])])) as Record<Role, number>;
  return {
    bytes: Buffer.concat(encoded),
    ends,
    // JSON.parse keeps the last of repeated keys, at the first one's place: that record is left to it.
    readable: new Set(names).size === names.length,
    stream: fieldOf.stream,
    type: fieldOf.type,
    version: fieldOf.version,
    position: fieldOf.position,
    time: fieldOf.time,
    data: fieldOf.data,
    metadata: fieldOf.metadata,
  };
}

/**
 * The events of NDJSON lines as row batches, a chunk at a time. Lines are split on newline bytes (a multi-byte
 * character never holds one); a chunk's whole lines are checked as UTF-8 at once, natively, and a line with bad
 * bytes is read the usual way, which reports them. A line longer than `limit` bytes is skipped, not kept, and
 * handed to the usual way as a tooLarge line, which reports it.
 */
export async function* readScannedLines(
  chunks: AsyncIterable<Buffer>,
  builder: EventBuilder,
  readLine: ReadLine,
  bytesRead: () => number,
  limit = maxRecordBytes(),
): AsyncGenerator<RowBatch> {
  const rows = new RowBatchBuilder(builder.streams);
  const reader = new ScannedLineReader(builder, rows);
  const usual: EventBatch = { events: [], records: [], spans: [] };
  const pending = new LineRemainder(limit);
  let number = 0;
  let order = 0;
  let base = 0; // offset of the current chunk's first byte
  let lineStart = 0; // offset of the line being collected
  const readUsual = (line: Line) => {
    const next = readLine(line, order, usual);
    for (let i = 0; i < usual.events.length; i++) rows.addEvent(usual.events[i]!, usual.records[i]!, usual.spans[i]!);
    usual.events.length = usual.records.length = usual.spans.length = 0;
    return next;
  };
  const line = (bytes: Buffer | null, start: number, end: number, utf8: boolean) => {
    if (bytes === null || end - start > limit) return readUsual(tooLargeLine(number, lineStart, bytes === null ? pending.size : end - start));
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    // The file's first line may begin with a byte order mark (Windows tools write one): no content, but offsets count it.
    const mark = number === 1 ? byteOrderMark(bytes, start, end) : 0;
    start += mark;
    const offset = lineStart + mark;
    if (utf8 || isUtf8(bytes.subarray(start, end))) {
      const read = reader.read(bytes, start, end, offset, order);
      if (read !== -1) return read;
    }
    return readUsual(decodeLine(bytes.subarray(start, end), number, offset));
  };
  const joinedLine = (last: Buffer) => {
    const joined = pending.finish(last);
    const next = line(joined, 0, joined?.length ?? 0, false);
    pending.clear();
    return next;
  };
  for await (const chunk of chunks) {
    let start = 0;
    const first = chunk.indexOf(NEWLINE);
    // The lines wholly inside this chunk, checked together (a line begun in an earlier chunk is checked alone).
    const wholeUtf8 = first !== -1 && isUtf8(chunk.subarray(pending.empty ? 0 : first + 1, chunk.lastIndexOf(NEWLINE)));
    for (let at = first; at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      number += 1;
      order = pending.empty ? line(chunk, start, at, wholeUtf8) : joinedLine(chunk.subarray(start, at));
      start = at + 1;
      lineStart = base + start;
    }
    if (start < chunk.length) pending.add(chunk.subarray(start));
    base += chunk.length;
    const batch = rows.take(bytesRead());
    if (batch !== null) yield batch;
  }
  if (!pending.empty) {
    number += 1;
    joinedLine(Buffer.alloc(0));
    const batch = rows.take(bytesRead());
    if (batch !== null) yield batch;
  }
}
