// The audit's findings: every one is counted, a bounded number is kept in full, so a journal with a million gaps
// still gives a report of a readable size (and memory stays bounded while it is made).
import type { AuditFinding, FindingCount } from '../../shared/audit.js';
import type { Severity } from '../../shared/model.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface ListedFindings {
  findings: AuditFinding[];
  moreFindings: number;
  counts: FindingCount[];
}

export class FindingList {
  /** Kept per severity, each up to the cap: errors are never crowded out by a flood of info findings. */
  private readonly kept: Record<Severity, AuditFinding[]> = { error: [], warning: [], info: [] };
  private readonly counted = new Map<string, FindingCount>();
  private readonly keptPerKind = new Map<string, number>();
  private total = 0;

  /**
   * @param max findings listed in all
   * @param kindCaps findings listed at most per kind, for kinds that are numerous and alike (the rest are counted)
   */
  constructor(
    private readonly max: number,
    private readonly kindCaps: Readonly<Record<string, number>> = {},
  ) {}

  /** `times`: how many findings this one stands for (one listed entry summing problems that were only counted). */
  add(finding: AuditFinding, times = 1): void {
    this.total += times;
    const key = `${finding.kind}\u0000${finding.severity}`;
    const count = this.counted.get(key);
    if (count) count.count += times;
    else this.counted.set(key, { kind: finding.kind, severity: finding.severity, count: times });

    const listedOfKind = this.keptPerKind.get(finding.kind) ?? 0;
    if (listedOfKind >= (this.kindCaps[finding.kind] ?? Infinity)) return;
    const kept = this.kept[finding.severity];
    if (kept.length >= this.max) return;
    kept.push(finding);
    this.keptPerKind.set(finding.kind, listedOfKind + 1);
  }

  /** Times a kind was found, whatever its severity. */
  countOf(kind: string): number {
    let sum = 0;
    for (const count of this.counted.values()) if (count.kind === kind) sum += count.count;
    return sum;
  }

  /**
   * The most severe first, up to the cap; within a severity by position (findings of the file as a whole, with no
   * position, first), so the list reads like the journal. Counts by severity, then kind.
   */
  result(): ListedFindings {
    const findings = SEVERITIES.flatMap((severity) => [...this.kept[severity]].sort(byPosition)).slice(0, this.max);
    const counts = [...this.counted.values()].sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
    );
    return { findings, moreFindings: Math.max(0, this.total - findings.length), counts };
  }
}

function byPosition(a: AuditFinding, b: AuditFinding): number {
  if (a.position === b.position) return 0;
  if (a.position === null) return -1;
  if (b.position === null) return 1;
  return a.position - b.position;
}
