// How a SQLite database file begins, whatever its name: the 16-byte header string every database file starts with.
// Apart from detect.ts so that a caller that only asks "is it SQLite?" (the CLI's cache lookup) loads nothing else.
import { closeSync, openSync, readSync } from 'node:fs';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Whether these first bytes of a file are SQLite's header. */
export function isSqliteHeader(head: Uint8Array): boolean {
  return Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 16)).toString('latin1') === SQLITE_MAGIC;
}

/** Whether the file at `path` begins as a SQLite database (read synchronously: 16 bytes). */
export function startsAsSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    return isSqliteHeader(head.subarray(0, readSync(fd, head, 0, 16, 0)));
  } finally {
    closeSync(fd);
  }
}
