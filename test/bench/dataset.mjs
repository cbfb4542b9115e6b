// The benchmark's journal: 1,000,000 events in 10,000 streams over 90 days, 12 event types, ~200-byte JSON
// payloads, written once as NDJSON and as a SQLite table with no index, and reused by later runs. A second file
// holds one 100,000-event stream for the replay jump.
import { existsSync, mkdirSync, renameSync, rmSync, createWriteStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import Database from 'better-sqlite3';

export const EVENTS = 1_000_000;
export const STREAMS = 10_000;
export const LONG_STREAM_EVENTS = 100_000;
const DAYS = 90;
const START = Date.UTC(2026, 0, 1);
const TYPES = ['order_placed', 'order_paid', 'order_shipped', 'order_cancelled', 'item_added', 'item_removed', 'address_changed', 'note_added', 'refund_requested', 'refund_issued', 'customer_registered', 'customer_updated'];

/** Outside the repository: generated once per machine, ~500 MB. */
export function benchDir() {
  return process.env.EVENTLENS_BENCH_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'eventlens-bench');
}

/** mulberry32: deterministic, so every run measures the same journal. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* events(count, streams, seed) {
  const next = random(seed);
  const versions = new Uint32Array(streams);
  for (let i = 0; i < count; i++) {
    const s = Math.floor(next() * streams);
    versions[s] += 1;
    const ms = START + Math.floor((i / count) * DAYS * 86_400_000);
    yield {
      position: i + 1,
      stream: `order-${String(s).padStart(5, '0')}`,
      version: versions[s],
      type: TYPES[Math.floor(next() * TYPES.length)],
      time: new Date(ms).toISOString(),
      data: { amount: Math.floor(next() * 100_000) / 100, currency: 'EUR', sku: `SKU-${Math.floor(next() * 5000)}`, quantity: 1 + Math.floor(next() * 5), note: 'standard delivery, leave at the door' },
      metadata: { correlationId: `c-${Math.floor(next() * 1e9)}`, user: `u-${Math.floor(next() * 2000)}` },
    };
  }
}

async function writeNdjson(path, source) {
  const temporary = `${path}.writing`;
  const out = createWriteStream(temporary);
  let lines = [];
  for (const event of source) {
    lines.push(JSON.stringify(event));
    if (lines.length === 10_000) {
      if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
      lines = [];
    }
  }
  if (lines.length) out.write(lines.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
  renameSync(temporary, path);
}

function writeSqlite(path, source) {
  const temporary = `${path}.writing`;
  rmSync(temporary, { force: true });
  const db = new Database(temporary);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // A generic events table with no index besides its rowid, as a plain export would be.
  db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, stream_id TEXT, version INTEGER, event_type TEXT, data TEXT, metadata TEXT, created_at TEXT)');
  const insert = db.prepare('INSERT INTO events (stream_id, version, event_type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  let batch = [];
  const flush = db.transaction((rows) => {
    for (const e of rows) insert.run(e.stream, e.version, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.time);
  });
  for (const event of source) {
    batch.push(event);
    if (batch.length === 50_000) {
      flush(batch);
      batch = [];
    }
  }
  if (batch.length) flush(batch);
  db.close();
  renameSync(temporary, path);
}

export async function ensureDataset(log) {
  const dir = benchDir();
  mkdirSync(dir, { recursive: true });
  const files = {
    ndjson: join(dir, 'journal-1m.ndjson'),
    sqlite: join(dir, 'journal-1m.sqlite'),
    longStream: join(dir, 'one-stream-100k.ndjson'),
  };
  if (!existsSync(files.ndjson)) {
    log(`generating ${files.ndjson} …`);
    await writeNdjson(files.ndjson, events(EVENTS, STREAMS, 42));
  }
  if (!existsSync(files.sqlite)) {
    log(`generating ${files.sqlite} …`);
    writeSqlite(files.sqlite, events(EVENTS, STREAMS, 42));
  }
  if (!existsSync(files.longStream)) {
    log(`generating ${files.longStream} …`);
    await writeNdjson(files.longStream, events(LONG_STREAM_EVENTS, 1, 7));
  }
  return files;
}
