// Running one command, its command line already checked (main.ts), which loads this module with import() when a
// command runs, so --help, --version and a usage error never pay for it. Each command then loads what it needs when
// it runs, not before: the browser host only for serve, the audit for audit and diff, and the journal service with
// its readers and SQLite only when the journal must be opened (`info` on a journal whose cache still answers for it
// needs none of them: info-command.ts). test/unit/cli-lazy-load.test.ts holds each command to that.
import { existsSync } from 'node:fs';
import { isPgTarget } from '../postgres/pg-target.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Bucket, Severity } from '../../shared/model.js';
import type { ReducerKind } from '../../shared/reducers.js';
import { SAMPLE_JOURNAL_PATH } from '../sample/sample-path.js';
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
  /** `--scan`: a live store runs filters that read a whole table, rather than refusing them. */
  scan: boolean;
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

type FileCommand = 'info' | 'streams' | 'events' | 'rates' | 'replay';

export async function runCommand(run: Run, { fail }: Say): Promise<void> {
  if (run.command === 'cache') return (await import('./cache-command.js')).cache({ list: run.list, clear: run.clear, json: run.json });
  if (run.command === 'serve') return serve(run, fail);

  const file = run.file!;
  // A column map or a cipher key is the service's to check and key the cache by: such an info opens the journal.
  if (run.command === 'info' && run.map === undefined && run.cipherKey === undefined && !isPgTarget(file)) {
    const { infoFromCache } = await import('./info-command.js');
    if (infoFromCache(file, run.json)) return;
  }
  const [{ JournalService }, { parseColumnMap }, commands] = await Promise.all([
    import('../service/journal-service.js'),
    import('../readers/column-map.js'),
    import('./commands.js'),
  ]);
  const open = {
    ...(run.map !== undefined && { map: parseColumnMap(run.map) }),
    ...(run.cipherKey !== undefined && { cipherKey: run.cipherKey }),
  };
  const options: CommandOptions = { json: run.json, steps: run.steps, open, ...(run.raw && { raw: true }), ...(run.scan && { scan: true }) };
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
    if (isPgTarget(file)) {
      const password = await (await import('./password-prompt.js')).passwordIfAsked(service, file);
      if (password !== undefined) options.open = { ...options.open, password };
    }
    if (run.command === 'audit') {
      const { audit } = await import('./audit-commands.js');
      process.exitCode = await audit(service, file, { ...options, ...(run.failOn && { failOn: run.failOn }), ...(run.report !== undefined && { report: run.report }) });
    } else if (run.command === 'diff') {
      const { diff } = await import('./audit-commands.js');
      process.exitCode = await diff(service, file, run.second!, options);
    } else {
      await commands[run.command as FileCommand](service, file, options);
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
  if (file !== undefined && !isPgTarget(file) && !existsSync(file)) fail(`${file} does not exist.`);
  const [{ startHost }, { stopOnSignals }] = await Promise.all([import('../host/server.js'), import('../host/stop-on-signals.js')]);
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
