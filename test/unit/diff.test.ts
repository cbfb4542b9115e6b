import { describe, expect, it } from 'vitest';
import { diffStates } from '../../shared/diff.js';
import { toPointer } from '../../shared/json-pointer.js';

describe('diffStates', () => {
  it('lists added, removed and changed leaves as JSON Pointers with before and after', () => {
    const changes = diffStates({ a: 1, b: { c: 'x' }, gone: true }, { a: 2, b: { c: 'x', d: null }, fresh: [1] });
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: '/a', kind: 'changed', before: 1, after: 2 },
        { path: '/b/d', kind: 'added', after: null },
        { path: '/gone', kind: 'removed', before: true },
        { path: '/fresh', kind: 'added', after: [1] },
      ]),
    );
    expect(changes).toHaveLength(4);
  });

  it('is empty for equal states', () => {
    expect(diffStates({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('escapes "~" and "/" in keys (RFC 6901)', () => {
    expect(diffStates({}, { 'a/b': 1, 'm~n': 2 }).map((c) => c.path).sort()).toEqual(['/a~1b', '/m~0n']);
    expect(toPointer(['x', 0, 'a/b~'])).toBe('/x/0/a~1b~0');
  });

  it('reports an inserted array item once, matching items by id', () => {
    const before = { items: [{ id: 'a', qty: 1 }, { id: 'b', qty: 1 }] };
    const after = { items: [{ id: 'z', qty: 9 }, { id: 'a', qty: 1 }, { id: 'b', qty: 2 }] };
    expect(diffStates(before, after)).toEqual([
      { path: '/items/0', kind: 'added', after: { id: 'z', qty: 9 } },
      { path: '/items/2/qty', kind: 'changed', before: 1, after: 2 },
    ]);
  });

  // Found by record-fidelity: a Temporal payload list [null] changed to [{…}] stopped `eventlens diff` with a TypeError.
  it('compares arrays holding null beside objects', () => {
    const changes = diffStates({ payloads: [null, { id: 'a' }] }, { payloads: [{ metadata: { encoding: 'x' } }, { id: 'a' }] });
    expect(changes.length).toBeGreaterThan(0);
    expect(diffStates({ payloads: [null] }, { payloads: [null] })).toEqual([]);
  });

  it('reports a removed array item at its old index', () => {
    expect(diffStates({ tags: ['x', 'y', 'z'] }, { tags: ['x', 'z'] })).toEqual([{ path: '/tags/1', kind: 'removed', before: 'y' }]);
  });

  it('reports long strings as a plain change, not a text patch', () => {
    const long = 'x'.repeat(200);
    expect(diffStates({ s: long }, { s: long + 'y' })).toEqual([{ path: '/s', kind: 'changed', before: long, after: long + 'y' }]);
  });

  it('handles a change of the whole document type', () => {
    expect(diffStates({ a: 1 }, [1])).toEqual([{ path: '', kind: 'changed', before: { a: 1 }, after: [1] }]);
  });
});

describe('diffStates with keys that name the prototype', () => {
  it('lists "__proto__", "constructor" and "prototype" keys as data, and pollutes nothing', () => {
    const after = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"bad": 1}}, "a": 1}');
    const changes = diffStates({}, after);
    expect(changes).toEqual([
      { path: '/__proto__', kind: 'added', after: JSON.parse('{"polluted": 1}') },
      { path: '/constructor', kind: 'added', after: { prototype: { bad: 1 } } },
      { path: '/a', kind: 'added', after: 1 },
    ]);
    expect(Object.hasOwn(changes[0]!.after as object, 'polluted')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).bad).toBeUndefined();
    const changed = diffStates(JSON.parse('{"__proto__": {"n": 1}}'), JSON.parse('{"__proto__": {"n": 2}}'));
    expect(changed).toEqual([{ path: '/__proto__/n', kind: 'changed', before: 1, after: 2 }]);
  });
});

describe('diffStates with keys named like the methods every object inherits', () => {
  // Found by readers-fuzz-formats: an eventsourcing-python state {"toString": 1} made the audit's snapshot check throw
  // "functions are not supported"; the library read the side lacking the key through the prototype. An addition of
  // such a key was missed outright.
  it('lists "toString", "valueOf", "hasOwnProperty" and the like as data, added, removed or changed', () => {
    const json = (text: string) => JSON.parse(text) as never;
    expect(diffStates({}, json('{"toString": 1}'))).toEqual([{ path: '/toString', kind: 'added', after: 1 }]);
    expect(diffStates({ a: 1 }, json('{"a": 1, "valueOf": 2}'))).toEqual([{ path: '/valueOf', kind: 'added', after: 2 }]);
    expect(diffStates(json('{"hasOwnProperty": 1}'), {})).toEqual([{ path: '/hasOwnProperty', kind: 'removed', before: 1 }]);
    expect(diffStates(json('{"x": {"isPrototypeOf": "y"}}'), { x: {} })).toEqual([{ path: '/x/isPrototypeOf', kind: 'removed', before: 'y' }]);
    expect(diffStates(json('{"toLocaleString": {"n": 1}}'), json('{"toLocaleString": {"n": 2}}'))).toEqual([{ path: '/toLocaleString/n', kind: 'changed', before: 1, after: 2 }]);
  });
});

describe('diffStates of two equal but separate states nested some dozens of levels deep', () => {
  // Found by readers-fuzz-formats: an Atom export whose first event's data was nested 50 objects deep hung replayAt
  // for good. Looking for hostile keys visited each key the two states share from both sides, twice per level: 2^depth.
  it('answers at once: time grows with the size of the states, not with 2 to the power of their depth', () => {
    const nested = (depth: number, leaf: number) => {
      let value: Record<string, unknown> = { leaf, other: 'x' };
      for (let i = 0; i < depth; i++) value = { a: value, b: i };
      return value as never;
    };
    const started = performance.now();
    const changes = diffStates(nested(60, 1), nested(60, 2));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(changes).toEqual([{ path: `${'/a'.repeat(60)}/leaf`, kind: 'changed', before: 1, after: 2 }]);
    // The same walk finds a hostile key at the bottom of such states, so it is still carried as data.
    const hostile = (leaf: number) => JSON.parse(`${'{"a":'.repeat(60)}{"__proto__": {"n": ${leaf}}}${'}'.repeat(60)}`) as never;
    expect(diffStates(hostile(1), hostile(2))).toEqual([{ path: `${'/a'.repeat(60)}/__proto__/n`, kind: 'changed', before: 1, after: 2 }]);
  });
});
