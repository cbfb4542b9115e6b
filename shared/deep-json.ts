// JSON of any depth. Journal content is untrusted: JSON.parse reads a payload nested 100,000 levels deep (V8 parses
// without recursion), but JSON.stringify, structured clone, Electron's context bridge and a recursive tree overflow
// the stack on it. These walks use a stack of their own: fallbacks where the fast built-in overflows, and the bound
// on what is sent to a window.

/** Containers nested deeper than this (counted from a reply's root) are not sent to a window: see cutNesting. */
export const WINDOW_DEPTH = 256;

/** The key of the object that stands in for a branch cut by cutNesting; its value says how many levels were cut. */
export const NESTING_CUT_KEY = '⋯ nested deeper';

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

/** Whether a value is the stand-in for a branch cut by cutNesting (a journal could hold one too: it only reads alike). */
export function isNestingCut(value: unknown): value is { [NESTING_CUT_KEY]: string } {
  if (!isContainer(value) || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === NESTING_CUT_KEY && typeof value[NESTING_CUT_KEY] === 'string';
}

/** The levels of containers in a value: 0 for a scalar, 1 for `{}` or `[1, 2]`, 2 for `{"a": []}`. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop()!;
    if (!isContainer(node)) continue;
    if (depth > deepest) deepest = depth;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (let i = 0; i < children.length; i++) {
      if (isContainer(children[i])) {
        stack.push(children[i]);
        depths.push(depth + 1);
      }
    }
  }
  return deepest;
}

/** Whether containers are nested more than `limit` levels deep; stops at the first that is. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop()!;
    if (!isContainer(node)) continue;
    if (depth > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (let i = 0; i < children.length; i++) {
      if (isContainer(children[i])) {
        stack.push(children[i]);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/**
 * The value itself when no container in it is more than `limit` levels deep; else a copy no deeper than `limit`, in
 * which each container at level `limit` that holds containers is replaced by `{"⋯ nested deeper": "N more levels"}`.
 * Copies keep every key as an own property ("__proto__" stays data).
 */
export function cutNesting<T>(value: T, limit: number = WINDOW_DEPTH): T {
  if (!nestedDeeperThan(value, limit)) return value;
  const copyOf = (node: Container): Container => (Array.isArray(node) ? new Array<unknown>(node.length) : {});
  const root = copyOf(value as Container);
  const stack: [source: Container, copy: Container, depth: number][] = [[value as Container, root, 1]];
  while (stack.length > 0) {
    const [source, copy, depth] = stack.pop()!;
    const keys = Array.isArray(source) ? null : Object.keys(source);
    const count = keys === null ? (source as unknown[]).length : keys.length;
    for (let i = 0; i < count; i++) {
      const key = keys === null ? i : keys[i]!;
      const child = (source as Record<string | number, unknown>)[key];
      let placed: unknown = child;
      if (isContainer(child)) {
        // The stand-in is itself an object: it takes the place of the branch at the last level allowed.
        if (depth + 1 >= limit && nestedDeeperThan(child, 1)) {
          placed = { [NESTING_CUT_KEY]: `${nestingDepth(child).toLocaleString('en-US')} more levels` };
        } else {
          placed = copyOf(child);
          stack.push([child, placed as Container, depth + 1]);
        }
      }
      Object.defineProperty(copy, key, { value: placed, enumerable: true, writable: true, configurable: true });
    }
  }
  return root as T;
}

/** Values JSON leaves out of an object (and writes as null in an array). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function unwrap(value: unknown, key: string): unknown {
  const json = isContainer(value) ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof json === 'function' ? (json as (key: string) => unknown).call(value, key) : value;
}

/**
 * JSON written with a stack of its own. `canonical` sorts keys by UTF-16 code units (RFC 8785) and writes
 * non-finite numbers as `Infinity`/`-Infinity`/`NaN`, which no JSON value reads alike, rather than null.
 */
function writeJson(root: unknown, canonical: boolean): string | undefined {
  const parts: string[] = [];
  const stack: { node: Container; keys: string[] | null; next: number; wrote: boolean }[] = [];
  const scalar = (value: unknown): string => {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return Number.isFinite(value) || !canonical ? JSON.stringify(value) : String(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    return 'null';
  };
  const begin = (value: unknown): void => {
    if (isContainer(value)) {
      const keys = Array.isArray(value) ? null : Object.keys(value);
      if (keys !== null && canonical) keys.sort();
      parts.push(keys === null ? '[' : '{');
      stack.push({ node: value, keys, next: 0, wrote: false });
    } else {
      parts.push(scalar(value));
    }
  };
  const first = unwrap(root, '');
  if (isOmitted(first)) return undefined;
  begin(first);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.keys === null) {
      const items = frame.node as unknown[];
      if (frame.next >= items.length) {
        parts.push(']');
        stack.pop();
        continue;
      }
      if (frame.next > 0) parts.push(',');
      const item = unwrap(items[frame.next], String(frame.next));
      frame.next += 1;
      if (isOmitted(item)) parts.push('null');
      else begin(item);
    } else {
      if (frame.next >= frame.keys.length) {
        parts.push('}');
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.next]!;
      frame.next += 1;
      const item = unwrap((frame.node as Record<string, unknown>)[key], key);
      if (isOmitted(item)) continue;
      parts.push(frame.wrote ? ',' : '', JSON.stringify(key), ':');
      frame.wrote = true;
      begin(item);
    }
  }
  return parts.join('');
}

/**
 * JSON.stringify(value) for a value of any depth: the built-in first (fast), the iterative writer where the value is
 * nested too deeply for the stack. Same text either way.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return writeJson(value, false) ?? 'null';
  }
}

/**
 * A copy of a JSON value of any depth: structuredClone first (fast), JSON read back from the iterative writer where
 * the value is nested too deeply for the built-in's recursion.
 */
export function cloneJson<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.parse(jsonText(value)) as T;
  }
}

/**
 * RFC 8785 canonical JSON of any depth, and of any string: lone surrogates are written escaped (as JSON.stringify
 * writes them) where RFC 8785 refuses them, non-finite numbers by name. For the digests of untrusted payloads, which
 * must always be taken.
 */
export function canonicalJsonText(value: unknown): string {
  return writeJson(value, true) ?? '';
}
