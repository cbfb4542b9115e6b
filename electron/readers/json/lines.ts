// NDJSON lines from a byte stream, split on raw newline bytes so a multi-byte character never straddles two lines.
const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /** The bytes were not valid UTF-8; `text` has U+FFFD where they were. */
  invalidUtf8: boolean;
}

function decode(bytes: Buffer, number: number): Line {
  const text = bytes.toString('utf8');
  // toString replaces bad bytes silently; only a line showing a replacement character needs the strict check.
  if (!text.includes('\uFFFD')) return { text, number, invalidUtf8: false };
  try {
    decoder.decode(bytes);
    return { text, number, invalidUtf8: false };
  } catch {
    return { text, number, invalidUtf8: true };
  }
}

/** Yields the lines of each chunk together: one await per chunk, not per line, matters at a million lines. */
export async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Line[]> {
  let pending: Buffer[] = [];
  let number = 0;
  for await (const chunk of chunks) {
    const lines: Line[] = [];
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, at);
      const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      number += 1;
      lines.push(decode(stripCarriageReturn(bytes), number));
      start = at + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
    if (lines.length) yield lines;
  }
  if (pending.length) {
    number += 1;
    yield [decode(stripCarriageReturn(Buffer.concat(pending)), number)];
  }
}

function stripCarriageReturn(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}
