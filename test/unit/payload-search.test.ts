// Payload searches run in worker threads, half of the events each, from connections the workers open themselves
// (payload-search-job.ts). Whatever the journal's form, the events matched must be those whose payloads meet the
// condition, or whose records hold the text, found here by testing every event one by one.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetsCondition, parseCondition } from '../../shared/condition.js';
import type { Json, JournalEvent } from '../../shared/model.js';
import { JournalService } from '../../electron/service/journal-service.js';
import type { FixtureEvent } from '../support/fixtures.js';
import { tempFolder, writeJsonArray, writeNdjson, writeSqlite } from '../support/fixtures.js';
import { writeRailsEventStore } from '../support/stores/rails-event-store.js';

const folder = tempFolder('eventlens-condition-');
afterAll(() => folder.remove());

/** 3,000 events: amounts, notes and users vary, some payloads lack the field, some are not objects. */
const EVENTS: FixtureEvent[] = Array.from({ length: 3000 }, (_, i) => ({
  stream: `account-${i % 37}`,
  version: Math.floor(i / 37) + 1,
  type: i % 3 === 0 ? 'deposited' : 'withdrawn',
  time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  data: (i % 11 === 0 ? 'a plain note' : i % 7 === 0 ? { note: `door ${i}` } : { amount: (i * 7919) % 1000, note: i % 2 ? 'leave at the door' : 'hand over' }) as Json,
  metadata: { user: `u-${i % 9}` },
}));

const CONDITIONS = ['data.amount > 500', 'data.amount <= 3', 'data.note ~ DOOR', 'metadata.user = "u-7"', 'data.amount != 10', 'data.missing = 1'];
// 'account-3' and 'withdrawn' are a stream and a type, written beside the payloads: not what a payload search finds.
const TEXTS = ['DOOR 7', 'u-7"', 'hand over', 'no such text', 'account-3', 'withdrawn'];

const journals: Record<string, string> = {};
beforeAll(() => {
  journals['NDJSON (records read back from the file)'] = writeNdjson(join(folder.path, 'j.ndjson'), EVENTS);
  journals['JSON array'] = writeJsonArray(join(folder.path, 'j.json'), EVENTS);
  journals['SQLite read in place'] = writeSqlite(join(folder.path, 'j.sqlite'), EVENTS);
  journals['Rails Event Store (payloads kept in the cache)'] = writeRailsEventStore(join(folder.path, 'res.sqlite'), 'json');
});

/** The positions of the events meeting the condition, by testing each event's payloads here. */
function expected(events: JournalEvent[], text: string): number[] {
  const condition = parseCondition(text);
  return events.filter((event) => meetsCondition(event, condition)).map((event) => event.position);
}

/** The positions of the events whose data or metadata, as JSON text, hold the text in any case. */
function payloadsHolding(events: JournalEvent[], text: string): number[] {
  const needle = text.toLowerCase();
  return events.filter((event) => `${JSON.stringify(event.data)}\u0000${JSON.stringify(event.metadata)}`.toLowerCase().includes(needle)).map((event) => event.position);
}

async function check(service: Pick<JournalService, 'openJournal' | 'events' | 'close'>, path: string): Promise<void> {
  await service.openJournal({ path });
  const all = (await service.events({ limit: 100_000 })).events;
  expect(all.length).toBeGreaterThan(0);
  for (const where of CONDITIONS) {
    const page = await service.events({ where, limit: 100_000 });
    expect(page.events.map((event) => event.position), where).toEqual(expected(all, where));
    expect(page.total).toBe(page.events.length);
  }
  for (const text of TEXTS) {
    const page = await service.events({ text, limit: 100_000 });
    expect(page.events.map((event) => event.position), text).toEqual(payloadsHolding(all, text));
  }
  // Both at once, with another filter: each search noted once, combined in SQL.
  const both = await service.events({ text: 'door', where: 'data.amount > 500', types: ['withdrawn'], limit: 100_000 });
  const doors = new Set(payloadsHolding(all, 'door'));
  const withdrawn = new Set(all.filter((event) => event.type === 'withdrawn').map((event) => event.position));
  expect(both.events.map((event) => event.position)).toEqual(expected(all, 'data.amount > 500').filter((position) => doors.has(position) && withdrawn.has(position)));
}

describe('a payload search', () => {
  for (const kind of ['NDJSON (records read back from the file)', 'JSON array', 'SQLite read in place', 'Rails Event Store (payloads kept in the cache)']) {
    it(`matches the events whose payloads meet it: ${kind}`, async () => {
      const service = new JournalService({ samplePath: journals[kind]!, cacheDir: join(folder.path, 'cache') });
      try {
        await check(service, journals[kind]!);
      } finally {
        service.close();
      }
    });
  }

  it('matches the same through real worker threads (the compiled service, as the app runs it)', async () => {
    const compiled = join(import.meta.dirname, '../../dist/electron/service/journal-service.js');
    if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run "npm run build" first (npm test does).`);
    const { JournalService: Compiled } = (await import(compiled)) as { JournalService: typeof JournalService };
    for (const path of [journals['NDJSON (records read back from the file)']!, journals['SQLite read in place']!]) {
      const service = new Compiled({ samplePath: path, cacheDir: join(folder.path, 'cache-compiled') });
      try {
        await check(service, path);
      } finally {
        service.close();
      }
    }
    // Two journals through worker threads: seconds alone, and far more on a loaded CI machine.
  }, 120_000);
});

describe('text in records that write non-ASCII characters as \\u escapes (as Python does)', () => {
  it('is found by the characters it means', async () => {
    const path = join(folder.path, 'escaped.ndjson');
    const lines = ['café crème', 'plain tea', 'Café au lait'].map((note, i) =>
      JSON.stringify({ stream: 'orders', type: 'ordered', version: i + 1, data: { note } }).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
    writeFileSync(path, lines.join('\n') + '\n');
    expect(lines[0]).toContain('caf\\u00e9');
    const service = new JournalService({ samplePath: path, cacheDir: join(folder.path, 'cache-escaped') });
    try {
      await service.openJournal({ path });
      expect((await service.events({ text: 'CAFÉ' })).events.map((event) => event.version)).toEqual([1, 3]);
      expect((await service.events({ text: 'orders' })).events).toEqual([]);
    } finally {
      service.close();
    }
  });
});
