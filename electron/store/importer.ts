// Runs an import in a worker thread when the compiled worker is there (the app, the CLI, the browser host), or in
// this thread when running from TypeScript sources (unit tests). Cancelling a worker stops it at once. A SQLite
// journal whose reading would run SQL of its own (views, virtual tables, query planner statistics) is imported from a
// plain copy a child process makes (plain-copy.ts): no thread of the app runs its SQL, which may never return.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { JournalError } from '../../shared/contract.js';
import { detectFileKind } from '../readers/detect.js';
import { currentSqliteBinding, openWritable } from '../readers/sqlite-open.js';
import { sqlOnReadingIn } from '../readers/sqlite-reader.js';
import { importJournal } from './import-journal.js';
import type { ImportProgress, ImportRequest } from './import-journal.js';
import { indexCache } from './cache-index.js';
import { buildIndex } from './index-builder.js';
import { copyToPlainTables } from './plain-copy.js';
import type { IndexRequest } from './index-builder.js';
import { runSummaryPass } from './summary-pass.js';
import { runPayloadSearchInTurns } from './payload-search-job.js';
import type { PayloadSearchJob } from './payload-search-job.js';
import type { SummaryPassRequest, SummaryPassResult } from './summary-pass.js';
import { writeMeta } from './summary-schema.js';
import type { WorkerInput, WorkerMessage } from './import-worker.js';

const WORKER_FILE = fileURLToPath(new URL('./import-worker.js', import.meta.url));

export async function runImport(request: ImportRequest, onProgress: (progress: ImportProgress) => void, signal: AbortSignal): Promise<void> {
  const costly = (await detectFileKind(request.path)).kind === 'sqlite' ? sqlOnReadingIn(request.path) : [];
  if (costly.length === 0) return importFile(request, request.path, onProgress, signal);
  // Views, virtual tables, generated columns, statistics: a child process copies the tables, and the copy is imported.
  const copy = await copyToPlainTables(request.path, costly, request.cacheFile, signal);
  try {
    await importFile({ ...request, path: copy.path }, request.path, onProgress, signal);
    const cache = openWritable(request.cacheFile);
    try {
      writeMeta(cache, { source: request.path });
    } finally {
      cache.close();
    }
  } finally {
    copy.remove();
  }
}

function importFile(request: ImportRequest, journal: string, onProgress: (progress: ImportProgress) => void, signal: AbortSignal): Promise<void> {
  if (!existsSync(WORKER_FILE)) return importJournal(request, onProgress, signal);
  return runWorker({ kind: 'import', request }, journal, onProgress, signal);
}

/** Builds a SQLite store's narrow index off the main thread (here, from sources); resolves when it is in place. */
export async function runIndexBuild(request: IndexRequest, signal: AbortSignal): Promise<void> {
  if (!existsSync(WORKER_FILE)) return buildIndex(request);
  return runWorker({ kind: 'index', request }, request.path, () => {}, signal);
}

/** Builds a cache file's indexes off the main thread (here, from sources). */
export async function runCacheIndex(file: string, signal: AbortSignal): Promise<void> {
  if (!existsSync(WORKER_FILE)) return indexCache(file);
  return runWorker({ kind: 'cache-index', file }, file, () => {}, signal);
}

/**
 * A payload search over part of a journal in a worker (in this thread, a page per turn, from sources); cancelled with
 * `signal`, which stops the worker at once. `onProgress` hears the events scanned so far.
 */
export async function runPayloadSearchInBackground(job: PayloadSearchJob, signal: AbortSignal, onProgress: (scanned: number) => void = () => {}): Promise<number[]> {
  if (!existsSync(WORKER_FILE)) return runPayloadSearchInTurns(job, signal, onProgress);
  let result: unknown;
  await runWorker({ kind: 'payload-search', job }, job.recipe.journal, (progress) => onProgress(progress.events), signal, (found) => (result = found));
  return result as number[];
}

/** Part of a SQLite store's summary in a worker, so parts run side by side and this thread stays free; in-thread from sources. */
export async function runSummaryPassInBackground(request: SummaryPassRequest): Promise<SummaryPassResult> {
  if (!existsSync(WORKER_FILE)) return runSummaryPass(request);
  let result: unknown;
  await runWorker({ kind: 'summary-pass', request }, request.path, () => {}, new AbortController().signal, (found) => (result = found));
  return result as SummaryPassResult;
}

function runWorker(
  job: WorkerInput['job'],
  name: string,
  onProgress: (progress: ImportProgress) => void,
  signal: AbortSignal,
  onResult: (result: unknown) => void = () => {},
): Promise<void> {
  const binding = currentSqliteBinding();
  const input: WorkerInput = { job, ...(binding !== undefined && { sqliteBinding: binding }) };
  // Parsing a big file allocates millions of short-lived objects: a larger young generation halves the GC time.
  const worker = new Worker(WORKER_FILE, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', cancel);
      outcome();
    };
    const cancel = () => {
      // terminate() stops the thread mid-read; the half-written cache file is removed by the caller.
      void worker.terminate();
      settle(() => reject(new JournalError('cancelled', `Opening ${name} was cancelled.`)));
    };
    if (signal.aborted) return cancel();
    signal.addEventListener('abort', cancel);
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') onProgress(message);
      else if (message.kind === 'done') {
        if (message.result !== undefined) onResult(message.result);
        settle(resolve);
      }
      else settle(() => reject(new JournalError(message.code, message.message, message.remedy)));
    });
    worker.on('error', (error) => settle(() => reject(new JournalError('internal', `Reading ${name} failed: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(new JournalError('internal', `Reading ${name} stopped unexpectedly (exit ${code}).`))));
  });
}
