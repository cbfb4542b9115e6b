// Replaying each stream as part of the audit: the service backs the check with its replay desk (the reducer the
// user chose, the store's snapshots); the audit turns what it says into findings.
import type { AuditFinding } from '../../shared/audit.js';
import type { ReplayFailure, SnapshotCheck } from '../../shared/model.js';
import { quote } from './stream-checks.js';

/** What replaying one stream showed: where the reducer failed, and the store's snapshots checked against it. */
export interface StreamReplayOutcome {
  failure?: ReplayFailure;
  snapshots?: SnapshotCheck[];
}

/** Replays one stream (called once per stream, in the stream list's order). */
export type StreamReplayCheck = (stream: string) => Promise<StreamReplayOutcome>;

/** Paths named in a snapshot-mismatch message. */
const NAMED = 5;

/**
 * - **reducer-error** (warning): the reducer threw (or timed out) on an event; placed at that event. The events after
 *   it in the stream were not replayed, so their snapshots are not checked.
 * - **snapshot-mismatch** (warning): a snapshot the store kept differs from the replayed state at its version; placed
 *   at the stream's event of that version (`positionOf` finds it; null when the snapshot precedes every event).
 *   A snapshot the replay never reached (matches null) is not a mismatch.
 * Warnings, not errors: either may be the reducer's doing (the default merge-patch reducer is not the application's).
 */
export async function replayFindings(stream: string, outcome: StreamReplayOutcome, positionOf: (count: number) => Promise<number | null>): Promise<AuditFinding[]> {
  const findings: AuditFinding[] = [];
  const { failure } = outcome;
  if (failure) {
    findings.push({
      severity: 'warning',
      kind: 'reducer-error',
      stream: failure.stream,
      version: failure.version,
      position: failure.position,
      message:
        `Replaying stream ${quote(failure.stream)} fails at version ${failure.version} (position ${failure.position}): ` +
        `${failure.message.replace(/\.$/, '')}${failure.where ? ` (${failure.where})` : ''}.`,
    });
  }
  for (const check of outcome.snapshots ?? []) {
    if (check.matches !== false) continue;
    const position = check.count > 0 ? await positionOf(check.count) : null;
    const paths = check.changes.map((change) => change.path || '(the whole state)');
    const more = paths.length > NAMED ? ` and ${paths.length - NAMED} more` : '';
    findings.push({
      severity: 'warning',
      kind: 'snapshot-mismatch',
      stream,
      version: check.version,
      position,
      message:
        `The snapshot of stream ${quote(stream)} at version ${check.version}${position === null ? '' : ` (position ${position})`} ` +
        `differs from the replayed state at ${paths.length === 1 ? '1 path' : `${paths.length} paths`}: ${paths.slice(0, NAMED).join(', ')}${more}.`,
    });
  }
  return findings;
}
