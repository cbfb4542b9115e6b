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

export class ConditionError extends Error {}

const PATTERN = /^\s*(data|metadata)((?:\.[A-Za-z_$][\w$-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*)\s*(==|=|!=|>=|<=|>|<|~)\s*(.+?)\s*$/;

/** Parses `root.path op value`; the value is JSON (42, "text", true, null) or else taken as plain text. */
export function parseCondition(text: string): Condition {
  const match = PATTERN.exec(text);
  if (!match) {
    throw new ConditionError(
      `${JSON.stringify(text)} is not a condition: write data.field OP value (or metadata.field), with OP one of = != > >= < <= ~, e.g. data.amount > 100.`,
    );
  }
  const [, root, pathText, op, valueText] = match;
  const path: (string | number)[] = [];
  for (const part of pathText!.matchAll(/\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (part[1] !== undefined) path.push(part[1]);
    else if (part[2] !== undefined) path.push(Number(part[2]));
    else path.push(JSON.parse(`"${part[3]}"`) as string);
  }
  let value: Json;
  try {
    value = JSON.parse(valueText!) as Json;
  } catch {
    value = valueText!.replace(/^'(.*)'$/, '$1');
  }
  return { root: root as Condition['root'], path, operator: (op === '==' ? '=' : op) as ConditionOperator, value };
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
