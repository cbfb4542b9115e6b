// Replays for the service: which events make the subject (a stream, a category, a filter), which reducer folds
// them, and a cursor per subject kept while the journal and the reducer stay the same.
import { JournalError } from '../../shared/contract.js';
import { diffStates } from '../../shared/diff.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FieldHistory, JournalEvent, ReducerInfo, ReplayFailure, ReplayPoint, ReplayProgress, ReplayResult, ReplayStep, SnapshotCheck } from '../../shared/model.js';
import type { SnapshotRecord } from '../readers/formats/types.js';
import { builtinReducer } from '../../shared/reducers.js';
import { toReplayStep } from '../../shared/replay.js';
import { ReducerFailure, ReplayCursor } from '../../shared/replay-cursor.js';
import type { StepReducer } from '../../shared/replay-cursor.js';
import type { FieldHistoryQuery, ReducerSpec, ReplayAtQuery, ReplayQuery } from '../../shared/requests.js';
import type { CustomReducerOptions } from '../reducers/custom-reducer.js';
import type { JournalStore } from '../store/journal-store.js';
import { ReducerFile } from './reducer-file.js';

/** Cursors kept at once (each holds its subject's events and checkpoints). */
const KEEP_CURSORS = 8;
/** A long fold lets other calls run this often (ms): progress polls, a cancel, the Events table's pages. */
const TURN_MS = 40;

type Subject = Pick<ReplayAtQuery, 'stream' | 'category' | 'filter'>;

export class ReplayDesk {
  private readonly cursors = new Map<string, ReplayCursor>();
  private readonly checks = new WeakMap<ReplayCursor, Promise<SnapshotCheck[]>>();
  private reducerFile: ReducerFile | null = null;
  /** The replay reading or folding its events now, for a progress bar. */
  private walking: ReplayProgress | null = null;
  /** Cursors whose events are being read, by key; and a count of forget() calls, which makes them stale. */
  private readonly opening = new Map<string, Promise<ReplayCursor>>();
  private generation = 0;
  /**
   * Counts cancel() calls: a walk remembers the count it started with, and stops at its next page or checkpoint once
   * the count moved. What it read and folded before stays (checkpoints are kept), so asking again resumes there.
   */
  private cancels = 0;

  constructor(
    private readonly store: () => JournalStore,
    private readonly reducerOptions: CustomReducerOptions = {},
  ) {}

  /** The journal changed: every cursor is stale. */
  forget(): void {
    this.cursors.clear();
    this.opening.clear();
    this.generation++;
  }

  /** `copyOf`: the file is a copy, shown by this name (see ReducerFile.open). */
  async loadReducer(path: string, copyOf?: string): Promise<ReducerInfo> {
    const file = await ReducerFile.open(path, this.reducerOptions, () => this.forget(), copyOf);
    await this.reducerFile?.close();
    this.reducerFile = file;
    this.forget();
    return file.info;
  }

  async unloadReducer(): Promise<null> {
    await this.reducerFile?.close();
    this.reducerFile = null;
    this.forget();
    return null;
  }

  async reducerStatus(): Promise<ReducerInfo | null> {
    return this.reducerFile?.info ?? null;
  }

  /** How far the replay asked for now has got reading or folding its events; null when none is under way. */
  progress(): ReplayProgress | null {
    return this.walking === null ? null : { ...this.walking };
  }

  /** Stops the walks under way (their calls fail with code "cancelled"); false when none walks. */
  cancel(): boolean {
    if (this.walking === null) return false;
    this.cancels++;
    return true;
  }

  async replayAt(query: ReplayAtQuery): Promise<ReplayPoint> {
    try {
      return await this.pointOf(query);
    } finally {
      this.walking = null;
    }
  }

  private async pointOf(query: ReplayAtQuery): Promise<ReplayPoint> {
    const cursor = await this.cursor(query, query.reducer);
    const revision = this.revision(query.reducer);
    let count = Math.min(query.count, cursor.length);
    let failure: ReplayFailure | undefined;
    try {
      await cursor.stateAfter(count);
    } catch (error) {
      if (!(error instanceof ReducerFailure)) throw error;
    }
    if (cursor.failed !== null) {
      failure = this.describeFailure(cursor, cursor.failed);
      // Past the failure there is nothing to show: the failing step shows the state before it.
      if (count > cursor.failed.index) {
        const before = await cursor.stateAfter(cursor.failed.index);
        return { total: cursor.length, count: cursor.failed.index + 1, event: cursor.events[cursor.failed.index]!, state: before.state, changes: [], failure, revision };
      }
    }
    const step = await cursor.step(count);
    count = step.count;
    const point: ReplayPoint = { total: cursor.length, count, event: step.event, state: step.state, changes: step.changes, revision };
    if (query.stream !== undefined) {
      const snapshots = await this.snapshotChecks(cursor, query.stream);
      if (snapshots.length) point.snapshots = snapshots;
    }
    if (step.note !== undefined) point.note = step.note;
    if (failure) point.failure = failure;
    if (query.compareTo !== undefined) {
      const other = Math.min(query.compareTo, failure ? failure.count - 1 : cursor.length);
      point.compared = await cursor.compare(other, count);
    }
    return point;
  }

  async fieldHistory(query: FieldHistoryQuery): Promise<FieldHistory> {
    const cursor = await this.cursor(query, query.reducer);
    const { entries, failed } = await cursor.fieldHistory(query.path);
    const history: FieldHistory = { path: query.path, entries };
    if (failed) history.failure = this.describeFailure(cursor, failed);
    return history;
  }

  /** The whole replay, as the CLI prints it: state up to a version, optionally every step and one field's history. */
  async replay(query: ReplayQuery): Promise<ReplayResult> {
    const cursor = await this.cursor(query, query.reducer);
    const limit = query.to === undefined ? cursor.length : cursor.events.filter((e) => e.version <= query.to!).length;
    const steps: ReplayStep[] = [];
    let failure: ReplayFailure | undefined;
    let state = (await cursor.stateAfter(0)).state;
    let version: number | null = null;
    try {
      for await (const step of cursor.walk()) {
        if (step.count > limit) break;
        state = step.state;
        version = step.event.version;
        if (query.steps) steps.push(toReplayStep(step.event, diffStates(step.before, step.state), step.note));
      }
    } catch (error) {
      if (!(error instanceof ReducerFailure)) throw error;
      failure = this.describeFailure(cursor, error);
    }
    const result: ReplayResult = { stream: this.label(query), version, state };
    if (query.steps) result.steps = steps;
    if (query.field !== undefined) result.field = await this.fieldHistory({ ...subjectOf(query), path: query.field, reducer: query.reducer });
    if (failure) result.failure = failure;
    if (query.stream !== undefined) {
      const snapshots = await this.snapshotChecks(cursor, query.stream);
      if (snapshots.length) result.snapshots = snapshots;
    }
    return result;
  }

  /**
   * For the audit: one stream replayed to its end with the reducer loaded (or, without one, only where the store
   * keeps snapshots, with the default reducer), on a cursor of its own so the user's kept cursors stay warm.
   */
  async checkStream(stream: string): Promise<{ failure?: ReplayFailure; snapshots?: SnapshotCheck[] }> {
    const custom = this.reducerFile !== null;
    const snapshots = await this.store().snapshots(stream);
    if (!custom && snapshots.length === 0) return {};
    const spec: ReducerSpec = custom ? 'custom' : { kind: 'merge-patch' };
    if (custom) await this.reducerFile?.settled();
    const cursor = new ReplayCursor(await this.store().streamEvents(stream), this.reducer(spec));
    const outcome: { failure?: ReplayFailure; snapshots?: SnapshotCheck[] } = {};
    try {
      for await (const step of cursor.walk()) void step;
    } catch (error) {
      if (!(error instanceof ReducerFailure)) throw error;
      outcome.failure = this.describeFailure(cursor, error);
    }
    if (snapshots.length) outcome.snapshots = await this.compareSnapshots(cursor, snapshots);
    return outcome;
  }

  /** True when the user's reducer is loaded: the audit then replays every stream. */
  get hasReducer(): boolean {
    return this.reducerFile !== null;
  }

  /** The stream's stored snapshots against the replay, computed once per cursor. */
  private snapshotChecks(cursor: ReplayCursor, stream: string): Promise<SnapshotCheck[]> {
    let checks = this.checks.get(cursor);
    if (checks === undefined) {
      checks = this.store().snapshots(stream).then((snapshots) => this.compareSnapshots(cursor, snapshots));
      this.checks.set(cursor, checks);
    }
    return checks;
  }

  private async compareSnapshots(cursor: ReplayCursor, snapshots: SnapshotRecord[]): Promise<SnapshotCheck[]> {
    const checks: SnapshotCheck[] = [];
    for (const snapshot of snapshots) {
      const count = cursor.events.filter((event) => event.version <= snapshot.version).length;
      const check: SnapshotCheck = { version: snapshot.version, count, time: snapshot.time, matches: null, changes: [] };
      try {
        const replayed = await cursor.stateAfter(count);
        check.changes = diffStates(replayed.state, snapshot.state);
        check.matches = check.changes.length === 0;
      } catch (error) {
        if (!(error instanceof ReducerFailure)) throw error;
      }
      checks.push(check);
    }
    return checks;
  }

  async close(): Promise<void> {
    await this.reducerFile?.close();
    this.reducerFile = null;
    this.cursors.clear();
  }

  /** The subject's cursor, kept or new, set to report its folds to this call (and stop there when cancelled). */
  private async cursor(subject: Subject, spec: ReducerSpec): Promise<ReplayCursor> {
    const cancels = this.cancels;
    const cursor = await this.keptCursor(subject, spec, cancels);
    this.watchFolds(cursor, this.label(subject), cancels);
    return cursor;
  }

  private async keptCursor(subject: Subject, spec: ReducerSpec, cancels: number): Promise<ReplayCursor> {
    if (spec === 'custom') await this.reducerFile?.settled();
    const key = JSON.stringify({ subject: subjectOf(subject), spec, revision: this.revision(spec) });
    const kept = this.cursors.get(key);
    if (kept) {
      // Most recently used last, so the oldest is the first to go.
      this.cursors.delete(key);
      this.cursors.set(key, kept);
      return kept;
    }
    // Its events are read over several turns: a second call for the same subject meanwhile waits for the same read.
    let opening = this.opening.get(key);
    if (opening === undefined) {
      opening = this.newCursor(subject, spec, key, cancels).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    try {
      return await opening;
    } catch (error) {
      // A read cancelled before this call asked (the user cancelled, then asked again at once): read it anew.
      if (error instanceof JournalError && error.code === 'cancelled' && cancels === this.cancels) return this.keptCursor(subject, spec, cancels);
      throw error;
    }
  }

  private async newCursor(subject: Subject, spec: ReducerSpec, key: string, cancels: number): Promise<ReplayCursor> {
    const label = this.label(subject);
    const generation = this.generation;
    let events: JournalEvent[];
    try {
      events = await this.events(subject, label, cancels);
    } finally {
      this.walking = null;
    }
    const cursor = new ReplayCursor(events, this.reducer(spec));
    // Read before the journal or the reducer changed: answered, but not kept for later questions.
    if (generation !== this.generation) return cursor;
    this.cursors.set(key, cursor);
    if (this.cursors.size > KEEP_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
    return cursor;
  }

  /**
   * Folding a long subject takes seconds the first time: said as it goes, with a turn for other calls now and then,
   * and stopped there once cancel() was called after `cancels` was read. Set by each call that may fold.
   */
  private watchFolds(cursor: ReplayCursor, label: string, cancels: number): void {
    let turn = Date.now();
    cursor.onFold = (folded, target) => {
      this.stopIfCancelled(label, cancels, folded, target);
      this.walking = { subject: label, phase: 'folding', done: folded, total: target };
      if (Date.now() - turn < TURN_MS) return;
      turn = Date.now();
      return nextTurn().then(() => undefined);
    };
  }

  private stopIfCancelled(label: string, cancels: number, done: number, total: number): void {
    if (cancels === this.cancels) return;
    throw new JournalError('cancelled', `The replay of ${label} was cancelled at ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events.`);
  }

  private async events(subject: Subject, label: string, cancels: number): Promise<JournalEvent[]> {
    const store = this.store();
    const reading = (done: number, total: number) => {
      this.stopIfCancelled(label, cancels, done, total);
      this.walking = { subject: label, phase: 'reading', done, total };
    };
    if (subject.stream !== undefined) return store.readStream(subject.stream, reading);
    if (subject.category !== undefined) {
      const events = await store.readSelection({ category: subject.category }, reading);
      if (events.length === 0) throw new JournalError('unknown-stream', `There are no streams of category ${JSON.stringify(subject.category)} in ${store.summary.name}.`);
      return events;
    }
    return store.readSelection({ ...subject.filter }, reading);
  }

  private reducer(spec: ReducerSpec): StepReducer {
    if (spec !== 'custom') return builtinReducer(spec);
    if (this.reducerFile === null) throw new JournalError('bad-request', 'No reducer file is loaded: load one first ("Load reducer…", or --reducer FILE).');
    return this.reducerFile.current();
  }

  private revision(spec: ReducerSpec): number | null {
    return spec === 'custom' ? (this.reducerFile?.info.revision ?? null) : null;
  }

  private describeFailure(cursor: ReplayCursor, failure: ReducerFailure): ReplayFailure {
    const event = cursor.events[failure.index];
    return {
      count: failure.index + 1,
      version: event?.version ?? failure.index + 1,
      position: event?.position ?? failure.index + 1,
      stream: event?.stream ?? '',
      message: failure.message,
      where: failure.where,
    };
  }

  private label(subject: Subject): string {
    if (subject.stream !== undefined) return subject.stream;
    if (subject.category !== undefined) return `${subject.category}-*`;
    return 'filtered events';
  }
}

function subjectOf(query: Subject): Subject {
  const subject: Subject = {};
  if (query.stream !== undefined) subject.stream = query.stream;
  if (query.category !== undefined) subject.category = query.category;
  if (query.filter !== undefined) subject.filter = query.filter;
  return subject;
}
