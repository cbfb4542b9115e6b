// The ways journal files break, as fast-check arbitraries and the functions that apply them: bytes flipped, cut,
// deleted, duplicated or inserted; JSON records with keys dropped, values of another type, deep nesting and huge
// strings; SQLite pages overwritten, files cut at and off page boundaries, and rows changed with SQL on a copy.
// Every mutation is plain data (numbers, strings), so fast-check can shrink it and print the counterexample.
import Database from 'better-sqlite3';
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------------------------
// Bytes

export type ByteMutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'swap-lines'; a: number; b: number };

const byte = fc.integer({ min: 0, max: 255 });
/** Bytes that matter to parsers: brackets, quotes, escapes, newlines, NUL, UTF-8 lead and continuation bytes. */
const telling = fc.constantFrom(0x00, 0x0a, 0x0d, 0x22, 0x2c, 0x3a, 0x5b, 0x5c, 0x5d, 0x7b, 0x7d, 0x80, 0xc3, 0xe2, 0xf0, 0xff);
const someBytes = fc.array(fc.oneof(byte, telling), { minLength: 1, maxLength: 48 });

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.oneof(byte, telling) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: someBytes }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
);

export function applyBytes(bytes: Buffer, mutation: ByteMutation): Buffer {
  const length = bytes.length;
  if (length === 0) return mutation.kind === 'insert' ? Buffer.from(mutation.bytes) : bytes;
  const at = 'at' in mutation ? mutation.at % length : 0;
  switch (mutation.kind) {
    case 'flip': {
      const copy = Buffer.from(bytes);
      copy[at] = copy[at]! ^ (1 << mutation.bit);
      return copy;
    }
    case 'set': {
      const copy = Buffer.from(bytes);
      copy[at] = mutation.byte;
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, mutation.at % (length + 1));
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + mutation.length)]);
    case 'duplicate':
      return Buffer.concat([bytes.subarray(0, at + mutation.length), bytes.subarray(at)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(mutation.bytes), bytes.subarray(at)]);
    case 'swap-lines': {
      const lines = splitKeeping(bytes, 0x0a);
      if (lines.length < 2) return bytes;
      const a = mutation.a % lines.length;
      const b = mutation.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return Buffer.concat(lines);
    }
  }
}

/** The pieces of `bytes` ending in `separator` (the last one perhaps not). */
function splitKeeping(bytes: Buffer, separator: number): Buffer[] {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let at = bytes.indexOf(separator); at !== -1; at = bytes.indexOf(separator, start)) {
    pieces.push(bytes.subarray(start, at + 1));
    start = at + 1;
  }
  if (start < bytes.length) pieces.push(bytes.subarray(start));
  return pieces;
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite pages

export type PageMutation =
  | { kind: 'page-bytes'; page: number; at: number; bytes: number[] }
  | { kind: 'page-zero'; page: number }
  | { kind: 'page-swap'; a: number; b: number }
  | { kind: 'page-truncate'; pages: number; extra: number };

export const pageMutation: fc.Arbitrary<PageMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('page-bytes' as const), page: fc.nat(), at: fc.nat(), bytes: someBytes }) },
  fc.record({ kind: fc.constant('page-zero' as const), page: fc.nat() }),
  fc.record({ kind: fc.constant('page-swap' as const), a: fc.nat(), b: fc.nat() }),
  // extra 0 cuts at a page boundary; anything else cuts that many bytes into the next page.
  fc.record({ kind: fc.constant('page-truncate' as const), pages: fc.nat(), extra: fc.oneof(fc.constant(0), fc.nat({ max: 65535 })) }),
);

/** The page size the database header declares (bytes 16-17, big-endian; 1 means 65536). */
export function pageSize(bytes: Buffer): number {
  if (bytes.length < 100) return 4096;
  const size = bytes.readUInt16BE(16);
  return size === 1 ? 65536 : size >= 512 ? size : 4096;
}

export function applyPage(bytes: Buffer, mutation: PageMutation, size: number): Buffer {
  if (bytes.length === 0) return bytes;
  const pages = Math.max(1, Math.ceil(bytes.length / size));
  const start = (page: number) => (page % pages) * size;
  switch (mutation.kind) {
    case 'page-bytes': {
      const copy = Buffer.from(bytes);
      const at = start(mutation.page) + (mutation.at % size);
      Buffer.from(mutation.bytes).copy(copy, Math.min(at, copy.length));
      return copy;
    }
    case 'page-zero': {
      const copy = Buffer.from(bytes);
      copy.fill(0, start(mutation.page), Math.min(copy.length, start(mutation.page) + size));
      return copy;
    }
    case 'page-swap': {
      const copy = Buffer.from(bytes);
      const a = Buffer.from(bytes.subarray(start(mutation.a), start(mutation.a) + size));
      const b = Buffer.from(bytes.subarray(start(mutation.b), start(mutation.b) + size));
      b.copy(copy, start(mutation.a));
      a.copy(copy, start(mutation.b));
      return copy;
    }
    case 'page-truncate':
      return bytes.subarray(0, (mutation.pages % (pages + 1)) * size + (mutation.extra % size));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON documents

/** JSON text put into a document as it is: numbers JSON.stringify cannot write, keys like "__proto__", deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

const HOSTILE_OBJECTS = [
  '{"toString": 1}',
  '{"valueOf": {}, "toString": "x"}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"hasOwnProperty": 0, "length": -1, "then": 1}',
  '{"_type_": "uuid_hex", "_data_": {"toString": 1}}',
  '{"$type": {"toString": 1}, "$values": 5}',
];
/** Numbers a double cannot hold, or holds only approximately. */
const ODD_NUMBERS = ['1e400', '-1e400', '1e-400', '-0', '123456789012345678901234567890', '9007199254740993', '0.1000000000000000055511151231257827'];
/** Strings that look like something else: times out of range, bytea, broken JSON, YAML aliases, XML. */
const LOOKALIKE_STRINGS = [
  '2026-13-45T99:99:99Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '99999999999999999999',
  '-1',
  '\\x7b',
  '\\xzz',
  '{"a":',
  '[1,',
  'a: *x',
  '<?xml version="1.0"?><a>',
  'null',
  '',
];
/** Numbers at the edges of what times, versions and positions may be. */
const EDGE_NUMBERS = [8.64e15 + 1, -8.64e15 - 1, 1e17 + 1, 2 ** 53 + 2, 1e300, -1e300, 2 ** 31, -1, 0.5];

export const jsonReplacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, '', {}, []),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_OBJECTS).map((text) => new RawJson(text)) },
  fc.constantFrom(...ODD_NUMBERS).map((text) => new RawJson(text)),
  fc.constantFrom(...LOOKALIKE_STRINGS),
  fc.constantFrom(...EDGE_NUMBERS),
);

/** Names records use for their roles, so a renamed key can take another role's place. */
const ROLE_KEYS = ['stream', 'streamId', 'type', 'eventType', 'version', 'eventNumber', 'data', 'metadata', 'time', 'id', 'eventId', 'position', 'specversion', 'source', 'events', 'entries', 'toString', '__proto__'];

export type JsonMutation =
  | { kind: 'drop-key'; at: number }
  | { kind: 'rename-key'; at: number; name: string }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'replace-field'; record: number; key: number; allRecords: boolean; value: unknown }
  | { kind: 'nest'; at: number; depth: number; brackets: 'array' | 'object' }
  | { kind: 'huge-string'; at: number; length: number }
  | { kind: 'swap-records'; a: number; b: number }
  | { kind: 'duplicate-record'; at: number }
  | { kind: 'drop-record'; at: number };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop-key' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename-key' as const), at: fc.nat(), name: fc.constantFrom(...ROLE_KEYS) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: jsonReplacement }) },
  // A record's own field (where readers look for stream, type, time, data), in one record or in every record.
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('replace-field' as const), record: fc.nat(), key: fc.nat(), allRecords: fc.boolean(), value: jsonReplacement }),
  },
  // 100,000 levels overflow any recursive walk; a few thousand overflow some.
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(50, 3000, 100_000), brackets: fc.constantFrom('array' as const, 'object' as const) }),
  fc.record({ kind: fc.constant('huge-string' as const), at: fc.nat(), length: fc.constantFrom(5000, 300_000, 2_000_000) }),
  fc.record({ kind: fc.constant('swap-records' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-record' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('drop-record' as const), at: fc.nat() }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null && !(value instanceof RawJson);
}

/** Every value below the root, as a place it can be changed. */
function slots(root: unknown): Slot[] {
  const found: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isContainer(node)) continue;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    for (const key of keys) {
      found.push({ parent: node, key });
      stack.push((node as Record<string | number, unknown>)[key]);
    }
  }
  return found;
}

/** The array holding a document's records: the document itself, or its "events"/"entries". */
function recordsOf(document: unknown): unknown[] | null {
  if (Array.isArray(document)) return document;
  if (!isContainer(document)) return null;
  for (const key of ['events', 'entries']) {
    const value = (document as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value;
  }
  return null;
}

function nested(value: unknown, depth: number, brackets: 'array' | 'object'): RawJson {
  const inner = toJsonText(value);
  return brackets === 'array' ? new RawJson(`${'['.repeat(depth)}${inner}${']'.repeat(depth)}`) : new RawJson(`${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`);
}

/** Changes `document` in place (the root itself is never replaced). */
export function applyJson(document: unknown, mutation: JsonMutation): void {
  if (mutation.kind === 'swap-records' || mutation.kind === 'duplicate-record' || mutation.kind === 'drop-record') {
    const records = recordsOf(document);
    if (records === null || records.length === 0) return;
    if (mutation.kind === 'swap-records') {
      const a = mutation.a % records.length;
      const b = mutation.b % records.length;
      [records[a], records[b]] = [records[b], records[a]];
    } else if (mutation.kind === 'duplicate-record') {
      const at = mutation.at % records.length;
      records.splice(at, 0, structuredClone(records[at]));
    } else {
      records.splice(mutation.at % records.length, 1);
    }
    return;
  }
  if (mutation.kind === 'replace-field') {
    const records = (recordsOf(document) ?? [document]).filter(isContainer).filter((record) => !Array.isArray(record)) as Record<string, unknown>[];
    if (records.length === 0) return;
    const chosen = records[mutation.record % records.length]!;
    const keys = Object.keys(chosen);
    if (keys.length === 0) return;
    const key = keys[mutation.key % keys.length]!;
    for (const record of mutation.allRecords ? records : [chosen]) if (Object.hasOwn(record, key)) record[key] = mutation.value;
    return;
  }
  const all = slots(document);
  const candidates = mutation.kind === 'drop-key' || mutation.kind === 'rename-key' ? all.filter((slot) => !Array.isArray(slot.parent)) : all;
  if (candidates.length === 0) return;
  const { parent, key } = candidates[mutation.at % candidates.length]!;
  const holder = parent as Record<string | number, unknown>;
  switch (mutation.kind) {
    case 'drop-key':
      delete holder[key];
      return;
    case 'rename-key': {
      const value = holder[key];
      delete holder[key];
      holder[mutation.name] = value;
      return;
    }
    case 'replace':
      holder[key] = mutation.value;
      return;
    case 'nest':
      holder[key] = nested(holder[key], mutation.depth, mutation.brackets);
      return;
    case 'huge-string':
      holder[key] = 'é'.repeat(mutation.length);
      return;
  }
}

/** JSON text of a document holding RawJson pieces, which are written as they are. */
export function toJsonText(value: unknown, indent?: number): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, inner: unknown) => {
    if (!(inner instanceof RawJson)) return inner;
    raws.push(inner.text);
    return `\uE000${raws.length - 1}\uE000`;
  }, indent);
  if (text === undefined) return 'null';
  return raws.length === 0 ? text : text.replace(/"\uE000(\d+)\uE000"/g, (_, i: string) => raws[Number(i)]!);
}

/** The document as its container writes it: NDJSON lines for 'lines', pretty-printed JSON otherwise. */
export function serialize(document: unknown, container: 'array' | 'lines' | 'object'): Buffer {
  if (container === 'lines' && Array.isArray(document)) return Buffer.from(document.map((record) => toJsonText(record)).join('\n') + '\n');
  return Buffer.from(toJsonText(document, 2));
}

// ---------------------------------------------------------------------------------------------------------------
// SQLite rows, changed with SQL on a copy

/** A column value to write: SQL values, or (kept short for printing) a deep JSON text or a huge text. */
export type SqlValue = null | number | bigint | string | Uint8Array | { deepJson: number } | { hugeText: number };

const HOSTILE_TEXTS = [
  ...LOOKALIKE_STRINGS,
  ...HOSTILE_OBJECTS,
  'not json',
  '{"timestamp": {"_type_": "datetime_iso", "_data_": "garbage"}, "x": 1}',
  '{"timestamp": 1e400}',
  '[{"Headers": 5, "Body": {"$type": 5}}]',
  '{"$values": [{"Body": null}, 7]}',
  '--- &a [*a]',
  `- &a [1]\n${Array.from({ length: 120 }, () => '- *a').join('\n')}`,
  // One large anchor aliased 99 times: the count is allowed, the size it expands to is not (issue: 2.2 GB to open).
  `big: &a "${'x'.repeat(100_000)}"\nmany: [${Array.from({ length: 99 }, () => '*a').join(', ')}]`,
  '--- !ruby/object:BigDecimal 18:0.1e400',
  '--- !ruby/hash-with-ivars:ActiveSupport::HashWithIndifferentAccess {}',
  '9999-12-31 23:59:59.9999999',
  '0001-01-01 00:00:00',
];

export const sqlValue: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constant(null),
  fc.constantFrom<SqlValue>(-1, 0, 1, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, 1e308, -1e308, Infinity, -Infinity, 0.5, -0, 1e17 + 1),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom(...HOSTILE_TEXTS),
  fc.uint8Array({ maxLength: 64 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => new Uint8Array(Buffer.from(JSON.stringify(value)))),
  fc.constantFrom(3000, 100_000).map((deepJson) => ({ deepJson })),
  fc.constantFrom(300_000, 2_000_000).map((hugeText) => ({ hugeText })),
);

function sqlBinding(value: SqlValue): unknown {
  if (value !== null && typeof value === 'object' && 'deepJson' in value) return `${'{"a":['.repeat(value.deepJson)}1${']}'.repeat(value.deepJson)}`;
  if (value !== null && typeof value === 'object' && 'hugeText' in value) return 'x'.repeat(value.hugeText);
  return value instanceof Uint8Array ? Buffer.from(value) : value;
}

export type SqlMutation =
  | { kind: 'set'; table: number; column: number; row: number; allRows: boolean; value: SqlValue }
  | { kind: 'delete-row'; table: number; row: number }
  | { kind: 'duplicate-row'; table: number; row: number };

export const sqlMutation: fc.Arbitrary<SqlMutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), table: fc.nat(), column: fc.nat(), row: fc.nat(), allRows: fc.boolean(), value: sqlValue }) },
  fc.record({ kind: fc.constant('delete-row' as const), table: fc.nat(), row: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-row' as const), table: fc.nat(), row: fc.nat() }),
);

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Changes the database at `path` in place (call it on a copy). `tables` names the tables to change, where present;
 * otherwise any table. A change a constraint refuses (NOT NULL, CHECK) is made anyway, with the constraints
 * dropped from the schema: a journal need not have been written by the store's own code. One a unique key refuses
 * is skipped.
 */
export function applySql(path: string, mutations: readonly SqlMutation[], tables: readonly string[]): void {
  let db = open(path);
  try {
    for (const mutation of mutations) {
      try {
        applyOne(db, mutation, tables);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (code !== 'SQLITE_CONSTRAINT_NOTNULL' && code !== 'SQLITE_CONSTRAINT_CHECK') {
          // A unique key taken, no integer for an INTEGER PRIMARY KEY, or no rowid left after the largest: skipped.
          if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_FULL') continue;
          throw error;
        }
        db.close();
        dropConstraints(path);
        db = open(path);
        try {
          applyOne(db, mutation, tables);
        } catch (again) {
          const retried = (again as { code?: string }).code ?? '';
          if (!retried.startsWith('SQLITE_CONSTRAINT') && retried !== 'SQLITE_MISMATCH') throw again;
        }
      }
    }
  } finally {
    db.close();
  }
}

function open(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('ignore_check_constraints = ON');
  return db;
}

function dropConstraints(path: string): void {
  const db = new Database(path);
  try {
    // Defensive mode (better-sqlite3's default) forbids editing the schema; the copy is ours to break.
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_master SET sql = replace(replace(sql, 'NOT NULL', ''), 'not null', '') WHERE type = 'table'").run();
    db.pragma('writable_schema = OFF');
  } finally {
    db.close();
  }
}

function applyOne(db: Database.Database, mutation: SqlMutation, preferred: readonly string[]): void {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const wanted = names.filter((name) => preferred.some((p) => p.toLowerCase() === name.toLowerCase()));
  const choices = wanted.length > 0 ? wanted : names;
  if (choices.length === 0) return;
  const table = choices[mutation.table % choices.length]!;
  const columns = db.prepare(`PRAGMA table_info(${quote(table)})`).all() as ColumnInfo[];
  const rows = db.prepare(`SELECT * FROM ${quote(table)}`).raw(true).all() as unknown[][];
  if (columns.length === 0) return;
  if (rows.length === 0) return;
  const row = rows[mutation.row % rows.length]!;
  const where = columns.map((c) => `${quote(c.name)} IS ?`).join(' AND ');
  if (mutation.kind === 'set') {
    const column = columns[mutation.column % columns.length]!;
    const value = sqlBinding(mutation.value);
    if (mutation.allRows) db.prepare(`UPDATE ${quote(table)} SET ${quote(column.name)} = ?`).run(value);
    else db.prepare(`UPDATE ${quote(table)} SET ${quote(column.name)} = ? WHERE ${where}`).run(value, ...row);
  } else if (mutation.kind === 'delete-row') {
    db.prepare(`DELETE FROM ${quote(table)} WHERE ${where}`).run(...row);
  } else {
    // An INTEGER PRIMARY KEY (the rowid) takes a new number; every other column is copied as it is.
    const keep = columns.map((c, i) => [c, i] as const).filter(([c]) => !(c.pk > 0 && c.type.toUpperCase() === 'INTEGER'));
    if (keep.length === 0) return;
    db.prepare(`INSERT INTO ${quote(table)} (${keep.map(([c]) => quote(c.name)).join(', ')}) VALUES (${keep.map(() => '?').join(', ')})`).run(...keep.map(([, i]) => row[i]));
  }
}
