// The CLI as a script author meets it: each command's own --help, --version, option mistakes said in Eventlens' words
// (naming the option and the command, with a "did you mean" for a near miss), text output from replay unless --json,
// and --help answered without loading the journal modules. Run on the built bin, in child processes.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDUCER_KINDS } from '../../shared/reducers.js';
import { editDistance, nearest } from '../../electron/cli/args.js';
import { BUILT_IN_REDUCERS, COMMANDS } from '../../electron/cli/usage.js';
import { APP_VERSION } from '../../electron/service/app-version.js';
import { BANK_EVENTS, tempFolder, writeNdjson } from '../support/fixtures.js';

const CLI = join(import.meta.dirname, '../../dist/electron/cli/main.js');

function eventlens(args: string[], options: { node?: string[]; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [...(options.node ?? []), CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...options.env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const folder = tempFolder();
const journal = join(folder.path, 'bank.ndjson');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build:node" first (npm test builds).`);
  writeNdjson(journal, BANK_EVENTS);
});
afterAll(() => folder.remove());

describe('help', () => {
  it('eventlens --help is the overview: every command, --version, the exit codes', () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const run = eventlens(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/^Usage: eventlens <command> FILE \[options\]/);
      for (const command of COMMANDS) expect(run.stdout).toContain(`\n  ${command.name} `);
      expect(run.stdout).toContain('eventlens --version');
      expect(run.stdout).toContain('Exit codes: 0 done, 1');
      expect(run.stdout).toContain('2 bad input');
    }
  });

  it.each(COMMANDS.map((command) => command.name))('eventlens %s --help and eventlens help %s print that command\'s page', (name) => {
    const page = eventlens([name, '--help']);
    expect(page.code).toBe(0);
    expect(page.stderr).toBe('');
    expect(page.stdout).toMatch(new RegExp(`^Usage: eventlens ${name}\\b`));
    expect(page.stdout).toContain('\nOptions:\n');
    expect(page.stdout).toMatch(/\nExamples?:\n {2}eventlens /);
    expect(page.stdout).toContain('Exit codes:');
    // Its own options, not the overview's list of commands.
    for (const option of COMMANDS.find((c) => c.name === name)!.options) expect(page.stdout).toContain(`--${option.name}`);
    expect(page.stdout).not.toContain('Commands:');
    expect(eventlens(['help', name]).stdout).toBe(page.stdout);
    // Help wins over the rest of the line, mistakes included.
    expect(eventlens([name, journal, '--jsn', '-h']).stdout).toBe(page.stdout);
  });

  it('replay --help says what --steps, --field and --reducer do', () => {
    const page = eventlens(['replay', '--help']).stdout;
    expect(page).toMatch(/--steps +also each event applied/);
    expect(page).toMatch(/--field \/POINTER +instead of the state/);
    expect(page).toContain('--reducer merge-patch|json-patch|snapshot|FILE');
  });

  it('help for an unknown command is a usage error', () => {
    const run = eventlens(['help', 'replya']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('eventlens: unknown command "replya"; did you mean replay? (the commands are info, streams, events, rates, replay, audit, diff, serve, cache; eventlens --help says more).\n');
  });

  it('the CLI\'s built-in reducer names are the service\'s', () => {
    expect([...BUILT_IN_REDUCERS]).toEqual([...REDUCER_KINDS]);
  });
});

describe('--version', () => {
  it('prints eventlens and the version, exit 0', () => {
    const run = eventlens(['--version']);
    expect(run).toEqual({ code: 0, stdout: `eventlens ${APP_VERSION}\n`, stderr: '' });
    expect(JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version).toBe(APP_VERSION);
  });

  it('"version" is not a command: the error points at --version', () => {
    const run = eventlens(['version']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^eventlens: unknown command "version"; did you mean --version\?/);
  });
});

describe('option mistakes, in our words', () => {
  it.each([
    [['info', 'x', '--jsn'], 'eventlens: info: unknown option --jsn; did you mean --json? (eventlens info --help lists its options).'],
    [['events', 'x', '--limt', '3'], 'eventlens: events: unknown option --limt; did you mean --limit? (eventlens events --help lists its options).'],
    [['replay', 'x', '--stram', 'a'], 'eventlens: replay: unknown option --stram; did you mean --stream? (eventlens replay --help lists its options).'],
    [['info', 'x', '--bogus'], 'eventlens: info: unknown option --bogus (eventlens info --help lists its options).'],
    [['info', 'x', '-j'], 'eventlens: info: unknown option -j (eventlens info --help lists its options).'],
    [['info', 'x', '--steps'], 'eventlens: info does not take --steps (an option of replay); eventlens info --help lists its options.'],
    [['info', 'x', '--json=yes'], 'eventlens: info: --json takes no value (it is a switch), not "yes".'],
    [['events', 'x', '--stream'], 'eventlens: events: --stream needs a value: --stream S (eventlens events --help lists its options).'],
    [['events', 'x', '--stream', '--raw'], 'eventlens: events: --stream needs a value: --stream S (eventlens events --help lists its options).'],
    [['events', 'x', '--limit', '-1'], 'eventlens: events: --limit expects a whole number, 1 or more, not "-1".'],
    [['events', 'x', '--limit', '0'], 'eventlens: events: --limit expects a whole number, 1 or more, not "0".'],
    [['events', 'x', '--limit=2.5'], 'eventlens: events: --limit expects a whole number, 1 or more, not "2.5".'],
    [['events', 'x', '--limit', 'ten'], 'eventlens: events: --limit expects a whole number, 1 or more, not "ten".'],
    [['replay', 'x', '--stream', 's', '--to', '-3'], 'eventlens: replay: --to expects a whole number, 0 or more, not "-3".'],
    [['serve', '--port', '70000'], 'eventlens: serve: --port expects a port number from 1 to 65535 (or 0 for any free port), not "70000".'],
    [['--jsn'], 'eventlens: --jsn comes after a command: eventlens <command> FILE --jsn… (eventlens --help lists the commands).'],
  ])('eventlens %j', (args, message) => {
    const run = eventlens(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('no text of Node\'s argument parser leaks', () => {
    for (const args of [['info', 'x', '--jsn'], ['events', 'x', '--limit', '-1'], ['events', 'x', '--stream']]) {
      expect(eventlens(args).stderr).not.toMatch(/Unknown option '|ambiguous|ERR_PARSE_ARGS|To specify a positional/);
    }
  });

  it('a hostile value is shown inert', () => {
    const run = eventlens(['events', 'x', '--limit', '\u001b]0;owned\u0007 \u202efdp.exe']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/[\u001b\u0007\u202e]/u);
    expect(run.stderr).toContain('\\u{202e}');
  });

  it('a valid --limit still limits, and --name=value works', () => {
    expect(eventlens(['events', journal, '--limit=2']).stdout.trim().split('\n')).toHaveLength(2);
  });

  it('suggests only near misses', () => {
    expect(editDistance('jsn', 'json')).toBe(1);
    expect(editDistance('jsno', 'json')).toBe(1);
    expect(nearest('jsno', ['json', 'map'])).toBe('json');
    expect(nearest('bogus', ['json', 'map', 'cipher-key', 'help'])).toBeUndefined();
    expect(nearest('x', ['json', 'map'])).toBeUndefined();
  });
});

describe('replay prints text unless --json', () => {
  it('the state, headed by the stream, version, events and reducer', () => {
    const run = eventlens(['replay', journal, '--stream', 'account-1']);
    expect(run.code).toBe(0);
    const [heading, ...state] = run.stdout.split('\n');
    expect(heading).toBe('account-1 after version 4 (4 events, merge-patch reducer)');
    expect(JSON.parse(state.join('\n'))).toEqual({ owner: 'ada', balance: 40, last: { amount: 60 } });
    expect(eventlens(['replay', journal, '--stream', 'account-1', '--to', '2']).stdout).toMatch(/^account-1 after version 2 \(2 events, merge-patch reducer\)\n/);
    expect(eventlens(['replay', journal, '--stream', 'account-1', '--reducer', 'snapshot']).stdout).toMatch(/^account-1 after version 4 \(4 events, snapshot reducer\)\n/);
  });

  it('--steps: one line per step with its changes, then the state', () => {
    const lines = eventlens(['replay', journal, '--stream', 'user-1', '--steps']).stdout.split('\n');
    expect(lines[0]).toBe('user-1 after version 2 (2 events, merge-patch reducer)');
    expect(lines[1]).toBe('version 1\tuser_created\t2026-01-05T09:00:30.000Z\t/name = "Ada"; /email = "ada@example.com"');
    expect(lines[2]).toMatch(/^version 2\t\w+\t\S+\t\/email "ada@example\.com" → "ada@example\.org"; \/phone = "\+1-555-0100"$/);
    expect(lines[3]).toBe('state:');
  });

  it('--field: one line per change', () => {
    const lines = eventlens(['replay', journal, '--stream', 'account-1', '--field', '/balance']).stdout.trim().split('\n');
    expect(lines[0]).toBe('/balance in account-1 (3 changes, merge-patch reducer)');
    expect(lines.slice(1).map((line) => [line.split('\t')[0], line.split('\t').at(-1)])).toEqual([
      ['version 1', '0'],
      ['version 2', '100'],
      ['version 4', '40'],
    ]);
  });

  it('--json is the document it always was', () => {
    expect(JSON.parse(eventlens(['replay', journal, '--stream', 'account-1', '--to', '2', '--json']).stdout)).toEqual({
      stream: 'account-1',
      version: 2,
      state: { owner: 'ada', balance: 100, flags: { vip: false }, last: { amount: 100 } },
    });
    const field = JSON.parse(eventlens(['replay', journal, '--stream', 'account-1', '--field', '/balance', '--json']).stdout);
    expect(Object.keys(field).sort()).toEqual(['entries', 'path']);
  });

  it('a failing reducer: the text says where, exit 1', () => {
    const reducer = join(folder.path, 'fails.mjs');
    writeFileSync(reducer, 'export function apply(state, event) {\n  if (event.version === 3) throw new Error("no third");\n  return state;\n}\n');
    const run = eventlens(['replay', journal, '--stream', 'account-1', '--reducer', reducer]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      'account-1 after version 2 (2 events, reducer fails.mjs)',
      'the reducer failed at version 3 of account-1 (position 5): no third (fails.mjs:2); the state is the one before that event',
    ]);
  });
});

describe('--help loads nothing heavy', () => {
  // A module resolve hook (registered before main.js runs) appends every module the process resolves to a file: what
  // --help loads, measured, not guessed from the source.
  const hooks = join(folder.path, 'log-hooks.mjs');
  const register = join(folder.path, 'log-register.mjs');

  function modulesLoadedBy(args: string[]): string[] {
    const log = join(folder.path, `modules-${args.join('-').replace(/\W+/g, '_')}.log`);
    writeFileSync(log, '');
    eventlens(args, { node: ['--import', pathToFileURL(register).href], env: { EVENTLENS_MODULE_LOG: log } });
    return readFileSync(log, 'utf8').trim().split('\n');
  }

  beforeAll(() => {
    writeFileSync(
      hooks,
      "import { appendFileSync } from 'node:fs';\n" +
        'export async function resolve(specifier, context, next) {\n' +
        '  const resolved = await next(specifier, context);\n' +
        '  appendFileSync(process.env.EVENTLENS_MODULE_LOG, resolved.url + "\\n");\n' +
        '  return resolved;\n' +
        '}\n',
    );
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  });

  const HEAVY = /journal-service|\/readers\/|\/host\/|\/store\/|better-sqlite3|zod|fast-json-patch|\/cli\/run\.js|\/cli\/commands\.js/;

  it.each([[['--help']], [['replay', '--help']], [['--version']], [['info', 'x', '--jsn']], [['events', 'x', '--limit', '-1']]])('eventlens %j', (args) => {
    const loaded = modulesLoadedBy(args);
    expect(loaded.some((url) => url.endsWith('/cli/main.js'))).toBe(true);
    expect(loaded.filter((url) => HEAVY.test(url))).toEqual([]);
  });

  it('while a command that runs loads them (the hook sees them)', () => {
    // streams, not info: an info on a journal opened before answers from its cache without them (cli-lazy-load.test.ts).
    const loaded = modulesLoadedBy(['streams', journal, '--json']);
    expect(loaded.some((url) => url.endsWith('/cli/commands.js'))).toBe(true);
    expect(loaded.some((url) => url.includes('journal-service'))).toBe(true);
  });
});
