// What kind of file a journal is, decided by its content rather than its name.
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { firstContentByte, peekBytes } from './json/byte-source.js';
import { isSqliteHeader } from './sqlite-magic.js';

/** SQLite, the JSON family (JSON, NDJSON), an XML document (Atom), or Temporal's binary protobuf history. */
export type FileKind = 'sqlite' | 'json' | 'xml' | 'temporal-binary';

/** Checks the path is a readable, non-empty file and tells SQLite from the JSON family (plain or gzip). */
export async function detectFileKind(path: string): Promise<{ kind: FileKind; info: Stats }> {
  const name = basename(path);
  const info = await statJournal(path);
  if (info.isDirectory()) throw new JournalError('bad-format', `${path} is a folder, not a journal file.`);
  if (info.size === 0) throw new JournalError('bad-format', `${name} is empty: there are no events in it.`);
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(16), 0, 16, 0);
    if (isSqliteHeader(buffer.subarray(0, bytesRead))) return { kind: 'sqlite', info };
  } finally {
    await handle.close();
  }
  let head: Buffer;
  try {
    head = await peekBytes(path, 4096);
  } catch (error) {
    throw new JournalError('bad-format', `${name} looks gzip-compressed but cannot be decompressed: ${(error as Error).message}.`);
  }
  let text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text === '') {
    // Blank as far as the peek went: the content decides from its first byte that is not, however far in it is.
    const first = await firstContentByte(path).catch(() => null);
    if (first === null) throw new JournalError('bad-format', `${name} holds only blank space: there are no events in it.`);
    text = String.fromCharCode(first);
  }
  if (text.startsWith('[') || text.startsWith('{')) return { kind: 'json', info };
  if (text.startsWith('<')) return { kind: 'xml', info };
  // Loaded only for a file that is none of the above: the Temporal API's definitions are large.
  const { looksLikeProtobufHistory } = await import('./formats/temporal-binary.js');
  if (looksLikeProtobufHistory(head)) return { kind: 'temporal-binary', info };
  throw new JournalError(
    'bad-format',
    `${name} is not a journal Eventlens can read: expected a SQLite database, a JSON array of events, NDJSON ` +
      `(one JSON event per line), an Atom XML feed or a Temporal history, plain or gzip-compressed, but it starts with ${startText(head)}.`,
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

/** The first bytes for a message: printable text quoted, anything else as hex, so no control byte reaches a terminal. */
function startText(head: Buffer): string {
  const text = head.subarray(0, 24).toString('utf8');
  return /^[\x20-\x7e]*$/.test(text) ? JSON.stringify(text) : `the bytes ${head.subarray(0, 12).toString('hex').replace(/(..)/g, '$1 ').trim()}`;
}
