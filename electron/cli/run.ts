// Running one command, its command line already checked (main.ts): the only CLI module that imports the journal
// service, the readers, SQLite and the browser host, so main.ts loads it with import() when a command runs and
// --help, --version and a usage error never pay for it.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Bucket, Severity } from '../../shared/model.js';
import type { ReducerKind } from '../../shared/reducers.js';
import { startHost } from '../host/server.js';
import { stopOnSignals } from '../host/stop-on-signals.js';
import { parseColumnMap } from '../readers/column-map.js';
import { SAMPLE_JOURNAL_PATH } from '../sample/sample-path.js';
import { JournalService } from '../service/journal-service.js';
import { audit, diff } from './audit-commands.js';
import { cache } from './cache-command.js';
import * as commands from './commands.js';
import type { CommandOptions } from './commands.js';
import { say } from './output.js';

/** A command line main.ts has checked: its values are in range, its files counted. */
export interface Run {
  command: string;
  file?: string;
  /** diff's B. */
  second?: string;
  json: boolean;
  steps: boolean;
  raw: boolean;
  sample: boolean;
  list: boolean;
  clear: boolean;
  stream?: string;
  category?: string;
  type?: string;
  reducer?: string;
  field?: string;
  map?: string;
  cipherKey?: string;
  report?: string;
  bucket?: Bucket | 'auto';
  failOn?: Severity;
  typeReducers?: Record<string, ReducerKind>;
  limit?: number;
  to?: number;
  port?: number;
}

interface Say {
  fail(message: string): never;
}

const FILE_COMMANDS = { info: commands.info, streams: commands.streams, events: commands.events, rates: commands.rates, replay: commands.replay };

export async function runCommand(run: Run, { fail }: Say): Promise<void> {
  if (run.command === 'cache') return cache({ list: run.list, clear: run.clear, json: run.json });
  if (run.command === 'serve') return serve(run, fail);

  const file = run.file!;
  const open = {
    ...(run.map !== undefined && { map: parseColumnMap(run.map) }),
    ...(run.cipherKey !== undefined && { cipherKey: run.cipherKey }),
  };
  const options: CommandOptions = { json: run.json, steps: run.steps, open, ...(run.raw && { raw: true }) };
  if (run.stream !== undefined) options.stream = run.stream;
  if (run.type !== undefined) options.type = run.type;
  if (run.limit !== undefined) options.limit = run.limit;
  if (run.to !== undefined) options.to = run.to;
  if (run.bucket !== undefined) options.bucket = run.bucket;
  if (run.category !== undefined) options.category = run.category;
  if (run.reducer !== undefined) options.reducer = run.reducer;
  if (run.field !== undefined) options.field = run.field;
  if (run.typeReducers !== undefined) options.typeReducers = run.typeReducers;
  const service = new JournalService({ samplePath: SAMPLE_JOURNAL_PATH });
  try {
    if (run.command === 'audit') {
      process.exitCode = await audit(service, file, { ...options, ...(run.failOn && { failOn: run.failOn }), ...(run.report !== undefined && { report: run.report }) });
    } else if (run.command === 'diff') {
      process.exitCode = await diff(service, file, run.second!, options);
    } else {
      await FILE_COMMANDS[run.command as keyof typeof FILE_COMMANDS](service, file, options);
    }
  } finally {
    // Also stops a loaded reducer's thread, which would otherwise keep the process alive.
    await service.close();
  }
}

async function serve(run: Run, fail: (message: string) => never): Promise<void> {
  const port = run.port ?? 0;
  const file = run.file;
  // A mistyped path is said here, at once; a file that exists is opened by each tab, with its progress in the page.
  if (file !== undefined && !existsSync(file)) fail(`${file} does not exist.`);
  let host;
  try {
    host = await startHost({
      port,
      recentFile: join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'eventlens', 'recent.json'),
      openSample: run.sample,
      ...(file !== undefined && { journal: file }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      fail(`port ${port} on 127.0.0.1 is already in use (another eventlens serve?): choose another with --port N, or leave --port out for any free port.`);
    }
    throw error;
  }
  say`Eventlens is serving on ${host.url}`;
  say`Open that address in a browser on this machine. Ctrl+C stops it.`;
  if (file !== undefined || run.sample) say`Each tab opens ${file ?? 'the sample journal'} in its own session; the page shows the progress.`;
  // Ctrl+C or a SIGTERM closes the host (its uploads removed) and exits 130 or 143, as a signal's end reads.
  stopOnSignals(host);
}
