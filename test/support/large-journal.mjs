// A large NDJSON journal written in a few seconds, for tests that need work heavy enough to be felt: orders in many
// streams with ~200-byte payloads, like test/bench/dataset.mjs, smaller and in the test's own folder. Runs as a
// worker thread (writeLargeNdjson in large-journal.ts), so the garbage of writing it stays out of the test's heap:
// the test measures its own event loop, and a collection of that garbage would be counted against the service.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { workerData } from 'node:worker_threads';

const TYPES = ['order_placed', 'order_paid', 'order_shipped', 'order_cancelled', 'item_added', 'item_removed', 'address_changed', 'note_added'];
const START = Date.UTC(2026, 0, 1);
const DAYS = 30;

/** mulberry32: the same journal every run. */
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

const { path, count, streams } = workerData;
const next = random(42);
const versions = new Uint32Array(streams);
const out = createWriteStream(path);
let lines = [];
for (let i = 0; i < count; i++) {
  const s = Math.floor(next() * streams);
  versions[s] += 1;
  lines.push(
    JSON.stringify({
      stream: `order-${String(s).padStart(5, '0')}`,
      version: versions[s],
      type: TYPES[Math.floor(next() * TYPES.length)],
      time: new Date(START + Math.floor((i / count) * DAYS * 86_400_000)).toISOString(),
      data: { amount: Math.floor(next() * 100_000) / 100, currency: 'EUR', sku: `SKU-${Math.floor(next() * 5000)}`, quantity: 1 + Math.floor(next() * 5), note: 'standard delivery' },
      metadata: { correlationId: `c-${Math.floor(next() * 1e9)}`, user: `u-${Math.floor(next() * 2000)}` },
    }),
  );
  if (lines.length === 10_000) {
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
    lines = [];
  }
}
if (lines.length > 0) out.write(lines.join('\n') + '\n');
out.end();
await once(out, 'finish');
