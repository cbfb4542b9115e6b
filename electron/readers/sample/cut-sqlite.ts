// The start of a SQLite file, as a browser sends it to list its columns (the first megabytes, not the whole file):
// its header still counts every page of the whole, and SQLite refuses a file shorter than its header says ("database
// disk image is malformed") before reading even the schema on its first page. For such a copy, and only a copy the
// host made itself, the header is made to count the pages the copy has: the schema and the first rows then read.
import { open } from 'node:fs/promises';

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const HEADER_BYTES = 100;

/** Lowers a cut copy's page count to the pages it holds; false when it was not a cut SQLite file (left as it was). */
export async function fitCutSqliteCopy(path: string): Promise<boolean> {
  const handle = await open(path, 'r+');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
    if (bytesRead < HEADER_BYTES || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return false;
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return false;
    // The count is SQLite's only while the change counter (24) matches the version it was written at (92).
    if (header.readUInt32BE(24) !== header.readUInt32BE(92)) return false;
    const { size } = await handle.stat();
    const pages = Math.floor(size / pageSize);
    if (pages < 1 || header.readUInt32BE(28) <= pages) return false;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(pages);
    await handle.write(count, 0, 4, 28);
    return true;
  } finally {
    await handle.close();
  }
}
