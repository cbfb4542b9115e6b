// Checks of global positions, for formats whose positions are the store's own (store-numbering.ts): they must rise
// through the file, no two events may share one, and skipped numbers are worth a note.
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { at, quote } from './stream-checks.js';

const where = (event: JournalEvent) => `stream ${quote(event.stream)} version ${event.version}`;

/**
 * Fed the events in file order. **position-order** (warning): an event's position is lower than that of the event
 * before it in the file; placed at the later event (so one displaced event is reported once, at the event after it
 * when it was moved down the file, or at itself when moved up).
 */
export class PositionOrderCheck {
  private previous: JournalEvent | null = null;

  constructor(private readonly report: (finding: AuditFinding) => void) {}

  visit(event: JournalEvent): void {
    const previous = this.previous;
    this.previous = event;
    if (previous === null || event.position >= previous.position) return;
    this.report({
      severity: 'warning',
      kind: 'position-order',
      ...at(event),
      message: `Position ${event.position} (${where(event)}) comes after position ${previous.position} (${where(previous)}) in the file: positions go backwards there.`,
    });
  }
}

/**
 * Fed the events in global order (by position), where events sharing a position are neighbours.
 * - **position-order** (error) for a duplicate: two events have the same position; placed at the second.
 * - **position-gap** (info): numbers are skipped between two neighbours; placed at the event after the gap, one
 *   finding per gap. Stores skip numbers for reasons of their own (rolled-back writes, deleted streams), so this
 *   is a note, not a fault.
 */
export class PositionSequenceCheck {
  private previous: JournalEvent | null = null;

  constructor(
    private readonly rules: { duplicates: boolean; gaps: boolean },
    private readonly report: (finding: AuditFinding) => void,
  ) {}

  visit(event: JournalEvent): void {
    const previous = this.previous;
    this.previous = event;
    if (previous === null) return;
    if (this.rules.duplicates && event.position === previous.position) {
      this.report({
        severity: 'error',
        kind: 'position-order',
        ...at(event),
        message: `Position ${event.position} is used twice: by ${where(previous)} and by ${where(event)}.`,
      });
    } else if (this.rules.gaps && event.position > previous.position + 1) {
      const missing = event.position - previous.position - 1;
      const what = missing === 1 ? `Position ${previous.position + 1} is` : `Positions ${previous.position + 1} to ${event.position - 1} are`;
      this.report({
        severity: 'info',
        kind: 'position-gap',
        ...at(event),
        message: `${what} not in the journal: position ${previous.position} (${where(previous)}) is followed by position ${event.position} (${where(event)}).`,
      });
    }
  }
}
