import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json, JournalEvent } from '../../shared/model.js';
import { builtinReducer, jsonPatchReducer, mergePatchReducer, snapshotReducer } from '../../shared/reducers.js';
import type { Reducer } from '../../shared/reducers.js';
import { ReducerFailure, ReplayCursor, valueAt } from '../../shared/replay-cursor.js';

function events(...data: Json[]): JournalEvent[] {
  return data.map((d, i) => ({ position: i + 1, stream: 's', version: i + 1, type: 't', time: null, data: d, metadata: null }));
}

function fold(list: readonly JournalEvent[], count: number, reducer: Reducer = mergePatchReducer): Json {
  let state = reducer.init();
  for (const event of list.slice(0, count)) state = reducer.apply(state, event).state;
  return state;
}

const patchData = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'n'), fc.oneof(fc.integer(), fc.constant(null), fc.dictionary(fc.constantFrom('x', 'y'), fc.oneof(fc.integer(), fc.constant(null)))));

describe('ReplayCursor', () => {
  it('gives the same state at any point as a full replay, in any order of jumps (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(patchData, { maxLength: 60 }), fc.array(fc.nat(70), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 9 }), async (data, jumps, every) => {
        const list = events(...(data as Json[]));
        const cursor = new ReplayCursor(list, mergePatchReducer, every);
        for (const jump of jumps) {
          const count = Math.min(jump, list.length);
          expect((await cursor.stateAfter(jump)).state).toEqual(fold(list, count));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('steps report what the event changed and the note of a non-object payload', async () => {
    const cursor = new ReplayCursor(events({ a: 1 }, 'text', { a: 2, b: true }), mergePatchReducer, 2);
    expect(await cursor.step(0)).toEqual({ count: 0, event: null, state: {}, changes: [] });
    expect((await cursor.step(2)).note).toMatch(/not an object/);
    const third = await cursor.step(3);
    expect(third.changes).toEqual([
      { path: '/a', kind: 'changed', before: 1, after: 2 },
      { path: '/b', kind: 'added', after: true },
    ]);
    expect(await cursor.compare(0, 3)).toEqual([
      { path: '/a', kind: 'added', after: 2 },
      { path: '/b', kind: 'added', after: true },
    ]);
  });

  it('lists every version that changed a field, with the value after it', async () => {
    const cursor = new ReplayCursor(events({ a: 1 }, { b: 1 }, { a: 2 }, { a: null }, { a: 3 }), mergePatchReducer, 2);
    const { entries, failed } = await cursor.fieldHistory('/a');
    expect(failed).toBeNull();
    expect(entries.map(({ count, version, value }) => ({ count, version, value }))).toEqual([
      { count: 1, version: 1, value: 1 },
      { count: 3, version: 3, value: 2 },
      { count: 4, version: 4, value: undefined },
      { count: 5, version: 5, value: 3 },
    ]);
    expect('value' in entries[2]!).toBe(false);
  });

  it('is usable up to a failing step and reports the failure there', async () => {
    const failing: Reducer = {
      init: () => ({ n: 0 }),
      apply(state, event) {
        if (event.version === 3) throw new ReducerFailure('boom', 2, 'reducer.js:4');
        return { state: { n: (state as { n: number }).n + 1 } };
      },
    };
    const cursor = new ReplayCursor(events({}, {}, {}, {}), failing, 2);
    expect((await cursor.stateAfter(2)).state).toEqual({ n: 2 });
    await expect(cursor.stateAfter(4)).rejects.toMatchObject({ message: 'boom', index: 2, where: 'reducer.js:4' });
    expect(cursor.failed?.index).toBe(2);
    expect((await cursor.stateAfter(1)).state).toEqual({ n: 1 });
    const history = await cursor.fieldHistory('/n');
    expect(history.entries.map((e) => e.count)).toEqual([1, 2]);
    expect(history.failed?.index).toBe(2);
  });
});

describe('built-in reducers', () => {
  it('applies RFC 6902 operations, leaving the state unchanged with a note when one fails', () => {
    const state = { items: [{ id: 1 }], total: 1 };
    const ok = jsonPatchReducer.apply(state, events([{ op: 'add', path: '/items/-', value: { id: 2 } }, { op: 'replace', path: '/total', value: 2 }])[0]!);
    expect(ok.state).toEqual({ items: [{ id: 1 }, { id: 2 }], total: 2 });
    expect(state).toEqual({ items: [{ id: 1 }], total: 1 });
    const bad = jsonPatchReducer.apply(state, events({ patch: [{ op: 'remove', path: '/missing' }] })[0]!);
    expect(bad.state).toBe(state);
    expect(bad.note).toMatch(/^JSON Patch operation 1 could not be applied/);
    const proto = jsonPatchReducer.apply({}, events([{ op: 'add', path: '/__proto__/polluted', value: true }])[0]!);
    expect(proto.note).toMatch(/could not be applied/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(jsonPatchReducer.apply(state, events('x')[0]!).note).toMatch(/no JSON Patch operations/);
  });

  it('takes a snapshot event as the whole state', () => {
    expect(snapshotReducer.apply({ old: true }, events({ fresh: 1 })[0]!).state).toEqual({ fresh: 1 });
  });

  it('picks a reducer per event type', () => {
    const reducer = builtinReducer({ kind: 'merge-patch', byType: { snapshot_taken: 'snapshot' } });
    const list: JournalEvent[] = [
      { ...events({ a: 1 })[0]!, type: 'changed' },
      { ...events({ whole: true })[0]!, type: 'snapshot_taken' },
      { ...events({ b: 2 })[0]!, type: 'changed' },
    ];
    expect(fold(list, 3, reducer)).toEqual({ whole: true, b: 2 });
  });
});

describe('valueAt', () => {
  it('follows RFC 6901 pointers, with escapes and array indexes', () => {
    const doc = { 'a/b': { 'm~n': [10, 20] } };
    expect(valueAt(doc, '/a~1b/m~0n/1')).toEqual({ present: true, value: 20 });
    expect(valueAt(doc, '/a~1b/m~0n/2')).toEqual({ present: false });
    expect(valueAt(doc, '/a~1b/m~0n/01')).toEqual({ present: false });
    expect(valueAt(doc, '')).toEqual({ present: true, value: doc });
    expect(valueAt({}, '/__proto__')).toEqual({ present: false });
  });
});

describe('ReplayCursor notes', () => {
  it('keeps the note of a step that lands on a checkpoint', async () => {
    const cursor = new ReplayCursor(events({ a: 1 }, 'text', { b: 1 }, 'more text'), mergePatchReducer, 2);
    await cursor.stateAfter(4);
    expect((await cursor.step(2)).note).toMatch(/not an object/);
    expect((await cursor.step(4)).note).toMatch(/not an object/);
    expect((await cursor.step(3)).note).toBeUndefined();
  });
});
