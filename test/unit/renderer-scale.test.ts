// The renderer's logic for big journals: the page cache behind virtual rows, virtual windows past the browser's
// height limit, grouped stream rows, bars decimated to the pixels, time ticks, and filter chips ↔ queries.
import { describe, expect, it } from 'vitest';
import type { RateSeries, StreamSummary } from '../../shared/model.js';
import { eventsQuery, filterChips, narrowingWords, NO_FILTERS, ratesQuery, streamPageQuery, withoutChip } from '../../renderer/lib/filters.js';
import type { Filters } from '../../renderer/lib/filters.js';
import { PageCache } from '../../renderer/lib/page-cache.js';
import { barName, decimation, rateBars, snapRange, tickLabel, timeTicks } from '../../renderer/lib/rate-bars.js';
import { listCategories, locateOption, locateRow, optionCount, rowCount } from '../../renderer/lib/stream-rows.js';
import { MAX_SCROLL_PX, scrollToRow, topRow, virtualWindow } from '../../renderer/lib/virtual-window.js';

/** A fake service: rows are their index; each fetch is recorded and answered when `flush` is called. */
function fakeList(total: number) {
  const calls: number[] = [];
  const waiting: (() => void)[] = [];
  const fetch = (offset: number, limit: number) =>
    new Promise<{ total: number; rows: number[] }>((resolve) => {
      calls.push(offset);
      waiting.push(() => resolve({ total, rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i) }));
    });
  const flush = async () => {
    while (waiting.length > 0) {
      waiting.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { calls, fetch, flush };
}

describe('page cache for virtual rows', () => {
  it('fetches only the pages on screen, once each, and learns the total', async () => {
    const list = fakeList(1_000_000);
    let changes = 0;
    const cache = new PageCache(list.fetch, () => changes++, { pageSize: 100 });
    cache.want(0, 30);
    cache.want(0, 30);
    expect(list.calls).toEqual([0]);
    await list.flush();
    expect(cache.total).toBe(1_000_000);
    expect(cache.get(30)).toBe(30);
    expect(cache.get(100)).toBeUndefined();
    expect(changes).toBe(1);

    cache.want(499_950, 500_020);
    expect(list.calls).toEqual([0, 499_900, 500_000]);
    await list.flush();
    expect(cache.get(500_010)).toBe(500_010);
  });

  it('asks for the pages a fast scroll stops on, not every page it passed', async () => {
    const list = fakeList(1_000_000);
    const cache = new PageCache(list.fetch, () => {}, { pageSize: 100, maxInFlight: 1 });
    cache.want(0, 30);
    for (let row = 1000; row < 900_000; row += 1000) cache.want(row, row + 30);
    cache.want(999_970, 999_999);
    await list.flush();
    expect(list.calls).toEqual([0, 999_900]);
    expect(cache.get(999_999)).toBe(999_999);
  });

  it('keeps a bounded number of pages, never the ones on screen', async () => {
    const list = fakeList(1_000_000);
    const cache = new PageCache(list.fetch, () => {}, { pageSize: 10, maxPages: 3 });
    for (let page = 0; page < 10; page++) {
      cache.want(page * 10, page * 10 + 9);
      await list.flush();
    }
    expect(cache.size).toBe(3);
    expect(cache.get(95)).toBe(95);
    expect(cache.get(5)).toBeUndefined();
  });

  it('drops answers to an older query', async () => {
    const list = fakeList(500);
    const cache = new PageCache(list.fetch, () => {}, { pageSize: 100 });
    cache.want(0, 10);
    cache.reset((offset, limit) => Promise.resolve({ total: 7, rows: Array.from({ length: Math.min(limit, 7 - offset) }, (_, i) => -(offset + i)) }));
    cache.want(0, 10);
    await list.flush();
    expect(cache.total).toBe(7);
    expect(cache.get(3)).toBe(-3);
    expect(await cache.row(6)).toBe(-6);
    expect(await cache.row(7)).toBeUndefined();
  });

  it('fetches one row on demand (a key press past the rows on screen) without asking twice', async () => {
    const list = fakeList(1000);
    const cache = new PageCache(list.fetch, () => {}, { pageSize: 100 });
    const a = cache.row(250);
    const b = cache.row(260);
    await list.flush();
    expect([await a, await b]).toEqual([250, 260]);
    expect(list.calls).toEqual([200]);
  });

  it('keeps the error of a failed page and does not retry in a loop', async () => {
    let calls = 0;
    const cache = new PageCache<number>(() => {
      calls++;
      return Promise.reject(new Error('bad condition'));
    }, () => {});
    cache.want(0, 10);
    await new Promise((r) => setTimeout(r, 0));
    expect((cache.error as Error).message).toBe('bad condition');
    expect(calls).toBe(1);
  });
});

describe('virtual window', () => {
  it('draws the rows on screen plus a few, at their place', () => {
    const view = virtualWindow(2600, 520, 1000, 26, 4);
    expect(view.first).toBe(96);
    expect(view.last).toBe(123);
    expect(view.offset).toBe(96 * 26);
    expect(view.height).toBe(26_000);
  });

  it('scales a list taller than any browser allows, and still reaches the last row exactly', () => {
    const count = 1_000_000;
    const viewport = 520;
    const bottom = virtualWindow(MAX_SCROLL_PX - viewport, viewport, count, 26, 0);
    expect(bottom.height).toBe(MAX_SCROLL_PX);
    expect(bottom.last).toBe(count - 1);
    expect(bottom.offset + (bottom.last - bottom.first + 1) * 26).toBeCloseTo(MAX_SCROLL_PX, 0);
    // Halfway down the scrollbar is halfway down the rows.
    expect(topRow((MAX_SCROLL_PX - viewport) / 2, viewport, count, 26)).toBeCloseTo(count / 2 - 10, -1);
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToRow(10, 0, 520, 1000, 26)).toBe(0);
    expect(scrollToRow(30, 0, 520, 1000, 26)).toBe(31 * 26 - 520);
    expect(scrollToRow(5, 1000, 520, 1000, 26)).toBe(130);
    const far = scrollToRow(999_999, 0, 520, 1_000_000, 26);
    expect(topRow(far, 520, 1_000_000, 26)).toBe(1_000_000 - 20);
  });

  it('has nothing to draw without rows or room', () => {
    expect(virtualWindow(0, 500, 0, 26).last).toBe(-1);
    expect(virtualWindow(0, 0, 50, 26).last).toBe(-1);
  });
});

describe('grouped stream rows', () => {
  const parts = [
    { total: 3, heading: true, folded: false },
    { total: 0, heading: true, folded: false },
    { total: 2, heading: true, folded: true },
    { total: 4, heading: true, folded: false },
  ];

  it('counts headings and shown streams; empty parts vanish', () => {
    expect(rowCount(parts)).toBe(4 + 1 + 5);
    expect(optionCount(parts)).toBe(7);
  });

  it('maps rows to headings and options, and options back to rows', () => {
    expect(locateRow(parts, 0)).toEqual({ kind: 'heading', part: 0 });
    expect(locateRow(parts, 3)).toEqual({ kind: 'option', part: 0, index: 2, option: 2 });
    expect(locateRow(parts, 4)).toEqual({ kind: 'heading', part: 2 });
    expect(locateRow(parts, 5)).toEqual({ kind: 'heading', part: 3 });
    expect(locateRow(parts, 6)).toEqual({ kind: 'option', part: 3, index: 0, option: 3 });
    expect(locateRow(parts, 10)).toBeNull();
    expect(locateOption(parts, 3)).toEqual({ row: 6, part: 3, index: 0 });
    expect(locateOption(parts, 6)).toEqual({ row: 9, part: 3, index: 3 });
    expect(locateOption(parts, 7)).toBeNull();
  });

  it('a flat list is one part without heading', () => {
    const flat = [{ total: 1_000_000, heading: false, folded: false }];
    expect(locateRow(flat, 999_999)).toEqual({ kind: 'option', part: 0, index: 999_999, option: 999_999 });
  });

  const stream = (id: string): StreamSummary => ({ stream: id, events: 1, firstVersion: 1, lastVersion: 1, firstTime: null, lastTime: null });
  it('groups by category only when each one can be asked for by a glob', () => {
    const ids = ['account-1', 'account-2', 'cart-1', 'cart-2', 'user-1', 'user-2'];
    expect(listCategories(ids.map(stream))?.map((c) => c.glob)).toEqual(['account-*', 'cart-*', 'user-*']);
    expect(listCategories([...ids, 'loner'].map(stream))).toBeNull();
    expect(listCategories([...ids, 'Cart-3'].map(stream))).toBeNull();
    expect(listCategories(['a-1', 'b-1'].map(stream))).toBeNull();
  });
});

describe('rate bars decimated to the pixels', () => {
  const hours = (count: number, start = Date.parse('2026-01-01T00:00:00Z')): RateSeries => {
    const counts = Array.from({ length: count }, (_, i) => i % 3);
    return { bucket: '1h', start: new Date(start).toISOString(), totals: counts, types: [{ type: 'a', count: counts.reduce((a, b) => a + b, 0), counts }] };
  };

  it('merges buckets by a round factor so the bars fit the width', () => {
    expect(decimation(500, 800, '1h')).toBe(1);
    expect(decimation(1000, 800, '1h')).toBe(2);
    expect(decimation(1000, 300, '1h')).toBe(6);
    expect(decimation(1500, 200, '1m')).toBe(10);
    expect(decimation(1500, 20, '1d')).toBe(84);
    expect(decimation(10, 0, '1s')).toBe(10);
  });

  it('never has more bars than pixels, and keeps every event', () => {
    for (const pixels of [37, 100, 333, 640, 1500]) {
      const bars = rateBars(hours(1499), pixels);
      expect(bars.starts.length).toBeLessThanOrEqual(pixels);
      expect(bars.total).toBe(hours(1499).totals.reduce((sum, c) => sum + c, 0));
      expect(bars.counts.reduce((a, b) => a + b, 0)).toBe(bars.total);
      expect(bars.datasets[0]!.counts.length).toBe(bars.starts.length);
    }
  });

  it('aligns merged bars on round times and names their span', () => {
    const bars = rateBars(hours(48, Date.parse('2026-01-01T05:00:00Z')), 10);
    expect(bars.merge).toBe(6);
    expect(new Date(bars.starts[0]!).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(bars.width).toBe(6 * 3_600_000);
    expect(barName(bars.bucket, bars.merge)).toBe('6 hours');
    expect(barName('1h', 1)).toBe('hour');
    expect(barName('1d', 7)).toBe('week');
  });

  it('snaps a drag to whole bars within the series', () => {
    const bars = rateBars(hours(24), 100);
    const t = (iso: string) => Date.parse(iso);
    expect(snapRange(bars, t('2026-01-01T05:20:00Z'), t('2026-01-01T03:10:00Z'))).toEqual({ from: '2026-01-01T03:00:00.000Z', to: '2026-01-01T06:00:00.000Z' });
    expect(snapRange(bars, t('2025-12-01T00:00:00Z'), t('2026-01-01T00:30:00Z'))).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' });
    expect(snapRange(bars, t('2026-01-01T07:00:00Z'), t('2026-01-01T07:00:00Z'))).toEqual({ from: '2026-01-01T07:00:00.000Z', to: '2026-01-01T08:00:00.000Z' });
  });
});

describe('time ticks', () => {
  it('falls on round UTC times, no more than asked', () => {
    const min = Date.parse('2026-01-01T03:17:00Z');
    const max = Date.parse('2026-01-22T00:00:00Z');
    const ticks = timeTicks(min, max, 8);
    expect(ticks.values.length).toBeLessThanOrEqual(8);
    expect(ticks.values.length).toBeGreaterThanOrEqual(2);
    for (const value of ticks.values) expect(value % 86_400_000).toBe(0);
    expect(tickLabel(ticks.values[0]!, ticks.step)).toMatch(/^2026-01-\d\d$/);
  });

  it('labels hours and seconds, and steps by months over years', () => {
    const hour = timeTicks(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T12:00:00Z'), 7);
    expect(hour.values.map((v) => tickLabel(v, hour.step))).toEqual(['2026-01-01', '02:00', '04:00', '06:00', '08:00', '10:00', '12:00']);
    const seconds = timeTicks(Date.parse('2026-01-01T10:00:01Z'), Date.parse('2026-01-01T10:00:09Z'), 5);
    expect(tickLabel(seconds.values[0]!, seconds.step)).toBe('10:00:02');
    const years = timeTicks(Date.parse('2024-02-10T00:00:00Z'), Date.parse('2026-02-10T00:00:00Z'), 6);
    expect(years.values.map((v) => tickLabel(v, years.step))).toEqual(['2024-07', '2025-01', '2025-07', '2026-01']);
  });
});

describe('filter chips and queries', () => {
  const filters: Filters = {
    streams: 'order-*',
    stream: 'order-7',
    types: ['paid', 'shipped'],
    range: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' },
    text: ' Nairobi ',
    where: 'data.amount > 100',
  };

  it('shows one removable chip per filter, each type on its own', () => {
    const chips = filterChips(filters);
    // The stream search narrows the stream list only: it is no event filter, so no chip.
    expect(chips.map((c) => `${c.label}: ${c.value}`)).toEqual([
      'stream: order-7',
      'type: paid',
      'type: shipped',
      'time: 2026-01-01T00:00Z → 2026-01-02T00:00Z',
      'text: Nairobi',
      'where: data.amount > 100',
    ]);
    expect(new Set(chips.map((c) => c.key)).size).toBe(chips.length);
    expect(chips.find((c) => c.kind === 'range')!.remove).toBe('Clear time range');
    expect(filterChips({ ...NO_FILTERS, streams: 'user' })).toEqual([]);
    expect(filterChips(NO_FILTERS)).toEqual([]);
  });

  it('removing a chip removes exactly its filter', () => {
    const chips = filterChips(filters);
    const without = (kind: string, value?: string) => withoutChip(filters, chips.find((c) => c.kind === kind && (value === undefined || c.value === value))!);
    expect(without('type', 'paid').types).toEqual(['shipped']);
    expect(without('range').range).toBeNull();
    expect(without('where')).toEqual({ ...filters, where: '' });
    expect(without('stream').stream).toBeNull();
    expect(without('text').text).toBe('');
  });

  it('pushes every event filter down to the events query', () => {
    expect(eventsQuery(filters, 500, 100)).toEqual({
      offset: 500,
      limit: 100,
      stream: 'order-7',
      types: ['paid', 'shipped'],
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      text: 'Nairobi',
      where: 'data.amount > 100',
    });
    expect(eventsQuery(NO_FILTERS, 0, 100)).toEqual({ offset: 0, limit: 100 });
  });

  it('narrows the chart by the same filters as the table, within its scope', () => {
    const narrowed = { bucket: 'auto', types: ['paid', 'shipped'], from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', text: 'Nairobi', where: 'data.amount > 100' };
    expect(ratesQuery(filters, { stream: 'order-7' })).toEqual({ stream: 'order-7', ...narrowed });
    expect(ratesQuery(filters, { category: 'order' })).toEqual({ category: 'order', ...narrowed });
    expect(ratesQuery(filters, null)).toEqual(narrowed);
    expect(ratesQuery(NO_FILTERS, null)).toEqual({ bucket: 'auto' });
    expect(narrowingWords(filters)).toEqual(['type paid', 'type shipped', 'time 2026-01-01T00:00Z → 2026-01-02T00:00Z', 'text Nairobi', 'where data.amount > 100']);
  });

  it('narrows the stream list by its search, the time range, the types and the payload filters', () => {
    expect(streamPageQuery(filters, 'count', 200, 100)).toEqual({
      sort: 'count',
      offset: 200,
      limit: 100,
      filter: 'order-*',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      types: ['paid', 'shipped'],
      text: 'Nairobi',
      where: 'data.amount > 100',
    });
    expect(streamPageQuery(NO_FILTERS, 'name', 0, 100, 'cart-*')).toEqual({ sort: 'name', offset: 0, limit: 100, filter: 'cart-*' });
  });
});
