// Event ids used twice. What "the same id" means follows the store: a CloudEvent is unique by source and id, and
// Rails Event Store links one event (one id) into several streams, which is no fault.
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { IdLedger } from './id-ledger.js';
import { quote } from './stream-checks.js';

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

/** Suspects kept for confirmation; beyond them a journal is reported from fingerprints alone (and says so). */
const MAX_SUSPECTS = 100_000;

interface Suspect {
  event: Pick<JournalEvent, 'position' | 'stream' | 'version'>;
  id: string;
  key: string;
  first: number;
}

/**
 * **duplicate-id** (error): an event's id (JournalEvent.id) was already used by an earlier event in global order;
 * placed at the later one. Events without an id are not checked.
 *
 * Ids are remembered as 64-bit fingerprints (a million ids in a few dozen megabytes). Two different ids can share a
 * fingerprint, so a match is only a suspect: `confirm` reads the first events' ids again and reports only the real
 * duplicates.
 */
export class DuplicateIdCheck {
  /** Made at the first id (a journal without ids needs none), sized for every event. */
  private ledger: Pick<IdLedger, 'note'> | null = null;
  private readonly suspects: Suspect[] = [];
  private unconfirmed = 0;

  /** `events`: how many the journal holds, to size the ledger once; `makeLedger` is replaced in tests only. */
  constructor(
    private readonly format: string,
    private readonly report: (finding: AuditFinding) => void,
    private readonly events = 0,
    private readonly makeLedger: (expected: number) => Pick<IdLedger, 'note'> = (expected) => new IdLedger(expected),
  ) {}

  visit(event: JournalEvent): void {
    if (event.id === undefined) return;
    this.ledger ??= this.makeLedger(this.events);
    const key = idKey(this.format, event, event.id);
    const first = this.ledger.note(key, event.position);
    if (first === null) return;
    const suspect = { event: { position: event.position, stream: event.stream, version: event.version }, id: event.id, key, first };
    if (this.suspects.length < MAX_SUSPECTS) this.suspects.push(suspect);
    else {
      this.unconfirmed += 1;
      this.reportDuplicate(suspect);
    }
  }

  /** True when some matches need the first events' ids read again (a second pass over the journal). */
  get needsConfirming(): boolean {
    return this.suspects.length > 0;
  }

  /** Positions whose ids `confirm` needs. */
  firstPositions(): Set<number> {
    return new Set(this.suspects.map((suspect) => suspect.first));
  }

  /** Reports each suspect whose first event really had the same id (keys of those first events, by position). */
  confirm(keysAt: ReadonlyMap<number, string>): void {
    for (const suspect of this.suspects) if (keysAt.get(suspect.first) === suspect.key) this.reportDuplicate(suspect);
    this.suspects.length = 0;
  }

  /** The key an event's id is compared by, for `confirm`'s second pass. */
  keyOf(event: JournalEvent): string | null {
    return event.id === undefined ? null : idKey(this.format, event, event.id);
  }

  private reportDuplicate({ event, id, first }: Suspect): void {
    this.report({
      severity: 'error',
      kind: 'duplicate-id',
      stream: event.stream,
      version: event.version,
      position: event.position,
      message: `Event id ${quote(id)} at position ${event.position} (stream ${quote(event.stream)} version ${event.version}) was already used by the event at position ${first}.`,
    });
  }
}
