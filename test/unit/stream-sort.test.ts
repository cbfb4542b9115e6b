import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStreamNames, sortStreams } from '../../electron/store/stream-list.js';
import type { StreamSummary } from '../../shared/model.js';

const summary = (stream: string, events = 1): StreamSummary => ({ stream, events, firstVersion: 1, lastVersion: events, firstTime: null, lastTime: null });
const byName = (names: string[]) => sortStreams(names.map((name) => summary(name)), 'name').map((s) => s.stream);
const sign = (n: number) => Math.sign(n);

describe('the stream list sorted by name', () => {
  it('puts numbers in numeric order', () => {
    expect(byName(['account-100', 'account-10', 'account-2', 'account-1'])).toEqual(['account-1', 'account-2', 'account-10', 'account-100']);
    expect(byName(['v1.10', 'v1.9', 'v1.2'])).toEqual(['v1.2', 'v1.9', 'v1.10']);
    expect(byName(['a10b2', 'a10b10', 'a9b99'])).toEqual(['a9b99', 'a10b2', 'a10b10']);
  });

  it('compares other characters by code point, not by locale', () => {
    expect(byName(['ä', 'a', 'A', 'b', 'B'])).toEqual(['A', 'B', 'a', 'b', 'ä']);
    // U+1F600 (a surrogate pair) comes after U+FF5E in code points, though its first UTF-16 unit is smaller.
    expect(byName(['x😀', 'x～', 'x'])).toEqual(['x', 'x～', 'x😀']);
  });

  it('orders equal numbers with leading zeros by the raw id, so no two ids tie', () => {
    expect(byName(['x-7', 'x-007', 'x-07', 'x-8', 'x-6'])).toEqual(['x-6', 'x-007', 'x-07', 'x-7', 'x-8']);
    expect(compareStreamNames('x-007', 'x-7')).toBeLessThan(0);
    expect(compareStreamNames('x-7', 'x-007')).toBeGreaterThan(0);
  });

  it('puts the empty id and prefixes first', () => {
    expect(byName(['a', '', 'a1', 'a-', '1'])).toEqual(['', '1', 'a', 'a-', 'a1']);
    expect(compareStreamNames('', '')).toBe(0);
  });

  it('compares digit runs longer than 2^53 exactly', () => {
    const big = '9007199254740993'; // 2^53 + 1: as a double it would equal 2^53
    const huge = '1' + '0'.repeat(400);
    expect(byName([`n-${huge}`, `n-${big}`, 'n-9007199254740992', `n-${'9'.repeat(399)}`, 'n-2'])).toEqual([
      'n-2',
      'n-9007199254740992',
      `n-${big}`,
      `n-${'9'.repeat(399)}`,
      `n-${huge}`,
    ]);
    expect(compareStreamNames(`n-${huge}1`, `n-${huge}0`)).toBeGreaterThan(0);
  });

  it('is a total order: antisymmetric, transitive, zero only for equal ids', () => {
    const id = fc.stringMatching(/^[a0-9\-ä😀\ud800\uffff]{0,8}$/);
    fc.assert(
      fc.property(id, id, id, (a, b, c) => {
        expect(sign(compareStreamNames(a, b))).toBe(0 - sign(compareStreamNames(b, a)));
        expect(compareStreamNames(a, b) === 0).toBe(a === b);
        if (compareStreamNames(a, b) <= 0 && compareStreamNames(b, c) <= 0) expect(compareStreamNames(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 5000 },
    );
  });

  it('pages by offset with every stream once, ties in count broken by the natural name', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `account-${i}`);
    const sorted = byName([...names].reverse());
    expect(sorted).toEqual(names);
    const pages = [0, 250, 500, 750].flatMap((offset) => sorted.slice(offset, offset + 250));
    expect(new Set(pages).size).toBe(1000);
    const counts = sortStreams([summary('b-10', 2), summary('b-9', 2), summary('a', 5)], 'count').map((s) => s.stream);
    expect(counts).toEqual(['a', 'b-9', 'b-10']);
  });

  // Its speed is the bench's to prove (timed unit tests lie on a loaded machine); here, only the order at scale.
  it('sorts 200,000 streams in natural order', () => {
    const list = Array.from({ length: 200_000 }, (_, i) => summary(`account-${(i * 7919) % 200_000}`));
    sortStreams(list, 'name');
    expect(list.slice(0, 3).map((s) => s.stream)).toEqual(['account-0', 'account-1', 'account-2']);
  });
});
