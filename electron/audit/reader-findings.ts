// What the reader found while opening the file (lines that were not JSON, records without a stream, payloads that
// could not be decoded) belongs in the audit too: those records are missing from every other check.
import type { AuditFinding } from '../../shared/audit.js';
import type { JournalSummary } from '../../shared/model.js';

/** Kind of the one finding standing for the reader's findings that were counted but not kept. */
export const UNLISTED_READER_FINDINGS = 'reader-findings-unlisted';

/**
 * Each reader finding as an audit finding of the same severity, kind and message, with no stream, version or
 * position (the reader places them in the file: "line 12", in the message). The reader keeps the first ones only;
 * the rest, whose kinds are not known, become one warning saying how many, counted as that many.
 */
export function readerFindings(summary: JournalSummary): { finding: AuditFinding; times: number }[] {
  const findings = summary.findings.map(({ severity, kind, message }) => ({ finding: { severity, kind, stream: null, version: null, position: null, message } as AuditFinding, times: 1 }));
  if (summary.moreFindings > 0) {
    // Listed once, counted as many as they were: the panel's total then agrees with what the reader counted.
    findings.push({ times: summary.moreFindings, finding: {
      severity: 'warning',
      kind: UNLISTED_READER_FINDINGS,
      stream: null,
      version: null,
      position: null,
      message: `Reading ${summary.name} found ${summary.moreFindings} more problems than the ${summary.findings.length} listed; they were counted, not kept.`,
    } });
  }
  return findings;
}
