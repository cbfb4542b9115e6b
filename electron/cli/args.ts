// Reading the command line: which command, its positionals and its options, each checked against the command's own
// table (usage.ts). Every mistake is a UsageError in Eventlens' words, naming the option and the command, with a
// "did you mean" for a near miss; main.ts prints it on one line and exits 2. Node's parseArgs is not used: its
// messages ("Unknown option '--jsn'. To specify a positional argument starting with a '-'…") are its own, and it
// refuses `--limit -1` as ambiguous instead of letting us say what --limit expects.
import { COMMANDS, commandSpec } from './usage.js';
import type { CommandSpec, OptionSpec } from './usage.js';

export class UsageError extends Error {}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type Invocation =
  | { kind: 'overview' }
  | { kind: 'version' }
  | { kind: 'help'; command: CommandSpec }
  | { kind: 'run'; command: CommandSpec; positionals: string[]; values: OptionValues };

/** Every option of every command, by name: the kinds agree across commands, so `--stream S` is read the same way before the command is known. */
const ALL_OPTIONS = new Map<string, OptionSpec>(COMMANDS.flatMap((command) => command.options.map((option) => [option.name, option] as const)));

interface Token {
  name: string;
  /** As written: "--jsn", "-x". */
  written: string;
  value?: string;
}

/** What `eventlens COMMAND --help` reads as: help for the command, whatever else is on the line. */
function helpWanted(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export function parseCommandLine(argv: string[]): Invocation {
  const positionals: string[] = [];
  const tokens: Token[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      tokens.push({ name: 'help', written: arg });
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) {
      tokens.push({ name: `\0${arg}`, written: arg });
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    const written = `--${name}`;
    const spec = ALL_OPTIONS.get(name);
    if (equals !== -1) {
      tokens.push({ name, written, value: arg.slice(equals + 1) });
    } else if (spec !== undefined && spec.kind !== 'boolean') {
      // The next argument is the value, even when it starts with a dash (--limit -1 is then said to be out of range),
      // unless it is one of our options: `--stream --json` has forgotten the stream.
      const next = argv[i + 1];
      const nextName = next?.startsWith('--') ? next.slice(2).split('=')[0]! : undefined;
      if (next === undefined || next === '--' || (nextName !== undefined && ALL_OPTIONS.has(nextName))) {
        tokens.push({ name, written, value: undefined });
        continue;
      }
      tokens.push({ name, written, value: next });
      i++;
    } else {
      tokens.push({ name, written });
    }
  }

  const [commandName, ...rest] = positionals;
  if (commandName === 'help') {
    const [topic, extra] = rest;
    if (extra !== undefined) throw new UsageError(`help takes one command at most: eventlens help ${topic ?? 'COMMAND'}.`);
    if (topic === undefined) return { kind: 'overview' };
    return { kind: 'help', command: knownCommand(topic) };
  }
  if (helpWanted(argv)) return commandName === undefined ? { kind: 'overview' } : { kind: 'help', command: knownCommand(commandName) };
  if (tokens.some((token) => token.name === 'version')) return { kind: 'version' };
  if (commandName === undefined) {
    const first = tokens[0];
    if (first !== undefined) throw new UsageError(`${first.written} comes after a command: eventlens <command> FILE ${first.written}… (eventlens --help lists the commands).`);
    return { kind: 'overview' };
  }
  const command = knownCommand(commandName);
  return { kind: 'run', command, positionals: rest, values: optionValues(command, tokens) };
}

function knownCommand(name: string): CommandSpec {
  const command = commandSpec(name);
  if (command !== undefined) return command;
  const names = COMMANDS.map((c) => c.name);
  const guess = name === 'version' || name === '--version' ? '--version' : nearest(name, names);
  // A path where the command goes is the usual slip: eventlens journal.ndjson.
  const hint = guess !== undefined ? `; did you mean ${guess}?` : /[./\\]/.test(name) ? `; a command comes first: eventlens info ${JSON.stringify(name)}` : '';
  throw new UsageError(`unknown command ${JSON.stringify(name)}${hint} (the commands are ${names.join(', ')}; eventlens --help says more).`);
}

function optionValues(command: CommandSpec, tokens: Token[]): OptionValues {
  const values: OptionValues = {};
  for (const option of command.options) if (option.kind === 'boolean') values[option.name] = false;
  const see = `eventlens ${command.name} --help lists its options`;
  for (const token of tokens) {
    const spec = command.options.find((option) => option.name === token.name);
    if (spec === undefined) {
      const elsewhere = ALL_OPTIONS.has(token.name) ? COMMANDS.filter((c) => c.options.some((o) => o.name === token.name)).map((c) => c.name) : [];
      if (elsewhere.length > 0) throw new UsageError(`${command.name} does not take ${token.written} (an option of ${elsewhere.join(', ')}); ${see}.`);
      const bare = token.name.startsWith('\0') ? token.written.replace(/^-+/, '') : token.name;
      const guess = nearest(bare, command.options.map((option) => option.name));
      throw new UsageError(`${command.name}: unknown option ${token.written}${guess !== undefined ? `; did you mean --${guess}?` : ''} (${see}).`);
    }
    if (spec.kind === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${command.name}: ${token.written} takes no value (it is a switch), not ${JSON.stringify(token.value)}.`);
      values[spec.name] = true;
      continue;
    }
    if (token.value === undefined || token.value === '') {
      throw new UsageError(`${command.name}: ${token.written} needs a value: ${token.written} ${spec.value ?? 'VALUE'} (${see}).`);
    }
    if (spec.kind === 'strings') values[spec.name] = [...((values[spec.name] as string[] | undefined) ?? []), token.value];
    else values[spec.name] = token.value;
  }
  return values;
}

/**
 * The candidate nearest to `word` by edit distance (insertions, deletions, substitutions and swaps of two neighbours),
 * when near enough to be a slip: at most 1 edit for a word of up to 4 letters, 2 for longer ones; undefined when none
 * is, or when two are equally near.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) [best, bestDistance, tie] = [candidate, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  return bestDistance <= limit && !tie ? best : undefined;
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** A whole number in [min, max], or a UsageError naming the option, the command and the value. */
export function wholeNumber(command: string, option: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER, range?: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const expected = range ?? (max === Number.MAX_SAFE_INTEGER ? `a whole number, ${min} or more` : `a whole number from ${min} to ${max}`);
    throw new UsageError(`${command}: --${option} expects ${expected}, not ${JSON.stringify(value)}.`);
  }
  return n;
}
