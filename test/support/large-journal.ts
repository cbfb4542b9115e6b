// A large NDJSON journal for tests that need work heavy enough to be felt (large-journal.mjs, in a worker thread).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** Writes `count` events in `streams` streams to `path`: amounts 0–999.99, SKUs SKU-0 … SKU-4999, 30 days. */
export async function writeLargeNdjson(path: string, count: number, streams = Math.max(1, Math.floor(count / 100))): Promise<string> {
  const worker = new Worker(new URL('./large-journal.mjs', import.meta.url), { workerData: { path, count, streams } });
  const [code] = (await once(worker, 'exit')) as [number];
  if (code !== 0) throw new Error(`Writing ${path} failed (worker exit ${code}).`);
  return path;
}
