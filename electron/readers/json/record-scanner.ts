// Reads one JSON object record straight from its bytes: checks that it is valid JSON and notes where each top-level
// field's key and value are, without building the object. Reading a million NDJSON lines this way skips the payload
// objects JSON.parse would build (and the collector would free) only for the import to throw them away: the cache
// keeps an event's place in the file, and its payloads are read back from there when shown.
//
// The scanner is conservative: whatever it does not take as plainly valid (escaped or non-ASCII keys, duplicate keys,
// nesting past MAX_DEPTH, more than MAX_FIELDS fields) it declines, and the caller parses that record as before.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

export const MAX_FIELDS = 64;
/** Deeper payloads are left to JSON.parse, which says "too deep" where this would need a stack of its own. */
const MAX_DEPTH = 64;

/** What a field's value is; objects and arrays are only checked, not read. */
export const ValueKind = { String: 1, Number: 2, True: 3, False: 4, Null: 5, Object: 6, Array: 7 } as const;
export type ValueKind = (typeof ValueKind)[keyof typeof ValueKind];

/** The top-level fields of the last record scanned, by byte offsets (keys and strings without their quotes). */
export class RecordFields {
  count = 0;
  readonly keyStart = new Int32Array(MAX_FIELDS);
  readonly keyEnd = new Int32Array(MAX_FIELDS);
  readonly valueStart = new Int32Array(MAX_FIELDS);
  readonly valueEnd = new Int32Array(MAX_FIELDS);
  readonly kind = new Uint8Array(MAX_FIELDS);
  /** The string value holds escapes (\n, \", \u…): it must be unescaped to be read. */
  readonly escaped = new Uint8Array(MAX_FIELDS);
  /** Whether the keys were, in order, exactly those of `expected` given to scanRecord. */
  sameKeys = false;
}

/** A list of keys as bytes, one after another, with the end of each: what the previous record had, to recognise. */
export interface KeyBytes {
  bytes: Uint8Array;
  ends: Int32Array;
}

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Set by scanString: whether the string just scanned held an escape. */
let sawEscape = false;

function skipWhitespace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && isWhitespace(bytes[at]!)) at++;
  return at;
}

/** `at` is just past the opening quote; returns the closing quote's offset, or -1 if the string is not valid JSON. */
/** Bytes that end the plain run of a string: the quote, a backslash, and control characters (never valid inside). */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;

function scanString(bytes: Uint8Array, at: number, end: number): number {
  sawEscape = false;
  while (at < end) {
    while (at < end && STRING_STOP[bytes[at]!] === 0) at++;
    if (at >= end) return -1;
    const c = bytes[at]!;
    if (c === QUOTE) return at;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      sawEscape = true;
      const next = bytes[at + 1];
      if (next === 0x75 /* u */) {
        if (at + 5 >= end || !isHex(bytes[at + 2]!) || !isHex(bytes[at + 3]!) || !isHex(bytes[at + 4]!) || !isHex(bytes[at + 5]!)) return -1;
        at += 6;
        continue;
      }
      // \" \\ \/ \b \f \n \r \t
      if (next !== QUOTE && next !== BACKSLASH && next !== 0x2f && next !== 0x62 && next !== 0x66 && next !== 0x6e && next !== 0x72 && next !== 0x74) return -1;
      at += 2;
      continue;
    }
    at++;
  }
  return -1;
}

/** Returns the offset just past a JSON number starting at `at`, or -1. */
function scanNumber(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] === MINUS) at++;
  if (at >= end) return -1;
  if (bytes[at] === ZERO) at++;
  else if (isDigit(bytes[at]!)) while (at < end && isDigit(bytes[at]!)) at++;
  else return -1;
  if (bytes[at] === DOT) {
    at++;
    if (at >= end || !isDigit(bytes[at]!)) return -1;
    while (at < end && isDigit(bytes[at]!)) at++;
  }
  if (bytes[at] === 0x65 || bytes[at] === 0x45) {
    at++;
    if (bytes[at] === PLUS || bytes[at] === MINUS) at++;
    if (at >= end || !isDigit(bytes[at]!)) return -1;
    while (at < end && isDigit(bytes[at]!)) at++;
  }
  return at;
}

function scanLiteral(bytes: Uint8Array, at: number, end: number, word: readonly number[]): number {
  if (at + word.length > end) return -1;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return -1;
  return at + word.length;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/** The kind of the value scanValue last read. */
let lastKind: ValueKind = ValueKind.Null as ValueKind;

/** Returns the offset just past the JSON value at `at` (no leading whitespace), or -1. */
function scanValue(bytes: Uint8Array, at: number, end: number, depth: number): number {
  const c = bytes[at];
  if (c === QUOTE) {
    const close = scanString(bytes, at + 1, end);
    lastKind = ValueKind.String;
    return close === -1 ? -1 : close + 1;
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (depth >= MAX_DEPTH) return -1;
    const after = c === OPEN_BRACE ? scanObject(bytes, at, end, depth + 1) : scanArray(bytes, at, end, depth + 1);
    lastKind = c === OPEN_BRACE ? ValueKind.Object : ValueKind.Array;
    return after;
  }
  if (c === MINUS || (c !== undefined && isDigit(c))) {
    lastKind = ValueKind.Number;
    return scanNumber(bytes, at, end);
  }
  if (c === 0x74) {
    lastKind = ValueKind.True;
    return scanLiteral(bytes, at, end, TRUE);
  }
  if (c === 0x66) {
    lastKind = ValueKind.False;
    return scanLiteral(bytes, at, end, FALSE);
  }
  if (c === 0x6e) {
    lastKind = ValueKind.Null;
    return scanLiteral(bytes, at, end, NULL);
  }
  return -1;
}

/** A nested object (its keys are not kept); `at` is on its `{`. */
function scanObject(bytes: Uint8Array, at: number, end: number, depth: number): number {
  at = skipWhitespace(bytes, at + 1, end);
  if (bytes[at] === CLOSE_BRACE) return at + 1;
  for (;;) {
    if (bytes[at] !== QUOTE) return -1;
    const close = scanString(bytes, at + 1, end);
    if (close === -1) return -1;
    at = skipWhitespace(bytes, close + 1, end);
    if (bytes[at] !== COLON) return -1;
    at = skipWhitespace(bytes, at + 1, end);
    at = scanValue(bytes, at, end, depth);
    if (at === -1) return -1;
    at = skipWhitespace(bytes, at, end);
    if (bytes[at] === CLOSE_BRACE) return at + 1;
    if (bytes[at] !== COMMA) return -1;
    at = skipWhitespace(bytes, at + 1, end);
  }
}

function scanArray(bytes: Uint8Array, at: number, end: number, depth: number): number {
  at = skipWhitespace(bytes, at + 1, end);
  if (bytes[at] === CLOSE_BRACKET) return at + 1;
  for (;;) {
    at = scanValue(bytes, at, end, depth);
    if (at === -1) return -1;
    at = skipWhitespace(bytes, at, end);
    if (bytes[at] === CLOSE_BRACKET) return at + 1;
    if (bytes[at] !== COMMA) return -1;
    at = skipWhitespace(bytes, at + 1, end);
  }
}

/**
 * Scans bytes[start, end) as one JSON object with nothing but whitespace around it, noting its top-level fields in
 * `fields`. False when the bytes are not valid JSON, or are valid in a way this scanner leaves to JSON.parse (see above).
 * The bytes must be valid UTF-8 (the caller checks): only ASCII is looked at here.
 */
export function scanRecord(bytes: Uint8Array, start: number, end: number, fields: RecordFields, expected: KeyBytes | null = null): boolean {
  const after = scanObjectAt(bytes, skipWhitespace(bytes, start, end), end, fields, expected);
  return after !== -1 && skipWhitespace(bytes, after, end) === end;
}

/**
 * Scans the JSON object whose `{` is at `at` (an item of an array), noting its top-level fields; returns the offset
 * just past its `}`, or -1 (as scanRecord returns false), also when the bytes end before it does.
 */
export function scanObjectAt(bytes: Uint8Array, at: number, end: number, fields: RecordFields, expected: KeyBytes | null = null): number {
  if (bytes[at] !== OPEN_BRACE) return -1;
  fields.count = 0;
  // The keys are compared with the expected ones as they are read: records of a file nearly always share one list.
  let same = expected !== null;
  let expectedAt = 0;
  fields.sameKeys = false;
  at = skipWhitespace(bytes, at + 1, end);
  if (bytes[at] === CLOSE_BRACE) {
    fields.sameKeys = same && expected!.ends.length === 0;
    return at + 1;
  }
  for (;;) {
    if (bytes[at] !== QUOTE || fields.count === MAX_FIELDS) return -1;
    const keyStart = at + 1;
    let keyEnd = keyStart;
    // Keys are taken as plain ASCII only, so a key compares byte for byte with the names the layout looks for.
    while (keyEnd < end) {
      const c = bytes[keyEnd]!;
      if (c === QUOTE || c < 0x20 || c === BACKSLASH || c >= 0x80) break;
      if (same && expected!.bytes[expectedAt + keyEnd - keyStart] !== c) same = false;
      keyEnd++;
    }
    if (bytes[keyEnd] !== QUOTE) return -1;
    if (same) {
      const index = fields.count;
      same = index < expected!.ends.length && expected!.ends[index]! - expectedAt === keyEnd - keyStart;
      expectedAt += keyEnd - keyStart;
    }
    at = skipWhitespace(bytes, keyEnd + 1, end);
    if (bytes[at] !== COLON) return -1;
    at = skipWhitespace(bytes, at + 1, end);
    const valueStart = at;
    at = scanValue(bytes, at, end, 1);
    if (at === -1) return -1;
    const field = fields.count++;
    fields.keyStart[field] = keyStart;
    fields.keyEnd[field] = keyEnd;
    const isString = lastKind === ValueKind.String;
    fields.valueStart[field] = isString ? valueStart + 1 : valueStart;
    fields.valueEnd[field] = isString ? at - 1 : at;
    fields.kind[field] = lastKind;
    fields.escaped[field] = isString && sawEscape ? 1 : 0;
    at = skipWhitespace(bytes, at, end);
    if (bytes[at] === CLOSE_BRACE) {
      fields.sameKeys = same && fields.count === expected!.ends.length;
      return at + 1;
    }
    if (bytes[at] !== COMMA) return -1;
    at = skipWhitespace(bytes, at + 1, end);
  }
}

/**
 * The JSON text of a record's top-level field as written (a string with its quotes), or null when the record has no
 * such field or is one the scanner leaves to JSON.parse.
 */
export function fieldText(record: string, key: string): string | null {
  const bytes = Buffer.from(record);
  const fields = new RecordFields();
  if (!scanRecord(bytes, 0, bytes.length, fields)) return null;
  const wanted = Buffer.from(key);
  for (let i = 0; i < fields.count; i++) {
    if (!wanted.equals(bytes.subarray(fields.keyStart[i], fields.keyEnd[i]))) continue;
    const quoted = fields.kind[i] === ValueKind.String ? 1 : 0;
    return bytes.toString('utf8', fields.valueStart[i]! - quoted, fields.valueEnd[i]! + quoted);
  }
  return null;
}
