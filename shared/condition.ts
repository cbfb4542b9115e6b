// Payload conditions for the events filter: `data.amount > 100`, `metadata.user = "u-7"`, `data.items[0].sku ~ KB`.
// Parsed here (both sides show and check them), evaluated by the service against each event's data and metadata.
import type { Json, JournalEvent } from './model.js';
import { jsonText } from './deep-json.js';

export const CONDITION_OPERATORS = ['=', '!=', '>', '>=', '<', '<=', '~'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface Condition {
  /** "data" or "metadata", then keys and array indexes. */
  root: 'data' | 'metadata';
  path: (string | number)[];
  operator: ConditionOperator;
  value: Json;
}

/** A condition that cannot be read: `at` (0-based) and `length` mark the part of the text at fault. */
export class ConditionError extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly length: number,
  ) {
    super(message);
    this.name = 'ConditionError';
  }
}

const HOW = 'write data.field OP value (or metadata.field), with OP one of = != > >= < <= ~, e.g. data.amount > 100';
/** Longest first, so ">=" is not read as ">" followed by "=". */
const OPERATORS = ['==', '!=', '>=', '<=', '=', '>', '<', '~'] as const;
const IDENTIFIER = /[A-Za-z_$][\w$-]*/y;
const INDEX = /\[(\d+)\]/y;
const QUOTED_KEY = /\["((?:[^"\\]|\\.)*)"\]/y;
/** A second condition joined to the first, which this syntax does not have: refused rather than read as text. */
const JOINED = /\s(and|or|&&|\|\|)\s+(?:data|metadata)\b/iy;

/**
 * Parses `root.path op value`. The value is JSON (42, "text", true, null, [1, 2]), 'single-quoted' text, or else plain
 * text; anything that is none of these (a doubled operator, an unclosed quote, broken JSON, two conditions) is refused
 * with a ConditionError naming the part at fault and its place (1-based "character N", as a person counts).
 */
export function parseCondition(text: string): Condition {
  // The text is quoted as typed (not JSON-escaped: it is what the person sees in the box); the way to write one
  // follows where the shape itself is wrong.
  const fail = (problem: string, at: number, length = 1, how = false): never => {
    throw new ConditionError(`“${text.trim()}” is not a condition: ${problem}${how ? `; ${HOW}` : ''}.`, at, Math.max(1, length));
  };
  const place = (at: number) => (at >= text.length ? 'at the end' : `at character ${at + 1}`);
  const word = (at: number) => /^\S{1,20}/.exec(text.slice(at))?.[0] ?? '';
  const skipSpace = (at: number) => {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    return at;
  };

  let at = skipSpace(0);
  const rootAt = at;
  const root = /^(data|metadata)(?![\w$-])/.exec(text.slice(at))?.[1] as Condition['root'] | undefined;
  if (root === undefined) fail(`it must start with data or metadata, not ${JSON.stringify(word(at))} ${place(at)}`, at, word(at).length, true);
  at += root!.length;

  const path: (string | number)[] = [];
  for (;;) {
    const char = text[at];
    if (char === '.') {
      IDENTIFIER.lastIndex = at + 1;
      const name = IDENTIFIER.exec(text);
      if (name === null) fail(`a field name must follow "." ${place(at + 1)}`, at + 1);
      path.push(name![0]);
      at = IDENTIFIER.lastIndex;
    } else if (char === '[') {
      INDEX.lastIndex = at;
      QUOTED_KEY.lastIndex = at;
      const index = INDEX.exec(text);
      const key = index === null ? QUOTED_KEY.exec(text) : null;
      if (index !== null) {
        path.push(Number(index[1]));
        at = INDEX.lastIndex;
      } else if (key !== null) {
        path.push(JSON.parse(`"${key[1]}"`) as string);
        at = QUOTED_KEY.lastIndex;
      } else {
        fail(`"[" ${place(at)} must hold an index such as [0] or a quoted key such as ["sku code"]`, at);
      }
    } else break;
  }
  const written = text.slice(rootAt, at);

  at = skipSpace(at);
  const operator = OPERATORS.find((op) => text.startsWith(op, at));
  if (operator === undefined) {
    fail(at >= text.length ? `an operator must follow ${written} (found the end)` : `an operator must follow ${written}, not ${JSON.stringify(word(at))} ${place(at)}`, at, word(at).length, true);
  }
  const operatorAt = at;
  at = skipSpace(at + operator!.length);

  const valueText = text.slice(at).trimEnd();
  if (valueText === '') fail(`a value must follow "${operator}" ${place(at)}`, at, 1, true);
  const stray = /^[=<>!~]+/.exec(valueText)?.[0];
  if (stray !== undefined) {
    fail(`${JSON.stringify(stray)} at character ${at + 1} is not a value: one operator per condition ("${text.slice(operatorAt, operatorAt + operator!.length)}" at character ${operatorAt + 1} is the operator; OP is one of = != > >= < <= ~)`, at, stray.length);
  }
  const value = readValue(valueText, at, fail);
  return { root: root!, path, operator: (operator === '==' ? '=' : operator) as ConditionOperator, value };
}

/** The value part, which starts at `at` in the whole text. */
function readValue(valueText: string, at: number, fail: (problem: string, at: number, length?: number, how?: boolean) => never): Json {
  const first = valueText[0]!;
  if (first === '"' || first === "'") {
    const end = closingQuote(valueText, first);
    if (end < 0) fail(`text not closed: the quote at character ${at + 1} has no closing ${first}`, at, valueText.length);
    const rest = valueText.slice(end + 1);
    if (rest.trim() !== '') {
      const restAt = at + end + 1 + (rest.length - rest.trimStart().length);
      fail(`${JSON.stringify(rest.trim().slice(0, 20))} after the quoted value, at character ${restAt + 1}, is not part of it (put it inside the quotes)`, restAt, rest.trim().length);
    }
    if (first === "'") return valueText.slice(1, end);
    try {
      return JSON.parse(valueText.slice(0, end + 1)) as string;
    } catch (error) {
      return fail(`not valid JSON text: the quoted value at character ${at + 1} (${(error as Error).message})`, at, end + 1);
    }
  }
  if (first === '[' || first === '{') {
    try {
      return JSON.parse(valueText) as Json;
    } catch (error) {
      return fail(`not valid JSON: the value at character ${at + 1} (${(error as Error).message})`, at, valueText.length);
    }
  }
  for (let i = 0; i < valueText.length; i++) {
    JOINED.lastIndex = i;
    const joined = JOINED.exec(valueText);
    if (joined !== null) {
      fail(`one condition at a time: ${JSON.stringify(joined[1])} at character ${at + i + 2} would join a second one (quote the value if it is text)`, at + i + 1, joined[1]!.length);
    }
  }
  try {
    return JSON.parse(valueText) as Json;
  } catch {
    return valueText;
  }
}

/** Where a quoted value closes (its quote's index), honouring backslash escapes; -1 when it does not. */
function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function lookup(document: Json, path: readonly (string | number)[]): Json | undefined {
  let current: Json | undefined = document;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (typeof key !== 'number') return undefined;
      current = current[key];
    } else {
      if (typeof key !== 'string' || !Object.hasOwn(current, key)) return undefined;
      current = current[key];
    }
  }
  return current;
}

function same(a: Json, b: Json): boolean {
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) return a === Number(b);
  if (typeof a === 'string' && typeof b === 'number') return Number(a) === b && a.trim() !== '';
  return jsonText(a) === jsonText(b);
}

/** Whether the event meets the condition; a missing field meets only `!=`. */
export function meetsCondition(event: Pick<JournalEvent, 'data' | 'metadata'>, condition: Condition): boolean {
  const found = lookup(condition.root === 'data' ? event.data : event.metadata, condition.path);
  const { operator, value } = condition;
  if (found === undefined) return operator === '!=';
  switch (operator) {
    case '=':
      return same(found, value);
    case '!=':
      return !same(found, value);
    case '~':
      return (typeof found === 'string' ? found : jsonText(found)).toLowerCase().includes(String(value).toLowerCase());
    default: {
      const left = typeof found === 'number' ? found : typeof found === 'string' ? found : null;
      const right = typeof value === 'number' ? value : typeof value === 'string' ? value : null;
      if (left === null || right === null) return false;
      // Numbers compare as numbers (also when written as text, as decimals often are); text compares as text.
      const numeric = !Number.isNaN(Number(left)) && !Number.isNaN(Number(right)) && String(left).trim() !== '' && String(right).trim() !== '';
      const [l, r] = numeric ? [Number(left), Number(right)] : [String(left), String(right)];
      if (operator === '>') return l > r;
      if (operator === '>=') return l >= r;
      if (operator === '<') return l < r;
      return l <= r;
    }
  }
}
