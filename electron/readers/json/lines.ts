// NDJSON lines from a byte stream, split on raw newline bytes so a multi-byte character never straddles two lines.
import { maxRecordBytes } from './record-limit.js';

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /** Where the line's bytes are in the (decompressed) content: the cache reads payloads back from there. */
  offset: number;
  length: number;
  /** The bytes were not valid UTF-8; `text` has U+FFFD where they were. */
  invalidUtf8: boolean;
  /** Longer than the record limit (record-limit.ts): only counted, never kept, so `text` is empty. */
  tooLarge?: true;
}

/** A line longer than the record limit: its place and length, without its bytes. */
export function tooLargeLine(number: number, offset: number, length: number): Line {
  return { text: '', number, offset, length, invalidUtf8: false, tooLarge: true };
}

/**
 * The part of a line begun in earlier chunks. Kept while it fits the record limit; past it the bytes are only
 * counted, so a line of gigabytes without a newline holds no more memory than the limit.
 */
export class LineRemainder {
  private parts: Buffer[] = [];
  /** Bytes of the line so far, kept or not. */
  size = 0;

  constructor(private readonly limit: number) {}

  get empty(): boolean {
    return this.size === 0;
  }

  add(part: Buffer): void {
    this.size += part.length;
    if (this.size > this.limit) this.parts = [];
    else this.parts.push(part);
  }

  /** The whole line, ending with `last`; null when it is longer than the limit (its length was `size` then). */
  finish(last: Buffer): Buffer | null {
    const size = (this.size += last.length);
    const bytes = size > this.limit ? null : Buffer.concat([...this.parts, last]);
    this.parts = [];
    return bytes;
  }

  /** Forgets the line just finished. */
  clear(): void {
    this.parts = [];
    this.size = 0;
  }
}

/** A line's bytes as text, noting bytes that are not UTF-8. */
export function decodeLine(bytes: Buffer, number: number, offset: number): Line {
  const text = bytes.toString('utf8');
  const line = { text, number, offset, length: bytes.length, invalidUtf8: false };
  // toString replaces bad bytes silently; only a line showing a replacement character needs the strict check.
  if (!text.includes('\uFFFD')) return line;
  try {
    decoder.decode(bytes);
    return line;
  } catch {
    return { ...line, invalidUtf8: true };
  }
}

/**
 * Yields the lines of each chunk together: one await per chunk, not per line, matters at a million lines. A line
 * longer than `limit` bytes comes as a tooLarge line, its bytes skipped rather than kept.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, limit = maxRecordBytes()): AsyncGenerator<Line[]> {
  const pending = new LineRemainder(limit);
  let number = 0;
  let base = 0; // offset of the current chunk's first byte
  let lineStart = 0; // offset of the line being collected
  const lineOf = (bytes: Buffer | null, length: number): Line => {
    if (bytes === null || length > limit) return tooLargeLine(number, lineStart, length);
    return number === 1 ? firstLine(stripCarriageReturn(bytes)) : decodeLine(stripCarriageReturn(bytes), number, lineStart);
  };
  for await (const chunk of chunks) {
    const lines: Line[] = [];
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, at);
      number += 1;
      if (pending.empty) {
        lines.push(lineOf(piece, piece.length));
      } else {
        lines.push(lineOf(pending.finish(piece), pending.size));
        pending.clear();
      }
      start = at + 1;
      lineStart = base + start;
    }
    if (start < chunk.length) pending.add(chunk.subarray(start));
    base += chunk.length;
    if (lines.length) yield lines;
  }
  if (!pending.empty) {
    number += 1;
    yield [lineOf(pending.finish(Buffer.alloc(0)), pending.size)];
  }
}

/** Bytes of a UTF-8 byte order mark at the start of bytes[start, end): 3 or 0. */
export function byteOrderMark(bytes: Uint8Array, start: number, end: number): number {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf ? 3 : 0;
}

/** The file's first line, past a byte order mark (Windows tools write one): its offset still counts the mark's bytes. */
function firstLine(bytes: Buffer): Line {
  const mark = byteOrderMark(bytes, 0, bytes.length);
  return decodeLine(bytes.subarray(mark), 1, mark);
}

function stripCarriageReturn(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}
