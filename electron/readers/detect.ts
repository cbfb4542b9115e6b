// Which reader a file needs, decided by its first bytes rather than its name.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';

export type DetectedFormat = 'sqlite' | 'json' | 'ndjson';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

export async function detectFormat(path: string): Promise<DetectedFormat> {
  const name = basename(path);
  const info = await statJournal(path);
  if (info.isDirectory()) throw new JournalError('bad-format', `${path} is a folder, not a journal file.`);
  if (info.size === 0) throw new JournalError('bad-format', `${name} is empty: there are no events in it.`);
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.subarray(0, 16).toString('latin1') === SQLITE_MAGIC) return 'sqlite';
    const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (text.startsWith('[')) return 'json';
    if (text.startsWith('{')) return firstLineIsJson(text) ? 'ndjson' : 'json';
    const start = JSON.stringify(text.slice(0, 24));
    throw new JournalError(
      'bad-format',
      `${name} is not a journal Eventlens can read: expected a SQLite database, a JSON array of events or NDJSON ` +
        `(one JSON event per line), but it starts with ${start}.`,
    );
  } finally {
    await handle.close();
  }
}

async function statJournal(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JournalError('not-found', `${path} does not exist.`);
    if (code === 'EACCES') throw new JournalError('not-found', `${path} cannot be read: permission denied.`);
    throw new JournalError('not-found', `${path} cannot be opened: ${(error as Error).message}.`);
  }
}

/** A pretty-printed JSON document also starts with "{", but its first line alone is not JSON. */
function firstLineIsJson(text: string): boolean {
  const end = text.indexOf('\n');
  if (end === -1) return true; // one long line: NDJSON's reader reports it precisely if it is broken
  try {
    JSON.parse(text.slice(0, end));
    return true;
  } catch {
    return false;
  }
}
