// What kind of file a journal is, decided by its content rather than its name.
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { peekBytes } from './json/byte-source.js';

export type FileKind = 'sqlite' | 'json';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Checks the path is a readable, non-empty file and tells SQLite from the JSON family (plain or gzip). */
export async function detectFileKind(path: string): Promise<{ kind: FileKind; info: Stats }> {
  const name = basename(path);
  const info = await statJournal(path);
  if (info.isDirectory()) throw new JournalError('bad-format', `${path} is a folder, not a journal file.`);
  if (info.size === 0) throw new JournalError('bad-format', `${name} is empty: there are no events in it.`);
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(16), 0, 16, 0);
    if (buffer.subarray(0, bytesRead).toString('latin1') === SQLITE_MAGIC) return { kind: 'sqlite', info };
  } finally {
    await handle.close();
  }
  let head: Buffer;
  try {
    head = await peekBytes(path, 4096);
  } catch (error) {
    throw new JournalError('bad-format', `${name} looks gzip-compressed but cannot be decompressed: ${(error as Error).message}.`);
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[') || text.startsWith('{')) return { kind: 'json', info };
  if (text === '') throw new JournalError('bad-format', `${name} holds only blank space: there are no events in it.`);
  throw new JournalError(
    'bad-format',
    `${name} is not a journal Eventlens can read: expected a SQLite database, a JSON array of events or NDJSON ` +
      `(one JSON event per line), plain or gzip-compressed, but it starts with ${JSON.stringify(text.slice(0, 24))}.`,
  );
}

async function statJournal(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JournalError('not-found', `${path} does not exist.`);
    if (code === 'EACCES') throw new JournalError('not-found', `${path} cannot be read: permission denied.`);
    throw new JournalError('not-found', `${path} cannot be opened: ${(error as Error).message}.`);
  }
}
