// Checks within each stream, fed the events in stream order (by stream, then version): versions must follow on one
// from the other from the store's first version, and time must not run backwards as versions rise.
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';

export interface StreamCheckOptions {
  /** The versions a stream of this store may start at (store-numbering.ts). */
  firstVersions: readonly number[];
  /** What records the store numbers with the events but the journal leaves out, where it does (a gap may be those). */
  leftOut?: string;
  /** The store's exports are pages of a stream (an Atom feed page): a stream starting late is info, not a warning. */
  pages?: boolean;
  /** Why the store's event times may run backwards within a stream by design (Temporal): such steps are info. */
  timesMayFall?: string;
  /** Events whose version is a stand-in, not the store's number (store-numbering.ts unnumberedVersions). */
  unnumbered?: (event: JournalEvent) => boolean;
}

/** One run of a stream's events checked together: its previous event, and its previous event with a time (in ms). */
interface Run {
  last: JournalEvent | null;
  dated: { event: JournalEvent; ms: number } | null;
}

const newRun = (): Run => ({ last: null, dated: null });

/**
 * - **stream-start** (warning): a stream's lowest version is not one the store starts streams at; its first events
 *   are missing (or the export began mid-stream). Placed at that first event. Info where exports are pages.
 * - **version-gap** (error; info in stores that number records the journal leaves out, see store-numbering.ts):
 *   versions jump by more than one; placed at the event after the gap, one finding per gap whatever its width.
 * - **duplicate-version** (error): a version appears again; placed at the repeat (the later in the file).
 * - **time-backwards** (warning): an event is dated earlier than the stream's previous dated event; placed at the
 *   later version. Info in stores whose times do not rise by design.
 *
 * Events the store gave no number (`unnumbered`) have versions that only order them: they get no stream-start and
 * no version-gap. A stream may mix both (Rails Event Store takes an append with an expected version to a stream that
 * holds links made with :any), so its numbered and unnumbered events are two runs, each checked on its own: the
 * numbered are the store's own numbers, which still start at the first version and follow on one from the other (a
 * lost one is still a gap), and a stand-in that happens to equal a stored number is no repeat of it. Time is checked
 * within each run too: each is in the store's order, while the two interleaved by version are not.
 */
export class StreamChecks {
  private stream: string | null = null;
  private numbered = newRun();
  private unnumbered = newRun();

  constructor(
    private readonly options: StreamCheckOptions,
    private readonly report: (finding: AuditFinding) => void,
  ) {}

  visit(event: JournalEvent): void {
    if (event.stream !== this.stream) {
      this.stream = event.stream;
      this.numbered = newRun();
      this.unnumbered = newRun();
    }
    const numbered = this.options.unnumbered?.(event) !== true;
    const run = numbered ? this.numbered : this.unnumbered;
    if (run.last !== null) this.checkFollows(run.last, event, numbered);
    else if (numbered) this.checkStart(event);
    this.checkTime(run, event);
    run.last = event;
  }

  private checkStart(event: JournalEvent): void {
    const allowed = this.options.firstVersions;
    if (allowed.includes(event.version)) return;
    if (this.options.pages && event.version > Math.min(...allowed)) {
      this.report({
        severity: 'info',
        kind: 'stream-start',
        ...at(event),
        message: `Stream ${quote(event.stream)} begins at version ${event.version} in this export: the earlier events are not in it (it is one page of the stream).`,
      });
      return;
    }
    const expected = allowed.join(' or ');
    const missing = event.version > Math.min(...allowed) ? '; the versions before it are not in the journal' : ', below the first version the store numbers';
    this.report({
      severity: 'warning',
      kind: 'stream-start',
      ...at(event),
      message: `Stream ${quote(event.stream)} starts at version ${event.version} (position ${event.position}), not at ${expected}${missing}.`,
    });
  }

  /** `numbered`: the versions are the store's, so a jump is a gap. */
  private checkFollows(previous: JournalEvent, event: JournalEvent, numbered: boolean): void {
    if (event.version === previous.version) {
      this.report({
        severity: 'error',
        kind: 'duplicate-version',
        ...at(event),
        message: `Stream ${quote(event.stream)} has version ${event.version} twice: at position ${previous.position} and again at position ${event.position}.`,
      });
    } else if (numbered && event.version > previous.version + 1) {
      const explained = this.options.leftOut !== undefined;
      const missing = event.version - previous.version - 1;
      const what = missing === 1 ? `version ${previous.version + 1} is` : `versions ${range(previous.version + 1, event.version - 1)} are`;
      this.report({
        severity: explained ? 'info' : 'error',
        kind: 'version-gap',
        ...at(event),
        message:
          `Stream ${quote(event.stream)} jumps from version ${previous.version} to ${event.version} at position ${event.position}: ` +
          `${what} ${explained ? `not in the journal; gaps here may be ${this.options.leftOut}` : 'missing'}.`,
      });
    }
  }

  private checkTime(run: Run, event: JournalEvent): void {
    if (event.time === null) return;
    const ms = Date.parse(event.time);
    if (run.dated !== null && ms < run.dated.ms) {
      const before = run.dated.event;
      const reason = this.options.timesMayFall;
      this.report({
        severity: reason === undefined ? 'warning' : 'info',
        kind: 'time-backwards',
        ...at(event),
        message:
          `Stream ${quote(event.stream)} goes back in time at version ${event.version} (position ${event.position}): ` +
          `${event.time} is earlier than version ${before.version} at ${before.time}${reason === undefined ? '' : `; ${reason}`}.`,
      });
    }
    // Compared with the previous dated event, not the latest time seen: one event dated far ahead is then reported
    // once (at the event after it), not again at every event that follows.
    run.dated = { event, ms };
  }
}

export function at(event: JournalEvent): Pick<AuditFinding, 'stream' | 'version' | 'position'> {
  return { stream: event.stream, version: event.version, position: event.position };
}

/** A stream name as messages show it: quoted, so spaces and empty names stay visible. */
export function quote(text: string): string {
  return JSON.stringify(text);
}

function range(first: number, last: number): string {
  return first === last ? String(first) : `${first} to ${last}`;
}
