#!/usr/bin/env node
// `eventlens`: the journal service for scripts and CI, and `eventlens serve` for the browser host.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { JournalError } from '../../shared/contract.js';
import { BUCKETS } from '../../shared/model.js';
import { REDUCER_KINDS } from '../../shared/reducers.js';
import type { ReducerKind } from '../../shared/reducers.js';
import type { Bucket, Severity } from '../../shared/model.js';
import { audit, diff } from './audit-commands.js';
import { cache } from './cache-command.js';
import { startHost } from '../host/server.js';
import { stopOnSignals } from '../host/stop-on-signals.js';
import { parseColumnMap } from '../readers/column-map.js';
import { SAMPLE_JOURNAL_PATH } from '../sample/sample-path.js';
import { JournalService } from '../service/journal-service.js';
import * as commands from './commands.js';
import type { CommandOptions } from './commands.js';
import { exitQuietlyOnClosedPipe, say } from './output.js';
import { terminalText } from './terminal-text.js';

const USAGE = `Usage: eventlens <command> FILE [options]

Commands:
  info FILE [--json]                       format, event and stream counts, time span
  streams FILE [--json]                    every stream with its count, versions and times
  events FILE [--stream S] [--type T] [--limit N] [--raw]
                                           the events as NDJSON, in position order; --raw adds to each
                                           the exact text of the record it was read from ("raw")
  rates FILE [--stream S] [--bucket auto|1s|1m|1h|1d] [--json]
                                           events per time bucket, by type
  replay FILE --stream S | --category C [--to VERSION] [--steps] [--field /POINTER]
         [--reducer merge-patch|json-patch|snapshot|FILE] [--type-reducer TYPE=KIND ...] [--json]
                                           the state after replay (and each step's changes, or one
                                           field's history); FILE is your own reducer: a JavaScript file
                                           exporting apply(state, event) and optionally init()
  audit FILE [--fail-on error|warning|info] [--report REPORT.html|REPORT.json] [--reducer FILE] [--json]
                                           findings (version gaps, duplicates, time going backwards,
                                           undecodable events, hash chain, schema drift…), the file's
                                           SHA-256; exit 1 when a finding at or above --fail-on exists
  diff A B [--json]                        compares two exports of one history: events added, removed,
                                           modified, and whether history was rewritten; exit 1 if they differ
  serve [FILE] [--sample] [--port N]       the app in a browser, on 127.0.0.1 (--sample opens the sample)
  cache --list | --clear [--json]          the journals cached for quick reopening (size, last opened),
                                           or remove them all; journals themselves are never touched

Reading options (any command that takes FILE):
  --map stream=COL,version=COL,type=COL,data=COL,time=COL
                                           name the columns (or fields) yourself; also position, metadata,
                                           and table=NAME for a SQLite file
  --cipher-key KEY                         the key of an encrypted store (eventsourcing-python AES-GCM)

FILE is recognised by its content: SQLite databases of eventsourcing-python, Rails Event Store, Emmett,
Eventuous, SQL Stream Store, NEventStore, hallgren/eventsourcing or any one events table; JSON arrays,
NDJSON, CloudEvents (1.0, 0.3), EventSourcingDB backups and reads, EventStoreDB Atom pages (JSON or XML),
Temporal histories (JSON or binary), Rails Event Store pages and Marten, Message DB, Commanded and Axon
row exports; any of them gzip-compressed. The sample journal is at
${terminalText(SAMPLE_JOURNAL_PATH)}
Exit codes: 0 done, 1 the reducer failed (the JSON says where), the audit found what --fail-on names,
or the two exports differ; 2 bad input (missing file, unknown format, unknown stream, bad option).`;

const FILE_COMMANDS = { info: commands.info, streams: commands.streams, events: commands.events, rates: commands.rates, replay: commands.replay };

/**
 * The one line on stderr. Messages quote file names, stream names and journal content (an error's excerpt of the bytes
 * it could not read), so the whole message goes through terminalText: one line whatever it holds, with its newlines
 * and escape sequences shown, not obeyed.
 */
function complain(message: string): void {
  process.stderr.write(`eventlens: ${terminalText(message)}\n`);
}

function fail(message: string): never {
  complain(message);
  process.exit(2);
}

function parseInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) fail(`--${name} expects a whole number, not ${JSON.stringify(value)}.`);
  return Number(value);
}

function parseTypeReducers(entries: string[]): Record<string, ReducerKind> {
  const byType: Record<string, ReducerKind> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const kind = entry.slice(at + 1);
    if (at <= 0 || !(REDUCER_KINDS as readonly string[]).includes(kind)) {
      fail(`--type-reducer expects TYPE=KIND with KIND one of ${REDUCER_KINDS.join(', ')}; not ${JSON.stringify(entry)}.`);
    }
    byType[entry.slice(0, at)] = kind as ReducerKind;
  }
  return byType;
}

function parseSeverity(value: string | undefined): Severity | undefined {
  if (value === undefined || value === 'error' || value === 'warning' || value === 'info') return value;
  fail(`--fail-on expects error, warning or info; not ${JSON.stringify(value)}.`);
}

function parseBucket(value: string | undefined): Bucket | 'auto' | undefined {
  if (value === undefined || value === 'auto' || (BUCKETS as readonly string[]).includes(value)) return value as Bucket | 'auto' | undefined;
  fail(`--bucket expects auto, ${BUCKETS.join(', ')}; not ${JSON.stringify(value)}.`);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        stream: { type: 'string' },
        type: { type: 'string' },
        limit: { type: 'string' },
        bucket: { type: 'string' },
        to: { type: 'string' },
        steps: { type: 'boolean', default: false },
        raw: { type: 'boolean', default: false },
        category: { type: 'string' },
        reducer: { type: 'string' },
        'type-reducer': { type: 'string', multiple: true },
        field: { type: 'string' },
        port: { type: 'string' },
        map: { type: 'string' },
        'cipher-key': { type: 'string' },
        'fail-on': { type: 'string' },
        report: { type: 'string' },
        sample: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        clear: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message} (eventlens --help lists the options).`);
  }
  const { values, positionals } = parsed;
  const [command, file, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') {
    console.log(USAGE);
    return;
  }
  const second = command === 'diff' ? extra.shift() : undefined;
  if (extra.length > 0) fail(`unexpected argument ${JSON.stringify(extra[0])}.`);

  if (command === 'cache') {
    if (file !== undefined) fail(`cache takes no file: eventlens cache --list or --clear.`);
    if (values.list === values.clear) fail('cache needs one of --list or --clear.');
    cache({ list: values.list, clear: values.clear, json: values.json });
    return;
  }

  if (command === 'serve') {
    const port = parseInteger('port', values.port) ?? 0;
    if (!(port >= 0 && port <= 65535)) fail(`--port expects a port number from 1 to 65535 (or 0 for any free port), not ${port}.`);
    // A mistyped path is said here, at once; a file that exists is opened by each tab, with its progress in the page.
    if (file !== undefined && !existsSync(file)) fail(`${file} does not exist.`);
    let host;
    try {
      host = await startHost({
        port,
        recentFile: join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'eventlens', 'recent.json'),
        openSample: values.sample,
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
    if (file !== undefined || values.sample) say`Each tab opens ${file ?? 'the sample journal'} in its own session; the page shows the progress.`;
    // Ctrl+C or a SIGTERM closes the host (its uploads removed) and exits 130 or 143, as a signal's end reads.
    stopOnSignals(host);
    return;
  }

  const run = FILE_COMMANDS[command as keyof typeof FILE_COMMANDS] ?? (command === 'audit' || command === 'diff' ? null : undefined);
  if (run === undefined) fail(`unknown command ${JSON.stringify(command)}; the commands are ${Object.keys(FILE_COMMANDS).join(', ')}, audit, diff, serve.`);
  if (command === 'diff' && (file === undefined || second === undefined)) fail('diff needs two journal files: eventlens diff A B.');
  if (file === undefined) fail(`${command} needs a journal FILE.`);
  const open = {
    ...(values.map !== undefined && { map: parseColumnMap(values.map) }),
    ...(values['cipher-key'] !== undefined && { cipherKey: values['cipher-key'] }),
  };
  const options: CommandOptions = { json: values.json, steps: values.steps, open, ...(values.raw && { raw: true }) };
  if (values.stream !== undefined) options.stream = values.stream;
  if (values.type !== undefined) options.type = values.type;
  const limit = parseInteger('limit', values.limit);
  if (limit !== undefined) options.limit = limit;
  const to = parseInteger('to', values.to);
  if (to !== undefined) options.to = to;
  const bucket = parseBucket(values.bucket);
  if (bucket !== undefined) options.bucket = bucket;
  if (values.category !== undefined) options.category = values.category;
  if (values.reducer !== undefined) options.reducer = values.reducer;
  if (values.field !== undefined) options.field = values.field;
  if (values['type-reducer'] !== undefined) options.typeReducers = parseTypeReducers(values['type-reducer']);
  const failOn = parseSeverity(values['fail-on']);
  const service = new JournalService({ samplePath: SAMPLE_JOURNAL_PATH });
  try {
    if (command === 'audit') {
      process.exitCode = await audit(service, file, { ...options, ...(failOn && { failOn }), ...(values.report !== undefined && { report: values.report }) });
    } else if (command === 'diff') {
      process.exitCode = await diff(service, file, second!, options);
    } else {
      await run!(service, file, options);
    }
  } finally {
    // Also stops a loaded reducer's thread, which would otherwise keep the process alive.
    await service.close();
  }
}

exitQuietlyOnClosedPipe();
// Node's own report of an uncaught error prints its message raw (and a stack): the message may quote a journal.
process.on('uncaughtException', (error: unknown) => {
  complain(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof JournalError) fail(error.message);
  fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
});
