// The shape of one payload: which fields it has (JSON Pointer paths) and their JSON types, so payloads of one event
// type can be compared over time. Bounded in depth, in array items looked at and in fields, so a payload of any size
// gives a shape of bounded size.
import type { Json } from '../../shared/model.js';
import { escapeToken } from '../../shared/json-pointer.js';

/** Path tokens followed below the root: deeper objects and arrays are listed by their type alone. */
export const SHAPE_DEPTH = 4;
/** Fields listed per shape; the rest are left out (two payloads differing only beyond them look alike). */
export const SHAPE_FIELDS = 200;
/** Items of an array looked at: their fields, merged, stand for every item. */
export const ARRAY_ITEMS = 20;
/** The path token standing for "any item" of an array (a key literally named "*" reads the same). */
export const ANY_ITEM = '*';

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

function typeOf(value: Json): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}

/**
 * The payload's fields, "path:type", sorted by path: "/amount:number", "/owner/name:string". Array items are
 * summarized under ".../*" ("/lines/*:object", "/lines/* /sku:string" without the space), a path whose items have
 * several types lists them joined by "|" ("/tags/*:number|string"). A payload that is not an object is one field
 * with the empty path (":string"); an object's own fields start below it, so `{}` has no fields.
 */
export function payloadShape(data: Json): string[] {
  const types = new Map<string, Set<JsonType>>();
  const note = (path: string, type: JsonType): boolean => {
    let set = types.get(path);
    if (set === undefined) {
      if (types.size >= SHAPE_FIELDS) return false;
      types.set(path, (set = new Set()));
    }
    set.add(type);
    return true;
  };
  const walk = (value: Json, path: string, depth: number): void => {
    const type = typeOf(value);
    if (path !== '' || type !== 'object') {
      if (!note(path, type)) return;
    }
    if (depth >= SHAPE_DEPTH) return;
    if (type === 'array') {
      const items = value as Json[];
      for (let i = 0; i < Math.min(items.length, ARRAY_ITEMS); i++) walk(items[i]!, `${path}/${ANY_ITEM}`, depth + 1);
    } else if (type === 'object') {
      for (const [key, item] of Object.entries(value as { [key: string]: Json })) walk(item, `${path}/${keyToken(key)}`, depth + 1);
    }
  };
  walk(data, '', 0);
  return [...types.keys()].sort().map((path) => `${path}:${[...types.get(path)!].sort().join('|')}`);
}

/**
 * A key that is data rather than a field name (an item's SKU or id used as a map key: "MN-27", "42", a UUID) stands
 * as "*", like an array item: a cart keyed by product is one schema, not one per product.
 */
function keyToken(key: string): string {
  return /^\d+$|\d{2,}|^[0-9a-f]{8}-[0-9a-f]{4}-|^[0-9a-f]{16,}$/i.test(key) ? ANY_ITEM : escapeToken(key);
}

/** "path:type" split at its last colon (paths may hold colons, types never do). */
export function splitField(field: string): [path: string, type: string] {
  const colon = field.lastIndexOf(':');
  return [field.slice(0, colon), field.slice(colon + 1)];
}
