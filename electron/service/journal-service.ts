// The service behind every surface: the app over IPC, the browser host over HTTP, and the CLI directly.
import { basename, resolve } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { AuditResult, JournalComparison } from '../../shared/audit.js';
import type { AuditReportFile, JournalApi } from '../../shared/contract.js';
import type {
  ConnectionCheck,
  EventPage,
  LiveStatus,
  FieldHistory,
  FieldSample,
  JournalSummary,
  OpenProgress,
  RateSeries,
  ReducerInfo,
  ReplayPoint,
  ReplayResult,
  StreamPage,
  StreamSummary,
  WorkProgress,
} from '../../shared/model.js';
import { parseRequest } from '../../shared/requests.js';
import type {
  CompareRequest,
  EventsRequest,
  FieldHistoryRequest,
  LoadReducerRequest,
  OpenJournalRequest,
  RatesRequest,
  ReplayAtRequest,
  ReplayRequest,
  ReportRequest,
  SampleFieldsRequest,
  StreamPageRequest,
  StreamsRequest,
  TestConnectionRequest,
  FollowLiveRequest,
  AllowScansRequest,
} from '../../shared/requests.js';
import { AuditDesk } from '../audit/audit-desk.js';
import { sampleFields } from '../readers/sample/field-sample.js';
import { eventDigest } from '../audit/digest.js';
import { APP_VERSION } from './app-version.js';
import type { CustomReducerOptions } from '../reducers/custom-reducer.js';
import { ReplayDesk } from '../replay/replay-desk.js';
import { defaultCacheDir } from '../store/cache-key.js';
import type { JournalStore } from '../store/journal-store.js';
import { currentIdentity, StaleCacheError } from '../store/evidence.js';
import { isPgTarget, parsePgTarget } from '../postgres/pg-target.js';
import { LIST_FIRST_ABOVE, openStore } from '../store/open-store.js';
import type { ScanConsenting } from '../postgres/pg-cost.js';
import type { OpenOptions } from '../store/open-store.js';
import { isFollowable, LiveFollower } from './live-follower.js';
import { RecentJournals } from './recent-journals.js';

export interface ServiceOptions {
  /** The sample journal shipped with the app. */
  samplePath: string;
  recent?: RecentJournals;
  /** Where cache files go (never beside a journal); the platform's cache folder by default. */
  cacheDir?: string;
  /** Limits for the user's reducer (time per event, memory). */
  reducer?: CustomReducerOptions;
  /** Start the audit as soon as a journal opens (the app and the browser host); otherwise when first asked (CLI). */
  auditOnOpen?: boolean;
  /**
   * A large live store answers its open with the stream list's counts, its times and type counts following (the app
   * and the browser host: the window fills sooner); otherwise everything is read first (the CLI prints whole answers).
   */
  liveListFirst?: boolean;
}

interface Opening {
  progress: OpenProgress;
  controller: AbortController;
}

/** How the journal on screen was opened, to open it again when its file changed. */
interface Source {
  path: string;
  name: string;
  read: Pick<OpenOptions, 'map' | 'cipherKey' | 'password'>;
  /** A copy (an upload): its cache entry goes when it is dropped. */
  copy: boolean;
}

export class JournalService implements JournalApi {
  private store: JournalStore | null = null;
  /** Follows the live store open (null for a file): new events counted in while the user looks. */
  private follower: LiveFollower | null = null;
  private source: Source | null = null;
  /** The open again of a changed file, which every question asked meanwhile waits for (one open, not one each). */
  private reopening: Promise<unknown> | null = null;
  private opening: Opening | null = null;
  private readonly recentJournals: RecentJournals;
  private readonly cacheDir: string;
  private readonly desk: ReplayDesk;
  private readonly auditing: AuditDesk;

  constructor(private readonly options: ServiceOptions) {
    this.recentJournals = options.recent ?? new RecentJournals(null);
    this.cacheDir = options.cacheDir ?? defaultCacheDir();
    this.desk = new ReplayDesk(() => this.current(), options.reducer);
    this.auditing = new AuditDesk({
      current: () => this.current(),
      replayCheck: () => (stream) => this.desk.checkStream(stream),
      // Export B is opened like any journal (cached apart, never written), but not shown and not kept as recent.
      openOther: (path, read, signal, rebuild) => openStore(isPgTarget(path) ? path : resolve(path), { cacheDir: this.cacheDir, ...read, signal, rebuild, onProgress: () => {} }),
      generator: `Eventlens ${APP_VERSION}`,
    });
  }

  async openJournal(request: OpenJournalRequest): Promise<JournalSummary> {
    const { path: given, map, cipherKey, password } = parseRequest('openJournal', request);
    if (isPgTarget(given)) {
      // A live store, known everywhere (progress, summary, recent list) by its URL without the password, which is
      // passed apart: the one given, or the one written in the URL. A map names the table to read (openStore refuses
      // a cipher key: a live store is read without one).
      // A table opened through a map before (Map columns…) is read through it again, from the recent list or typed.
      const { name, password: inUrl } = parsePgTarget(given);
      const secret = password ?? inUrl;
      const read = map ?? this.recentJournals.mapOf(name);
      const summary = await this.open(name, name, { ...(secret !== undefined && { password: secret }), ...(read && { map: read }), ...(cipherKey && { cipherKey }) });
      this.recentJournals.add(summary.path, read);
      return summary;
    }
    const path = resolve(given);
    const summary = await this.open(path, basename(path), { ...(map && { map }), ...(cipherKey && { cipherKey }) });
    this.recentJournals.add(path);
    return summary;
  }

  /** Opens a copy of a journal (an upload to the browser host): shown by its own name, not kept in the recent list. */
  async openCopy(path: string, name = basename(path), read: Pick<OpenOptions, 'map' | 'cipherKey'> = {}): Promise<JournalSummary> {
    return this.open(path, name, read, false, true);
  }

  async openSample(): Promise<JournalSummary> {
    return this.open(this.options.samplePath, 'Sample journal', {});
  }

  async openProgress(): Promise<OpenProgress | null> {
    return this.opening === null ? null : { ...this.opening.progress };
  }

  async cancelOpen(): Promise<boolean> {
    if (this.opening === null) return false;
    this.opening.controller.abort();
    return true;
  }

  async summary(): Promise<JournalSummary | null> {
    await this.fresh();
    return this.store?.summary ?? null;
  }

  async recent(): Promise<string[]> {
    return this.recentJournals.list();
  }

  async streams(request: StreamsRequest = {}): Promise<StreamSummary[]> {
    const query = parseRequest('streams', request);
    await this.fresh();
    return await this.current().streams(query);
  }

  async streamPage(request: StreamPageRequest = {}): Promise<StreamPage> {
    const query = parseRequest('streamPage', request);
    await this.fresh();
    const store = this.current();
    await store.prepare(query);
    return await this.current().streamPage(query);
  }

  async events(request: EventsRequest = {}): Promise<EventPage> {
    const query = parseRequest('events', request);
    await this.fresh();
    const store = this.current();
    // A payload condition is tested in worker threads first; the page then finds its matches.
    await store.prepare(query);
    const page = await this.current().page(query);
    // Each event's digest is shown and exported with it: evidence an auditor can quote for one event.
    return { ...page, events: page.events.map((event) => ({ ...event, digest: eventDigest(event) })) };
  }

  async rates(request: RatesRequest = {}): Promise<RateSeries> {
    const query = parseRequest('rates', request);
    await this.fresh();
    // Filtered as events are: a payload search runs in workers first (the same one a page of events waits for).
    await this.current().prepare(query);
    return await this.current().rates(query);
  }

  async replay(request: ReplayRequest): Promise<ReplayResult> {
    const query = parseRequest('replay', request);
    await this.fresh();
    if (query.filter) await this.current().prepare(query.filter);
    return this.desk.replay(query);
  }

  async replayAt(request: ReplayAtRequest): Promise<ReplayPoint> {
    const query = parseRequest('replayAt', request);
    await this.fresh();
    if (query.filter) await this.current().prepare(query.filter);
    return this.desk.replayAt(query);
  }

  async fieldHistory(request: FieldHistoryRequest): Promise<FieldHistory> {
    const query = parseRequest('fieldHistory', request);
    await this.fresh();
    return this.desk.fieldHistory(query);
  }

  async loadReducer(request: LoadReducerRequest): Promise<ReducerInfo> {
    const info = await this.desk.loadReducer(parseRequest('loadReducer', request).path);
    this.auditing.invalidate();
    return info;
  }

  /** Loads a copy of a reducer file (an upload to the browser host), shown by the name the user knows. */
  async loadReducerCopy(path: string, name: string): Promise<ReducerInfo> {
    const info = await this.desk.loadReducer(path, name);
    this.auditing.invalidate();
    return info;
  }

  async unloadReducer(): Promise<null> {
    await this.desk.unloadReducer();
    this.auditing.invalidate();
    return null;
  }

  async reducerStatus(): Promise<ReducerInfo | null> {
    return this.desk.reducerStatus();
  }

  async audit(): Promise<AuditResult> {
    parseRequest('audit', {});
    return this.withEvidence(() => this.auditing.audit());
  }

  async compare(request: CompareRequest): Promise<JournalComparison> {
    const { path, map, cipherKey, password } = parseRequest('compare', request);
    // A live store as export B takes its password apart, as an open does (the desktop fills in a saved one).
    return this.withEvidence(() => this.auditing.compare(path, { ...(map && { map }), ...(cipherKey && { cipherKey }), ...(password !== undefined && { password }) }));
  }

  async report(request: ReportRequest = {}): Promise<AuditReportFile> {
    const { format } = parseRequest('report', request);
    return this.withEvidence(() => this.auditing.report(format));
  }

  async workProgress(): Promise<WorkProgress> {
    return { search: this.store?.searchProgress() ?? null, replay: this.desk.progress() };
  }

  async cancelSearch(): Promise<boolean> {
    return this.store?.cancelSearches() ?? false;
  }

  async cancelReplay(): Promise<boolean> {
    return this.desk.cancel();
  }

  async liveStatus(): Promise<LiveStatus | null> {
    parseRequest('liveStatus', {});
    return this.follower?.status() ?? null;
  }

  async followLive(request: FollowLiveRequest): Promise<LiveStatus | null> {
    const { follow } = parseRequest('followLive', request);
    return this.follower?.follow(follow) ?? null;
  }

  async allowScans(request: AllowScansRequest = {}): Promise<boolean> {
    const { every } = parseRequest('allowScans', request);
    // Only a live store asks before reading a table whole (postgres/pg-cost.ts); a file's queries never do.
    const store = this.store as Partial<ScanConsenting> | null;
    return typeof store?.allowScans === 'function' ? store.allowScans(every) : false;
  }

  async testConnection(request: TestConnectionRequest): Promise<ConnectionCheck> {
    const { url, password } = parseRequest('testConnection', request);
    if (!isPgTarget(url)) throw new JournalError('bad-request', 'A connection is a postgres:// URL: postgres://user@host:5432/database.');
    return (await import('../postgres/pg-check.js')).checkConnection(url, password);
  }

  async sampleFields(request: SampleFieldsRequest): Promise<FieldSample> {
    const { path: given, password } = parseRequest('sampleFields', request);
    // A live store's tables, each with its columns and first rows, for naming them in Map columns….
    if (isPgTarget(given)) return (await import('../postgres/pg-sample.js')).sampleTables(given, password);
    const path = resolve(given);
    return sampleFields(path, basename(path));
  }

  /** A copy's fields (the start of a file a page sent to the browser host, `cut` short), named as the user knows it. */
  async sampleCopy(path: string, name: string, cut: boolean): Promise<FieldSample> {
    return sampleFields(path, name, cut);
  }

  /** Settles when the open journal's background work (a SQLite store's index) is done: for benchmarks and tests. */
  async settled(): Promise<void> {
    await this.store?.settled();
  }

  /** Closes the open journal's files and the reducer's thread (the host and the CLI call this when they stop). */
  async close(): Promise<void> {
    this.opening?.controller.abort();
    this.auditing.stop();
    this.drop();
    this.store = null;
    this.source = null;
    await this.desk.close();
  }

  /** One open at a time: a new one cancels the one in progress. The journal on screen stays until the new one is ready. */
  /**
   * The journal on screen answers for its file as it is now: a file whose identity changed since it was opened
   * (evidence.ts: edited, replaced, even with its modification time set back) is opened again before any answer.
   * A file gone keeps being answered from what was read (audits then digest its events and say so).
   */
  private async fresh(): Promise<void> {
    if (this.reopening !== null) await this.reopening;
    const { store, source } = this;
    if (store === null || source === null || store.evidence === undefined) return;
    const identity = currentIdentity(source.path);
    if (identity === null || identity === store.evidence.identity) return;
    this.reopening ??= this.open(source.path, source.name, source.read, false, source.copy).finally(() => (this.reopening = null));
    await this.reopening;
  }

  /**
   * An audit, diff or report: first the file as it is now (fresh); then, when hashing the file shows bytes other than
   * those its cache was built from (StaleCacheError), the cache is built again from the file and the question asked
   * once more.
   */
  private async withEvidence<T>(ask: () => Promise<T>): Promise<T> {
    await this.fresh();
    try {
      return await ask();
    } catch (error) {
      const source = this.source;
      if (!(error instanceof StaleCacheError) || source === null || error.path !== source.path) throw error;
      await this.open(source.path, source.name, source.read, true, source.copy);
      return ask();
    }
  }

  private async open(path: string, name: string, read: Pick<OpenOptions, 'map' | 'cipherKey' | 'password'>, rebuild = false, copy = false): Promise<JournalSummary> {
    this.opening?.controller.abort();
    const opening: Opening = { progress: { path, name, bytesRead: 0, totalBytes: 0, events: 0 }, controller: new AbortController() };
    this.opening = opening;
    try {
      const store = await openStore(path, {
        cacheDir: this.cacheDir,
        name,
        ...read,
        rebuild,
        ...(this.options.liveListFirst && { listFirstAbove: LIST_FIRST_ABOVE }),
        signal: opening.controller.signal,
        onProgress: (progress) => Object.assign(opening.progress, progress),
      });
      if (opening.controller.signal.aborted) {
        store.close();
        throw new JournalError('cancelled', `Opening ${name} was cancelled.`);
      }
      this.auditing.stop();
      this.drop();
      this.store = store;
      this.source = { path, name, read, copy };
      this.desk.forget();
      this.auditing.opened(store, this.options.auditOnOpen ?? false);
      if (isFollowable(store)) this.follower = new LiveFollower(store, () => this.storeChanged(store));
      return store.summary;
    } finally {
      if (this.opening === opening) this.opening = null;
    }
  }

  /**
   * New events in the live store open: replay cursors and the audit speak of what it held before. The audit runs
   * again when next asked (not at every change: a busy store would keep it from ever ending).
   */
  private storeChanged(store: JournalStore): void {
    if (this.store !== store) return;
    this.desk.forget();
    this.auditing.opened(store, false);
  }

  /** Closes the journal on screen; a copy's cache entry is removed with it, unless the copy opens again now. */
  private drop(): void {
    this.follower?.stop();
    this.follower = null;
    const { store, source } = this;
    if (store === null) return;
    if (source?.copy && store.discard) store.discard();
    else store.close();
  }

  private current(): JournalStore {
    if (this.store === null) throw new JournalError('no-journal', 'No journal is open: open a journal file or the sample first.');
    return this.store;
  }
}
