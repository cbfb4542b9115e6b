// Where a journal's cache file lives and how it is recognised on the next open: keyed by the file's identity
// (device, inode, size, modification and change times: evidence.ts) and a hash of its first and last megabyte, plus the
// options that shape reading. Two files never share an entry, and a file changed in place gets a new one.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ColumnMap } from '../readers/formats/types.js';
import { maxRecordBytes } from '../readers/json/record-limit.js';
import { fileIdentity, sidecarIdentity } from './evidence.js';

const SAMPLE = 1024 * 1024;

/** The app's cache folder, where each platform keeps caches: never beside the journal. */
export function defaultCacheDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'eventlens');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'eventlens', 'Cache');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'eventlens');
}

/** The parts of a file the key hashes: its first megabyte, and its last when there is more. */
function sampledParts(size: number): { position: number; length: number }[] {
  const head = { position: 0, length: Math.min(SAMPLE, size) };
  if (size <= SAMPLE) return [head];
  const length = Math.min(SAMPLE, size - SAMPLE);
  return [head, { position: size - length, length }];
}

/** The hash a key starts from: the file's identity and the reading options; then come the sampled bytes. */
function keyHash(info: Stats, options: object): Hash {
  return createHash('sha256').update(JSON.stringify({ identity: fileIdentity(info), options }));
}

export async function cacheKey(path: string, info: Stats, options: object): Promise<string> {
  const hash = keyHash(info, options);
  const handle = await open(path, 'r');
  try {
    for (const { position, length } of sampledParts(info.size)) {
      const part = Buffer.alloc(length);
      await handle.read(part, 0, length, position);
      hash.update(part);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex').slice(0, 40);
}

/**
 * cacheKey read synchronously, for the CLI's cached `info`: it has nothing else to do while it waits, and each wait
 * for the thread pool adds to its start. The same bytes are hashed (a short read's missing bytes as the zeros of
 * cacheKey's buffer), read through one small buffer rather than a megabyte allocated for one command.
 */
export function cacheKeySync(path: string, info: Stats, options: object): string {
  const fd = openSync(path, 'r');
  try {
    const hash = keyHash(info, options);
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (const { position, length } of sampledParts(info.size)) {
      for (let done = 0; done < length; ) {
        const size = Math.min(chunk.length, length - done);
        chunk.fill(0, readSync(fd, chunk, 0, size, position + done), size);
        hash.update(chunk.subarray(0, size));
        done += size;
      }
    }
    return hash.digest('hex').slice(0, 40);
  } finally {
    closeSync(fd);
  }
}

/**
 * The key of a journal's cache entry, from everything that shapes what reading it gives: the file (cacheKey), the
 * files SQLite keeps beside it, the user's column map, a hash of the cipher key and the record size limit. One
 * function for the open (open-store.ts) and for the CLI's answer from a cache (cache-lookup.ts), so the
 * two can never take a cache built under other options for this journal's.
 */
export async function journalCacheKey(path: string, info: Stats, sqlite: boolean, read: ReadOptions): Promise<{ key: string; sidecars: string }> {
  const { keyed, sidecars } = keyedOptions(path, sqlite, read);
  return { key: await cacheKey(path, info, keyed), sidecars };
}

/** journalCacheKey read synchronously (cacheKeySync). */
export function journalCacheKeySync(path: string, info: Stats, sqlite: boolean, read: ReadOptions): { key: string; sidecars: string } {
  const { keyed, sidecars } = keyedOptions(path, sqlite, read);
  return { key: cacheKeySync(path, info, keyed), sidecars };
}

type ReadOptions = { map?: ColumnMap; cipherKey?: string };

function keyedOptions(path: string, sqlite: boolean, read: ReadOptions): { keyed: object; sidecars: string } {
  const sidecars = sqlite ? sidecarIdentity(path) : '';
  // The key itself never reaches the cache folder, only a hash of it.
  const keyed = {
    map: read.map ?? null,
    cipher: read.cipherKey ? createHash('sha256').update(read.cipherKey).digest('hex') : null,
    // Records past the limit are left out: a cache built under another limit holds other events.
    maxRecordBytes: maxRecordBytes(),
    ...(sidecars !== '' && { sidecars }),
  };
  return { keyed, sidecars };
}

export function cacheFileFor(cacheDir: string, key: string): string {
  return join(cacheDir, 'journals', `${key}.sqlite`);
}
