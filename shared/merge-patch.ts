// RFC 7386 JSON Merge Patch, the default reducer's rule: objects merge, null deletes, anything else replaces.
import type { Json } from './model.js';

export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defines an own property, so a "__proto__" key in a payload stays data and never reaches the prototype. */
export function setOwn(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Returns the patched document; neither argument is modified, unchanged branches are shared. Walked with a stack of
 * its own rather than by recursion: a payload may be nested 100,000 levels deep.
 */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isJsonObject(patch)) return patch;
  const root: JsonObject = {};
  const work: [target: Json, patch: JsonObject, result: JsonObject][] = [[target, patch, root]];
  while (work.length > 0) {
    const [base, changes, result] = work.pop()!;
    if (isJsonObject(base)) for (const key of Object.keys(base)) setOwn(result, key, base[key]!);
    for (const key of Object.keys(changes)) {
      const value = changes[key]!;
      if (value === null) {
        delete result[key];
      } else if (!isJsonObject(value)) {
        setOwn(result, key, value);
      } else {
        // The child object takes its place now (key order as the recursive rule gives it) and is filled later.
        const child: JsonObject = {};
        const under = Object.hasOwn(result, key) ? result[key]! : null;
        setOwn(result, key, child);
        work.push([under, value, child]);
      }
    }
  }
  return root;
}
