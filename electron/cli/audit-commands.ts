// The auditor's commands: `audit` (findings, digest, chain, drift; a report file; an exit code for CI pipelines) and
// `diff` (two exports of one history compared).
import type { AuditResult, JournalComparison } from '../../shared/audit.js';
import type { Severity } from '../../shared/model.js';
import { REDUCER_KINDS } from '../../shared/reducers.js';
import { reportTarget, writeReport } from '../audit/report-file.js';
import type { ReadFile } from '../audit/report-file.js';
import type { JournalService } from '../service/journal-service.js';
import type { CommandOptions } from './commands.js';
import { formatCount, printJson, say } from './output.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface AuditCommandOptions extends CommandOptions {
  /** Exit 1 when a finding this severe or worse exists (default error). */
  failOn?: Severity;
  /** Write the report there: HTML, or JSON when the name ends in .json. */
  report?: string;
}

/** Exit code 1 when a finding at or above `failOn` exists; the caller sets process.exitCode. */
export async function audit(service: JournalService, file: string, options: AuditCommandOptions): Promise<number> {
  const reducerFile = options.reducer !== undefined && !(REDUCER_KINDS as readonly string[]).includes(options.reducer) ? options.reducer : undefined;
  const reading: ReadFile[] = [{ path: file, what: 'journal' }, ...(reducerFile !== undefined ? [{ path: reducerFile, what: 'reducer' }] : [])];
  // Refused before the audit runs, not after minutes of it; writeReport checks again when it writes.
  if (options.report !== undefined) reportTarget(options.report, reading);
  await service.openJournal({ path: file, ...options.open });
  // With the user's reducer, every stream is replayed too: reducer errors become findings.
  if (reducerFile !== undefined) await service.loadReducer({ path: reducerFile });
  const result = await service.audit();
  let written: string | undefined;
  if (options.report !== undefined) {
    const { content } = await service.report({ format: options.report.endsWith('.json') ? 'json' : 'html' });
    written = await writeReport(options.report, content, reading);
  }
  const failOn = options.failOn ?? 'error';
  const failing = result.counts.filter((count) => RANK[count.severity] >= RANK[failOn]).reduce((sum, count) => sum + count.count, 0);
  if (options.json) {
    printJson({
      findings: result.findings.map(({ severity, kind, stream, version, position, message }) => ({ severity, kind, stream, version, position, message })),
      moreFindings: result.moreFindings,
      counts: result.counts,
      digest: result.digest,
      chain: result.chain,
      drift: result.drift,
    });
  } else {
    printAudit(result, written);
  }
  return failing > 0 ? 1 : 0;
}

/** `written` is where the report went, its folder's links resolved. */
function printAudit(result: AuditResult, written: string | undefined): void {
  const { journal, digest } = result;
  say`${journal.path}`;
  say`format   ${journal.format}`;
  say`events   ${formatCount(journal.events)} in ${formatCount(journal.streams)} streams`;
  say`${digest.algorithm}   ${digest.hex} (${formatCount(digest.bytes)} bytes)`;
  const chain = result.chain;
  if (chain?.brokenAt) say`chain    broken at position ${chain.brokenAt.position}: ${chain.brokenAt.reason}`;
  else if (chain) say`chain    verified up to position ${chain.verifiedUpTo ?? '—'} (${formatCount(chain.events)} events)`;
  const total = result.counts.reduce((sum, count) => sum + count.count, 0);
  say`findings ${formatCount(total)}${total ? ':' : ''}`;
  for (const count of result.counts) say`  ${count.severity.padEnd(7)} ${count.kind.padEnd(22)} ${formatCount(count.count)}`;
  for (const finding of result.findings) say`${finding.severity}\t${finding.kind}\t${finding.message}`;
  if (result.moreFindings) say`… and ${formatCount(result.moreFindings)} more findings (the counts above include them).`;
  if (written !== undefined) say`report written to ${written}`;
}

/** Exit code 1 when the exports differ, so a pipeline can stop on a rewritten history. */
export async function diff(service: JournalService, fileA: string, fileB: string, options: CommandOptions): Promise<number> {
  await service.openJournal({ path: fileA, ...options.open });
  const comparison = await service.compare({ path: fileB, ...options.open });
  if (options.json) printJson(comparison);
  else printComparison(comparison);
  return comparison.identical ? 0 : 1;
}

function printComparison(comparison: JournalComparison): void {
  const { a, b } = comparison;
  say`A  ${a.path}  ${formatCount(a.events)} events  sha256 ${a.digest.hex}`;
  say`B  ${b.path}  ${formatCount(b.events)} events  sha256 ${b.digest.hex}`;
  if (comparison.identical) {
    say`The two exports hold the same events.`;
    return;
  }
  say`added ${formatCount(comparison.added)}, removed ${formatCount(comparison.removed)}, modified ${formatCount(comparison.modified)}`;
  if (comparison.rewritten) say`HISTORY REWRITTEN: ${formatCount(comparison.rewritten)} events of A were changed or removed before B's end.`;
  if (comparison.streamsAdded.length) say`streams only in B: ${comparison.streamsAdded.join(', ')}`;
  if (comparison.streamsRemoved.length) say`streams only in A: ${comparison.streamsRemoved.join(', ')}`;
  for (const difference of comparison.differences) {
    const paths = difference.changes?.map((change) => change.path).join(', ');
    // The tabs between fields are ours; the changed paths are the payload's keys, escaped like the stream.
    if (paths) say`${difference.kind}\t${difference.stream}\tversion ${difference.version}\t${paths}`;
    else say`${difference.kind}\t${difference.stream}\tversion ${difference.version}`;
  }
  if (comparison.moreDifferences) say`… and ${formatCount(comparison.moreDifferences)} more differences.`;
}
