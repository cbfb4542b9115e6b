// Worker thread entry: imports one journal into its cache file and reports progress to the main thread.
// (Splitting reading and writing over two threads was measured slower: moving the rows between threads costs more
// than the writes it would overlap.)
import { parentPort, workerData } from 'node:worker_threads';
import { errorReply } from '../../shared/contract.js';
import { useSqliteBinding } from '../readers/sqlite-open.js';
import { importJournal } from './import-journal.js';
import type { ImportRequest } from './import-journal.js';
import { indexCache } from './cache-index.js';
import { buildIndex, runQueries } from './index-builder.js';
import type { IndexRequest } from './index-builder.js';

export interface WorkerInput {
  /** Import a journal into a cache file, or build the narrow index of a SQLite store read in place. */
  job:
    | { kind: 'import'; request: ImportRequest }
    | { kind: 'index'; request: IndexRequest }
    | { kind: 'cache-index'; file: string }
    /** Read-only queries on a journal, run beside others. */
    | { kind: 'query'; path: string; sql: string[] };
  sqliteBinding?: string;
}

export type WorkerMessage =
  | { kind: 'progress'; bytesRead: number; events: number }
  | { kind: 'done'; rows?: unknown[][][] }
  | { kind: 'failed'; code: string; message: string };

const input = workerData as WorkerInput;
useSqliteBinding(input.sqliteBinding);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

async function run(job: WorkerInput['job']): Promise<unknown[][][] | undefined> {
  if (job.kind === 'import') await importJournal(job.request, (progress) => post({ kind: 'progress', ...progress }));
  else if (job.kind === 'index') buildIndex(job.request);
  else if (job.kind === 'cache-index') indexCache(job.file);
  else return runQueries(job.path, job.sql);
  return undefined;
}

run(input.job).then(
  (rows) => post(rows === undefined ? { kind: 'done' } : { kind: 'done', rows }),
  (error: unknown) => {
    const reply = errorReply(error);
    if (!reply.ok) post({ kind: 'failed', code: reply.error.code, message: reply.error.message });
  },
);
