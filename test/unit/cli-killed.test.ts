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
  for (let i = 0; i < 400_000; i++) lines.push(JSON.stringify({ stream: `s-${i % 1000}`, type: 'noted', time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), data: { i, text: 'x'.repeat(60) } }));
  writeFileSync(journal, lines.join('\n') + '\n');
  fingerprint = folderFingerprint(journals.path);
});
afterAll(() => {
  journals.remove();
  caches.remove();
});

const cacheFolder = join(caches.path, 'eventlens', 'journals');
const building = () => (existsSync(cacheFolder) ? readdirSync(cacheFolder).filter((name) => name.includes('.building')) : []);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('killed while reading, it leaves the journal untouched and the next open reads it whole', async () => {
  // Killed once as soon as its cache file is begun, once a little later: mid-read either way (reading takes a second).
  for (const after of [0, 100]) {
    const child = spawn(process.execPath, [CLI, 'info', journal, '--json'], { env, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const begun = () => building().some((name) => name.includes(`.${child.pid}.`));
    for (let waited = 0; !begun() && child.exitCode === null && waited < 20_000; waited += 5) await sleep(5);
    await sleep(after);
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode, 'the CLI was still reading when killed').toBe('SIGKILL');
    expect(folderFingerprint(journals.path)).toEqual(fingerprint);
  }
  expect(building().length).toBeGreaterThan(0);
  const next = spawnSync(process.execPath, [CLI, 'info', journal, '--json'], { env, encoding: 'utf8' });
  expect(next.status).toBe(0);
  expect(JSON.parse(next.stdout)).toMatchObject({ format: 'ndjson', events: 400_000, streams: 1000 });
  expect(folderFingerprint(journals.path)).toEqual(fingerprint);
  // The dead processes' half-written caches are gone with the next open: a crash does not leak disk for ever.
  expect(building()).toEqual([]);
}, 60_000);
