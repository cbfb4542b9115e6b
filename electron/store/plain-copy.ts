// A SQLite journal whose reading would run more SQL than a read of its bytes (views, virtual tables, generated
// columns, query planner statistics: sqlite-open.ts) is never queried by the app's own threads. SQLite runs a
// statement inside one native call that nothing interrupts (better-sqlite3 has no progress handler, and a terminated
// worker thread runs on until SQLite returns, keeping the process from exiting), so a view over a recursive CTE
// without end would hang whichever thread ran it, for ever. Such a journal is copied instead, by a child process, into
// a database of ordinary tables with the same names and columns and no statistics; the import then reads the copy as
// it reads any store. The child is killed when the copy takes too long, when the open is cancelled, and kills itself
// when the app goes away; what a view yields is bounded in rows, and the whole copy in bytes, so a view without end
// is refused in words, naming the file and the view.
// The one process the app starts, and no journal reaches its command line: that is a constant script, and the paths
// it reads and writes arrive over its IPC channel (eslint.config.js allows child_process here alone, for that reason).
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import { currentSqliteBinding, immutableUri } from '../readers/sqlite-open.js';
import type { SqlOnReading } from '../readers/sqlite-open.js';
import { describeSqlOnReading } from '../readers/sqlite-reader.js';

/** Seconds the copy may take (a whole number or a fraction); by default 20 and one more per 2 MB of the file. */
export const VIEW_SECONDS_VARIABLE = 'EVENTLENS_VIEW_SECONDS';

export interface CopyBudget {
  /** Wall-clock time for the whole copy, the child's start included. */
  seconds: number;
  /** Rows one view or virtual table may yield. An ordinary table's rows are in the file, so they are not counted. */
  rows: number;
  /** Size of the copy. */
  bytes: number;
}

const MB = 1024 * 1024;

/**
 * What copying a file of `fileBytes` may cost. Generous for any journal a view merely reshapes (a join of a store's
 * tables yields about as many rows, and bytes, as the tables hold) and far below what a view without end reaches.
 */
export function copyBudget(fileBytes: number): CopyBudget {
  const given = Number(process.env[VIEW_SECONDS_VARIABLE]?.trim() || NaN);
  const seconds = Number.isFinite(given) && given > 0 ? given : 20 + Math.ceil(fileBytes / (2 * MB));
  return { seconds, rows: Math.max(1_000_000, fileBytes), bytes: 256 * MB + 4 * fileBytes };
}

/** A copy of ordinary tables; remove() deletes it (the import is done with it). */
export interface PlainCopy {
  path: string;
  remove(): void;
}

export type CopyMessage =
  | { kind: 'reading'; relation: string }
  | { kind: 'done' }
  | { kind: 'failed'; reason: 'rows' | 'bytes' | 'value' | 'sql'; relation: string | null; message?: string };

/** What the child is told: where to read, where to write, and the bounds in rows and pages. */
interface CopyJob {
  uri: string;
  output: string;
  module: string;
  binding?: string;
  rows: number;
  pages: number;
  seconds: number;
}

const PAGE_SIZE = 4096;

/**
 * The copying itself, in a worker thread of the child (so the child's main thread stays free to notice the app going
 * away). Every relation the app would list (listTables: tables and views, `sqlite_%` left out) becomes an ordinary
 * table of the columns PRAGMA table_info gives, without types, so each value is kept exactly as SQLite gave it; an
 * ordinary table keeps its rowids (layouts order by them and name rows by them). Generated columns are not columns
 * table_info lists, so they are never computed. Views and virtual tables are read with a LIMIT one past the budget.
 */
const COPY_WORKER = String.raw`'use strict';
const { parentPort, workerData: job } = require('node:worker_threads');
const post = (message) => parentPort.postMessage(message);
const q = (name) => '"' + String(name).replace(/"/g, '""') + '"';
let relation = null;
try {
  const Database = require(job.module);
  const db = new Database(job.output, job.binding === undefined ? {} : { nativeBinding: job.binding });
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('page_size = ${PAGE_SIZE}');
  db.pragma('max_page_count = ' + job.pages);
  db.prepare('ATTACH DATABASE ? AS src').run(job.uri + '&mode=ro');
  const kinds = new Map(db.prepare('PRAGMA src.table_list').all().map((t) => [t.name, t]));
  const relations = db.prepare("SELECT name FROM src.sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
  let failed = false;
  for (const name of relations) {
    relation = name;
    post({ kind: 'reading', relation: name });
    const columns = db.prepare('SELECT name FROM pragma_table_info(?, ?)').pluck().all(name, 'src');
    if (columns.length === 0) continue;
    const kind = kinds.get(name) || { type: 'view', wr: 1 };
    const running = kind.type === 'view' || kind.type === 'virtual';
    const rowid = !running && kind.wr === 0 && !columns.some((c) => /^(rowid|oid|_rowid_)$/i.test(c));
    const list = columns.map(q).join(', ');
    const into = (rowid ? 'rowid, ' : '') + list;
    db.exec('CREATE TABLE main.' + q(name) + ' (' + list + ')');
    const copied = db.prepare('INSERT INTO main.' + q(name) + ' (' + into + ') SELECT ' + into + ' FROM src.' + q(name) + (running ? ' LIMIT ' + (job.rows + 1) : '')).run();
    if (copied.changes > job.rows && running) {
      post({ kind: 'failed', reason: 'rows', relation: name });
      failed = true;
      break;
    }
  }
  db.close();
  if (!failed) post({ kind: 'done' });
} catch (error) {
  const code = error && error.code;
  const reason = code === 'SQLITE_FULL' ? 'bytes' : code === 'SQLITE_TOOBIG' || code === 'SQLITE_NOMEM' ? 'value' : 'sql';
  post({ kind: 'failed', reason, relation, message: String(error && error.message) });
}
`;

/** The first line of the child's script, so it is told apart among processes (its command line holds the script). */
export const COPY_PROCESS_MARK = "eventlens: copying a SQLite journal's views into ordinary tables";

/**
 * The child's main thread: runs the copy in a worker and passes its messages on. When the channel to the app closes
 * (the app quit, or was killed), or long after the app's own deadline, it kills itself: SIGKILL ends a process even
 * while a thread of it is inside SQLite, which process.exit cannot (it waits for that thread to return).
 */
const CHILD_MAIN = String.raw`// ${COPY_PROCESS_MARK}
'use strict';
const { Worker } = require('node:worker_threads');
const stop = () => process.kill(process.pid, 'SIGKILL');
process.on('disconnect', stop);
process.once('message', (job) => {
  setTimeout(stop, job.seconds * 1000 + 10000).unref();
  const worker = new Worker(${JSON.stringify(COPY_WORKER)}, { eval: true, workerData: job });
  worker.on('message', (message) => process.send(message));
  worker.on('error', (error) => process.send({ kind: 'failed', reason: 'sql', relation: null, message: String(error && error.message) }));
});
`;

const require = createRequire(import.meta.url);
let copies = 0;

/**
 * Copies the journal at `path` into ordinary tables, in a folder beside `besides` (a cache file's path), under the
 * journal's own file name (readers name the file in what they report). Rejects with a JournalError naming the file
 * and what cost too much, or 'cancelled' when `signal` aborts.
 */
export async function copyToPlainTables(path: string, costly: readonly SqlOnReading[], besides: string, signal: AbortSignal): Promise<PlainCopy> {
  const name = basename(path);
  const fileBytes = statSync(path).size;
  const budget = copyBudget(fileBytes);
  removeDeadCopies(dirname(besides));
  copies += 1;
  const folder = `${besides}.${process.pid}.${copies}.tables`;
  const remove = () => {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      // Still held by the child as it dies (Windows keeps an open file): removed with this process's other copies.
    }
  };
  remove();
  // Private as the cache folder is (it holds the journal's payloads): the folder this user's alone, and the file
  // created empty with that mode before SQLite writes to it (an empty file is an empty database).
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const output = join(folder, name);
  writeFileSync(output, '', { mode: 0o600 });
  const binding = currentSqliteBinding();
  const job: CopyJob = {
    uri: immutableUri(path),
    output,
    module: require.resolve('better-sqlite3'),
    ...(binding !== undefined && { binding }),
    rows: budget.rows,
    pages: Math.ceil(budget.bytes / PAGE_SIZE),
    seconds: budget.seconds,
  };
  try {
    await runCopy(job, { name, fileBytes, budget, costly }, signal);
  } catch (error) {
    remove();
    throw error;
  }
  return { path: output, remove };
}

interface Wording {
  name: string;
  fileBytes: number;
  budget: CopyBudget;
  /** What made the copy needed, to name in messages. */
  costly: readonly SqlOnReading[];
}

function runCopy(job: CopyJob, wording: Wording, signal: AbortSignal): Promise<void> {
  const { name } = wording;
  // Electron runs as Node with ELECTRON_RUN_AS_NODE; SQLITE_USE_URI lets the child open the journal immutable.
  const child = spawn(process.execPath, ['-e', CHILD_MAIN], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', SQLITE_USE_URI: '1' },
    windowsHide: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 2000) stderr += text;
  });
  return new Promise<void>((resolve, reject) => {
    let relation: string | null = null;
    let settled = false;
    const settle = (error: JournalError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', cancel);
      child.kill('SIGKILL');
      if (error === null) resolve();
      else reject(error);
    };
    const timer = setTimeout(() => settle(tooSlow(wording, relation)), wording.budget.seconds * 1000);
    const cancel = () => settle(new JournalError('cancelled', `Opening ${name} was cancelled.`));
    if (signal.aborted) return cancel();
    signal.addEventListener('abort', cancel);
    child.on('message', (message: CopyMessage) => {
      if (message.kind === 'reading') relation = message.relation;
      else if (message.kind === 'done') settle(null);
      else settle(copyFailed(wording, message));
    });
    child.on('error', (error) => settle(new JournalError('internal', `${name} could not be read: the process that reads its views did not start (${error.message}).`)));
    child.on('exit', (code, signalName) => {
      const said = stderr.trim().split('\n').at(-1);
      settle(new JournalError('internal', `${name} could not be read: the process that reads its views stopped (${signalName ?? `exit ${code}`})${said ? `: ${said}` : ''}.`));
    });
    child.send(job, (error) => {
      if (error) settle(new JournalError('internal', `${name} could not be read: the process that reads its views did not start (${error.message}).`));
    });
  });
}

/** 'its view "events"', or 'its table "x"' for an ordinary table copied beside them. */
function describe(wording: Wording, relation: string | null): string {
  if (relation === null) return describeSqlOnReading(wording.costly);
  const costly = wording.costly.find((part) => part.name === relation);
  return costly === undefined ? `its table ${JSON.stringify(relation)}` : describeSqlOnReading([costly]);
}

function tooSlow(wording: Wording, relation: string | null): JournalError {
  const { name, budget, fileBytes } = wording;
  return new JournalError(
    'bad-format',
    `${name} was not read: reading ${describe(wording, relation)} took more than ${budget.seconds} seconds, the most a SQLite file of ` +
      `${sizeText(fileBytes)} may take (its SQL may never end; ${VIEW_SECONDS_VARIABLE} sets the limit in seconds).`,
  );
}

function copyFailed(wording: Wording, failure: Extract<CopyMessage, { kind: 'failed' }>): JournalError {
  const { name, budget, fileBytes } = wording;
  const what = describe(wording, failure.relation);
  const detail = (failure.message ?? '').split('\n')[0];
  if (failure.reason === 'rows') {
    return new JournalError(
      'bad-format',
      `${name} was not read: ${what} yields more than ${budget.rows.toLocaleString('en-US')} rows, far more than a SQLite file of ${sizeText(fileBytes)} holds (its SQL may never end).`,
    );
  }
  if (failure.reason === 'bytes') {
    return new JournalError('bad-format', `${name} was not read: ${what} yields more than ${sizeText(budget.bytes)}, far more than a SQLite file of ${sizeText(fileBytes)} holds.`);
  }
  if (failure.reason === 'value') return new JournalError('bad-format', `${name} was not read: ${what} makes a value larger than SQLite allows (${detail}).`);
  return new JournalError('bad-format', `${name} could not be read as SQLite: reading ${what} failed: ${detail}.`);
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const COPY_FOLDER = /\.(\d+)\.\d+\.tables$/;

/** Copies left by processes that died mid-copy (killed, crashed): nothing else would ever remove them. */
function removeDeadCopies(folder: string): void {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(COPY_FOLDER.exec(entry)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    try {
      rmSync(join(folder, entry), { recursive: true, force: true });
    } catch {
      // Left for the next time.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
