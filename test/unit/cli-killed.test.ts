// A CLI killed mid-read (power cut, kill -9, a CI timeout) leaves the journal and its folder as they were, and the
// next open works: whatever it had half-written lives in the cache folder and is not taken for a finished cache.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');
const journals = tempFolder('eventlens-killed-');
const caches = tempFolder('eventlens-killed-cache-');
const journal = join(journals.path, 'big.ndjson');
const env = { ...process.env, XDG_CACHE_HOME: caches.path };
let fingerprint: Record<string, string>;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does).`);
  const lines: string[] = [];
  for (let i = 0; i < 200_000; i++) lines.push(JSON.stringify({ stream: `s-${i % 1000}`, type: 'noted', time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), data: { i, text: 'x'.repeat(60) } }));
  writeFileSync(journal, lines.join('\n') + '\n');
  fingerprint = folderFingerprint(journals.path);
});
afterAll(() => {
  journals.remove();
  caches.remove();
});

it('killed while reading, it leaves the journal untouched and the next open reads it whole', async () => {
  for (const after of [150, 600]) {
    const child = spawn(process.execPath, [CLI, 'info', journal, '--json'], { env, stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, after));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(folderFingerprint(journals.path)).toEqual(fingerprint);
  }
  const building = () => readdirSync(join(caches.path, 'eventlens', 'journals')).filter((name) => name.includes('.building'));
  expect(building().length).toBeGreaterThan(0);
  const next = spawnSync(process.execPath, [CLI, 'info', journal, '--json'], { env, encoding: 'utf8' });
  expect(next.status).toBe(0);
  expect(JSON.parse(next.stdout)).toMatchObject({ format: 'ndjson', events: 200_000, streams: 1000 });
  expect(folderFingerprint(journals.path)).toEqual(fingerprint);
  // The dead processes' half-written caches are gone with the next open: a crash does not leak disk for ever.
  expect(building()).toEqual([]);
}, 60_000);
