// A JSON journal as its records and their leaves, and edits that change one leaf's meaning while the file stays valid
// JSON in the same container and layout: the inputs of the record-fidelity property (test/unit/record-fidelity.test.ts).
// An edit is plain data (numbers and a kind), so fast-check can shrink it, and prints as "path: before → after".
import fc from 'fast-check';

export type Container = 'lines' | 'array' | 'object';
export type Leaf = string | number | boolean | null;
export type Path = (string | number)[];

export interface JsonJournal {
  container: Container;
  /** The parsed file: for NDJSON the list of its lines' values, else the one document. */
  document: unknown;
  /** The file's indentation, kept when it is written again: a tab, a number of spaces, or 0 for one line. */
  indent: string | number;
  finalNewline: boolean;
  /** Every leaf inside the records, grouped by path pattern (array indexes as *), in the order first met. */
  patterns: { pattern: string; paths: Path[] }[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function containerOf(text: string): { container: Container; document: unknown } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  try {
    const document: unknown = JSON.parse(trimmed);
    return { container: Array.isArray(document) ? 'array' : 'object', document };
  } catch {
    // Not one document: NDJSON, one value per line.
    return { container: 'lines', document: trimmed.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown) };
  }
}

/**
 * Where the records are, as paths from the root. A one-object document holds them under "events" (a Temporal
 * history, a Rails Event Store page) or "entries" (an Atom page), or is one record itself (a single CloudEvent, one
 * event read from EventStoreDB). The envelope's other members (an Atom page's title, links and updated, the
 * {"after": "head"} of a Rails Event Store page, a Temporal file's members besides "events") say where the page sits
 * in its feed, not what any event is: they belong to no event, so no leaf is taken from them.
 */
function recordPaths(container: Container, document: unknown): Path[] {
  if (container !== 'object') return (document as unknown[]).map((_, i) => [i]);
  if (isObject(document)) {
    for (const key of ['events', 'entries']) {
      const records = document[key];
      if (Array.isArray(records)) return records.map((_, i) => [key, i]);
    }
  }
  return [[]];
}

function valueAt(document: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], document);
}

function collectLeaves(value: unknown, path: Path, into: Path[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') into.push(path);
  else if (Array.isArray(value)) value.forEach((item, i) => collectLeaves(item, [...path, i], into));
  else if (isObject(value)) for (const [key, inner] of Object.entries(value)) collectLeaves(inner, [...path, key], into);
}

export function parseJsonJournal(text: string): JsonJournal {
  const { container, document } = containerOf(text);
  const indentation = /\n([ \t]+)\S/.exec(text)?.[1];
  const indent = container === 'lines' || indentation === undefined ? 0 : indentation.startsWith('\t') ? '\t' : indentation.length;
  const leaves: Path[] = [];
  for (const record of recordPaths(container, document)) collectLeaves(valueAt(document, record), record, leaves);
  const patterns = new Map<string, Path[]>();
  for (const path of leaves) {
    const pattern = pointer(path.map((step) => (typeof step === 'number' ? '*' : step)));
    patterns.set(pattern, [...(patterns.get(pattern) ?? []), path]);
  }
  return { container, document, indent, finalNewline: /\n$/.test(text), patterns: [...patterns].map(([pattern, paths]) => ({ pattern, paths })) };
}

/** The journal as a file again, laid out as it was: one JSON text per line for NDJSON, else indented alike. */
export function writeJsonJournal(journal: JsonJournal, document: unknown = journal.document): string {
  const text =
    journal.container === 'lines' ? (document as unknown[]).map((line) => JSON.stringify(line)).join('\n') : JSON.stringify(document, null, journal.indent);
  return journal.finalNewline ? `${text}\n` : text;
}

function pointer(path: readonly (string | number)[]): string {
  return path.map((step) => `/${String(step).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** A leaf's place as a reader would name it: "line 3 /payload/event/id" for NDJSON, a JSON pointer otherwise. */
export function placeOf(journal: JsonJournal, path: Path): string {
  return journal.container === 'lines' ? `line ${Number(path[0]) + 1} ${pointer(path.slice(1))}` : pointer(path);
}

// ---------------------------------------------------------------------------------------------------------------
// Edits

/** Which leaf, and how its value changes; fast-check picks the numbers. */
export interface EditChoice {
  /** A path pattern first, so a file's 200 eventTimes do not crowd out its one workflowType. */
  pattern: number;
  instance: number;
  kind: 'append' | 'replace';
  /** A printable ASCII character, not a space. */
  char: number;
  at: number;
}

export interface LeafEdit {
  path: Path;
  place: string;
  before: Leaf;
  after: Leaf;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Text that reads as base64 (Temporal payloads, data_base64): long, of its alphabet, padded to whole quads. */
function looksBase64(text: string): boolean {
  return text.length >= 12 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

/** An RFC 3339 time (its zone left out, as SQL timestamps do, meaning UTC): the instant it names, else null. */
function rfc3339Instant(text: string): number | null {
  const time = /^(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([Zz]|[+-]\d\d:\d\d)?$/.exec(text);
  return time === null ? null : Date.parse(`${time[1]}T${time[2]}${(time[3] ?? 'Z').toUpperCase()}`);
}

/**
 * Whether an edited string still says the same: two RFC 3339 spellings of one instant ("T" and "t", "Z" and "z",
 * "…00" and "…00Z" where a zone-less time means UTC, "+00:00" and "-00:00", a fraction's trailing 0). A time another
 * parser merely tolerates ("2019-11-06=11:08:00Z") is no RFC 3339 spelling: its edit counts.
 */
function sameMeaning(before: string, after: string): boolean {
  const instant = rfc3339Instant(before);
  return instant !== null && instant === rfc3339Instant(after);
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A YAML document (Rails Event Store dumps payloads as YAML) says the same with a comment, an anchor or without its
 * "---" marker, so its edit replaces a letter or digit of a key or scalar, by another: that always changes the value.
 */
function editYaml(text: string, choice: EditChoice): string {
  const positions = text.split('').flatMap((c, i) => (/[0-9A-Za-z]/.test(c) ? [i] : []));
  const at = positions[choice.at % positions.length]!;
  let index = choice.char % ALPHANUMERIC.length;
  while (ALPHANUMERIC[index]!.toLowerCase() === text[at]!.toLowerCase()) index = (index + 1) % ALPHANUMERIC.length;
  return text.slice(0, at) + ALPHANUMERIC[index]! + text.slice(at + 1);
}

/**
 * The string with one character more or one replaced, so that it says something else (see sameMeaning). In base64 the
 * replacement is another base64 character in the middle of the text, where every bit counts (an edit in the last quad
 * may touch only padding bits, and one outside the alphabet is no base64).
 */
function editString(text: string, choice: EditChoice): string {
  if (looksBase64(text)) {
    const body = text.replace(/=+$/, '').length;
    const at = Math.floor(body / 4) + (choice.at % Math.max(1, Math.floor(body / 2)));
    let index = choice.char % 64;
    if (BASE64_ALPHABET[index] === text[at]) index = (index + 1) % 64;
    return text.slice(0, at) + BASE64_ALPHABET[index]! + text.slice(at + 1);
  }
  if (/^---\s/.test(text) && /[0-9A-Za-z]/.test(text)) return editYaml(text, choice);
  const printable = (code: number) => String.fromCharCode(0x21 + ((code - 0x21) % 94));
  const append = choice.kind === 'append' || text.length === 0;
  const at = append ? text.length : choice.at % text.length;
  const edited = (code: number) => text.slice(0, at) + printable(code) + text.slice(append ? at : at + 1);
  let code = choice.char;
  while (edited(code) === text || sameMeaning(text, edited(code))) code++;
  return edited(code);
}

function editNumber(value: number): number {
  const edited = Number.isInteger(value) ? value + 1 : value * 2 + 1;
  // Past 2^53, +1 is the same double; then the sign is what changes.
  return edited !== value && Number.isFinite(edited) ? edited : value === 0 ? 1 : -value;
}

export function editLeaf(value: Leaf, choice: EditChoice): Leaf {
  if (typeof value === 'string') return editString(value, choice);
  if (typeof value === 'number') return editNumber(value);
  if (typeof value === 'boolean') return !value;
  return 0;
}

export function chooseEdit(journal: JsonJournal, choice: EditChoice): LeafEdit {
  const { paths } = journal.patterns[choice.pattern % journal.patterns.length]!;
  const path = paths[choice.instance % paths.length]!;
  const before = valueAt(journal.document, path) as Leaf;
  return { path, place: placeOf(journal, path), before, after: editLeaf(before, choice) };
}

/** The journal's text with the one leaf changed. */
export function applyEdit(journal: JsonJournal, edit: LeafEdit): string {
  const copy = structuredClone(journal.document);
  const parent = valueAt(copy, edit.path.slice(0, -1)) as Record<string | number, unknown>;
  parent[edit.path.at(-1)!] = edit.after;
  return writeJsonJournal(journal, copy);
}

export const editChoice: fc.Arbitrary<EditChoice> = fc.record({
  pattern: fc.nat(),
  instance: fc.nat(),
  kind: fc.constantFrom('append' as const, 'replace' as const),
  char: fc.integer({ min: 0x21, max: 0x7e }),
  at: fc.nat(),
});

export function describeEdit(file: string, edit: LeafEdit): string {
  return `${file} ${edit.place}: ${JSON.stringify(edit.before)} → ${JSON.stringify(edit.after)}`;
}

/** Edits of one journal's leaves, printed in a counterexample as `file place: before → after`. */
export function leafEdits(file: string, journal: JsonJournal): fc.Arbitrary<LeafEdit> {
  return editChoice.map((choice) => {
    const edit = chooseEdit(journal, choice);
    return Object.assign(edit, { [fc.toStringMethod]: () => describeEdit(file, edit) });
  });
}
