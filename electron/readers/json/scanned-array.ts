// The items of a plain JSON array read for an import whose payloads stay in the file, as NDJSON lines are
// (scanned-lines.ts): each object item is scanned in place and its event's columns taken from its top-level fields.
// An item the event builder needs whole is read as any item is (readItem). Anything the scanner does not take plainly
// (an item that is no object, a broken item, one nested past the scanner's depth) hands the rest of the array to the
// usual reader (arrayItems), from that item on: both ways give the same events and the same findings.
import { isUtf8 } from 'node:buffer';
import type { EventBuilder } from '../event-builder.js';
import { RowBatchBuilder } from '../event-rows.js';
import type { RowBatch } from '../event-rows.js';
import type { RecordContext } from '../formats/types.js';
import { arrayItems } from './array-items.js';
import type { ArrayItem, ArrayPlace } from './array-items.js';
import type { EventBatch } from './json-journal.js';
import { byteOrderMark } from './lines.js';
import { maxRecordBytes } from './record-limit.js';
import { ScannedLineReader } from './scanned-lines.js';

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * An item still unfinished past this many bytes (or the record limit, when smaller) is left to the usual reader: it
 * may be broken, not long, and the usual reader skips an item past the limit without keeping it.
 */
const MAX_ITEM = 64 * 1024 * 1024;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** How the caller reads items the usual way: into events, and the rest of an array from a given place. */
export interface UsualArrayReading {
  readItem(item: ArrayItem, batch: EventBatch): void;
  readRest(items: ReturnType<typeof arrayItems>): AsyncGenerator<EventBatch>;
}

export async function* readScannedArray(
  chunks: AsyncIterable<Buffer>,
  context: RecordContext & { builder: EventBuilder },
  usual: UsualArrayReading,
  rowsPerBatch: number,
  bytesRead: () => number,
  limit = maxRecordBytes(),
): AsyncGenerator<RowBatch> {
  const maxHeld = Math.min(MAX_ITEM, limit);
  const rows = new RowBatchBuilder(context.builder.streams);
  const reader = new ScannedLineReader(context.builder, rows);
  const items: EventBatch = { events: [], records: [], spans: [] };
  const takeUsual = (batch: EventBatch) => {
    for (let i = 0; i < batch.events.length; i++) rows.addEvent(batch.events[i]!, batch.records[i] ?? null, batch.spans[i] ?? null);
    batch.events.length = batch.records.length = batch.spans.length = 0;
  };
  const source = chunks[Symbol.asyncIterator]();
  let buffer = Buffer.alloc(0);
  let bufferOffset = 0; // file offset of buffer[0]
  let bufferUtf8 = true; // the buffer from `at` on is valid UTF-8
  let ended = false;
  let at = 0;
  let started = false;
  let index = 0;
  let line = 1;
  let countedTo = 0; // newlines before this offset in the buffer are counted in `line`
  let nextNewline = -1; // the first newline at or after countedTo (buffer.length: none), -1 when not yet looked for

  /** Reads on until the buffer holds at least `wanted` bytes (or the file ends); drops what was read before `at`. */
  const fill = async (wanted: number): Promise<void> => {
    const parts: Buffer[] = [];
    let size = buffer.length - (started ? at : 0);
    while (size < wanted) {
      const next = await source.next();
      if (next.done) {
        ended = true;
        break;
      }
      parts.push(next.value);
      size += next.value.length;
    }
    if (parts.length === 0) return;
    const keep = started ? at : 0;
    // Newlines in what is dropped are counted first.
    lineAt(keep);
    buffer = Buffer.concat([buffer.subarray(keep), ...parts]);
    bufferOffset += keep;
    countedTo -= keep;
    at -= keep;
    nextNewline = -1;
    bufferUtf8 = isUtf8(buffer.subarray(at));
  };

  /** The line of byte `to` of the buffer (1-based), counting newlines from where counting stopped. */
  const lineAt = (to: number): number => {
    if (nextNewline === -1) nextNewline = newlineFrom(buffer, countedTo);
    while (nextNewline < to) {
      line += 1;
      nextNewline = newlineFrom(buffer, nextNewline + 1);
    }
    countedTo = to;
    return line;
  };

  /** The rest of the array, from byte `at` of the buffer, read the usual way. */
  async function* handOver(): AsyncGenerator<RowBatch> {
    const place: ArrayPlace | undefined = started ? { index, line: lineAt(at), offset: bufferOffset + at } : undefined;
    const rest = buffer.subarray(started ? at : 0);
    async function* remaining(): AsyncGenerator<Buffer> {
      if (rest.length) yield rest;
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        yield next.value;
      }
    }
    for await (const batch of usual.readRest(arrayItems(remaining(), place, limit))) {
      takeUsual(batch);
      if (rows.size >= rowsPerBatch) yield rows.take(bytesRead())!;
    }
  }

  await fill(1);
  // A byte order mark (Windows tools write one) is no content; offsets still count its bytes.
  at = byteOrderMark(buffer, 0, buffer.length);
  for (;;) {
    while (at < buffer.length && (isSpace(buffer[at]!) || (started && buffer[at] === COMMA))) at++;
    if (at >= buffer.length) {
      if (!ended) {
        await fill(buffer.length - (started ? at : 0) + 1);
        continue;
      }
      // The file ends inside the array (or holds none): the usual reader says so.
      yield* handOver();
      break;
    }
    const byte = buffer[at]!;
    if (!started) {
      if (byte !== OPEN_BRACKET) {
        yield* handOver();
        break;
      }
      started = true;
      at += 1;
      continue;
    }
    if (byte === CLOSE_BRACKET) break;
    if (byte !== OPEN_BRACE) {
      yield* handOver();
      break;
    }
    const end = reader.scanItem(buffer, at, buffer.length);
    if (end === -1) {
      // Unfinished in what was read, or broken: read on (doubling what is held, so a long item is scanned few times),
      // and leave it to the usual reader once the file ends or the item grows past all reason.
      const held = buffer.length - at;
      if (ended || held > maxHeld) {
        yield* handOver();
        break;
      }
      await fill(held * 2);
      continue;
    }
    index += 1;
    const itemLine = lineAt(at);
    const offset = bufferOffset + at;
    const length = end - at;
    if (length > limit) {
      // Scanned whole in a buffer read ahead, but past the limit all the same: the usual reader reports it.
      usual.readItem({ text: '', index, line: itemLine, offset, length, tooLarge: true }, items);
      takeUsual(items);
    } else {
      const read = bufferUtf8 || isUtf8(buffer.subarray(at, end)) ? reader.readScanned(buffer, offset, length, index - 1) : -1;
      if (read === -1) {
        usual.readItem({ text: buffer.toString('utf8', at, end), index, line: itemLine, offset, length }, items);
        takeUsual(items);
      }
    }
    at = end;
    if (rows.size >= rowsPerBatch) yield rows.take(bytesRead())!;
  }
  const rest = rows.take(bytesRead());
  if (rest !== null) yield rest;
}

function newlineFrom(buffer: Buffer, from: number): number {
  const found = buffer.indexOf(NEWLINE, from);
  return found === -1 ? buffer.length : found;
}

