// Each store is judged by what it promises: Temporal's times need not rise within a history and its payload shapes
// vary with the activity; an Atom page may begin mid-stream. Elsewhere the same things stay warnings.
import { describe, expect, it } from 'vitest';
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { SchemaDrift } from '../../electron/audit/schema-drift.js';
import { exportsArePages, firstVersions, payloadShapesVary, timesMayFall } from '../../electron/audit/store-numbering.js';
import { StreamChecks } from '../../electron/audit/stream-checks.js';

function event(version: number, time: string, data: JournalEvent['data'] = {}): JournalEvent {
  return { position: version, stream: 's', version, type: 'ActivityTaskStarted', time, data, metadata: null };
}

function streamFindings(format: string, events: JournalEvent[]): AuditFinding[] {
  const found: AuditFinding[] = [];
  const reason = timesMayFall(format);
  const checks = new StreamChecks({ firstVersions: firstVersions(format), pages: exportsArePages(format), ...(reason && { timesMayFall: reason }) }, (f) => found.push(f));
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
});
