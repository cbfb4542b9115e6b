// Time across the whole journal, in global order. Writers' clocks differ and stores assign positions at commit,
// so an event dated a little before the one ahead of it is common and harmless: info, listed only a few times
// (GLOBAL_TIME_LISTED) and counted in full.
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { at, quote } from './stream-checks.js';

/** time-backwards-global findings listed in full; the rest are counted. */
export const GLOBAL_TIME_LISTED = 20;

/**
 * **time-backwards-global** (info): an event is dated earlier than the previous dated event in global order;
 * placed at the later event. Compared with the previous dated event, so one event dated far ahead gives one
 * finding (at the event after it), not one per event that follows.
 */
export class GlobalTimeCheck {
  private previous: { event: JournalEvent; ms: number } | null = null;

  constructor(private readonly report: (finding: AuditFinding) => void) {}

  visit(event: JournalEvent): void {
    if (event.time === null) return;
    const ms = Date.parse(event.time);
    const previous = this.previous;
    this.previous = { event, ms };
    if (previous === null || ms >= previous.ms) return;
    this.report({
      severity: 'info',
      kind: 'time-backwards-global',
      ...at(event),
      message:
        `Position ${event.position} (stream ${quote(event.stream)} version ${event.version}) is dated ${event.time}, ` +
        `earlier than position ${previous.event.position} before it (${previous.event.time}).`,
    });
  }
}
