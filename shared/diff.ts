// What one step changed: jsondiffpatch computes the delta, this file lists it as JSON Pointer changes.
import { create } from 'jsondiffpatch';
import type { Delta } from 'jsondiffpatch';
import { toPointer } from './json-pointer.js';
import type { Change, Json } from './model.js';

/** Array items are matched by an id-like key when they have one, so an insertion is not reported as every item changing. */
function itemIdentity(item: object, index?: number): string | undefined {
  // The library hands over any array item: null too (a Temporal payload list holds nulls), which has no keys.
  if (item === null || typeof item !== 'object') return index === undefined ? undefined : `$index:${index}`;
  const record = item as Record<string, unknown>;
  for (const key of ['id', '_id', 'key', 'uuid']) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') return `${key}:${value}`;
  }
  return index === undefined ? undefined : `$index:${index}`;
}

const differ = create({
  objectHash: itemIdentity,
  arrays: { detectMove: false },
  cloneDiffValues: false,
});

type Token = string | number;

/**
 * Keys the diff library cannot carry as data, renamed around the diff: it reads a key one side lacks through the
 * prototype, so "toString" or "hasOwnProperty" there is a function to it ("functions are not supported"), or hides
 * the change; "__proto__" and "constructor" reach for the prototype itself.
 */
const HOSTILE = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
const ESCAPE = '\u0000eventlens:';

/**
 * Whether a changed part of the two states holds a hostile key; shared (unchanged) branches are skipped. Each key is
 * visited once: a key both states have is followed from the first side only (visiting it from both sides too doubled
 * the work at every level, 2^depth for two separate copies of one deep state). Walked with a stack of its own.
 */
function hasHostileKey(a: unknown, b: unknown): boolean {
  const work: [unknown, unknown][] = [[a, b]];
  const asObject = (value: unknown) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null);
  while (work.length > 0) {
    const [left, right] = work.pop()!;
    if (left === right) continue;
    const first = asObject(left);
    const second = asObject(right);
    if (first !== null) {
      for (const key of Object.keys(first)) {
        if (HOSTILE.has(key)) return true;
        work.push([first[key], second !== null && Object.hasOwn(second, key) ? second[key] : undefined]);
      }
    }
    if (second !== null) {
      for (const key of Object.keys(second)) {
        if (HOSTILE.has(key)) return true;
        if (first === null || !Object.hasOwn(first, key)) work.push([second[key], undefined]);
      }
    }
  }
  return false;
}

/** A copy with hostile keys renamed (`rename`) or restored (`restore`), every key kept as an own property. */
function mapKeys(value: Json, map: (key: string) => string): Json {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, map));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, Json> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, map(key), { value: mapKeys(value[key]!, map), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const rename = (key: string) => (HOSTILE.has(key) || key.startsWith(ESCAPE) ? ESCAPE + key : key);
const restore = (key: string) => (key.startsWith(ESCAPE) ? key.slice(ESCAPE.length) : key);

/** Lists every leaf difference between two states, in document order; an empty list when they are equal. */
export function diffStates(before: Json, after: Json): Change[] {
  try {
    return diffWithLibrary(before, after);
  } catch (error) {
    // The library recurses per level: a state nested thousands of levels deep overflows the stack. Such states are
    // compared by the walk below instead (array items by index), so the replay goes on.
    if (!(error instanceof RangeError)) throw error;
    return diffByWalk(before, after);
  }
}

function diffWithLibrary(before: Json, after: Json): Change[] {
  if (hasHostileKey(before, after)) {
    // Payloads may carry "__proto__" or "constructor" keys as plain data: they are changes like any other.
    return diffWithLibrary(mapKeys(before, rename), mapKeys(after, rename)).map((change) => restoreChange(change));
  }
  const delta = differ.diff(before, after);
  const changes: Change[] = [];
  if (delta !== undefined) collect(delta, [], changes);
  return changes;
}

function restoreChange(change: Change): Change {
  const path = change.path
    .split('/')
    .map((token) => (token.startsWith(ESCAPE) ? token.slice(ESCAPE.length) : token))
    .join('/');
  const restored: Change = { path, kind: change.kind };
  if (change.before !== undefined) restored.before = mapKeys(change.before, restore);
  if (change.after !== undefined) restored.after = mapKeys(change.after, restore);
  return restored;
}

function collect(delta: Delta, path: Token[], changes: Change[]): void {
  if (Array.isArray(delta)) {
    collectLeaf(delta as unknown[], path, changes);
    return;
  }
  if (delta === null || typeof delta !== 'object') return;
  const node = delta as Record<string, Delta> & { _t?: string };
  if (node._t === 'a') {
    // Array deltas: "_N" names an item of the old array, "N" one of the new; removals first, as the library applies them.
    const keys = Object.keys(node).filter((key) => key !== '_t');
    for (const key of keys.filter((k) => k.startsWith('_'))) collect(node[key]!, [...path, Number(key.slice(1))], changes);
    for (const key of keys.filter((k) => !k.startsWith('_'))) collect(node[key]!, [...path, Number(key)], changes);
    return;
  }
  for (const key of Object.keys(node)) collect(node[key]!, [...path, key], changes);
}

function collectLeaf(leaf: unknown[], path: Token[], changes: Change[]): void {
  const pointer = toPointer(path);
  if (leaf.length === 1) changes.push({ path: pointer, kind: 'added', after: leaf[0] as Json });
  else if (leaf.length === 2) changes.push({ path: pointer, kind: 'changed', before: leaf[0] as Json, after: leaf[1] as Json });
  else if (leaf.length === 3 && leaf[1] === 0 && leaf[2] === 0) changes.push({ path: pointer, kind: 'removed', before: leaf[0] as Json });
}

/** A place in the walk: its parent and its token, so a path is spelled only for a change, not for every node. */
interface Place {
  parent: Place | null;
  token: Token;
}

function pointerOf(place: Place | null): string {
  const tokens: Token[] = [];
  for (let at = place; at !== null; at = at.parent) tokens.push(at.token);
  return toPointer(tokens.reverse());
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Every leaf difference, found with a stack of its own (any depth), in document order: keys of `before` (changed or
 * removed), then keys only `after` has; array items by index. Shared branches are skipped, as the library skips them.
 */
function diffByWalk(before: Json, after: Json): Change[] {
  const changes: Change[] = [];
  const work: [before: Json | undefined, after: Json | undefined, place: Place | null][] = [[before, after, null]];
  while (work.length > 0) {
    const [a, b, place] = work.pop()!;
    if (a === b) continue;
    if (a === undefined) {
      changes.push({ path: pointerOf(place), kind: 'added', after: b! });
      continue;
    }
    if (b === undefined) {
      changes.push({ path: pointerOf(place), kind: 'removed', before: a });
      continue;
    }
    const next: typeof work = [];
    if (isObject(a) && isObject(b)) {
      for (const key of Object.keys(a)) next.push([a[key], Object.hasOwn(b, key) ? b[key] : undefined, { parent: place, token: key }]);
      for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) next.push([undefined, b[key], { parent: place, token: key }]);
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) next.push([i < a.length ? a[i] : undefined, i < b.length ? b[i] : undefined, { parent: place, token: i }]);
    } else {
      changes.push({ path: pointerOf(place), kind: 'changed', before: a, after: b });
      continue;
    }
    // Pushed in reverse so they are taken in document order.
    for (let i = next.length - 1; i >= 0; i--) work.push(next[i]!);
  }
  return changes;
}
