// The app as a whole: which journal is open, the recent list, the open in flight and the error or notice to show.
import type { ConnectAttempt } from '../../shared/bridge.js';
import type { ApiReply } from '../../shared/contract.js';
import { unwrapReply } from '../../shared/contract.js';
import type { ConnectionCheck, FieldSample, JournalSummary, OpenProgress } from '../../shared/model.js';
import { connectionProblem } from './connection-check.js';
import { isLiveStore } from './connection-url.js';
import { describeError } from './errors.js';
import type { ShownError } from './errors.js';
import { OpenTask } from './open-task.svelte.js';
import { describeOptions, hasOptions, offersOptions } from './reading-options.js';
import type { ReadingOptions } from './reading-options.js';
import type { Transport } from './transport.js';

/** A file to open: a File picked or dropped in a browser page, or a path (desktop, recent list). */
export type OpenTarget = { file: File; name: string } | { path: string; name: string };

/** The Map columns… dialog's subject: a file (null on the desktop when it is not known) and options to start from. */
export interface OptionsRequest {
  target: OpenTarget | null;
  read: ReadingOptions;
  /** What the failed open lacked: a key for an encrypted store, or names for the fields. */
  need?: 'key' | 'map';
  /** A live store's password, typed in Connect to database…: used while this dialog is shown, then dropped. */
  password?: string;
}

/** The Connect to database… dialog's subject: the URL to start from, and why it was shown for it. */
export interface ConnectRequest {
  url: string;
  /** The open of `url` that failed for want of a password: said in the dialog, whose Password field is focused. */
  problem?: ShownError;
}

/** How often the open in flight is asked how far it has got; and, on the desktop, whether one has started. */
const POLL_BUSY_MS = 200;
const POLL_IDLE_MS = 1000;

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** How a journal is named while it opens: a file by its name, a live store by its whole URL (it has no password). */
function journalName(path: string): string {
  return isLiveStore(path) ? path : baseName(path);
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export class AppState {
  /** The open journal; null on the welcome screen. */
  summary = $state.raw<JournalSummary | null>(null);
  recent = $state.raw<string[]>([]);
  error = $state.raw<ShownError | null>(null);
  /** Set with `error` when retrying the same file with reading options might help. */
  retry = $state.raw<OptionsRequest | null>(null);
  /** A quiet word that needs no action, e.g. that an open was cancelled. */
  notice = $state<string | null>(null);
  /** The open in flight, with its progress. */
  opening = $state.raw<OpenTask | null>(null);
  /** The Map columns… dialog, while it is shown. */
  options = $state.raw<OptionsRequest | null>(null);
  /** The Connect to database… dialog, while it is shown. */
  connect = $state.raw<ConnectRequest | null>(null);
  /** The journal to open again after this window's service stopped unasked (the error says why). */
  reopen = $state.raw<{ path: string; name: string; sample: boolean } | null>(null);
  /** False until the first summary() answered, so the welcome screen does not flash before a journal. */
  started = $state(false);

  /** Set by the view that owns the hidden file input (browser host only); `then` says what the file is for. */
  pickFile: ((then: 'open' | 'options') => void) | null = null;

  /** The last open that failed, so "Map columns…" on the desktop can offer it again. */
  private lastFailed: OptionsRequest | null = null;
  /** The open the Connect to database… dialog started, which its Cancel stops. */
  private connecting: OpenTask | null = null;
  /** An open seen only through progress whose end was noticed before its result was pushed: the push still names it. */
  private endedUnannounced: OpenTask | null = null;
  /** Bumped whenever `opening` changes, so a progress answer about an earlier state is dropped. */
  private generation = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polling = false;
  private stopped = false;

  constructor(readonly transport: Transport) {}

  get api() {
    return this.transport.api;
  }

  /** Loads the current journal and recent list and starts watching opens; returns the teardown. */
  start(): () => void {
    this.stopped = false;
    const unsubscribe = this.transport.onJournalOpened((reply) => this.pushed(reply));
    const unsubscribeStopped = this.transport.onServiceStopped((message) => this.serviceStopped(message));
    // File → Connect to database…: the dialog, unless it is already shown (what was typed in it stays).
    const unsubscribeConnect = this.transport.onConnectAsked(() => {
      if (this.connect === null) this.askConnect();
    });
    void this.load();
    // Once at start even in a browser: a reload during an open finds it still going.
    this.schedulePoll(0);
    return () => {
      this.stopped = true;
      if (this.pollTimer !== null) clearTimeout(this.pollTimer);
      this.pollTimer = null;
      unsubscribe();
      unsubscribeStopped();
      unsubscribeConnect();
    };
  }

  /**
   * The service process behind this window ended (out of memory, killed): what it had open is gone, so the journal
   * view goes rather than answer from nothing, and the error offers to open the same journal again.
   */
  private serviceStopped(message: string): void {
    const shown = this.summary;
    this.setOpening(null);
    this.summary = null;
    this.retry = null;
    this.reopen = shown === null ? null : { path: shown.path, name: shown.name, sample: shown.name === 'Sample journal' };
    this.error = { title: 'The journal service stopped', message, hint: shown === null ? 'Open a journal to go on.' : `Reopen ${shown.name} to go on; other windows are not affected.` };
  }

  /** The error's "Reopen" after the service stopped. */
  reopenAfterStop(): Promise<void> {
    const target = this.reopen;
    this.reopen = null;
    this.error = null;
    if (target === null) return Promise.resolve();
    return target.sample ? this.openSample() : this.openPath(target.path);
  }

  private async load(): Promise<void> {
    try {
      const [summary, recent] = await Promise.all([this.api.summary(), this.api.recent().catch(() => [])]);
      this.summary = summary;
      this.recent = recent;
    } catch (error) {
      // The host's journal, opening in this tab's session as the page loaded, may be what failed (it names its file).
      const reached = !['unreachable', 'internal', 'unauthorized'].includes(String(errorCode(error)));
      this.error = describeError(reached ? 'Could not open the journal' : 'Could not reach the journal service', error);
    } finally {
      this.started = true;
    }
  }

  private pushed(reply: ApiReply<JournalSummary>): void {
    // The poll may have seen the open end a moment before the push arrived; the push is still about that open.
    const task = this.opening?.origin === 'elsewhere' ? this.opening : this.endedUnannounced;
    this.endedUnannounced = null;
    if (task !== null && this.opening === task) this.setOpening(null);
    try {
      this.opened(unwrapReply(reply));
    } catch (error) {
      const target = task?.path ? { path: task.path, name: task.name } : null;
      this.failed(task ? `Could not open ${task.name}` : 'Could not open the journal', error, target, {}, task?.name ?? 'the journal');
    }
  }

  private opened(summary: JournalSummary): void {
    this.summary = summary;
    this.error = null;
    this.retry = null;
    this.lastFailed = null;
    void this.api.recent().then(
      (recent) => (this.recent = recent),
      () => {},
    );
  }

  private failed(title: string, error: unknown, target: OpenTarget | null, read: ReadingOptions, name: string): void {
    if (isCancelled(error)) {
      this.notice = `Opening ${name} was cancelled.${this.summary ? ` ${this.summary.name} is still open.` : ''}`;
      return;
    }
    const live = target !== null && 'path' in target && isLiveStore(target.path) ? target.path : null;
    // A live store that wants a password (from the recent list, the menu): the form to give it, rather than an alert.
    if (live !== null && errorCode(error) === 'not-allowed') {
      this.connect = { url: live, problem: connectionProblem(title, error) };
      return;
    }
    // A live store's remedies are a connection's, and naming a table and its columns where none was recognised.
    if (live !== null) {
      this.error = connectionProblem(title, error);
      const request: OptionsRequest = { target, read, need: 'map' };
      this.lastFailed = offersOptions(error, hasOptions(read)) ? request : null;
      this.retry = this.lastFailed;
      return;
    }
    this.error = describeError(title, error);
    const request: OptionsRequest = { target, read, need: errorCode(error) === 'encrypted' ? 'key' : 'map' };
    this.lastFailed = request;
    this.retry = offersOptions(error, hasOptions(read)) ? request : null;
  }

  /**
   * Runs one way of opening a journal: progress while it runs, then the journal, a message, or a quiet "cancelled".
   * `fail`, when given, is told of a failure (other than a cancel) instead of the window's alert.
   */
  private async run(
    task: OpenTask,
    target: OpenTarget | null,
    read: ReadingOptions,
    failure: string,
    open: () => Promise<JournalSummary | null>,
    fail?: (error: unknown) => void,
  ): Promise<void> {
    // The service reads one journal at a time and a new open cancels the one before; an upload still going is stopped here.
    this.opening?.upload.abort();
    this.setOpening(task);
    this.endedUnannounced = null;
    this.error = null;
    this.retry = null;
    this.notice = null;
    this.schedulePoll(POLL_BUSY_MS);
    try {
      const summary = await open();
      if (this.opening === task && summary !== null) this.opened(summary);
    } catch (error) {
      // An open replaced by a newer one ends cancelled; only the newest speaks.
      if (this.opening === task) {
        const known = target ?? (task.path ? { path: task.path, name: task.name } : null);
        if (fail !== undefined && !isCancelled(error)) fail(error);
        else this.failed(failure, error, known, read, task.name);
        if (task.upload.signal.aborted) void this.cancelLeftover();
      }
    } finally {
      if (this.opening === task) this.setOpening(null);
    }
  }

  private setOpening(task: OpenTask | null): void {
    this.opening = task;
    this.generation += 1;
  }

  /** "Open journal…": the native dialog on the desktop, the page's file picker in a browser. */
  chooseJournal(): void {
    const choose = this.transport.chooseJournal;
    if (choose) void this.run(new OpenTask('journal', 'page'), null, {}, 'Could not open the journal', choose);
    else this.pickFile?.('open');
  }

  openSample(): Promise<void> {
    return this.run(new OpenTask('the sample journal', 'page'), null, {}, 'Could not open the sample journal', () => this.api.openSample());
  }

  openPath(path: string, read: ReadingOptions = {}): Promise<void> {
    return this.openTarget({ path, name: journalName(path) }, read);
  }

  openFile(file: File, read: ReadingOptions = {}): Promise<void> {
    return this.openTarget(this.targetFor(file), read);
  }

  openTarget(target: OpenTarget, read: ReadingOptions = {}, password?: string): Promise<void> {
    if ('path' in target) {
      const path = target.path;
      const open = () => this.api.openJournal({ path, ...read, ...(password !== undefined && { password }) });
      return this.run(new OpenTask(target.name, 'page', false, describeOptions(read)), target, read, `Could not open ${target.name}`, open);
    }
    const file = target.file;
    const task = new OpenTask(file.name, 'page', true, describeOptions(read));
    const watch = { signal: task.upload.signal, onProgress: (loaded: number, total: number, sent?: boolean) => task.sent(loaded, total, sent) };
    return this.run(task, target, read, `Could not open ${file.name}`, () => this.transport.openFile(file, read, watch));
  }

  /** On the desktop a file is opened by its path, which the options dialog can then show and keep. */
  private targetFor(file: File): OpenTarget {
    const path = this.transport.pathForFile?.(file);
    return path ? { path, name: file.name } : { file, name: file.name };
  }

  /** Stops the open in flight: an upload is aborted; a read is cancelled by the service, asked until it has begun. */
  async cancelOpening(): Promise<void> {
    const task = this.opening;
    if (task === null || task.cancelling) return;
    task.cancelling = true;
    if (task.uploaded && task.phase !== 'reading') {
      task.upload.abort();
      return;
    }
    // An upload just sent may still be written to disk before the host starts reading it: ask again until then.
    while (this.opening === task) {
      try {
        if (await this.api.cancelOpen()) return;
      } catch (error) {
        task.cancelling = false;
        this.error = describeError(`Could not cancel opening ${task.name}`, error);
        return;
      }
      await sleep(150);
    }
  }

  /** The last bytes of an aborted upload may have reached the host, which would then open the file unseen; stop that too. */
  private async cancelLeftover(): Promise<void> {
    for (let attempt = 0; attempt < 8; attempt++) {
      await sleep(150);
      // A new open the user started meanwhile is theirs: leave it alone.
      if (this.opening !== null || this.stopped) return;
      if (await this.api.cancelOpen().catch(() => true)) return;
    }
  }

  /** "Map columns…": in a browser a file is picked first; the desktop offers the file that failed or the one on screen. */
  mapColumns(): void {
    if (this.transport.pathForFile === null && this.pickFile) {
      this.pickFile('options');
      return;
    }
    const onScreen = this.summary ? { target: { path: this.summary.path, name: this.summary.name }, read: {} } : null;
    this.askOptions(this.lastFailed ?? onScreen ?? { target: null, read: {} });
  }

  /** What the file's first records hold, for the Map columns… dialog: by its path, or its start sent from the page. */
  sampleFields(target: OpenTarget): Promise<FieldSample> {
    if ('path' in target) {
      const password = this.optionsPassword(target);
      return this.api.sampleFields({ path: target.path, ...(password !== undefined && { password }) });
    }
    const send = this.transport.sampleFile;
    if (send === null) return Promise.reject(new Error(`The fields of ${target.name} cannot be listed here.`));
    return send(target.file);
  }

  askOptions(request: OptionsRequest): void {
    this.options = request;
  }

  closeOptions(): void {
    this.options = null;
  }

  openWithOptions(target: OpenTarget, read: ReadingOptions): void {
    const password = this.optionsPassword(target);
    this.options = null;
    void this.openTarget(target, read, password);
  }

  /** The password the Map columns… dialog holds for the live store it maps (from Connect to database…). */
  private optionsPassword(target: OpenTarget): string | undefined {
    const shown = this.options;
    return shown?.password !== undefined && shown.target !== null && 'path' in shown.target && 'path' in target && shown.target.path === target.path ? shown.password : undefined;
  }

  /**
   * Map columns… from Connect to database…, for a database holding no store Eventlens knows: that dialog gives way to
   * this one, which lists the database's tables and opens the one chosen, with the password typed there.
   */
  mapConnection(attempt: { url: string; password?: string }): void {
    this.closeConnect();
    const target = { path: attempt.url, name: attempt.url };
    this.options = { target, read: {}, need: 'map', ...(attempt.password !== undefined && { password: attempt.password }) };
  }

  /** "Connect to database…", empty or with a URL to start from. */
  askConnect(request: ConnectRequest = { url: '' }): void {
    this.connect = request;
  }

  /** Cancel or Escape in the dialog: a connection it started is stopped too. */
  closeConnect(): void {
    if (this.connecting !== null && this.opening === this.connecting) void this.cancelOpening();
    this.connecting = null;
    this.connect = null;
  }

  testConnection(request: { url: string; password?: string }): Promise<ConnectionCheck> {
    return this.api.testConnection(request);
  }

  /**
   * "Connect": the live store opens like any journal and the dialog closes; or why it could not, said in the dialog,
   * which stays open. Null when it opened (or was cancelled). With Remember password the desktop keeps the password
   * once the store opened; the notice says when it could not.
   */
  async connectTo(request: ConnectAttempt): Promise<ShownError | null> {
    const { url } = request;
    const task = new OpenTask(url, 'page');
    const outcome: { problem: ShownError | null; summary: JournalSummary | null } = { problem: null, summary: null };
    const title = `Could not connect to ${url}`;
    this.connecting = task;
    const open = async () => {
      const { summary, notSaved } = await this.transport.connect(request);
      if (notSaved !== undefined) this.notice = notSaved;
      return (outcome.summary = summary);
    };
    await this.run(task, { path: url, name: url }, {}, title, open, (error) => (outcome.problem = connectionProblem(title, error)));
    if (this.connecting === task) this.connecting = null;
    if (outcome.summary !== null && this.summary === outcome.summary) this.connect = null;
    return outcome.problem;
  }

  showError(title: string, error: unknown): void {
    this.error = describeError(title, error);
  }

  dismissError(): void {
    this.error = null;
    this.retry = null;
    this.reopen = null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  // Progress: asked every POLL_BUSY_MS while an open is in flight; on the desktop also every POLL_IDLE_MS when idle,
  // because opens the main process starts by itself (menu, recent list) are announced only when they end.

  private schedulePoll(delay: number): void {
    if (this.stopped || this.polling) return;
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), delay);
  }

  private async poll(): Promise<void> {
    this.pollTimer = null;
    this.polling = true;
    const generation = this.generation;
    let progress: OpenProgress | null | undefined;
    try {
      progress = await this.api.openProgress();
    } catch {
      // A hiccup, or a service without progress reports: the bar just stays indeterminate.
      progress = undefined;
    } finally {
      this.polling = false;
    }
    if (this.stopped) return;
    if (progress !== undefined && generation === this.generation) this.observe(progress);
    if (this.opening !== null) this.schedulePoll(POLL_BUSY_MS);
    // A service that cannot answer is asked rarely, not never: it may be a passing hiccup.
    else if (this.transport.opensOnItsOwn) this.schedulePoll(progress === undefined ? POLL_IDLE_MS * 5 : POLL_IDLE_MS);
  }

  private observe(progress: OpenProgress | null): void {
    const task = this.opening;
    if (task !== null) {
      if (progress !== null) task.read(progress);
      else if (task.origin === 'elsewhere') this.endedElsewhere();
      return;
    }
    if (progress === null) return;
    const seen = new OpenTask(progress.name, 'elsewhere');
    seen.read(progress);
    this.setOpening(seen);
  }

  /** An open seen only through progress has ended: the desktop pushes its result; a browser page asks for it. */
  private endedElsewhere(): void {
    this.endedUnannounced = this.opening;
    this.setOpening(null);
    if (!this.transport.opensOnItsOwn) {
      void this.api.summary().then(
        (summary) => {
          if (summary !== null && summary.path !== this.summary?.path) this.opened(summary);
        },
        () => {},
      );
    }
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

function isCancelled(error: unknown): boolean {
  return errorCode(error) === 'cancelled';
}
