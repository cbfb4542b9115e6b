import { describe, expect, it } from 'vitest';
import { bucketRates, chooseBucket, MAX_AUTO_BUCKETS, rateRows } from '../../shared/rates.js';

const at = (time: string | null, type = 't') => ({ time, type });

describe('event rates', () => {
  it('counts per bucket and type, with empty buckets in between', () => {
    const series = bucketRates(
      [at('2026-01-01T10:05:00Z', 'a'), at('2026-01-01T10:59:59Z', 'b'), at('2026-01-01T12:00:00Z', 'a'), at(null, 'a')],
      '1h',
    );
    expect(series).toEqual({
      bucket: '1h',
      start: '2026-01-01T10:00:00.000Z',
      totals: [2, 0, 1],
      types: [
        { type: 'a', count: 2, counts: [1, 0, 1] },
        { type: 'b', count: 1, counts: [1, 0, 0] },
      ],
    });
    expect(rateRows(series)).toEqual([
      { start: '2026-01-01T10:00:00.000Z', count: 2, byType: { a: 1, b: 1 } },
      { start: '2026-01-01T11:00:00.000Z', count: 0, byType: {} },
      { start: '2026-01-01T12:00:00.000Z', count: 1, byType: { a: 1 } },
    ]);
  });

  it('picks the finest bucket that keeps the chart readable', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect(chooseBucket(start, start + 10 * 60_000)).toBe('1s');
    expect(chooseBucket(start, start + 6 * 3_600_000)).toBe('1m');
    expect(chooseBucket(start, start + 40 * 86_400_000)).toBe('1h');
    expect(chooseBucket(start, start + 400 * 86_400_000)).toBe('1d');
    const series = bucketRates([at('2026-01-01T00:00:00Z'), at('2026-02-10T00:00:00Z')], 'auto');
    expect(series.bucket).toBe('1h');
    expect(series.totals.length).toBeLessThanOrEqual(MAX_AUTO_BUCKETS);
    expect(series.totals.reduce((n, c) => n + c, 0)).toBe(2);
  });

  it('refuses a span too long even for days, saying which times and what to do', () => {
    const sentinels = [at('0001-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), at('9999-12-31T00:00:00Z')];
    expect(() => bucketRates(sentinels, 'auto')).toThrow(/buckets of 1d is too many: the times run from 0001-01-01T00:00:00\.000Z to 9999-12-31T00:00:00\.000Z.*choose a time range/);
    expect(bucketRates(sentinels, 'auto', { from: Date.parse('2025-01-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') }).totals.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('is empty when no event has a time', () => {
    expect(bucketRates([at(null)], 'auto')).toEqual({ bucket: '1h', start: null, totals: [], types: [] });
  });

  it('counts only the events inside a window, with from inclusive and to exclusive', () => {
    const events = [at('2026-01-01T10:00:00Z'), at('2026-01-01T11:00:00Z'), at('2026-01-01T12:00:00Z')];
    const window = { from: Date.parse('2026-01-01T11:00:00Z'), to: Date.parse('2026-01-01T12:00:00Z') };
    expect(bucketRates(events, '1h', window).totals).toEqual([1]);
  });

  it('counts a type named "__proto__" like any other', () => {
    const series = bucketRates([at('2026-01-01T00:00:00Z', '__proto__'), at('2026-01-01T00:00:01Z', '__proto__')], '1m');
    expect(series.types).toEqual([{ type: '__proto__', count: 2, counts: [2] }]);
    const row = rateRows(series)[0]!.byType;
    expect(Object.getPrototypeOf(row)).toBeNull();
    expect(JSON.parse(JSON.stringify(row))).toEqual(JSON.parse('{"__proto__":2}'));
  });
});

describe('bucket starts', () => {
  it('are the ISO times of each bucket, across days, years and before 1970', () => {
    for (const [first, last, bucket] of [
      ['2026-12-31T23:58:30Z', '2027-01-01T00:02:00Z', '1m'],
      ['1969-12-31T23:59:58Z', '1970-01-01T00:00:02Z', '1s'],
      ['2024-02-28T22:00:00Z', '2024-03-01T02:00:00Z', '1h'],
    ] as const) {
      const series = bucketRates([at(first), at(last)], bucket);
      const rows = rateRows(series);
      for (const b of rows) expect(b.start).toBe(new Date(Date.parse(b.start)).toISOString());
      const width = { '1s': 1000, '1m': 60_000, '1h': 3_600_000 }[bucket];
      rows.forEach((b, i) => expect(Date.parse(b.start)).toBe(Date.parse(series.start!) + i * width));
      expect(rows.reduce((n, b) => n + b.count, 0)).toBe(2);
    }
  });
});
