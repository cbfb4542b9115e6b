// A filter a live store refused to run unasked ("needs-consent": no index serves it, so it would read a large table
// whole): what it would cost, as the store said it, with Run anyway and Cancel. The areas keep what they showed
// meanwhile; one question stands for every area refused the same filter (table, chart, stream counts).
import { JournalError } from '../../shared/contract.js';
import type { JournalApi } from '../../shared/contract.js';

/** A refusal of a filter for what it would read, to ask the person about rather than report as a failure. */
export function isScanRefusal(error: unknown): error is JournalError {
  return error instanceof JournalError && error.code === 'needs-consent';
}

export class ScanConsent {
  /** What the filter would read and why, as the store said it; null when nothing waits for an answer. */
  question = $state<string | null>(null);
  /** Run anyway was pressed: the service is being told. */
  allowing = $state(false);
  /** Why telling the service failed, shown with the question. */
  failure = $state<string | null>(null);

  constructor(
    private readonly api: JournalApi,
    /** Asks every area again for the filters as they are: the store now runs them. */
    private readonly rerun: () => void,
    /** Puts the filters back as the areas last showed them. */
    private readonly revert: () => void,
  ) {}

  ask(error: JournalError): void {
    this.question = error.message;
    this.failure = null;
  }

  /** Run anyway: the store runs the filters it refused, and the areas ask again. */
  async allow(): Promise<void> {
    if (this.question === null || this.allowing) return;
    this.allowing = true;
    try {
      await this.api.allowScans({});
      this.question = null;
      this.rerun();
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
    } finally {
      this.allowing = false;
    }
  }

  /** Cancel: nothing runs, and the filters go back to those the areas show. */
  decline(): void {
    if (this.question === null) return;
    this.question = null;
    this.revert();
  }

  /** The filters changed: a question about the ones before no longer stands (the new ones may be asked about). */
  dismiss(): void {
    this.question = null;
    this.failure = null;
  }
}
