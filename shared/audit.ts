// What an audit of a journal answers: is the history complete, consistent and untouched? Findings with their place,
// digests, the hash chain where the format has one, payload shapes over time, and the differences between two exports.
import type { Change, Json, RateSeries, Severity } from './model.js';

/**
 * The kinds an audit reports. Reader kinds (undecodable-payload, missing-field, bad-line, …) come from opening the
 * file and keep their own names (with no stream, version or position); these are the ones the audit adds, each
 * placed at the event where it shows (electron/audit/ says exactly when each is reported).
 */
export const AUDIT_KINDS = [
  /** A stream's versions jump by more than one (error; info in stores that number records the journal leaves out). */
  'version-gap',
  /** A stream has a version twice (error). */
  'duplicate-version',
  /** A stream's first version is not the one its store starts streams at (warning). */
  'stream-start',
  /** An event id was used before, by the event at the position the message names (error). */
  'duplicate-id',
  /** Store positions go backwards in the file (warning), or two events share one (error). */
  'position-order',
  /** Store positions skip numbers (info). */
  'position-gap',
  /** A stream's event is dated before its previous version (warning). */
  'time-backwards',
  /** An event is dated before the one ahead of it in global order (info; a few listed, all counted). */
  'time-backwards-global',
  /** EventSourcingDB's hash chain breaks there (error), or begins mid-chain (warning). */
  'hash-chain',
  /** A snapshot the store kept differs from the replayed state at its version (warning). */
  'snapshot-mismatch',
  /** The reducer failed on that event while replaying its stream (warning). */
  'reducer-error',
  /** An event type's payload has a new shape (info; warning when a field changed its kind of value). */
  'schema-drift',
  /** An event of an Eventlens export no longer matches the digest written beside it (error). */
  'export-digest',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** One thing an auditor should look at, placed so a click can jump to it. */
export interface AuditFinding {
  severity: Severity;
  /** An AuditKind, or the kind a reader gave (e.g. "undecodable-payload"). */
  kind: string;
  stream: string | null;
  version: number | null;
  position: number | null;
  /** One sentence a person understands: what is wrong, where. */
  message: string;
}

/** Counts per kind and severity, so the panel can say "3 version gaps" even when the list is capped. */
export interface FindingCount {
  kind: string;
  severity: Severity;
  count: number;
}

/**
 * A file digest: the evidence that two people looked at the same bytes. In an audit of a journal that is no file on
 * disk (the sample, or a file gone since it was opened), it is the digest of the events instead: SHA-256 of each
 * event's canonical text (CanonicalEvent as RFC 8785 JSON) followed by "\n", in global order, and `bytes` counts
 * that text (electron/audit/journal-digest.ts).
 */
export interface FileDigest {
  algorithm: 'sha256';
  /** Lower-case hex. */
  hex: string;
  bytes: number;
}

/** The result of checking a hash chain (EventSourcingDB `hash` / `predecessorhash`). */
export interface ChainCheck {
  /** Events carrying a hash. */
  events: number;
  /** The last position up to which every link and every hash holds; null when the first event already fails. */
  verifiedUpTo: number | null;
  /** Where the chain breaks, with the reason; null when it holds throughout. */
  brokenAt: { position: number; stream: string; version: number; reason: string } | null;
}

/**
 * One version of an event type's payload schema: the fields its events have shown (JSON Pointer paths with their
 * kinds of value), from the event where it changed until the next change. A version begins where a field appears for
 * the first time, takes a kind of value it never had, or stops appearing for good.
 */
export interface PayloadShape {
  /** "/amount:number", "/owner/name:string|null", sorted. */
  fields: string[];
  /** The first event of this version. */
  firstPosition: number;
  firstTime: string | null;
  /** Events of the type from here to the next version. */
  events: number;
  /** Fields seen for the first time here (none for the first version). */
  added: string[];
  /** Fields that stopped appearing here: the type's events never carry them again. */
  removed: string[];
  /** Fields that took a new kind of value ("/amount: string → number|string"). */
  retyped: string[];
}

export interface TypeDrift {
  type: string;
  /** In order of first appearance. */
  shapes: PayloadShape[];
  /** Shapes beyond those listed (a type whose every event differs would flood the report). */
  moreShapes: number;
}

export interface AuditJournal {
  path: string;
  name: string;
  format: string;
  events: number;
  streams: number;
  firstTime: string | null;
  lastTime: string | null;
}

export interface AuditResult {
  journal: AuditJournal;
  digest: FileDigest;
  findings: AuditFinding[];
  /** Findings beyond those listed. */
  moreFindings: number;
  counts: FindingCount[];
  /** Null when the journal carries no hash chain. */
  chain: ChainCheck | null;
  drift: TypeDrift[];
  /** ISO time the audit ran. */
  checkedAt: string;
}

export type DifferenceKind = 'added' | 'removed' | 'modified';

/** One event that differs between export A and export B, keyed by stream and version. */
export interface EventDifference {
  kind: DifferenceKind;
  stream: string;
  version: number;
  /** Its position in A (removed, modified) and in B (added, modified). */
  positionA: number | null;
  positionB: number | null;
  typeA: string | null;
  typeB: string | null;
  /** Modified: what changed from A's event to B's (paths under /type, /time, /data, /metadata). */
  changes?: Change[];
}

export interface ComparedJournal {
  path: string;
  name: string;
  format: string;
  events: number;
  digest: FileDigest;
}

export interface JournalComparison {
  a: ComparedJournal;
  b: ComparedJournal;
  /** True when both hold the same events (stream, version and content): byte differences alone do not count. */
  identical: boolean;
  added: number;
  removed: number;
  modified: number;
  /**
   * Modified or removed events that B holds history after: B's copy of the event's stream has a higher version, or
   * the event's time (in A) is strictly before B's last event time. History rewritten, not just extended or cut
   * short: B = A plus new events, and an older export of A, both have 0 (electron/audit/compare.ts).
   */
  rewritten: number;
  streamsAdded: string[];
  streamsRemoved: string[];
  differences: EventDifference[];
  moreDifferences: number;
}

/** Everything one report file holds. */
export interface AuditReport {
  audit: AuditResult;
  /** The journal's rate, drawn into the report as an inline SVG image. */
  rates: RateSeries | null;
  comparison: JournalComparison | null;
  /** Name and version of the app that made it. */
  generator: string;
}

/**
 * Canonical content of an event for its digest: the normalized fields, its id and the record's other members
 * (JournalEvent.extra), so exports of one history from any store compare, and any change to a record shows.
 */
export interface CanonicalEvent {
  stream: string;
  version: number;
  type: string;
  time: string | null;
  data: Json;
  metadata: Json;
  /** Present only when the event has one, so events without keep the digest they always had. */
  id?: string;
  extra?: { [name: string]: Json };
}
