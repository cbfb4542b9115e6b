// How findings read: a severity marker in words (never colour alone), what kind, where, and how many.
import type { Finding, JournalSummary, Severity } from '../../shared/model.js';
import { formatCount, plural } from './format.js';

/** Known kinds in words; any other kind is shown as its id made readable ("bad-time" → "Bad time"). */
const KINDS: Record<string, string> = {
  truncated: 'File cut off',
  'invalid-utf8': 'Not UTF-8',
  'read-failed': 'Read stopped',
  'missing-field': 'Missing field',
  'undecodable-payload': 'Undecodable payload',
  'not-json': 'Not JSON',
  'not-an-event': 'Not an event',
  'bad-time': 'Unreadable time',
  'xml-payload': 'XML payload',
  'sequence-not-a-number': 'Sequence not a number',
  // The audit's own kinds (shared/audit.ts AUDIT_KINDS).
  'version-gap': 'Version gap',
  'duplicate-version': 'Duplicate version',
  'stream-start': 'Stream starts late',
  'duplicate-id': 'Duplicate event id',
  'position-order': 'Position out of order',
  'position-gap': 'Position gap',
  'time-backwards': 'Time goes backwards',
  'time-backwards-global': 'Time goes backwards across streams',
  'hash-chain': 'Hash chain broken',
  'snapshot-mismatch': 'Snapshot mismatch',
  'reducer-error': 'Reducer error',
  'schema-drift': 'Schema drift',
  'reader-findings-unlisted': 'More reading problems',
};

export function findingKindLabel(kind: string): string {
  const known = KINDS[kind];
  if (known !== undefined) return known;
  const words = kind.replace(/[-_]+/g, ' ').trim();
  return words === '' ? 'Finding' : words[0]!.toUpperCase() + words.slice(1);
}

/** The marker read before each finding: a symbol for the eye and a word for everyone. */
export const SEVERITY_MARKERS: Record<Severity, { symbol: string; word: string }> = {
  error: { symbol: '✕', word: 'Error' },
  warning: { symbol: '▲', word: 'Warning' },
  info: { symbol: 'ℹ', word: 'Note' },
};

/**
 * "2 errors, 1 warning", most severe first: over listed findings (one each), or over an audit's counts by kind
 * (FindingCount, `count` each).
 */
export function severityCounts(findings: readonly (Pick<Finding, 'severity'> & { count?: number })[]): string {
  const order: Severity[] = ['error', 'warning', 'info'];
  const names: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['note', 'notes'] };
  const total = (severity: Severity) => findings.reduce((sum, f) => sum + (f.severity === severity ? (f.count ?? 1) : 0), 0);
  return order
    .map((severity) => [severity, total(severity)] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => plural(count, names[severity][0], names[severity][1]))
    .join(', ');
}

/** The line under the list when it is capped: "1,234 more not listed". Empty when every finding is listed. */
export function moreFindingsText(summary: Pick<JournalSummary, 'moreFindings'>): string {
  return summary.moreFindings > 0 ? `${formatCount(summary.moreFindings)} more not listed` : '';
}
