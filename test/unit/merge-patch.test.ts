import { describe, expect, it } from 'vitest';
import { mergePatch } from '../../shared/merge-patch.js';
import type { Json } from '../../shared/model.js';

describe('mergePatch (RFC 7386)', () => {
  // The test cases of RFC 7386 Appendix A.
  const cases: [Json, Json, Json][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j patched with %j gives %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('leaves both inputs untouched and shares unchanged branches', () => {
    const target = { keep: { deep: [1, 2] }, change: { x: 1 } };
    const patch = { change: { x: 2 } };
    const result = mergePatch(target, patch) as typeof target;
    expect(target).toEqual({ keep: { deep: [1, 2] }, change: { x: 1 } });
    expect(patch).toEqual({ change: { x: 2 } });
    expect(result.keep).toBe(target.keep);
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Json;
    const result = mergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":true},"ok":1}');
  });
});
