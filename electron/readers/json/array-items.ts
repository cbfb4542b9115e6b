// The items of a top-level JSON array, one at a time, from a byte stream: a journal far larger than memory is read
// item by item. Only item boundaries are found here (strings, escapes and nesting tracked byte by byte); each item
// is then parsed with JSON.parse. An item longer than the record limit is only counted, never kept (record-limit.ts).
import { maxRecordBytes } from './record-limit.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export interface ArrayItem {
  /** The item's JSON text. */
  text: string;
  /** 1-based index in the array. */
  index: number;
  /** 1-based line where the item starts. */
  line: number;
  /** Where the item's bytes are in the content (surrounding blanks included). */
  offset: number;
  length: number;
  /** Longer than the record limit: its bytes were skipped, so `text` is empty and `length` counts them. */
  tooLarge?: true;
}

/** How the array ended: closed properly, or cut off (the file ends inside it). */
export interface ArrayEnd {
  complete: boolean;
  /** Items found; when cut off, the last one started but did not end. */
  items: number;
  /** Line where the stream ended. */
  line: number;
}

export class NotAnArrayError extends Error {}

/**
 * Where a reading taken over from another reader stands: between items, after `index` items, on `line`, the chunks
 * given starting at file offset `offset`.
 */
export interface ArrayPlace {
  index: number;
  line: number;
  offset: number;
}

/**
 * Yields each item of the top-level array; returns how the array ended. Bytes after the closing bracket are ignored
 * (other than whitespace they are reported as trailing data by the caller, if it wants to). With `resume`, the chunks
 * continue an array another reader began. An item longer than `limit` bytes comes as a tooLarge item.
 */
export async function* arrayItems(chunks: AsyncIterable<Buffer>, resume?: ArrayPlace, limit = maxRecordBytes()): AsyncGenerator<ArrayItem, ArrayEnd> {
  let started = resume !== undefined; // saw the opening bracket
  let depth = 0; // nesting inside the current item
  let inString = false;
  let escaped = false;
  let inItem = false;
  let itemParts: Buffer[] = []; // the current item's bytes in earlier chunks, while they fit the limit
  let itemSize = 0; // and how many there were, kept or not
  let itemStart = -1; // offset of the item's first byte in the current chunk, -1 when not inside an item
  let index = resume?.index ?? 0;
  let line = resume?.line ?? 1;
  let itemLine = 1;
  let itemOffset = 0;
  let base = resume?.offset ?? 0; // offset of the current chunk's first byte
  let done = false;

  for await (const chunk of chunks) {
    if (done) break;
    let at = 0;
    if (!started) {
      // A byte order mark (Windows tools write one) before the array is no content; offsets still count its bytes.
      if (base === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) at = 3;
      while (at < chunk.length && isSpace(chunk[at]!)) {
        if (chunk[at] === NEWLINE) line += 1;
        at += 1;
      }
      if (at === chunk.length) {
        base += chunk.length;
        continue;
      }
      if (chunk[at] !== OPEN_BRACKET) throw new NotAnArrayError('The content does not start with "[".');
      started = true;
      at += 1;
    }
    for (; at < chunk.length; at++) {
      const byte = chunk[at]!;
      if (byte === NEWLINE) line += 1;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
        continue;
      }
      if (!inItem) {
        // Between items: skip separators, notice the end of the array, or start the next item.
        if (isSpace(byte) || byte === COMMA) continue;
        if (byte === CLOSE_BRACKET) {
          done = true;
          break;
        }
        inItem = true;
        itemStart = at;
        itemLine = line;
        itemOffset = base + at;
        index += 1;
      }
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (depth === 0) {
          // A bracket closing the top-level array right after a scalar item.
          yield finish(chunk.subarray(itemStart === -1 ? 0 : itemStart, at));
          done = true;
          break;
        }
        depth -= 1;
      } else if (byte === COMMA && depth === 0) {
        yield finish(chunk.subarray(itemStart === -1 ? 0 : itemStart, at));
        continue;
      }
      if (depth === 0 && (byte === CLOSE_BRACE || byte === CLOSE_BRACKET)) {
        yield finish(chunk.subarray(itemStart === -1 ? 0 : itemStart, at + 1));
      }
    }
    if (!done && inItem) {
      const part = chunk.subarray(itemStart === -1 ? 0 : itemStart);
      itemSize += part.length;
      // Past the limit the item is only counted: a gigabyte string in an array holds no more memory than the limit.
      if (itemSize > limit) itemParts = [];
      else itemParts.push(part);
      itemStart = -1;
    }
    base += chunk.length;
  }
  return { complete: done, items: index, line };

  function finish(last: Buffer): ArrayItem {
    const size = itemSize + last.length;
    const parts = itemParts;
    itemParts = [];
    itemSize = 0;
    itemStart = -1;
    inItem = false;
    if (size > limit) return { text: '', index, line: itemLine, offset: itemOffset, length: size, tooLarge: true };
    const bytes = parts.length ? Buffer.concat([...parts, last]) : last;
    // Only JSON's own whitespace is cut (String.trim would also cut a vertical tab or a no-break space, which JSON
    // refuses): the text parsed is then exactly the bytes the span names, which is what is read back from the file.
    let start = 0;
    let end = bytes.length;
    while (start < end && isJsonSpace(bytes[start]!)) start++;
    while (end > start && isJsonSpace(bytes[end - 1]!)) end--;
    return { text: bytes.toString('utf8', start, end), index, line: itemLine, offset: itemOffset + start, length: end - start };
  }
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
