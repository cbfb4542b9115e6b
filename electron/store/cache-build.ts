// A cache file built in a thread of its own while the import reads the journal: reading (parsing or scanning) and
// writing (counting and inserting) then share the two cores instead of taking turns. Row batches move to the thread
// with their typed columns transferred, not copied. From sources (unit tests) the builder runs in this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../shared/model.js';
import type { RowBatch } from '../readers/event-rows.js';
import type { SnapshotRecord } from '../readers/formats/types.js';
import { currentSqliteBinding } from '../readers/sqlite-open.js';
import { CacheBuilder } from './cache-builder.js';
import type { CacheMeta } from './cache-builder.js';

export interface CacheBuild {
  /** Events handed over so far. */
  readonly events: number;
  /**
   * Hands the rows over (their typed columns may be moved away). Resolves at once, or, while the writing lags far
   * behind the reading, when it has caught up: what waits to be written stays bounded, however large the journal.
   */
  addBatch(rows: RowBatch): Promise<void>;
  /** Resolves once the cache file is complete and in place; rejects with what went wrong while building it. */
  finish(meta: CacheMeta, findings: readonly Finding[], overflow: number, snapshots?: readonly SnapshotRecord[]): Promise<void>;
  /** Drops the partial file (cancel, or the journal could not be read). */
  abandon(): void;
}

export type BuildMessage =
  | { kind: 'rows'; rows: RowBatch }
  | { kind: 'finish'; meta: CacheMeta; findings: readonly Finding[]; overflow: number; snapshots: readonly SnapshotRecord[] }
  | { kind: 'abandon' };
export type BuildReply = { kind: 'added' } | { kind: 'finished' } | { kind: 'failed'; message: string };

/** Batches (about a megabyte of the journal each) handed over but not yet written, before the reading waits. */
const MAX_WAITING_BATCHES = 32;

const WORKER_FILE = fileURLToPath(new URL('./cache-build-worker.js', import.meta.url));

export function startCacheBuild(file: string): CacheBuild {
  return existsSync(WORKER_FILE) ? inWorker(file) : inThisThread(file);
}

function inThisThread(file: string): CacheBuild {
  const builder = new CacheBuilder(file);
  return {
    get events() {
      return builder.events;
    },
    addBatch: async (rows) => builder.addBatch(rows),
    finish: async (meta, findings, overflow, snapshots = []) => builder.finish(meta, findings, overflow, snapshots),
    abandon: () => builder.abandon(),
  };
}

function inWorker(file: string): CacheBuild {
  const binding = currentSqliteBinding();
  const worker = new Worker(WORKER_FILE, { workerData: { file, ...(binding !== undefined && { sqliteBinding: binding }) } });
  const post = (message: BuildMessage, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  let waiting = 0;
  let caughtUp: (() => void) | null = null;
  let ended = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: BuildReply) => {
      if (reply.kind === 'added') {
        waiting--;
        caughtUp?.();
        caughtUp = null;
      } else if (reply.kind === 'finished') resolve();
      else reject(new Error(reply.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the cache builder stopped (exit ${code})`)));
  });
  // A failure is reported by finish(); until it is asked for, it is not an unhandled rejection. Nor does a reading
  // waiting for the writer wait for ever once the writer is gone.
  done
    .catch(() => {})
    .finally(() => {
      ended = true;
      caughtUp?.();
    });
  let events = 0;
  return {
    get events() {
      return events;
    },
    addBatch: async (rows) => {
      events += rows.count;
      const columns = [rows.positions, rows.versions, rows.times, rows.offsets, rows.lengths, rows.streamIds, rows.typeIds];
      post({ kind: 'rows', rows }, columns.map((column) => column.buffer as ArrayBuffer));
      if (++waiting > MAX_WAITING_BATCHES && !ended) await new Promise<void>((resolve) => (caughtUp = resolve));
    },
    finish: async (meta, findings, overflow, snapshots = []) => {
      post({ kind: 'finish', meta, findings, overflow, snapshots });
      await done;
    },
    abandon: () => post({ kind: 'abandon' }),
  };
}
