// An Eventlens export (`eventlens events`) writes each event's digest beside it. Read back, the digest is no part of
// the event (generic-json.ts); here it is evidence: an event whose content no longer gives the digest written with it
// was changed after it was exported.
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalEvent } from '../../shared/model.js';
import { isExportDigest } from '../readers/formats/generic-json.js';
import { eventDigest } from './digest.js';

/** Only records that can hold such a digest are parsed again. */
const MARK = '"digest"';

export class ExportDigestCheck {
  constructor(private readonly report: (finding: AuditFinding) => void) {}

  /** Fed every event with its record (`raw`), in any order. */
  visit(event: JournalEvent): void {
    if (event.raw === undefined || !event.raw.includes(MARK)) return;
    let written: unknown;
    try {
      written = (JSON.parse(event.raw) as { digest?: unknown }).digest;
    } catch {
      return;
    }
    if (!isExportDigest('digest', written)) return;
    const { raw: _raw, digest: _digest, ...content } = event;
    const actual = eventDigest(content);
    if (actual === written) return;
    this.report({
      severity: 'error',
      kind: 'export-digest',
      stream: event.stream,
      version: event.version,
      position: event.position,
      message: `The event at position ${event.position} (stream ${JSON.stringify(event.stream)} version ${event.version}) no longer matches the digest written with it when it was exported (${written.slice(0, 12)}…, now ${actual.slice(0, 12)}…): it was changed since.`,
    });
  }
}
