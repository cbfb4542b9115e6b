// The cache is private and bounded: folders 0700 and files 0600 whatever the journal's mode, least recently used
// entries evicted past the bound (never one open), and copies (an export compared, an upload) leave nothing behind.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { cacheEntries, clearCache } from '../../electron/store/cache-folder.js';
import { openStore } from '../../electron/store/open-store.js';
import { BANK_EVENTS, tempFolder, writeNdjson, writeSqlite } from '../support/fixtures.js';

const folder = tempFolder('eventlens-cache-folder-');
afterAll(() => folder.remove());

const mode = (path: string) => statSync(path).mode & 0o777;
const open = (path: string, cacheDir: string, cacheLimitBytes?: number) =>
  openStore(path, { cacheDir, signal: new AbortController().signal, onProgress: () => {}, ...(cacheLimitBytes !== undefined && { cacheLimitBytes }) });

/** Every file and folder under `dir`, with its mode. */
function modes(dir: string): [string, number][] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => [name, mode(join(dir, name))]);
}

describe('the cache folder', () => {
  it('is this user’s alone: folders 0700, files 0600, for a journal of any mode and a store read in place', async () => {
    const caches = tempFolder('eventlens-cache-private-');
    try {
      const journal = writeNdjson(join(folder.path, 'secret.ndjson'), BANK_EVENTS);
      chmodSync(journal, 0o600);
      const store = await open(journal, caches.path);
      store.close();
      const sqlite = writeSqlite(join(folder.path, 'store.sqlite'), BANK_EVENTS);
      const inPlace = await open(sqlite, caches.path);
      await inPlace.settled();
      inPlace.close();
      expect(mode(caches.path)).toBe(0o700);
      const all = modes(caches.path);
      expect(all.length).toBeGreaterThan(2);
      for (const [name, bits] of all) expect([name, bits]).toEqual([name, statSync(join(caches.path, name)).isDirectory() ? 0o700 : 0o600]);
    } finally {
      caches.remove();
    }
  });

  it('keeps to its bound: the least recently used entries go first, never one a store has open', async () => {
    const caches = tempFolder('eventlens-cache-bound-');
    try {
      const journals = ['a', 'b', 'c'].map((name) => writeNdjson(join(folder.path, `${name}.ndjson`), BANK_EVENTS));
      const held = await open(journals[0]!, caches.path);
      const one = cacheEntries(caches.path)[0]!.bytes;
      // Room for about two entries: opening the third evicts the least recently used one not open (b).
      for (const journal of journals.slice(1)) (await open(journal, caches.path, Math.floor(one * 2.5))).close();
      const sources = cacheEntries(caches.path).map((entry) => entry.source);
      expect(sources).toContain(journals[0]);
      expect(sources).toContain(journals[2]);
      expect(sources).not.toContain(journals[1]);
      held.close();
      expect(clearCache(caches.path).length).toBe(2);
      expect(cacheEntries(caches.path)).toEqual([]);
    } finally {
      caches.remove();
    }
  });

  it('keeps nothing of an export compared, nor of an upload once another journal replaces it', async () => {
    const caches = tempFolder('eventlens-cache-copies-');
    const service = new JournalService({ samplePath: join(folder.path, 'none'), cacheDir: caches.path });
    try {
      const a = writeNdjson(join(folder.path, 'compare-a.ndjson'), BANK_EVENTS);
      const b = writeNdjson(join(folder.path, 'compare-b.ndjson'), BANK_EVENTS.slice(0, 5));
      await service.openJournal({ path: a });
      await service.compare({ path: b });
      expect(cacheEntries(caches.path).map((entry) => entry.source)).toEqual([a]);
      const upload = writeNdjson(join(folder.path, 'upload.ndjson'), BANK_EVENTS.slice(0, 3));
      await service.openCopy(upload, 'upload.ndjson');
      expect(cacheEntries(caches.path).map((entry) => entry.source).sort()).toEqual([a, upload].sort());
      await service.openJournal({ path: a });
      expect(cacheEntries(caches.path).map((entry) => entry.source)).toEqual([a]);
    } finally {
      await service.close();
      caches.remove();
    }
  });
});

describe('eventlens cache', () => {
  const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
  it('lists the journals cached, then clears them, never touching a journal', () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
    const home = tempFolder('eventlens-cache-cli-');
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home.path } });
      const journal = writeNdjson(join(folder.path, 'cli.ndjson'), BANK_EVENTS);
      expect(run('info', journal).status).toBe(0);
      const listed = run('cache', '--list', '--json');
      expect(listed.status).toBe(0);
      const list = JSON.parse(listed.stdout) as { folder: string; entries: { journal: string; bytes: number }[] };
      expect(list.folder).toBe(join(home.path, 'eventlens'));
      expect(list.entries.map((entry) => entry.journal)).toEqual([journal]);
      expect(list.entries[0]!.bytes).toBeGreaterThan(0);
      expect(run('cache', '--list').stdout).toContain('1 cached journals');
      const cleared = run('cache', '--clear');
      expect(cleared.status).toBe(0);
      expect(cleared.stdout).toMatch(/^Removed 1 cached journals/);
      expect(JSON.parse(run('cache', '--list', '--json').stdout).entries).toEqual([]);
      expect(existsSync(journal)).toBe(true);
      expect(run('cache').status).toBe(2);
    } finally {
      home.remove();
    }
  }, 120_000);
});
