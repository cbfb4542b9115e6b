// The app as a whole: which journal is open, the recent list, what is loading and the error to show.
import type { ApiReply } from '../../shared/contract.js';
import { unwrapReply } from '../../shared/contract.js';
import type { JournalSummary } from '../../shared/model.js';
import { describeError } from './errors.js';
import type { ShownError } from './errors.js';
import type { Transport } from './transport.js';

export class AppState {
  /** The open journal; null on the welcome screen. */
  summary = $state.raw<JournalSummary | null>(null);
  recent = $state.raw<string[]>([]);
  error = $state.raw<ShownError | null>(null);
  /** What is being opened, while it is. */
  opening = $state<string | null>(null);
  /** False until the first summary() answered, so the welcome screen does not flash before a journal. */
  started = $state(false);

  /** Set by the view that owns the hidden file input (browser host only). */
  pickFile: (() => void) | null = null;

  constructor(readonly transport: Transport) {}

  get api() {
    return this.transport.api;
  }

  /** Loads the current journal and recent list; returns the unsubscribe for desktop push events. */
  start(): () => void {
    const unsubscribe = this.transport.onJournalOpened((reply) => this.pushed(reply));
    void this.load();
    return unsubscribe;
  }

  private async load(): Promise<void> {
    try {
      const [summary, recent] = await Promise.all([this.api.summary(), this.api.recent().catch(() => [])]);
      this.summary = summary;
      this.recent = recent;
    } catch (error) {
      this.error = describeError('Could not reach the journal service', error);
    } finally {
      this.started = true;
    }
  }

  private pushed(reply: ApiReply<JournalSummary>): void {
    try {
      this.opened(unwrapReply(reply));
    } catch (error) {
      this.error = describeError('Could not open the journal', error);
    }
  }

  private opened(summary: JournalSummary): void {
    this.summary = summary;
    this.error = null;
    void this.api.recent().then(
      (recent) => (this.recent = recent),
      () => {},
    );
  }

  /** Runs one way of opening a journal, showing progress and turning a failure into a message. */
  private async open(label: string, failure: string, run: () => Promise<JournalSummary | null>): Promise<void> {
    this.opening = label;
    this.error = null;
    try {
      const summary = await run();
      if (summary !== null) this.opened(summary);
    } catch (error) {
      this.error = describeError(failure, error);
    } finally {
      this.opening = null;
    }
  }

  /** "Open journal…": the native dialog on the desktop, the page's file picker in a browser. */
  chooseJournal(): void {
    const choose = this.transport.chooseJournal;
    if (choose) void this.open('Opening journal…', 'Could not open the journal', choose);
    else this.pickFile?.();
  }

  openSample(): Promise<void> {
    return this.open('Opening the sample journal…', 'Could not open the sample journal', () => this.api.openSample());
  }

  openPath(path: string): Promise<void> {
    return this.open(`Opening ${path}…`, `Could not open ${path}`, () => this.api.openJournal({ path }));
  }

  openFile(file: File): Promise<void> {
    return this.open(`Opening ${file.name}…`, `Could not open ${file.name}`, () => this.transport.openFile(file));
  }

  showError(title: string, error: unknown): void {
    this.error = describeError(title, error);
  }

  dismissError(): void {
    this.error = null;
  }
}
