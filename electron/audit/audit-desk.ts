// The service's audit side: one audit per open journal, started when it opens and shared by every caller; the last
// comparison with another export; the report built from both.
import { basename } from 'node:path';
import type { AuditReport, AuditResult, JournalComparison } from '../../shared/audit.js';
import { auditReportJson, renderAuditReport } from '../../shared/audit-report.js';
import type { AuditReportFile } from '../../shared/contract.js';
import type { JournalStore } from '../store/journal-store.js';
import { auditJournal } from './audit-journal.js';
import type { StreamReplayCheck } from './audit-journal.js';
import { compareJournals } from './compare.js';
import { StaleCacheError } from '../store/evidence.js';

/** How export B is read: its map and key (files), or the password of a live store (given apart from its URL). */
export interface OtherReading {
  map?: Record<string, string>;
  cipherKey?: string;
  password?: string;
}

export interface AuditDeskOptions {
  /** The journal open now (throws "no-journal" when there is none). */
  current: () => JournalStore;
  /** Replays one stream with the reducer chosen now, or null when only the store's own checks should run. */
  replayCheck: () => StreamReplayCheck | null;
  /** Opens another export for comparison; the desk closes it when done. */
  openOther: (path: string, read: OtherReading, signal: AbortSignal, rebuild: boolean) => Promise<JournalStore>;
  /** "Eventlens 0.1.0": written into the report. */
  generator: string;
}

interface Running {
  store: JournalStore;
  result: Promise<AuditResult>;
  controller: AbortController;
}

export class AuditDesk {
  private running: Running | null = null;
  private comparison: { store: JournalStore; result: JournalComparison } | null = null;

  constructor(private readonly options: AuditDeskOptions) {}

  /**
   * A new journal is open: its audit starts now, in the background, when `eager` (the app: the Findings panel fills
   * by itself); else on the first audit() (the CLI, which mostly asks other questions).
   */
  opened(store: JournalStore, eager: boolean): void {
    this.stop();
    this.comparison = null;
    if (eager) this.begin(store);
  }

  /** The reducer changed: reducer errors and snapshot checks may differ, so the next audit runs again. */
  invalidate(): void {
    const store = this.running?.store;
    this.stop();
    if (store) this.begin(store);
  }

  async audit(): Promise<AuditResult> {
    const store = this.options.current();
    if (this.running?.store !== store) this.begin(store);
    return this.running!.result;
  }

  async compare(path: string, read: OtherReading): Promise<JournalComparison> {
    const a = this.options.current();
    const controller = new AbortController();
    const result = await this.compareWith(a, path, read, controller.signal, false).catch((error: unknown) => {
      // Export B's cache answered for other bytes than its file holds now: B is read again (A is the service's).
      if (!(error instanceof StaleCacheError) || error.path === a.summary.path) throw error;
      return this.compareWith(a, path, read, controller.signal, true);
    });
    if (this.options.current() === a) this.comparison = { store: a, result };
    return result;
  }

  private async compareWith(a: JournalStore, path: string, read: OtherReading, signal: AbortSignal, rebuild: boolean): Promise<JournalComparison> {
    const b = await this.options.openOther(path, read, signal, rebuild);
    try {
      return await compareJournals(a, b, { signal });
    } finally {
      // Export B was opened for this comparison only: its cache (a copy of its payloads) goes with it.
      if (b.discard) b.discard();
      else b.close();
    }
  }

  async report(format: 'html' | 'json'): Promise<AuditReportFile> {
    const store = this.options.current();
    const audit = await this.audit();
    const report: AuditReport = {
      audit,
      rates: await store.rates({ bucket: 'auto' }),
      comparison: this.comparison?.store === store ? this.comparison.result : null,
      generator: this.options.generator,
    };
    const stem = `${basename(store.summary.name).replace(/\.[^.]*$/, '') || 'journal'}-audit`;
    return format === 'json'
      ? { name: `${stem}.json`, mediaType: 'application/json', content: auditReportJson(report) }
      : { name: `${stem}.html`, mediaType: 'text/html', content: renderAuditReport(report) };
  }

  stop(): void {
    this.running?.controller.abort();
    this.running = null;
  }

  private begin(store: JournalStore): void {
    const controller = new AbortController();
    const replay = this.options.replayCheck();
    const result = auditJournal(store, { signal: controller.signal, ...(replay && { replay }) });
    // Nobody may ask for it (a CLI command that only lists streams): a failure is reported when asked, not unhandled.
    result.catch(() => {});
    this.running = { store, result, controller };
  }
}
