// The Findings panel's state: the audit of the journal open (the service starts it when the journal opens; asking
// waits for it), the last comparison with another export, and the report exports.
import type { AuditResult, JournalComparison } from '../../shared/audit.js';
import type { AuditReportFile, JournalApi } from '../../shared/contract.js';
import { totalFindings } from './audit-view.js';
import { describeError } from './errors.js';
import { saveFile } from './save-file.js';

export type ReportFormat = 'html' | 'json';

export class AuditState {
  /** The panel is shown in place of the Event rate chart. */
  shown = $state(false);
  result = $state.raw<AuditResult | null>(null);
  /** An audit() call is waiting for its answer. */
  checking = $state(false);
  /** Why the audit could not be had, in words. */
  error = $state<string | null>(null);
  comparison = $state.raw<JournalComparison | null>(null);
  /** The report being made, while the service writes it. */
  exporting = $state<ReportFormat | null>(null);
  /** What the last export did (or why it failed), in words. */
  exportNote = $state<{ ok: boolean; text: string } | null>(null);

  /** Findings counted, listed or not; null until the audit answers. */
  readonly total = $derived(this.result ? totalFindings(this.result.counts) : null);
  readonly worst = $derived(this.result?.counts.find((count) => count.count > 0)?.severity ?? null);

  /** Bumped per audit() asked (and on dispose), so only the newest answer is shown. */
  private asked = 0;

  constructor(
    private readonly api: JournalApi,
    private readonly save: (file: AuditReportFile) => string = saveFile,
  ) {}

  /** Asks for the audit: at open, and again when the reducer changed (the service then runs it again). */
  async load(): Promise<void> {
    const ask = ++this.asked;
    this.checking = true;
    this.error = null;
    try {
      const result = await this.api.audit();
      if (ask === this.asked) this.result = result;
    } catch (error) {
      if (ask === this.asked) this.error = describeError('', error).message;
    } finally {
      if (ask === this.asked) this.checking = false;
    }
  }

  toggle(): void {
    this.shown = !this.shown;
  }

  /** Compares the journal open (A) with the export at `path` (B); answers why it failed, or null when it worked. */
  compare(path: string): Promise<string | null> {
    return this.compareWith(() => this.api.compare({ path }));
  }

  /** Compares with export B as `send` answers it (a file the page sent to the browser host). */
  async compareWith(send: () => Promise<JournalComparison>): Promise<string | null> {
    try {
      this.comparison = await send();
      this.shown = true;
      return null;
    } catch (error) {
      return describeError('', error).message;
    }
  }

  closeComparison(): void {
    this.comparison = null;
  }

  /** Has the service write the report (with the last comparison) and saves it through the page's download. */
  async exportReport(format: ReportFormat): Promise<void> {
    if (this.exporting !== null) return;
    this.exporting = format;
    this.exportNote = null;
    try {
      const file = await this.api.report({ format });
      const name = this.save(file);
      this.exportNote = { ok: true, text: `Report saved as ${name} (see your downloads).` };
    } catch (error) {
      this.exportNote = { ok: false, text: `Could not export the report: ${describeError('', error).message}` };
    } finally {
      this.exporting = null;
    }
  }

  dispose(): void {
    this.asked++;
  }
}
