// What a reader hands to the service: the events it could read and findings about those it could not.
import type { Finding, JournalEvent } from '../../shared/model.js';

export interface LoadedJournal {
  format: string;
  events: JournalEvent[];
  findings: FindingLog;
}

/** Keeps the first findings in full and counts the rest, so a file with a million bad lines stays usable. */
export class FindingLog {
  readonly list: Finding[] = [];
  overflow = 0;

  constructor(private readonly limit = 1000) {}

  add(finding: Finding): void {
    if (this.list.length < this.limit) this.list.push(finding);
    else this.overflow += 1;
  }

  get total(): number {
    return this.list.length + this.overflow;
  }
}
