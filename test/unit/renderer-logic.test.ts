// The renderer's plain logic: colours, stream categories, chart series, formatting.
import { describe, expect, it } from 'vitest';
import type { RateSeries, StreamSummary } from '../../shared/model.js';
import { COLORED_TYPES, TypeColors } from '../../renderer/lib/colors.js';
import { compactJson, formatCount, formatSpan, formatTime, formatTimeCompact } from '../../renderer/lib/format.js';
import { rateDatasets } from '../../renderer/lib/rates.js';
import { groupStreams, streamCategory } from '../../renderer/lib/streams.js';

const stream = (id: string, events: number, lastTime: string | null): StreamSummary => ({
  stream: id,
  events,
  firstVersion: 1,
  lastVersion: events,
  firstTime: lastTime,
  lastTime,
});

describe('type colours', () => {
  const types = ['money_deposited', 'item_added', 'user_updated', 'money_withdrawn', 'cart_created', 'user_created', 'checked_out', 'item_removed', 'account_opened'];

  it('gives every type of a journal its own colour, the same whatever the order', () => {
    const colors = new TypeColors(types);
    expect(new Set(types.map((t) => colors.of(t))).size).toBe(types.length);
    const shuffled = new TypeColors([...types].reverse());
    for (const type of types) expect(shuffled.of(type)).toBe(colors.of(type));
  });

  it('colours a type named "other" like any other, and still colours unknown types', () => {
    const colors = new TypeColors([...types, 'other']);
    expect(colors.of('other')).not.toBe(colors.other);
    expect(colors.grouped('other')).toBe(false);
    expect(colors.of('never_seen')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives the most frequent types their own colours and the rest one grey, the same in every view', () => {
    const many = Array.from({ length: COLORED_TYPES + 5 }, (_, i) => ({ type: `type_${String(i).padStart(2, '0')}`, count: 1000 - i }));
    const colors = new TypeColors(many);
    const own = many.slice(0, COLORED_TYPES).map((t) => colors.of(t.type));
    expect(new Set(own).size).toBe(COLORED_TYPES);
    expect(own).not.toContain(colors.other);
    for (const { type } of many.slice(COLORED_TYPES)) {
      expect(colors.grouped(type)).toBe(true);
      expect(colors.of(type)).toBe(colors.other);
    }
    expect(colors.grouped('type_00')).toBe(false);
  });
});

describe('streams', () => {
  const list = [stream('user-2', 3, '2026-01-03T00:00:00.000Z'), stream('account-1', 9, '2026-01-01T00:00:00.000Z'), stream('user-1', 5, null), stream('account-2', 1, '2026-01-05T00:00:00.000Z')];

  it('groups by category only when that helps', () => {
    expect(streamCategory('user-0001')).toBe('user');
    expect(streamCategory('plain')).toBe('plain');
    expect(groupStreams(list)?.map((g) => [g.category, g.streams.length])).toEqual([
      ['account', 2],
      ['user', 2],
    ]);
    expect(groupStreams([stream('a-1', 1, null), stream('a-2', 1, null)])).toBeNull();
    expect(groupStreams([stream('a-1', 1, null), stream('b-1', 1, null), stream('c-1', 1, null)])).toBeNull();
  });
});

describe('rates', () => {
  // Ten types over four hours: type_0…type_8 one event an hour each, type_9 none; listed most events first.
  const series: RateSeries = {
    bucket: '1h',
    start: '2026-01-01T00:00:00.000Z',
    totals: [9, 9, 9, 9],
    types: Array.from({ length: 9 }, (_, t) => ({ type: `type_${t}`, count: 4, counts: [1, 1, 1, 1] })),
  };

  it('stacks every type with a colour of its own, and sums the grey ones as one', () => {
    expect(rateDatasets(series).map((d) => d.type)).toEqual(series.types.map((t) => t.type));
    const datasets = rateDatasets(series, (type) => Number(type.slice(5)) >= 3);
    expect(datasets.map((d) => d.type)).toEqual(['type_0', 'type_1', 'type_2', null]);
    expect(datasets[3]!.counts).toEqual([6, 6, 6, 6]);
  });
});

describe('format', () => {
  it('writes numbers with separators and times in UTC with Z', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatTime('2026-01-01T10:00:00+02:00')).toBe('2026-01-01T08:00:00.000Z');
    expect(formatTime(null)).toBe('—');
    expect(formatTimeCompact('2026-01-01T08:00:00.000Z')).toBe('2026-01-01T08:00Z');
    expect(formatSpan('2026-01-01T00:00:00.000Z', '2026-01-11T00:00:00.000Z')).toBe('2026-01-01T00:00:00Z → 2026-01-11T00:00:00Z (10 days)');
    expect(compactJson({ a: 'x'.repeat(500) }, 20)).toHaveLength(20);
  });
});
