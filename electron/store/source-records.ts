// Reading records back from the journal file itself, by the byte spans the import noted: the cache keeps no copy of
// what a plain NDJSON or JSON file already holds. The file stays open while the journal is, so it can still be read
// if it is deleted meanwhile.
import { closeSync, openSync, readSync } from 'node:fs';

/** Spans closer than this are read together; a read is at most MAX_READ bytes. */
const GAP = 64 * 1024;
const MAX_READ = 8 * 1024 * 1024;

export interface Span {
  offset: number;
  length: number;
}

export class SourceRecords {
  private fd: number | null;

  /** Opens the file at once: a journal deleted after opening stays readable through this descriptor. */
  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The text of each span, in the order given; neighbouring spans are read in one go. */
  read(spans: readonly Span[]): string[] {
    const fd = this.fd;
    if (fd === null) throw new Error('The journal file is closed.');
    const texts = new Array<string>(spans.length);
    const order = spans.map((_, i) => i).sort((a, b) => spans[a]!.offset - spans[b]!.offset);
    for (let at = 0; at < order.length; ) {
      const first = spans[order[at]!]!;
      let end = at + 1;
      let stop = first.offset + first.length;
      while (end < order.length) {
        const next = spans[order[end]!]!;
        if (next.offset - stop > GAP || next.offset + next.length - first.offset > MAX_READ) break;
        stop = Math.max(stop, next.offset + next.length);
        end += 1;
      }
      const buffer = Buffer.allocUnsafe(stop - first.offset);
      const got = readSync(fd, buffer, 0, buffer.length, first.offset);
      for (let k = at; k < end; k++) {
        const span = spans[order[k]!]!;
        const start = span.offset - first.offset;
        texts[order[k]!] = buffer.toString('utf8', start, Math.min(got, start + span.length));
      }
      at = end;
    }
    return texts;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
