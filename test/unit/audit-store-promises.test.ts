// Each store is judged by what it promises: Temporal's times need not rise within a history and its payload shapes
// vary with the activity; an Atom page may begin mid-stream; Rails Event Store keeps no number for links made with
// expected_version :any. Elsewhere the same things stay warnings.
import { describe, expect, it } from 'vitest';
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { SchemaDrift } from '../../electron/audit/schema-drift.js';
import { exportsArePages, firstVersions, payloadShapesVary, RES_UNNUMBERED_MARK, timesMayFall, unnumberedVersions } from '../../electron/audit/store-numbering.js';
import { StreamChecks } from '../../electron/audit/stream-checks.js';

function event(version: number, time: string, data: JournalEvent['data'] = {}): JournalEvent {
  return { position: version, stream: 's', version, type: 'ActivityTaskStarted', time, data, metadata: null };
}

function streamFindings(format: string, events: JournalEvent[]): AuditFinding[] {
  const found: AuditFinding[] = [];
  const reason = timesMayFall(format);
  const unnumbered = unnumberedVersions(format);
  const checks = new StreamChecks(
    { firstVersions: firstVersions(format), pages: exportsArePages(format), ...(reason && { timesMayFall: reason }), ...(unnumbered && { unnumbered }) },
    (f) => found.push(f),
  );
  for (const e of events) checks.visit(e);
  return found;
}

describe('audit by what each store promises', () => {
  const backwards = [event(1, '2026-01-01T00:00:02Z'), event(2, '2026-01-01T00:00:01Z')];

  it('notes a step back in time as info in a Temporal history, with the reason, and warns elsewhere', () => {
    const temporal = streamFindings('temporal-history', backwards);
    expect(temporal.map((f) => [f.severity, f.kind])).toEqual([['info', 'time-backwards']]);
    expect(temporal[0]!.message).toContain('Temporal writes ActivityTaskStarted when the activity completes');
    expect(streamFindings('ndjson', backwards).map((f) => [f.severity, f.kind])).toEqual([['warning', 'time-backwards']]);
    expect(streamFindings('eventstoredb-atom', [event(0, '2026-01-01T00:00:02Z'), event(1, '2026-01-01T00:00:01Z')]).map((f) => f.severity)).toEqual(['warning']);
  });

  it('says an Atom page that begins at version 20 is an excerpt (info); a generic export that does is a warning', () => {
    const page = streamFindings('eventstoredb-atom', [event(20, '2026-01-01T00:00:00Z'), event(21, '2026-01-01T00:00:01Z')]);
    expect(page.map((f) => [f.severity, f.kind, f.version])).toEqual([['info', 'stream-start', 20]]);
    expect(page[0]!.message).toContain('begins at version 20');
    expect(streamFindings('ndjson', [event(20, '2026-01-01T00:00:00Z')]).map((f) => [f.severity, f.kind])).toEqual([['warning', 'stream-start']]);
    // Below the first version is no excerpt: still a warning on a page.
    expect(streamFindings('eventstoredb-atom', [event(-1, '2026-01-01T00:00:00Z')]).map((f) => f.severity)).toEqual(['warning']);
  });

  it('takes payload shapes that change kind as info in Temporal, a warning elsewhere', () => {
    const drift = (format: string) => {
      const found: AuditFinding[] = [];
      const check = new SchemaDrift((f) => found.push(f), 10, payloadShapesVary(format));
      check.visit(event(1, '2026-01-01T00:00:00Z', { input: 100 }));
      check.visit(event(2, '2026-01-01T00:00:01Z', { input: { type: 'query' } }));
      check.result();
      return found.map((f) => f.severity);
    };
    expect(drift('temporal-history')).toEqual(['info']);
    expect(drift('ndjson')).toEqual(['warning']);
  });

  describe('Rails Event Store links without a position (expected_version :any)', () => {
    /** A link as the live store shows it: its link id as version, marked unnumbered; or a link with its stored position. */
    const link = (stream: string, version: number, time: string, unnumbered: boolean): JournalEvent => ({
      ...event(version, time),
      stream,
      type: 'item_added',
      ...(unnumbered && { extra: { [RES_UNNUMBERED_MARK]: null } }),
    });
    const kinds = (found: AuditFinding[]) => found.map((f) => [f.kind, f.stream, f.version]);

    it('get no stream-start and no version-gap, while a numbered stream of the same store still does', () => {
      const found = streamFindings('rails-event-store', [
        link('cart-1', 7, '2026-01-08T09:00:00Z', true),
        link('cart-1', 9, '2026-01-08T09:05:00Z', true),
        link('cart-1', 14, '2026-01-08T09:10:00Z', true),
        link('order-1', 0, '2026-01-08T09:00:00Z', false),
        link('order-1', 2, '2026-01-08T09:05:00Z', false),
        link('order-2', 1, '2026-01-08T09:00:00Z', false),
      ]);
      expect(kinds(found)).toEqual([
        ['version-gap', 'order-1', 2],
        ['stream-start', 'order-2', 1],
      ]);
    });

    it('are still checked for time going backwards in link order', () => {
      const found = streamFindings('rails-event-store', [link('cart-1', 7, '2026-01-08T09:05:00Z', true), link('cart-1', 9, '2026-01-08T09:00:00Z', true)]);
      expect(found.map((f) => [f.severity, f.kind, f.version])).toEqual([['warning', 'time-backwards', 9]]);
    });

    it('in a stream that mixes both: the numbered are checked among themselves, the link ids between them count for nothing', () => {
      // Positions 0, 1 and 3 (2 lost), with :any links (ids 1, 2 and 5) falling between them in version order; the
      // unnumbered link 1 equals position 1 and is no repeat; the :any links were made earlier than the numbered ones.
      const found = streamFindings('rails-event-store', [
        link('cart-1', 0, '2026-01-08T10:00:00Z', false),
        link('cart-1', 1, '2026-01-08T09:00:00Z', true),
        link('cart-1', 1, '2026-01-08T10:01:00Z', false),
        link('cart-1', 2, '2026-01-08T09:01:00Z', true),
        link('cart-1', 3, '2026-01-08T10:03:00Z', false),
        link('cart-1', 5, '2026-01-08T09:02:00Z', true),
      ]);
      expect(kinds(found)).toEqual([['version-gap', 'cart-1', 3]]);
      // Numbered links that do not start at 0 still start late.
      expect(kinds(streamFindings('rails-event-store', [link('cart-1', 4, '2026-01-08T09:00:00Z', true), link('cart-1', 2, '2026-01-08T10:00:00Z', false)]))).toEqual([
        ['stream-start', 'cart-1', 2],
      ]);
    });

    it('are only recognised in Rails Event Store: the same member elsewhere is an ordinary field', () => {
      const elsewhere = [link('s', 3, '2026-01-08T09:00:00Z', true), link('s', 5, '2026-01-08T09:01:00Z', true)];
      expect(streamFindings('ndjson', elsewhere).map((f) => f.kind)).toEqual(['stream-start', 'version-gap']);
      // A position the store holds, kept besides as a number, is no mark.
      const numbered = { ...link('s', 3, '2026-01-08T09:00:00Z', false), extra: { [RES_UNNUMBERED_MARK]: 3 } };
      expect(streamFindings('rails-event-store', [numbered]).map((f) => f.kind)).toEqual(['stream-start']);
    });
  });
});
