// Python eventsourcing (pyeventsourcing/eventsourcing, eventsourcing/sqlite.py): stored_events, one event a row,
// each state a JSON object of the event's attributes, possibly compressed and encrypted.
import type Database from 'better-sqlite3';
import { JournalError } from '../../../../shared/contract.js';
import type { Json, JournalEvent } from '../../../../shared/model.js';
import { EventBuilder } from '../../event-builder.js';
import { listTables, quote } from '../../sqlite-open.js';
import { normalizeTime } from '../../time.js';
import type { ReadContext, SnapshotRecord, SqliteLayout, Tables } from '../types.js';
import { buildDecoded } from './decoded-event.js';
import { decodeState, parseCipherKey, unwrapTranscodings } from './eventsourcing-python-state.js';
import type { StateProblem } from './eventsourcing-python-state.js';
import { addFinding, addJournalFinding, addTooDeep, isStackOverflow } from './findings.js';
import { otherColumns, otherColumnsObject } from './other-columns.js';
import { tableWith } from './schema.js';

const COLUMNS = ['originator_id', 'originator_version', 'topic', 'state'];
/** Attributes the event row already carries as columns, or the model carries as its time. */
const ENVELOPE = ['originator_id', 'originator_version', 'timestamp'];

/** The aggregate recorder's table is WITHOUT ROWID: no global order, so events follow stream by stream. */
function hasRowid(db: Database.Database, table: string): boolean {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined;
  return !/without\s+rowid/i.test(row?.sql ?? '');
}

export function attributes(state: { [key: string]: Json }): { [key: string]: Json } {
  const plain = unwrapTranscodings(state) as { [key: string]: Json };
  return Object.fromEntries(Object.entries(plain).filter(([key]) => !ENVELOPE.includes(key)));
}

/**
 * Problems are held back until one state reads: when none does for want of a key (or with the wrong one),
 * the whole read fails with one message instead of a finding per event.
 */
class StateProblems {
  private held: { place: string; problem: StateProblem }[] | null = [];

  constructor(private readonly context: ReadContext) {}

  add(place: string, problem: StateProblem): void {
    if (this.held !== null) this.held.push({ place, problem });
    else addFinding(this.context, 'error', 'undecodable-payload', place, `${problem.text}; the event was left out.`);
  }

  /** A state read: every problem so far becomes a finding. */
  readOne(): void {
    if (this.held === null) return;
    const held = this.held;
    this.held = null;
    for (const { place, problem } of held) this.add(place, problem);
  }

  finish(): void {
    const held = this.held ?? [];
    const file = this.context.file;
    if (held.length > 0 && held.every((h) => h.problem.kind === 'encrypted')) {
      // How to give the key is each surface's to say (code "encrypted"): the CLI's --cipher-key, the app's Cipher key.
      throw new JournalError('encrypted', `${file}: the events are encrypted (AES-GCM); the key they were written with is needed.`);
    }
    if (held.length > 0 && held.every((h) => h.problem.kind === 'wrong-key')) {
      throw new JournalError('encrypted', `${file}: the cipher key does not decrypt the events (AES-GCM authentication failed).`);
    }
    this.readOne();
  }
}

interface StoredRow {
  position: number | null;
  originator_id: unknown;
  originator_version: unknown;
  topic: unknown;
  state: unknown;
  extra: string | null;
}

export const eventsourcingPython: SqliteLayout = {
  id: 'eventsourcing-python',
  matches: (tables: Tables) => tableWith(tables, 'stored_events', COLUMNS) !== undefined,

  *events(db: Database.Database, context: ReadContext): Iterable<JournalEvent> {
    const table = tableWith(listTables(db), 'stored_events', COLUMNS);
    if (table === undefined) return;
    const key = parseCipherKey(context.cipherKey, context.file);
    const ordered = hasRowid(db, table);
    if (!ordered) addJournalFinding(context, 'info', 'no-global-order', `${table} has no rowid, so events are in stream order, numbered as read.`);
    const position = ordered ? 'rowid' : 'NULL';
    const order = ordered ? 'rowid' : 'originator_id, originator_version';
    // notification_id, where the table has one, is the rowid (INTEGER PRIMARY KEY): the event's position.
    const extra = otherColumnsObject(otherColumns(listTables(db), table, [...COLUMNS, 'notification_id']));
    const statement = db.prepare(`SELECT ${position} AS position, originator_id, originator_version, topic, state, ${extra} AS extra FROM ${quote(table)} ORDER BY ${order}`);
    const builder = new EventBuilder(context.file, context.findings, true);
    const problems = new StateProblems(context);
    let count = 0;
    for (const row of statement.iterate() as Iterable<StoredRow>) {
      count += 1;
      const place = ordered ? `row ${row.position} of ${table}` : `event ${String(row.originator_id)} version ${String(row.originator_version)} of ${table}`;
      const decoded = decodeState(row.state, key);
      if (!decoded.ok) {
        problems.add(place, decoded.problem);
        continue;
      }
      problems.readOne();
      let event: JournalEvent | null;
      try {
        const time = unwrapTranscodings(decoded.state.timestamp ?? null);
        // No id: a stored event is known by its originator and version, which are its stream and version here.
        const columns = { stream: row.originator_id, version: row.originator_version, position: row.position, type: row.topic, time };
        event = buildDecoded(builder, columns, attributes(decoded.state), null, place, count, row.extra);
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
        addTooDeep(context, place, error);
        continue;
      }
      if (event) yield event;
    }
    problems.finish();
  },

  *snapshots(db: Database.Database, context: ReadContext): Iterable<SnapshotRecord> {
    const table = tableWith(listTables(db), 'stored_snapshots', COLUMNS);
    if (table === undefined) return;
    const key = parseCipherKey(context.cipherKey, context.file);
    const statement = db.prepare(`SELECT originator_id, originator_version, topic, state FROM ${quote(table)} ORDER BY originator_id, originator_version`);
    for (const row of statement.iterate() as Iterable<StoredRow>) {
      const place = `snapshot ${String(row.originator_id)} version ${String(row.originator_version)}`;
      const decoded = decodeState(row.state, key);
      if (!decoded.ok) {
        addFinding(context, 'warning', 'undecodable-snapshot', place, `${decoded.problem.text}; the snapshot was left out.`);
        continue;
      }
      // A snapshot stands at a version of its stream: without a whole number there, it can be checked against nothing.
      const stored = row.originator_version;
      const version = typeof stored === 'string' && /^-?\d+$/.test(stored.trim()) ? Number(stored) : stored;
      if (typeof version !== 'number' || !Number.isSafeInteger(version)) {
        addFinding(context, 'warning', 'undecodable-snapshot', place, 'the originator_version is not a whole number; the snapshot was left out.');
        continue;
      }
      let snapshot: { [key: string]: Json };
      try {
        snapshot = unwrapTranscodings(decoded.state) as { [key: string]: Json };
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
        addTooDeep(context, place, error, 'the snapshot was');
        continue;
      }
      const time = typeof snapshot.timestamp === 'string' ? normalizeTime(snapshot.timestamp) : null;
      yield {
        stream: String(row.originator_id),
        version,
        time,
        type: typeof snapshot.topic === 'string' ? snapshot.topic : null,
        state: snapshot.state ?? null,
      };
    }
  },
};
