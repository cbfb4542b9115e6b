// Event ids used twice. What "the same id" means follows the store: a CloudEvent is unique by source and id, and
// Rails Event Store links one event (one id) into several streams, which is no fault.
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { IdLedger } from './id-ledger.js';
import { at, quote } from './stream-checks.js';

/** The text an event's id is unique within its format by. */
function idKey(format: string, event: JournalEvent, id: string): string {
  if (format === 'cloudevents') return `${cloudEventSource(event.stream)}\u0000${id}`;
  if (format === 'rails-event-store') return `${event.stream}\u0000${id}`;
  return id;
}

/** The stream of a CloudEvent is source#subject (cloudevents.ts), and a source carries no fragment. */
function cloudEventSource(stream: string): string {
  const hash = stream.indexOf('#');
  return hash === -1 ? stream : stream.slice(0, hash);
}

/**
 * **duplicate-id** (error): an event's id (JournalEvent.id) was already used by an earlier event in global order;
 * placed at the later one. Events without an id are not checked.
 */
export class DuplicateIdCheck {
  /** Made at the first id (a journal without ids needs none), sized for every event. */
  private ledger: IdLedger | null = null;

  /** `events`: how many the journal holds, to size the ledger once. */
  constructor(
    private readonly format: string,
    private readonly report: (finding: AuditFinding) => void,
    private readonly events = 0,
  ) {}

  visit(event: JournalEvent): void {
    if (event.id === undefined) return;
    this.ledger ??= new IdLedger(this.events);
    const first = this.ledger.note(idKey(this.format, event, event.id), event.position);
    if (first === null) return;
    this.report({
      severity: 'error',
      kind: 'duplicate-id',
      ...at(event),
      message: `Event id ${quote(event.id)} at position ${event.position} (stream ${quote(event.stream)} version ${event.version}) was already used by the event at position ${first}.`,
    });
  }
}
