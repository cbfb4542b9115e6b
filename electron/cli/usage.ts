// What the CLI says about itself: the overview (`eventlens --help`), each command's own page (`eventlens replay
// --help`, `eventlens help replay`) and the table of options each command takes, which the argument parser (args.ts)
// reads too. Nothing here reads a journal: `--help`, `--version` and a usage error load this file, args.ts and
// terminal-text.ts, and no more (main.ts imports the commands only when one runs).
import { SAMPLE_JOURNAL_PATH } from '../sample/sample-path.js';
import { terminalText } from './terminal-text.js';

export interface OptionSpec {
  name: string;
  /** boolean: a flag; string: takes a value (--name V or --name=V); strings: the same, and may be given again. */
  kind: 'boolean' | 'string' | 'strings';
  /** The value's placeholder in the help ("N", "S", "auto|1s|1m|1h|1d"). */
  value?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  synopsis: string;
  /** One line for the overview. */
  summary: string;
  /** What the command does, for its own page. */
  description: string;
  options: OptionSpec[];
  examples: string[];
}

/** The built-in reducers, as shared/reducers.ts names them (test/unit/cli-usage.test.ts keeps the two equal). */
export const BUILT_IN_REDUCERS = ['merge-patch', 'json-patch', 'snapshot'] as const;

const json = (help = 'one JSON document instead of lines for a person'): OptionSpec => ({ name: 'json', kind: 'boolean', help });
const READING: OptionSpec[] = [
  {
    name: 'map',
    kind: 'string',
    value: 'stream=COL,version=COL,type=COL,data=COL,time=COL',
    help: 'name the columns (or fields) yourself; also position, metadata, and table=NAME for a SQLite file or table=SCHEMA.NAME for a postgres:// URL (which needs stream, type, data and position)',
  },
  { name: 'cipher-key', kind: 'string', value: 'KEY', help: 'the key of an encrypted store file (eventsourcing-python AES-GCM); not for a postgres:// URL' },
];
const HELP: OptionSpec = { name: 'help', kind: 'boolean', help: 'this page' };
/** A live store's filter that no index serves is refused (exit 2, saying what it would read) unless this is given. */
const SCAN: OptionSpec = {
  name: 'scan',
  kind: 'boolean',
  help: 'a postgres:// URL: run a filter even where no index serves it and it reads a whole table (refused otherwise, exit 2)',
};

export const COMMANDS: readonly CommandSpec[] = (
  [
  {
    name: 'info',
    synopsis: 'eventlens info FILE [--json]',
    summary: 'format, event and stream counts, time span',
    description: 'Opens the journal and says which format it is in, how many events and streams it holds, the time of its first and last event, and what reading it found wrong.',
    options: [json('{"format", "events", "streams", "firstTime", "lastTime"}'), ...READING],
    examples: ['eventlens info journal.sqlite --json'],
  },
  {
    name: 'streams',
    synopsis: 'eventlens streams FILE [--json]',
    summary: 'every stream with its count, versions and times',
    description: 'Lists every stream: its name, its number of events, its first and last version and the time of its last event (tab-separated, one stream a line).',
    options: [json('[{"stream", "events", "firstVersion", "lastVersion", "firstTime", "lastTime"}]'), ...READING],
    examples: ['eventlens streams journal.ndjson --json'],
  },
  {
    name: 'events',
    synopsis: 'eventlens events FILE [--stream S] [--type T] [--limit N] [--raw]',
    summary: 'the events as NDJSON, in position order',
    description: 'Prints the normalized events as NDJSON (one JSON object a line), in position order, each with the SHA-256 digest of its content.',
    options: [
      { name: 'stream', kind: 'string', value: 'S', help: 'only the events of stream S' },
      { name: 'type', kind: 'string', value: 'T', help: 'only the events of type T' },
      { name: 'limit', kind: 'string', value: 'N', help: 'at most N events (a whole number, 1 or more)' },
      { name: 'raw', kind: 'boolean', help: 'add to each event the exact text of the record it was read from ("raw")' },
      SCAN,
      json('accepted and changes nothing: the output is NDJSON either way'),
      ...READING,
    ],
    examples: ['eventlens events journal.ndjson --stream account-1 --limit 10 | jq .type'],
  },
  {
    name: 'rates',
    synopsis: 'eventlens rates FILE [--stream S] [--bucket auto|1s|1m|1h|1d] [--json]',
    summary: 'events per time bucket, by type',
    description: 'Counts the events per time bucket (a second, minute, hour or day; auto picks one for the journal\'s time span), one bucket a line.',
    options: [
      { name: 'stream', kind: 'string', value: 'S', help: 'only the events of stream S' },
      { name: 'bucket', kind: 'string', value: 'auto|1s|1m|1h|1d', help: 'the bucket size (default auto)' },
      SCAN,
      json('{"bucket", "buckets": [{"start", "count", "byType"}]}'),
      ...READING,
    ],
    examples: ['eventlens rates journal.ndjson --bucket 1h --json'],
  },
  {
    name: 'replay',
    synopsis: 'eventlens replay FILE --stream S | --category C [--to VERSION] [--steps] [--field /POINTER] [--reducer merge-patch|json-patch|snapshot|FILE] [--type-reducer TYPE=KIND ...] [--json]',
    summary: 'the state after replay (and each step\'s changes, or one field\'s history)',
    description:
      'Folds the events of one stream (or of every stream of a category, in global order) into a state and prints it, headed by the version reached, the events applied and the reducer. FILE as a reducer is your own: a JavaScript file exporting apply(state, event) and optionally init(). Exit 1 when the reducer fails (the output says at which event).',
    options: [
      { name: 'stream', kind: 'string', value: 'S', help: 'replay stream S' },
      { name: 'category', kind: 'string', value: 'C', help: 'replay every stream C-…, in global order' },
      { name: 'to', kind: 'string', value: 'VERSION', help: 'stop after the event with this version (a whole number, 0 or more)' },
      { name: 'steps', kind: 'boolean', help: 'also each event applied and what it changed, one line a step' },
      { name: 'field', kind: 'string', value: '/POINTER', help: 'instead of the state, every version that changed this field (a JSON Pointer)' },
      { name: 'reducer', kind: 'string', value: 'merge-patch|json-patch|snapshot|FILE', help: 'how events are folded (default merge-patch)' },
      { name: 'type-reducer', kind: 'strings', value: 'TYPE=KIND', help: 'a built-in reducer for the events of one type (may be repeated)' },
      SCAN,
      json('{"stream", "version", "state", "steps"?, "failure"?}; with --field, the field\'s history'),
      ...READING,
    ],
    examples: [
      'eventlens replay journal.ndjson --stream account-1 --to 4 --steps',
      'eventlens replay journal.ndjson --stream account-1 --reducer ./ledger.mjs --json | jq .state',
    ],
  },
  {
    name: 'audit',
    synopsis: 'eventlens audit FILE [--fail-on error|warning|info] [--report REPORT.html|REPORT.json] [--reducer FILE] [--json]',
    summary: 'findings (version gaps, duplicates, hash chain, schema drift…) and the file\'s SHA-256',
    description:
      'Checks the journal: version gaps, duplicates, time going backwards, undecodable events, hash chain, schema drift…, and prints the findings and the file\'s SHA-256. Exit 1 when a finding at or above --fail-on exists.',
    options: [
      { name: 'fail-on', kind: 'string', value: 'error|warning|info', help: 'the least severe finding that makes the exit code 1 (default error)' },
      { name: 'report', kind: 'string', value: 'REPORT.html|REPORT.json', help: 'also write a report there (JSON when the name ends in .json)' },
      { name: 'reducer', kind: 'string', value: 'FILE', help: 'replay every stream through your reducer: its errors become findings' },
      json('{"findings", "moreFindings", "counts", "digest", "chain", "drift"}'),
      ...READING,
    ],
    examples: ['eventlens audit journal.sqlite --fail-on warning --report audit.html'],
  },
  {
    name: 'diff',
    synopsis: 'eventlens diff A B [--json]',
    summary: 'compares two exports of one history; exit 1 if they differ',
    description: 'Compares two exports of one history: the events added, removed and modified, and whether history was rewritten. Exit 1 when they differ.',
    options: [json('the comparison: "identical", "added", "removed", "modified", "rewritten", "differences"…'), ...READING],
    examples: ['eventlens diff monday.ndjson tuesday.ndjson || echo "history changed"'],
  },
  {
    name: 'serve',
    synopsis: 'eventlens serve [FILE] [--sample] [--port N]',
    summary: 'the app in a browser, on 127.0.0.1',
    description: 'Serves the app to a browser on this machine (127.0.0.1 only) and prints its address; each tab opens FILE (or the sample) in a session of its own. Ctrl+C stops it.',
    options: [
      { name: 'sample', kind: 'boolean', help: 'open the sample journal' },
      { name: 'port', kind: 'string', value: 'N', help: 'the port (1 to 65535; default 0, any free port)' },
    ],
    examples: ['eventlens serve journal.sqlite --port 8080'],
  },
  {
    name: 'cache',
    synopsis: 'eventlens cache --list | --clear [--json]',
    summary: 'the journals cached for quick reopening, or remove them all',
    description: 'Lists the journals cached for quick reopening (size, last opened), or removes them all. Journals themselves are never touched.',
    options: [
      { name: 'list', kind: 'boolean', help: 'list the cached journals, most recently opened first' },
      { name: 'clear', kind: 'boolean', help: 'remove them all' },
      json(),
    ],
    examples: ['eventlens cache --list --json'],
  },
  ] satisfies CommandSpec[]
).map((command) => ({ ...command, options: [...command.options, HELP] }));

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}

const EXIT_CODES = `Exit codes: 0 done, 1 the reducer failed (the output says where), the audit found what --fail-on names,
or the two exports differ; 2 bad input (missing file, unknown format, unknown stream, bad option) or a live store's
filter that would read a whole table, without --scan.`;

const WIDTH = 43;
const LINE = 110;

/**
 * Words in lines of at most `width` characters, the lines after the first indented by `indent` spaces; the first
 * line has `first` characters of room (less, when it starts after a left column).
 */
function wrap(text: string, width: number, indent: number, first = width): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = lines.length ? width - indent : first;
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** `  synopsis-or-name     text` in two columns; a long left part gets its own line(s). */
function row(left: string, text: string): string {
  const right = wrap(text, LINE, WIDTH, LINE - WIDTH);
  return left.length + 2 < WIDTH ? `  ${left.padEnd(WIDTH - 2)}${right}` : `  ${wrap(left, LINE - 2, 9)}\n${' '.repeat(WIDTH)}${right}`;
}

export function overview(): string {
  const commands = COMMANDS.map((command) => row(command.synopsis.replace(/^eventlens /, ''), command.summary)).join('\n');
  return `Usage: eventlens <command> FILE [options]
       eventlens <command> --help        that command's options and an example
       eventlens --version

Commands:
${commands}

Reading options (any command that takes FILE):
${READING.map((option) => row(`--${option.name} ${option.value}`, option.help)).join('\n')}

FILE is recognised by its content: SQLite databases of eventsourcing-python, Rails Event Store, Emmett,
Eventuous, SQL Stream Store, NEventStore, hallgren/eventsourcing or any one events table; JSON arrays,
NDJSON, CloudEvents (1.0, 0.3), EventSourcingDB backups and reads, EventStoreDB Atom pages (JSON or XML),
Temporal histories (JSON or binary), Rails Event Store pages and Marten, Message DB, Commanded and Axon
row exports; any of them gzip-compressed. FILE may also be a postgres://user@host:5432/database URL: a live
Marten, Message DB, Emmett, Commanded, Rails Event Store or eventsourcing store, or any table with --map. The
sample journal is at
${terminalText(SAMPLE_JOURNAL_PATH)}
${EXIT_CODES}`;
}

export function commandHelp(command: CommandSpec): string {
  const options = command.options.map((option) => {
    const name = option.name === 'help' ? '-h, --help' : `--${option.name}`;
    return row(option.value === undefined ? name : `${name} ${option.value}`, option.help);
  });
  return `Usage: ${wrap(command.synopsis, LINE, 17)}

${wrap(command.description, LINE, 0)}

Options:
${options.join('\n')}

Example${command.examples.length > 1 ? 's' : ''}:
${command.examples.map((example) => `  ${example}`).join('\n')}

${EXIT_CODES}`;
}
