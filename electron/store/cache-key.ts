// Where a journal's cache file lives and how it is recognised on the next open: keyed by the file's identity
// (device, inode, size, modification and change times: evidence.ts) and a hash of its first and last megabyte, plus the
// options that shape reading. Two files never share an entry, and a file changed in place gets a new one.
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileIdentity } from './evidence.js';

const SAMPLE = 1024 * 1024;

/** The app's cache folder, where each platform keeps caches: never beside the journal. */
export function defaultCacheDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'eventlens');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'eventlens', 'Cache');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'eventlens');
}

export async function cacheKey(path: string, info: Stats, options: object): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ identity: fileIdentity(info), options }));
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(SAMPLE, info.size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (info.size > SAMPLE) {
      const tail = Buffer.alloc(Math.min(SAMPLE, info.size - SAMPLE));
      await handle.read(tail, 0, tail.length, info.size - tail.length);
      hash.update(tail);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex').slice(0, 40);
}

export function cacheFileFor(cacheDir: string, key: string): string {
  return join(cacheDir, 'journals', `${key}.sqlite`);
}
