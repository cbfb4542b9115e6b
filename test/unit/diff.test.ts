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
