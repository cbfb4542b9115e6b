// The service counts rates under the same filters as a page of events, for a journal read back from its file and a
// SQLite store read in place: every bucket equals the events the same filters list. And a long replay says how far
// it has got while it reads and folds a stream.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { bucketStartMs, BUCKET_MS } from '../../shared/rates.js';
import type { JournalEvent, RateSeries, ReplayProgress } from '../../shared/model.js';
import type { RatesRequest } from '../../shared/requests.js';
import { tempFolder, writeNdjson, writeSqlite } from '../support/fixtures.js';
import type { FixtureEvent } from '../support/fixtures.js';

const folder = tempFolder();
afterAll(() => folder.remove());

const TYPES = ['placed', 'paid', 'shipped', 'refunded'];
const START = Date.parse('2026-03-01T00:00:00Z');

/** 2,400 events over five days, at uneven seconds (not whole minutes), four types, amounts 0–999. */
function journal(): FixtureEvent[] {
  const versions = new Map<string, number>();
  return Array.from({ length: 2400 }, (_, i) => {
    const stream = `order-${i % 37}`;
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    return {
      stream,
      version,
      type: TYPES[(i * 7) % 4]!,
      time: new Date(START + i * 179_917).toISOString(),
      data: { amount: (i * 7919) % 1000, city: i % 11 === 0 ? 'Nairobi' : 'Lima' },
    };
  });
}

const EVENTS = journal();
const PATHS = { ndjson: writeNdjson(join(folder.path, 'orders.ndjson'), EVENTS), sqlite: writeSqlite(join(folder.path, 'orders.sqlite'), EVENTS) };

/** Every event the service lists under the filters, a page at a time. */
async function listed(service: JournalService, request: RatesRequest): Promise<JournalEvent[]> {
  const { bucket: _, ...filters } = request;
  const events: JournalEvent[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await service.events({ ...filters, offset, limit: 1000 });
    events.push(...page.events);
    if (events.length >= page.total) return events;
  }
}

/** The series' buckets, recounted from events: equal to the series' own when the service filtered alike. */
function recount(series: RateSeries, events: readonly JournalEvent[]): number[] {
  const counts = new Array<number>(series.totals.length).fill(0);
  const first = bucketStartMs(series, 0);
  for (const event of events) counts[Math.floor((Date.parse(event.time!) - first) / BUCKET_MS[series.bucket])]! += 1;
  return counts;
}

describe.each(Object.entries(PATHS))('filtered rates of a %s journal', (_kind, path) => {
  const service = new JournalService({ samplePath: path, cacheDir: join(folder.path, 'cache') });
  afterAll(() => service.close());

  const cases: RatesRequest[] = [
    { bucket: '1h', types: ['paid', 'refunded'] },
    // Whole minutes of whole-journal counts come from the minute table; types narrow it too.
    { bucket: '1d', types: ['shipped'] },
    { bucket: '1h', text: 'nairobi' },
    { bucket: '1h', where: 'data.amount >= 900' },
    { bucket: '1h', where: 'data.amount < 100', types: ['placed'], from: '2026-03-02T06:00:00Z', to: '2026-03-04T00:00:00Z' },
    { bucket: '1m', stream: 'order-5', text: 'lima', where: 'data.amount > 500' },
    { bucket: '1h', category: 'order', types: ['paid'], where: 'data.city = "Nairobi"' },
    { bucket: 'auto', text: 'nairobi', from: '2026-03-03T00:00:30Z' },
  ];

  it.each(cases)('counts in each bucket exactly the events listed under %j', async (request) => {
    await service.openJournal({ path });
    const series = await service.rates(request);
    const events = await listed(service, request);
    expect(events.length).toBeGreaterThan(0);
    expect(series.totals).toEqual(recount(series, events));
    expect(series.types.map((rate) => rate.type).sort()).toEqual([...new Set(events.map((event) => event.type))].sort());
  });

  it('keeps the span of the scope when the filters select nothing in part of it', async () => {
    await service.openJournal({ path });
    const all = await service.rates({ bucket: '1h' });
    const paid = await service.rates({ bucket: '1h', types: ['paid'], where: 'data.amount > 990' });
    expect(paid.start).toBe(all.start);
    expect(paid.totals.length).toBe(all.totals.length);
  });
});

describe('a long replay', () => {
  it('says how many events it has read and folded while it walks', async () => {
    const long: FixtureEvent[] = Array.from({ length: 30_000 }, (_, i) => ({
      stream: 'ledger-1',
      version: i + 1,
      type: 'posted',
      time: new Date(START + i * 1000).toISOString(),
      data: { [`k${i % 40}`]: i, amount: i % 1000 },
    }));
    const path = writeNdjson(join(folder.path, 'ledger.ndjson'), long);
    const service = new JournalService({ samplePath: path, cacheDir: join(folder.path, 'cache') });
    try {
      await service.openJournal({ path });
      const seen: ReplayProgress[] = [];
      let done = false;
      const end = service.replayAt({ stream: 'ledger-1', count: long.length }).finally(() => (done = true));
      while (!done) {
        const progress = (await service.workProgress()).replay;
        if (progress !== null) seen.push(progress);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect((await end).count).toBe(long.length);
      expect(seen.some((p) => p.phase === 'reading' && p.total === long.length && p.done < long.length)).toBe(true);
      expect(seen.some((p) => p.phase === 'folding' && p.total === long.length && p.done < long.length)).toBe(true);
      expect(seen.every((p) => p.subject === 'ledger-1')).toBe(true);
      expect((await service.workProgress()).replay).toBeNull();
      // Kept: asked again, the end is at hand, with nothing to report.
      expect((await service.replayAt({ stream: 'ledger-1', count: long.length - 1 })).count).toBe(long.length - 1);
      expect((await service.workProgress()).replay).toBeNull();
    } finally {
      await service.close();
    }
  }, 60_000);
});
