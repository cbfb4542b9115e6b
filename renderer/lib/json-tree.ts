// What the JSON tree draws of a value, in bounded pieces: a page of children at a time, a string's first characters
// with the rest on request, and numbers that parsing may have rounded marked as such. Nothing here walks a whole
// value, so a 10 MB string or a million items cost what is shown.
import { isUnsafeInteger } from '../../shared/exact-numbers.js';
import type { ChangeKind, Json } from '../../shared/model.js';

/** Children drawn at first, and drawn more per "Show more". */
export const CHILD_PAGE = 500;
/** Characters of a string drawn at first, and drawn more per "Show more". */
export const STRING_CHUNK = 2000;
/** A key longer than this is cut (it is journal text too). */
export const KEY_MAX = 200;

export type Container = Json[] | { [key: string]: Json };

export function isContainer(node: Json): node is Container {
  return node !== null && typeof node === 'object';
}

export function childCount(node: Container): number {
  return Array.isArray(node) ? node.length : Object.keys(node).length;
}

/** The first `count` children as [key, value]; own keys only, so "__proto__" is a key like any other. */
export function childEntries(node: Container, count: number): [string, Json][] {
  if (Array.isArray(node)) return node.slice(0, count).map((item, index) => [String(index), item]);
  return Object.keys(node)
    .slice(0, count)
    .map((key) => [key, node[key]!]);
}

/**
 * The first `shown` characters of a string as a JSON literal (the closing quote only when it is whole) and how many
 * characters are left. A surrogate pair is never split.
 */
export function stringLiteral(value: string, shown: number): { literal: string; more: number } {
  if (value.length <= shown) return { literal: JSON.stringify(value), more: 0 };
  const end = /[\ud800-\udbff]/.test(value[shown - 1]!) ? shown - 1 : shown;
  return { literal: JSON.stringify(value.slice(0, end)).slice(0, -1), more: value.length - end };
}

/**
 * Whether a number is shown rounded: one whose exact text (JournalEvent.raw) reads otherwise (`rounded` holds those
 * values as written back), or any integer beyond 2^53, which a double may not hold exactly.
 */
export function isRounded(value: Json, rounded: ReadonlySet<string>): boolean {
  return typeof value === 'number' && (isUnsafeInteger(value) || rounded.has(String(value)));
}

/** "9 items", "1 key". */
export function sizeLabel(node: Container, count: number): string {
  const noun = Array.isArray(node) ? (count === 1 ? 'item' : 'items') : count === 1 ? 'key' : 'keys';
  return `${count.toLocaleString('en-US')} ${noun}`;
}

/** What every node of one tree shares. */
export interface TreeView {
  /** Paths (JSON Pointers) the current step touched, marked in the tree. */
  marks: ReadonlyMap<string, ChangeKind>;
  /** Levels opened at first; deeper ones are drawn once opened. */
  openDepth: number;
  onPick: ((path: string) => void) | undefined;
  picked: string | null;
  /** Numbers the exact text reads otherwise (exact-numbers.ts roundedValues). */
  rounded: ReadonlySet<string>;
  /** Keys written as JSON strings ("name": …), as in a JSON document; else bare (name: …). */
  jsonKeys: boolean;
  /** Whether the event's exact text is shown below the tree (the notes on rounded numbers point there). */
  exactBelow: boolean;
}
