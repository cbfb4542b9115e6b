// NDJSON lines from a byte stream, split on raw newline bytes so a multi-byte character never straddles two lines.
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

/** Yields the lines of each chunk together: one await per chunk, not per line, matters at a million lines. */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Line[]> {
  let pending: Buffer[] = [];
  let number = 0;
  let base = 0; // offset of the current chunk's first byte
  let lineStart = 0; // offset of the line being collected
  for await (const chunk of chunks) {
    const lines: Line[] = [];
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, at);
      const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      number += 1;
      lines.push(number === 1 ? firstLine(stripCarriageReturn(bytes)) : decodeLine(stripCarriageReturn(bytes), number, lineStart));
      start = at + 1;
      lineStart = base + start;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
    base += chunk.length;
    if (lines.length) yield lines;
  }
  if (pending.length) {
    number += 1;
    const bytes = stripCarriageReturn(Buffer.concat(pending));
    yield [number === 1 ? firstLine(bytes) : decodeLine(bytes, number, lineStart)];
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
