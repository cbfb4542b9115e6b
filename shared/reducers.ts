// The built-in reducers: how an event's data changes the aggregate's state, for stores that record changes as
// merge patches (the default), as RFC 6902 JSON Patch operations, or as whole snapshots.
import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { isJsonObject, mergePatch } from './merge-patch.js';
import type { Json, JournalEvent } from './model.js';

export interface Reduction {
  state: Json;
  /** Why the event left the state as it was, when it did. */
  note?: string;
}

export interface Reducer {
  init(): Json;
  apply(state: Json, event: JournalEvent): Reduction;
}

export const REDUCER_KINDS = ['merge-patch', 'json-patch', 'snapshot'] as const;
export type ReducerKind = (typeof REDUCER_KINDS)[number];

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** RFC 7386: objects merge, null deletes, other values replace. */
export const mergePatchReducer: Reducer = {
  init: () => ({}),
  apply(state, event) {
    if (!isJsonObject(event.data)) return { state, note: `Data is ${describe(event.data)}, not an object: the state is unchanged.` };
    return { state: mergePatch(state, event.data) };
  },
};

/** The operations an event carries: its data itself, or under "patch" or "operations". */
function operationsOf(data: Json): Json[] | null {
  if (Array.isArray(data)) return data;
  if (isJsonObject(data)) {
    for (const key of ['patch', 'operations']) {
      const value = data[key];
      if (Array.isArray(value)) return value;
    }
  }
  return null;
}

/** RFC 6902: the event's operations applied in order; a failing operation leaves the state as it was. */
export const jsonPatchReducer: Reducer = {
  init: () => ({}),
  apply(state, event) {
    const operations = operationsOf(event.data);
    if (operations === null) return { state, note: 'Data holds no JSON Patch operations: the state is unchanged.' };
    try {
      // Validated, and applied to a copy: earlier states stay as they were; "__proto__" paths are refused.
      return { state: jsonPatch.applyPatch(state, operations as unknown as Operation[], true, false).newDocument as Json };
    } catch (error) {
      const failed = (error as { index?: number }).index;
      const which = failed === undefined ? '' : ` operation ${failed + 1}`;
      return { state, note: `JSON Patch${which} could not be applied (${(error as Error).message.split('\n')[0]}): the state is unchanged.` };
    }
  },
};

/** Each event holds the whole state. */
export const snapshotReducer: Reducer = {
  init: () => ({}),
  apply: (_state, event) => ({ state: event.data }),
};

const BY_KIND: Record<ReducerKind, Reducer> = {
  'merge-patch': mergePatchReducer,
  'json-patch': jsonPatchReducer,
  snapshot: snapshotReducer,
};

/** Which built-in reducer applies: one for the stream, optionally another for some event types. */
export interface ReducerChoice {
  kind: ReducerKind;
  byType?: Record<string, ReducerKind>;
}

export function builtinReducer(choice: ReducerChoice = { kind: 'merge-patch' }): Reducer {
  const fallback = BY_KIND[choice.kind];
  const byType = choice.byType;
  if (!byType || Object.keys(byType).length === 0) return fallback;
  return {
    init: fallback.init,
    apply: (state, event) => (Object.hasOwn(byType, event.type) ? BY_KIND[byType[event.type]!] : fallback).apply(state, event),
  };
}
