import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalService } from '../../electron/service/journal-service.js';
import { folderFingerprint, tempFolder } from '../support/fixtures.js';
import { ORDER_PLACED, RES_EVENTS, writeRailsEventStore } from '../support/stores/rails-event-store.js';
import { identities, readStore } from '../support/stores/read.js';

const folder = tempFolder();
const paths = {
  yaml: join(folder.path, 'shop-yaml.sqlite3'),
  json: join(folder.path, 'shop-json.sqlite3'),
  broken: join(folder.path, 'shop-broken.sqlite3'),
};
let before: Record<string, string>;

beforeAll(() => {
  writeRailsEventStore(paths.yaml, 'yaml');
  writeRailsEventStore(paths.json, 'json');
  writeRailsEventStore(paths.broken, 'yaml', { badRow: true });
  before = folderFingerprint(folder.path);
});
afterAll(() => {
  expect(folderFingerprint(folder.path)).toEqual(before);
  folder.remove();
});

// Global order is the events' order; an event appears once per stream it is linked to, in link order.
const EXPECTED = [
  { position: 1, stream: 'Ordering::Order$42', version: 0, type: 'Ordering::OrderPlaced' },
  { position: 2, stream: 'Customers::Customer$7', version: 0, type: 'Ordering::OrderPlaced' },
  { position: 3, stream: 'Reports$2026-01', version: 0, type: 'Ordering::OrderPlaced' },
  { position: 4, stream: 'Customers::Customer$7', version: 1, type: 'Customers::CustomerRegistered' },
  { position: 5, stream: 'Ordering::Order$42', version: 1, type: 'Ordering::OrderPaid' },
  { position: 6, stream: 'all', version: 0, type: 'Audit::NotePublished' },
  { position: 7, stream: 'Notifications', version: 0, type: 'Notifications::EmailSent' },
  { position: 8, stream: 'Notifications', version: 1, type: 'Notifications::EmailSent' },
];

describe('rails-event-store', () => {
  it.each([
    ['YAML', paths.yaml],
    ['JSON', paths.json],
  ])('reads events written with the %s serializer, one per stream link', async (_, path) => {
    const journal = await readStore(path);
    expect(journal.format).toBe('rails-event-store');
    expect(journal.findings.list).toEqual([]);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.events.map((e) => e.time)).toEqual([
      '2026-01-05T09:00:00.123Z',
      '2026-01-05T09:00:00.123Z',
      '2026-01-05T09:00:00.123Z',
      '2026-01-05T09:00:30.000Z',
      // valid_at, not the later created_at.
      '2026-01-06T08:00:00.000Z',
      '2026-01-06T11:00:00.000Z',
      '2026-01-07T12:00:00.000Z',
      '2026-01-07T12:30:00.000Z',
    ]);
  });

  it('takes event_id as the event id, the same in every stream an event is linked to', async () => {
    const { events } = await readStore(paths.yaml);
    const ids = RES_EVENTS.map((e) => e.id);
    expect(events.map((e) => e.id)).toEqual([ids[0], ids[0], ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]]);
  });

  it('says of a link made with expected_version :any that it has no position, as the live store does, and counts its version', async () => {
    const { events } = await readStore(paths.yaml);
    const marked = events.map((e) => [e.stream, e.version, e.extra?.['event_store_events_in_streams.position']]);
    // Notifications and Reports$2026-01 were linked without a position; "all" has no link at all.
    expect(marked).toEqual([
      ['Ordering::Order$42', 0, undefined],
      ['Customers::Customer$7', 0, undefined],
      ['Reports$2026-01', 0, null],
      ['Customers::Customer$7', 1, undefined],
      ['Ordering::Order$42', 1, undefined],
      ['all', 0, undefined],
      ['Notifications', 0, null],
      ['Notifications', 1, null],
    ]);
    // The link's other columns stay beside the mark.
    expect(events[2]!.extra).toMatchObject({ 'event_store_events_in_streams.id': 7, 'event_store_events_in_streams.position': null });
  });

  it('decodes Ruby YAML: symbol keys and values plain, BigDecimal as its decimal, unknown tags tolerated', async () => {
    const { events } = await readStore(paths.yaml);
    expect(events[0]!.data).toEqual({ order_id: 42, amount: '100.5', currency: 'eur', lines: [{ sku: 'A-1', quantity: 2 }] });
    expect(events[0]!.metadata).toEqual({ correlation_id: ORDER_PLACED, remote_ip: '127.0.0.1' });
    // The same event in its other streams carries the same payload.
    expect(events[1]!.data).toEqual(events[0]!.data);
    expect(events[3]!.data).toEqual({ name: 'Ada', email: 'ada@example.com' });
    expect(events[3]!.metadata).toEqual({ correlation_id: 'c-2' });
    expect(events[4]!.data).toEqual({ order_id: 42, paid_at: '2026-01-06 08:00:00.000000000 Z' });
    expect(events[4]!.metadata).toEqual({});
  });

  it('decodes JSONClient payloads', async () => {
    const { events } = await readStore(paths.json);
    expect(events[0]!.data).toEqual({ order_id: 42, amount: '100.5', currency: 'eur', lines: [{ sku: 'A-1', quantity: 2 }] });
    expect(events[0]!.metadata).toEqual({ correlation_id: ORDER_PLACED, remote_ip: '127.0.0.1' });
  });

  it('keeps an event whose data does not parse, with a finding naming it', async () => {
    const journal = await readStore(paths.broken);
    expect(identities(journal.events)).toEqual(EXPECTED);
    expect(journal.events[5]!.data).toBe('--- {broken: [');
    expect(journal.findings.list).toHaveLength(1);
    expect(journal.findings.list[0]!.message).toMatch(
      /^shop-broken\.sqlite3 event 6a54dd54-0d4f-4e8c-9b1f-0d4c3f4b6a04 \(row 4 of event_store_events\): the data is neither JSON nor YAML \(.+\); shown as text\.$/,
    );
  });

  // Found by readers-fuzz-formats: the yaml library throws a ReferenceError on these, which rejected the app's open.
  it('shows a YAML payload with an alias it cannot resolve, or an alias bomb, as text with a finding', async () => {
    const damaged = tempFolder();
    try {
      const path = join(damaged.path, 'aliases.sqlite3');
      copyFileSync(paths.yaml, path);
      const bomb = `- &a [1]\n${Array.from({ length: 120 }, () => '- *a').join('\n')}`;
      const db = new Database(path);
      db.prepare('UPDATE event_store_events SET data = ? WHERE id = 2').run(Buffer.from('--- \na: *x\n'));
      db.prepare('UPDATE event_store_events SET metadata = ? WHERE id = 3').run(Buffer.from(bomb));
      db.close();
      const journal = await readStore(path);
      expect(identities(journal.events)).toEqual(EXPECTED);
      expect(journal.events[3]!.data).toBe('--- \na: *x\n');
      expect(journal.events[4]!.metadata).toBe(bomb);
      expect(journal.findings.list.map((f) => f.message)).toEqual([
        expect.stringMatching(/^aliases\.sqlite3 event \S+ \(row 2 of event_store_events\): the data cannot be read as YAML \(Unresolved alias.*\); shown as text\.$/),
        expect.stringMatching(/^aliases\.sqlite3 event \S+ \(row 3 of event_store_events\): the metadata cannot be read as YAML \(Excessive alias count.*\); shown as text\.$/),
      ]);
      const service = new JournalService({ samplePath: join(damaged.path, 'none'), cacheDir: join(damaged.path, 'cache') });
      try {
        expect((await service.openJournal({ path })).events).toBe(8);
      } finally {
        await service.close();
      }
    } finally {
      damaged.remove();
    }
  });

  // Each link of an event gets its own copy of the payloads; structuredClone overflowed on deep ones.
  it('keeps an event linked into several streams whose JSON data is nested 100,000 levels deep', async () => {
    const damaged = tempFolder();
    try {
      const path = join(damaged.path, 'deep.sqlite3');
      copyFileSync(paths.json, path);
      const db = new Database(path);
      db.prepare('UPDATE event_store_events SET data = ? WHERE id = 1').run(Buffer.from(`{"lines": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`));
      db.close();
      const journal = await readStore(path);
      expect(identities(journal.events)).toEqual(EXPECTED);
      expect(journal.findings.list).toEqual([]);
      const [first, second] = journal.events;
      // Compared by reference: a matcher's deep walk would overflow on these payloads itself.
      expect(second!.data === first!.data).toBe(false);
      expect(Object.keys(second!.data as object)).toEqual(['lines']);
    } finally {
      damaged.remove();
    }
  });
});
