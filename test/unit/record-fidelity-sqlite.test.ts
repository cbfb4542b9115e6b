// Nothing is dropped from a SQLite store either: every column of every event row (the layout's own columns, columns
// it does not read, a time finer than milliseconds) reaches the event, so its digest covers it; the position column
// reaches the event's position, which digests leave out by design. fast-check changes one
// cell of one event row of a store written as the store writes it, and the edited store must give another event
// digest and a diff that is not "identical" (with the same event keys: an event modified). Stores are read in place
// where their layout allows and imported otherwise, as the app opens them.
//
// Runs per store: EVENTLENS_FIDELITY_RUNS (default below).
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../electron/readers/read-journal.js';
import { problemsOf, readJournalEvents, sameList } from '../support/fidelity/edited-journal.js';
import type { ReadJournal } from '../support/fidelity/edited-journal.js';
import { JournalError } from '../../shared/contract.js';
import { BANK_EVENTS, tempFolder, writeSqlite } from '../support/fixtures.js';
import { writeEmmett } from '../support/stores/emmett.js';
import { writeEventsourcingPython } from '../support/stores/eventsourcing-python.js';
import { writeEventuous } from '../support/stores/eventuous.js';
import { writeHallgren } from '../support/stores/hallgren-eventsourcing.js';
import { writeNEventStore } from '../support/stores/neventstore.js';
import { writeRailsEventStore } from '../support/stores/rails-event-store.js';
import { writeSqlStreamStore } from '../support/stores/sql-stream-store.js';

const RUNS = Number(process.env.EVENTLENS_FIDELITY_RUNS ?? 25);
const SEED = Number(process.env.EVENTLENS_FIDELITY_SEED ?? 20_261_206);

const folder = tempFolder('eventlens-fidelity-sqlite-');
const caches = tempFolder('eventlens-fidelity-sqlite-cache-');
let run = 0;

interface Store {
  name: string;
  format: string;
  write: (path: string) => unknown;
  /** The tables whose rows are (or hold) events, each with the rows that are events. */
  tables: { table: string; where?: string }[];
}

/**
 * Columns no store layout reads, of every storage class, as a user's own table or a newer store version adds them:
 * each must reach the event's `extra`.
 */
function addOtherColumns(path: string, table: string): void {
  const db = new Database(path);
  try {
    db.exec(`ALTER TABLE "${table}" ADD COLUMN tenant TEXT; ALTER TABLE "${table}" ADD COLUMN raw BLOB;
      ALTER TABLE "${table}" ADD COLUMN big INTEGER; ALTER TABLE "${table}" ADD COLUMN ratio REAL;`);
    db.exec(`UPDATE "${table}" SET tenant = 'acme-' || rowid, raw = randomblob(4), big = 9007199254740993 + rowid, ratio = rowid / 3.0`);
  } finally {
    db.close();
  }
}

const withOtherColumns =
  (write: (path: string) => unknown, table: string) =>
  async (path: string): Promise<void> => {
    await write(path);
    addOtherColumns(path, table);
  };

const STORES: Store[] = [
  { name: 'sqlite (generic events table, other columns)', format: 'sqlite', write: withOtherColumns((p) => writeSqlite(p, BANK_EVENTS), 'events'), tables: [{ table: 'events' }] },
  { name: 'emmett', format: 'emmett', write: (p) => writeEmmett(p), tables: [{ table: 'emt_messages', where: "message_kind = 'E'" }] },
  { name: 'emmett (other columns)', format: 'emmett', write: withOtherColumns((p) => writeEmmett(p), 'emt_messages'), tables: [{ table: 'emt_messages', where: "message_kind = 'E'" }] },
  { name: 'eventuous', format: 'eventuous', write: (p) => writeEventuous(p), tables: [{ table: 'eventuous_messages' }] },
  { name: 'sql-stream-store', format: 'sql-stream-store', write: (p) => writeSqlStreamStore(p), tables: [{ table: 'messages' }] },
  { name: 'hallgren-eventsourcing', format: 'hallgren-eventsourcing', write: (p) => writeHallgren(p), tables: [{ table: 'events' }] },
  { name: 'neventstore', format: 'neventstore', write: (p) => writeNEventStore(p), tables: [{ table: 'Commits' }] },
  {
    name: 'rails-event-store (YAML)',
    format: 'rails-event-store',
    write: (p) => writeRailsEventStore(p, 'yaml'),
    tables: [{ table: 'event_store_events' }, { table: 'event_store_events_in_streams' }],
  },
  {
    name: 'rails-event-store (JSON, other columns)',
    format: 'rails-event-store',
    write: withOtherColumns((p) => writeRailsEventStore(p, 'json'), 'event_store_events'),
    tables: [{ table: 'event_store_events' }, { table: 'event_store_events_in_streams' }],
  },
  {
    name: 'eventsourcing-python (other columns)',
    format: 'eventsourcing-python',
    write: withOtherColumns((p) => writeEventsourcingPython(p), 'stored_events'),
    tables: [{ table: 'stored_events' }],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Cells and their edits

interface Cell {
  table: string;
  rowid: number;
  column: string;
}

/** Every cell of every event row of the store. */
function cellsOf(path: string, store: Store): Cell[] {
  const db = new Database(path, { readonly: true });
  try {
    return store.tables.flatMap(({ table, where }) => {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
      const rowids = (db.prepare(`SELECT rowid FROM "${table}" ${where ? `WHERE ${where}` : ''} ORDER BY rowid`).raw(true).all() as [number][]).map(([r]) => r);
      return rowids.flatMap((rowid) => columns.map((column) => ({ table, rowid, column })));
    });
  } finally {
    db.close();
  }
}

/** The leaves of a JSON value, as paths. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return entries.flatMap(([key, v]) => leafPaths(v, [...path, key]));
  }
  return [path];
}

/**
 * One character replaced: a digit by the next, anything else by "q" (not "z": "Z" and "z" are one zone in a time, and
 * a zone where none was written may say what the store meant).
 */
const changedLeaf = (value: unknown, variant: number): unknown => {
  if (typeof value === 'string') {
    if (value.length === 0) return 'q';
    const at = variant % value.length;
    const char = value[at]!;
    const next = /\d/.test(char) ? String((Number(char) + 1) % 10) : char.toLowerCase() === 'q' ? 'p' : 'q';
    return value.slice(0, at) + next + value.slice(at + 1);
  }
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return 0;
};

/** Another value of the same kind: a JSON text edited at one leaf, other text at one character, numbers by one, bytes by one bit. */
function changedValue(value: unknown, variant: number): unknown {
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return changedLeaf(value, variant);
    }
    if (parsed === null || typeof parsed !== 'object') return changedLeaf(value, variant);
    const paths = leafPaths(parsed).filter((path) => path.length > 0);
    if (paths.length === 0) return changedLeaf(value, variant);
    const path = paths[variant % paths.length]!;
    let parent = parsed as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    parent[last] = changedLeaf(parent[last], variant);
    return JSON.stringify(parsed);
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value + 1 : value + 0.5;
  if (typeof value === 'bigint') return value + 1n;
  if (value instanceof Uint8Array) {
    if (value.length === 0) return Buffer.from([0]);
    const bytes = Buffer.from(value);
    bytes[variant % bytes.length]! ^= 1;
    return bytes;
  }
  return 'z';
}

interface Edit {
  cell: Cell;
  before: string;
  after: string;
}

/** Writes a copy of the store with the cell changed; null when the store's own constraints refuse the new value. */
function editedCopy(base: string, cell: Cell, variant: number): { path: string; edit: Edit } | null {
  const dir = join(folder.path, 'runs', String(++run));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'store.sqlite');
  copyFileSync(base, path);
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  try {
    const value = db.prepare(`SELECT "${cell.column}" FROM "${cell.table}" WHERE rowid = ?`).pluck().get(cell.rowid);
    const next = changedValue(value, variant);
    try {
      db.prepare(`UPDATE "${cell.table}" SET "${cell.column}" = ? WHERE rowid = ?`).run(next, cell.rowid);
    } catch (error) {
      if (/constraint/i.test((error as Error).message)) return null;
      throw error;
    }
    const show = (v: unknown) => (v instanceof Uint8Array ? `x'${Buffer.from(v).toString('hex')}'` : String(v)).slice(0, 160);
    return { path, edit: { cell, before: show(value), after: show(next) } };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Opening and comparing

const read = (path: string) => readJournalEvents(path, caches.path);
type Read = ReadJournal;

/** What the store edited at `path` failed to show of the edit; a store refused as a whole shows no events at all. */
async function problemsOfEdit(original: Read, path: string): Promise<string[]> {
  let edited: Read;
  try {
    edited = await read(path);
  } catch (error) {
    if (error instanceof JournalError) return [];
    throw error;
  }
  try {
    // A position is the event's place in the store's order, left out of the digest on purpose (one history copied to
    // another store is the same events): an edit of the position column shows as the events' positions alone.
    if (sameList(original.digests, edited.digests) && !sameList(original.positions, edited.positions)) return [];
    return await problemsOf(original, edited);
  } finally {
    edited.store.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The property, store by store

const basePath = (index: number) => join(folder.path, `base-${index}.sqlite`);

beforeAll(async () => {
  for (const [i, store] of STORES.entries()) await store.write(basePath(i));
});

afterAll(() => {
  folder.remove();
  caches.remove();
});

describe('SQLite stores keep every column of an event row in its digest', () => {
  for (const [index, store] of STORES.entries()) {
    it(store.name, async () => {
      const base = basePath(index);
      const cells = cellsOf(base, store);
      expect(cells.length).toBeGreaterThan(0);
      const original = await read(base);
      try {
        expect(original.store.summary.format).toBe(store.format);
        expect(original.events.length).toBeGreaterThan(0);
        await fc.assert(
          fc.asyncProperty(fc.nat(), fc.nat(1000), async (at, variant) => {
            const cell = cells[at % cells.length]!;
            const copy = editedCopy(base, cell, variant);
            if (copy === null) return;
            try {
              const problems = await problemsOfEdit(original, copy.path);
              expect(problems, `${cell.table}.${cell.column} of row ${cell.rowid}: ${copy.edit.before} → ${copy.edit.after}`).toEqual([]);
            } finally {
              rmSync(join(copy.path, '..'), { recursive: true, force: true });
            }
          }),
          // Each run opens a store; a failure is one cell already, so it is reported as found, not shrunk.
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } finally {
        original.store.close();
      }
    }, 120_000);
  }

  it('shows a column no layout reads, of each storage class, as the event’s other fields, in place and imported alike', async () => {
    const path = basePath(0);
    const inPlace = await read(path);
    inPlace.store.close();
    const { events } = inPlace;
    // The import path (the reader every layout has) gives the same fields.
    const imported = await readJournal(path);
    expect(imported.events.map((event) => event.extra)).toEqual(events.map((event) => event.extra));
    const extra = events[0]!.extra!;
    expect(extra.tenant).toMatch(/^acme-\d+$/);
    expect(extra.raw).toMatchObject({ blob: expect.stringMatching(/^[0-9A-F]{8}$/) });
    // Past 2^53 an integer is kept as its exact digits.
    expect(typeof extra.big).toBe('string');
    expect(BigInt(extra.big as string) > 9007199254740993n).toBe(true);
    expect(typeof extra.ratio).toBe('number');
  });
});
