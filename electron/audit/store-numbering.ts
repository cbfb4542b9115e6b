// How each store numbers its events, as far as the audit must know: the version a stream starts at, and whether
// the journal's positions are the store's own global positions (so gaps and disorder in them mean something) or
// numbers the reader made up (file order, running counts), which say nothing about the store.
// Facts from each store's schema and docs (see the format notes); format ids are the readers' (summary.format).
import type { JournalEvent } from '../../shared/model.js';

/** Stores whose streams count from 0. */
const ZERO_BASED = new Set(['eventuous', 'sql-stream-store', 'eventstoredb-atom', 'message-db', 'axon', 'rails-event-store']);
/** Stores whose streams count from 1. */
const ONE_BASED = new Set(['emmett', 'hallgren-eventsourcing', 'eventsourcing-python', 'marten', 'commanded', 'neventstore', 'temporal-history']);

/**
 * The versions a stream of this format may start at. Generic layouts (json, ndjson, sqlite), CloudEvents (whose
 * sequence a producer chooses) and formats not known here accept 0 or 1: both conventions are common.
 */
export function firstVersions(format: string): readonly number[] {
  if (ZERO_BASED.has(format)) return [0];
  if (ONE_BASED.has(format)) return [1];
  return [0, 1];
}

/** Which position checks hold for a format. */
export interface PositionRules {
  /** Positions should rise in the file's order. */
  order: boolean;
  /** No two events may share a position. */
  duplicates: boolean;
  /** A skipped position is worth a note (the store numbers every event it wrote). */
  gaps: boolean;
}

/** Positions are the store's global positions (global_position, seq_id, globalIndex, rowid, …). */
const STORE_POSITIONS = new Set([
  'eventuous',
  'sql-stream-store',
  'emmett',
  'hallgren-eventsourcing',
  'eventsourcing-python',
  'message-db',
  'marten',
  'axon',
  'commanded',
]);
/** Positions are file order or a running count the reader keeps: they cannot be wrong, and gaps are skipped records. */
const MADE_UP_POSITIONS = new Set(['cloudevents', 'temporal-history', 'rails-event-store', 'neventstore']);

export function positionRules(format: string, live = false): PositionRules {
  // A live PostgreSQL store takes its positions from a sequence, whose values a rolled-back transaction leaves
  // unused: a gap there is normal. Commanded's $all versions are assigned under a row lock and have none.
  // Rails Event Store links one event into several streams (its $by_type_ streams): each is that event, at its position.
  if (live && format === 'rails-event-store') return { order: true, duplicates: false, gaps: false };
  if (live && format !== 'commanded') return { order: true, duplicates: true, gaps: false };
  if (STORE_POSITIONS.has(format)) return { order: true, duplicates: true, gaps: true };
  // An Atom feed page lists entries newest first, so its file order runs against its positions by design.
  if (format === 'eventstoredb-atom') return { order: false, duplicates: true, gaps: true };
  if (MADE_UP_POSITIONS.has(format)) return { order: false, duplicates: false, gaps: false };
  // Generic layouts: a record with a position field gives the store's position, one without gets its place in the
  // file. Disorder or a repeat can only come from real positions; a gap may be a line that could not be read.
  return { order: true, duplicates: true, gaps: false };
}

/**
 * Stores that number records the journal does not show, with the versions: Emmett's commands share their stream's
 * positions and are left out by the reader. A version gap there may be such a record, not a lost event; the text
 * says what it may be.
 */
export function leftOutRecords(format: string): string | undefined {
  return format === 'emmett' ? 'commands, which Emmett numbers along with the events and the reader leaves out' : undefined;
}

/** The member Rails Event Store readers set to null on an event whose link has no position (pg-layouts.ts, sqlite/rails-event-store.ts). */
export const RES_UNNUMBERED_MARK = 'event_store_events_in_streams.position';

/**
 * Which events of a format have no version of the store's own, where some may: Rails Event Store stores no position
 * for a link made with expected_version :any (its default for publish and link), and reads such a stream in link
 * order. The readers then show a stand-in (the link id live, a count in a file) and mark the event with
 * `event_store_events_in_streams.position: null`. Such versions say nothing of missing events. (The mark reaches the
 * audit's stream pass where a scan without payloads still gives `extra`, as a live store's does; a file's counted
 * versions follow on one from the other and need it not.)
 */
export function unnumberedVersions(format: string): ((event: JournalEvent) => boolean) | undefined {
  if (format !== 'rails-event-store') return undefined;
  return (event) => event.extra !== undefined && Object.hasOwn(event.extra, RES_UNNUMBERED_MARK) && event.extra[RES_UNNUMBERED_MARK] === null;
}

/** Stores whose exports are pages of a stream: one that begins past the first version is an excerpt, not a loss. */
export function exportsArePages(format: string): boolean {
  return format === 'eventstoredb-atom';
}

/**
 * Why a store's event times may fall within a stream by design, where they may; undefined where times must rise.
 * Temporal dates ActivityTaskStarted with the time the attempt started but writes it when the activity completes, after
 * events dated later.
 */
export function timesMayFall(format: string): string | undefined {
  return format === 'temporal-history'
    ? 'Temporal writes ActivityTaskStarted when the activity completes, with the time the attempt started, so its history times need not rise'
    : undefined;
}

/**
 * Why payloads of one event type take different shapes by design, where they do: a workflow engine's event types
 * (ActivityTaskScheduled) carry the inputs and results of whichever activity or workflow ran.
 */
export function payloadShapesVary(format: string): string | undefined {
  return format === 'temporal-history' ? "Temporal's event types carry the payloads of whichever activity or workflow ran, so their shapes vary" : undefined;
}
