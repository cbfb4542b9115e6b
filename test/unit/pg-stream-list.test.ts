import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveStreamList } from '../../electron/postgres/pg-stream-list.js';
import { sortStreams } from '../../electron/store/stream-list.js';
import type { StreamSummary } from '../../shared/model.js';

const summary = (stream: string, events = 1, lastTime: string | null = null): StreamSummary => ({ stream, events, firstVersion: 0, lastVersion: events - 1, firstTime: lastTime, lastTime });
const names = (list: readonly StreamSummary[]) => list.map((s) => s.stream);
/** Names as stores write them: a few prefixes, digit runs, and the odd character that sorts out of code-unit order. */
const streamName = fc.oneof(
  fc.tuple(fc.constantFrom('account-', 'cart-', 'x-0', 'ä', 'x😀', ''), fc.nat(3000)).map(([prefix, n]) => `${prefix}${n}`),
  fc.string({ maxLength: 6, unit: 'grapheme' }),
);
const shuffled = <T>(list: T[], seed: number) => list.map((item, i) => ({ item, key: (i * 7919 + seed) % 104729 })).sort((a, b) => a.key - b.key).map(({ item }) => item);

describe('a live store\'s stream list', () => {
  it('keeps natural name order through re-reads that add, drop and change streams, as a fresh sort would give', () => {
    fc.assert(
      fc.property(fc.uniqueArray(streamName, { maxLength: 60 }), fc.uniqueArray(streamName, { maxLength: 1500 }), fc.nat(), (first, second, seed) => {
        const list = new LiveStreamList();
        list.replace(shuffled(first.map((name) => summary(name)), seed));
        expect(names(list.streams)).toEqual(names(sortStreams(first.map((name) => summary(name)), 'name')));
        // The second read: other counts for every stream (so replaced summaries are the new ones), in another order.
        const read = shuffled(second.map((name) => summary(name, 5)), seed + 1);
        list.replace(read);
        expect(names(list.streams)).toEqual(names(sortStreams(second.map((name) => summary(name)), 'name')));
        expect(list.streams.every((s) => s.events === 5)).toBe(true);
        expect(list.size).toBe(second.length);
        for (const name of second) expect(list.get(name)?.stream).toBe(name);
        for (const name of first) if (!second.includes(name)) expect(list.has(name)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('adds new events to known streams and places new streams, by name or many at once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(streamName, { maxLength: 200 }), fc.uniqueArray(streamName, { maxLength: 1200 }), (known, arriving) => {
        const list = new LiveStreamList();
        list.replace(known.map((name) => summary(name, 2, '2026-01-01T00:00:00.000Z')));
        list.absorb(arriving.map((name) => summary(name, 3, '2026-02-01T00:00:00.000Z')));
        const all = [...new Set([...known, ...arriving])];
        expect(names(list.streams)).toEqual(names(sortStreams(all.map((name) => summary(name)), 'name')));
        for (const name of all) {
          const expected = (known.includes(name) ? 2 : 0) + (arriving.includes(name) ? 3 : 0);
          expect(list.get(name)?.events).toBe(expected);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('gives other orders from a copy made once per change, leaving the name order as it is', () => {
    const list = new LiveStreamList();
    list.replace([summary('b', 1, '2026-01-03T00:00:00.000Z'), summary('a', 3, '2026-01-01T00:00:00.000Z'), summary('c', 2, '2026-01-02T00:00:00.000Z')]);
    const byCount = list.sorted('count');
    expect(names(byCount)).toEqual(['a', 'c', 'b']);
    expect(list.sorted('count')).toBe(byCount);
    expect(names(list.sorted('last'))).toEqual(['b', 'c', 'a']);
    expect(names(list.streams)).toEqual(['a', 'b', 'c']);
    list.absorb([summary('b', 5, '2026-01-04T00:00:00.000Z')]);
    expect(names(list.sorted('count'))).toEqual(['b', 'a', 'c']);
    expect(list.get('b')?.lastTime).toBe('2026-01-04T00:00:00.000Z');
  });
});
