// Worker thread entry: imports one journal into its cache file and reports progress to the main thread.
// (Splitting reading and writing over two threads was measured slower: moving the rows between threads costs more
// than the writes it would overlap.)
import { parentPort, workerData } from 'node:worker_threads';
import { errorReply } from '../../shared/contract.js';
import { useSqliteBinding } from '../readers/sqlite-open.js';
import type { ImportRequest } from './import-journal.js';
import type { IndexRequest } from './index-builder.js';
import type { SummaryPassRequest } from './summary-pass.js';
import type { PayloadSearchJob } from './payload-search-job.js';

export interface WorkerInput {
  /** Import a journal into a cache file, or build the narrow index of a SQLite store read in place. */
  job:
    | { kind: 'import'; request: ImportRequest }
    | { kind: 'index'; request: IndexRequest }
    | { kind: 'cache-index'; file: string }
    /** Part of a SQLite store's summary, run beside the other part. */
    | { kind: 'summary-pass'; request: SummaryPassRequest }
    /** A payload search over part of a journal's events. */
    | { kind: 'payload-search'; job: PayloadSearchJob };
  sqliteBinding?: string;
}

export type WorkerMessage =
  | { kind: 'progress'; bytesRead: number; events: number }
  | { kind: 'done'; result?: unknown }
  | { kind: 'failed'; code: string; message: string };

const input = workerData as WorkerInput;
useSqliteBinding(input.sqliteBinding);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

// Each job loads only its own modules: a worker is started per job, and the readers an import needs take a good part
// of the time a summary pass has.
async function run(job: WorkerInput['job']): Promise<unknown> {
  if (job.kind === 'import') {
    const { importJournal } = await import('./import-journal.js');
    await importJournal(job.request, (progress) => post({ kind: 'progress', ...progress }));
  } else if (job.kind === 'index') (await import('./index-builder.js')).buildIndex(job.request);
  else if (job.kind === 'cache-index') (await import('./cache-index.js')).indexCache(job.file);
  else if (job.kind === 'payload-search') return (await import('./payload-search-job.js')).runPayloadSearchJob(job.job);
  else return (await import('./summary-pass.js')).runSummaryPass(job.request);
  return undefined;
}

run(input.job).then(
  (result) => post(result === undefined ? { kind: 'done' } : { kind: 'done', result }),
  (error: unknown) => {
    const reply = errorReply(error);
    if (!reply.ok) post({ kind: 'failed', code: reply.error.code, message: reply.error.message });
  },
);
