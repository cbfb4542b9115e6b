#!/usr/bin/env node
// `eventlens`: the journal service for scripts and CI, and `eventlens serve` for the browser host.
// This file reads the command line and answers --help, --version and usage errors with what it imports statically
// (the option tables, the parser, terminal-text.ts, the version constant): the journal service, its readers, SQLite
// and the host are imported by run.ts, loaded only when a command runs. `eventlens --help` starts about as fast as Node.
import { JournalError } from '../../shared/contract.js';
import { BUCKETS } from '../../shared/model.js';
import type { Bucket, Severity } from '../../shared/model.js';
import { APP_VERSION } from '../service/app-version.js';
import { parseCommandLine, UsageError, wholeNumber } from './args.js';
import type { Invocation } from './args.js';
import type { Run } from './run.js';
import { exitQuietlyOnClosedPipe } from './output.js';
import { BUILT_IN_REDUCERS, commandHelp, overview } from './usage.js';
import { terminalText } from './terminal-text.js';

/**
 * The one line on stderr. Messages quote file names, stream names and journal content (an error's excerpt of the bytes
 * it could not read), so the whole message goes through terminalText: one line whatever it holds, with its newlines
 * and escape sequences shown, not obeyed.
 */
function complain(message: string): void {
  process.stderr.write(`eventlens: ${terminalText(message)}\n`);
}

const MAP_ADVICE =
  'Use --map stream=NAME,version=NAME,type=NAME,data=NAME,time=NAME (also position and metadata, and table=NAME for a SQLite database or table=SCHEMA.NAME,position=NAME for a postgres:// URL).';

/** The CLI's words for what helps (the app says its Map columns… dialog and its Cipher key instead). */
function adviceFor(error: JournalError): string {
  if (error.remedy === 'map') return ` ${MAP_ADVICE}`;
  if (error.code === 'encrypted') return ' Give the key with --cipher-key KEY.';
  if (error.code === 'needs-consent') return ' Add --scan to run it anyway.';
  return '';
}

function fail(message: string): never {
  complain(message);
  process.exit(2);
}

/** Everything a command needs from the command line, checked: what is wrong is a UsageError (exit 2) before anything loads. */
function checked(invocation: Extract<Invocation, { kind: 'run' }>): Run {
  const { command, positionals, values } = invocation;
  const name = command.name;
  const text = (option: string) => values[option] as string | undefined;
  const flag = (option: string) => values[option] === true;
  const [file, second, ...extra] = positionals;
  const extraArgument = name === 'diff' ? extra[0] : second;
  if (extraArgument !== undefined) {
    throw new UsageError(`${name}: unexpected argument ${JSON.stringify(extraArgument)} (${command.synopsis}; an option's value goes right after it).`);
  }
  if (name === 'cache') {
    if (file !== undefined) throw new UsageError('cache takes no file: eventlens cache --list or --clear.');
    if (flag('list') === flag('clear')) throw new UsageError('cache needs one of --list or --clear.');
  } else if (name === 'diff') {
    if (file === undefined || second === undefined) throw new UsageError('diff needs two journal files: eventlens diff A B.');
  } else if (name !== 'serve' && file === undefined) {
    throw new UsageError(`${name} needs a journal FILE (${command.synopsis}).`);
  }

  const bucket = text('bucket');
  if (bucket !== undefined && bucket !== 'auto' && !(BUCKETS as readonly string[]).includes(bucket)) {
    throw new UsageError(`${name}: --bucket expects auto, ${BUCKETS.join(', ')}; not ${JSON.stringify(bucket)}.`);
  }
  const failOn = text('fail-on');
  if (failOn !== undefined && !['error', 'warning', 'info'].includes(failOn)) {
    throw new UsageError(`${name}: --fail-on expects error, warning or info; not ${JSON.stringify(failOn)}.`);
  }
  const typeReducers: Record<string, string> = {};
  for (const entry of (values['type-reducer'] as string[] | undefined) ?? []) {
    const at = entry.lastIndexOf('=');
    const kind = entry.slice(at + 1);
    if (at <= 0 || !(BUILT_IN_REDUCERS as readonly string[]).includes(kind)) {
      throw new UsageError(`${name}: --type-reducer expects TYPE=KIND with KIND one of ${BUILT_IN_REDUCERS.join(', ')}; not ${JSON.stringify(entry)}.`);
    }
    typeReducers[entry.slice(0, at)] = kind;
  }
  if (name === 'replay' && (text('stream') === undefined) === (text('category') === undefined)) {
    throw new UsageError('replay needs --stream STREAM or --category CATEGORY (one of them).');
  }
  const limit = wholeNumber(name, 'limit', text('limit'), 1);
  const to = wholeNumber(name, 'to', text('to'), 0);
  const port = wholeNumber(name, 'port', text('port'), 0, 65535, 'a port number from 1 to 65535 (or 0 for any free port)');
  return {
    command: name,
    ...(file !== undefined && { file }),
    ...(second !== undefined && { second }),
    json: flag('json'),
    steps: flag('steps'),
    raw: flag('raw'),
    scan: flag('scan'),
    sample: flag('sample'),
    list: flag('list'),
    clear: flag('clear'),
    ...(text('stream') !== undefined && { stream: text('stream') }),
    ...(text('category') !== undefined && { category: text('category') }),
    ...(text('type') !== undefined && { type: text('type') }),
    ...(text('reducer') !== undefined && { reducer: text('reducer') }),
    ...(text('field') !== undefined && { field: text('field') }),
    ...(text('map') !== undefined && { map: text('map') }),
    ...(text('cipher-key') !== undefined && { cipherKey: text('cipher-key') }),
    ...(text('report') !== undefined && { report: text('report') }),
    ...(bucket !== undefined && { bucket: bucket as Bucket | 'auto' }),
    ...(failOn !== undefined && { failOn: failOn as Severity }),
    ...(Object.keys(typeReducers).length > 0 && { typeReducers }),
    ...(limit !== undefined && { limit }),
    ...(to !== undefined && { to }),
    ...(port !== undefined && { port }),
  } as Run;
}

async function main(argv: string[]): Promise<void> {
  let run: Run;
  try {
    const invocation = parseCommandLine(argv);
    if (invocation.kind === 'overview') return void console.log(overview());
    if (invocation.kind === 'help') return void console.log(commandHelp(invocation.command));
    if (invocation.kind === 'version') return void console.log(`eventlens ${APP_VERSION}`);
    run = checked(invocation);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
  const { runCommand } = await import('./run.js');
  await runCommand(run, { fail });
}

exitQuietlyOnClosedPipe();
// Node's own report of an uncaught error prints its message raw (and a stack): the message may quote a journal.
process.on('uncaughtException', (error: unknown) => {
  complain(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof JournalError) fail(`${error.message}${adviceFor(error)}`);
  fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
});
