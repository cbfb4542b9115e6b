// The Replay area: one subject's replay, asked of the service point by point. The service keeps checkpoints, so any
// step of a journal of any size answers in a few ms; nothing is folded here. Step 0 is the start (no event applied);
// step n shows the state after the n-th event. People name steps by version (one stream) or position (across streams).
import { JournalError } from '../../shared/contract.js';
import type { JournalApi } from '../../shared/contract.js';
import type { JournalEvent, ReducerInfo, ReplayFailure, ReplayPoint, ReplayProgress } from '../../shared/model.js';
import type { ReplayAtRequest } from '../../shared/requests.js';
import { describeError } from './errors.js';
import { FieldHistoryView } from './field-history.svelte.js';
import { formatCount } from './format.js';
import { Coalesce } from './latest.js';
import { Player } from './player.svelte.js';
import { ReducerSettings } from './reducer.svelte.js';
import { StepIndex } from './step-index.js';
import { keyOf, sameSubject, stepKey, subjectEvents, subjectLabel, subjectRequest } from './subject.js';
import type { EventFilter, ReplaySubject } from './subject.js';
import { streamCategory } from './streams.js';

/** A step answered within this long needs no progress bar; past it the service is asked how far it has got. */
const WALK_QUIET_MS = 400;
const WALK_POLL_MS = 250;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Ask {
  count: number;
  /** Bumped when the subject or the reducer changes: answers of an older generation are dropped. */
  generation: number;
  seq: number;
}

/** A step, by count and by the key people know it by. */
export interface Mark {
  count: number;
  key: number;
}

export class Replay {
  subject = $state.raw<ReplaySubject | null>(null);
  /** The stream selected in the Streams area: the default subject, and whose category can be replayed. */
  stream = $state<string | null>(null);
  /** The last filter sent from the Events area ("Replay these events"). */
  filter = $state.raw<EventFilter | null>(null);
  point = $state.raw<ReplayPoint | null>(null);
  /** The step asked for (the slider's value); the point shown catches up with it. */
  cursor = $state(0);
  loading = $state(false);
  /** The last request's failure, in words. */
  error = $state<string | null>(null);
  /** Where the reducer fails, once known (from any answer, or from asking for the end in the background). */
  failure = $state.raw<ReplayFailure | null>(null);
  /** The subject's first and last keys: versions of a stream, positions across streams. */
  firstKey = $state<number | null>(null);
  lastKey = $state<number | null>(null);
  /** The step compared with the one shown; null when not comparing. */
  compareWith = $state.raw<Mark | null>(null);
  /** Why the last "Go to" or "Compare" could not be done. */
  notice = $state<string | null>(null);
  /** How far a slow step has got (a long stream read and folded the first time); null while none is slow. */
  walk = $state.raw<ReplayProgress | null>(null);
  /** A slow step the user cancelled: the service's words, and the step asked for, which "Resume" asks again. */
  cancelled = $state.raw<{ message: string; count: number } | null>(null);
  /** Bumped when a stream is picked: the Replay controls take the focus, so the replay keys reach them. */
  focusRequests = $state(0);
  /** "Follow head": as a live store grows, the replay goes to the subject's new end. Off by default, and by a move back. */
  followHead = $state(false);

  readonly key = $derived(this.subject ? stepKey(this.subject) : 'version');
  /** Events in the subject. */
  total = $state(0);
  /** The furthest step that can be shown: the failing one when the reducer fails. */
  readonly limit = $derived(this.failure ? Math.min(this.failure.count, this.total) : this.total);
  readonly atStart = $derived(this.cursor <= 0);
  readonly atEnd = $derived(this.cursor >= this.limit);
  readonly canPlay = $derived(this.point !== null && this.total > 0);
  /** The key the start shows: one before a stream's first version; 0 across streams. */
  readonly startKey = $derived(this.key === 'version' && this.firstKey !== null ? this.firstKey - 1 : 0);
  readonly shownKey = $derived(this.point?.event ? keyOf(this.key, this.point.event) : this.startKey);
  readonly label = $derived(this.subject ? subjectLabel(this.subject) : '');
  readonly category = $derived(this.stream !== null && this.stream.indexOf('-') > 0 ? streamCategory(this.stream) : null);
  /** A live store's stream or category can follow its head (a filter's subject is for looking back). */
  readonly canFollowHead = $derived.by(() => this.live && (this.subject?.kind === 'stream' || this.subject?.kind === 'category'));
  /** The point shows the step the reducer failed on (and the state before it). */
  readonly atFailure = $derived(this.point?.failure !== undefined && this.point.count === this.point.failure.count);

  readonly reducer: ReducerSettings;
  readonly player: Player;
  readonly fields: FieldHistoryView;

  private index: StepIndex | null = null;
  private generation = 0;
  /** The generation of the point shown. */
  private shownGeneration = 0;
  private asked = 0;
  /** Steps asked up to this one were cancelled before they ran; said in these words. */
  private cancelledUpTo = 0;
  private cancelNote = '';
  /** The first point of the subject loading now, after which its versions can be looked up. */
  private loaded: Promise<void> = Promise.resolve();
  private readonly fetcher = new Coalesce<Ask, ReplayPoint>((ask) => this.fetch(ask));

  constructor(
    private readonly api: JournalApi,
    chooseReducer: (() => Promise<ReducerInfo | null>) | null = null,
    /** The journal is a live store: its subjects grow while they are replayed. */
    readonly live = false,
  ) {
    this.reducer = new ReducerSettings(api, chooseReducer, () => this.refresh());
    this.player = new Player(this);
    this.fields = new FieldHistoryView(api, () => (this.subject ? { ...subjectRequest(this.subject), reducer: this.reducer.choice } : null));
  }

  start(): void {
    void this.reducer.start();
  }

  /** The Streams area picked a stream (or none): it becomes the subject. */
  selectStream(stream: string | null): void {
    this.stream = stream;
    void this.load(stream === null ? null : { kind: 'stream', stream });
  }

  /** "Replay these events" in the Events area. */
  replayFilter(filter: EventFilter): void {
    this.filter = filter;
    void this.load({ kind: 'filter', filter });
  }

  /** The subject select: the selected stream, its category, or the last filter. */
  choose(kind: ReplaySubject['kind']): void {
    if (kind === 'stream' && this.stream !== null) void this.load({ kind, stream: this.stream });
    if (kind === 'category' && this.category !== null) void this.load({ kind, category: this.category });
    if (kind === 'filter' && this.filter !== null) void this.load({ kind, filter: this.filter });
  }

  async load(subject: ReplaySubject | null): Promise<void> {
    // Asked again for the subject being loaded: the caller waits for that load, so it can jump once it is indexed.
    if (subject !== null && sameSubject(subject, this.subject)) return this.loaded;
    this.player.pause();
    this.player.stopped = null;
    this.generation++;
    this.followHead = false;
    this.subject = subject;
    this.point = null;
    this.total = 0;
    this.cursor = 0;
    this.failure = null;
    this.firstKey = null;
    this.lastKey = null;
    this.compareWith = null;
    this.notice = null;
    this.error = null;
    this.cancelled = null;
    this.index = null;
    this.fields.close();
    this.loading = subject !== null;
    this.loaded = subject === null ? Promise.resolve() : this.goTo(0).then(() => undefined);
    await this.loaded;
  }

  /** A finding's place: that stream replayed, at that version (the first event with it, for a duplicate). */
  async showVersion(stream: string, version: number): Promise<boolean> {
    const subject: ReplaySubject = { kind: 'stream', stream };
    this.stream = stream;
    await this.load(subject);
    // Another subject was chosen meanwhile: that choice stands.
    if (!sameSubject(subject, this.subject)) return false;
    return this.goToKey(version);
  }

  /**
   * An event chosen in the Events area: the replay goes to the step that applies it, when the subject holds it. `count`
   * is that step when the caller knows it; else the service finds it. False when the subject does not hold the event
   * (or another subject was chosen meanwhile).
   */
  async showEvent(event: JournalEvent, count: number | null = null): Promise<boolean> {
    const subject = this.subject;
    if (subject === null || (subject.kind === 'stream' && subject.stream !== event.stream)) return false;
    await this.loaded;
    if (subject !== this.subject) return false;
    const generation = this.generation;
    let step = count;
    if (step === null) {
      try {
        step = (await this.api.events({ ...subjectEvents(subject), at: event.position, limit: 1 })).offset + 1;
      } catch (error) {
        if (!(error instanceof JournalError && error.code === 'not-found') && generation === this.generation) this.notice = describeError('', error).message;
        return false;
      }
    }
    if (generation !== this.generation) return false;
    this.takeOver();
    this.leaveHead(step);
    if (step !== this.cursor || this.point?.count !== step) void this.goTo(step);
    return true;
  }

  /** The Replay controls take the focus (once drawn), so ←/→, Home/End and Space drive this replay. */
  focusControls(): void {
    this.focusRequests += 1;
  }

  /** Another reducer, or the loaded file changed: the same step, asked again. */
  refresh(): void {
    if (this.subject === null) return;
    this.player.pause();
    this.generation++;
    this.failure = null;
    this.notice = null;
    this.cancelled = null;
    const generation = this.generation;
    void this.goTo(this.cursor).then((point) => {
      if (point !== null && generation === this.generation) void this.probeEnd(generation);
    });
    this.fields.refresh();
  }

  /** Shows step `count` (clamped to the subject); answers the point, or null when it was dropped or failed. */
  async goTo(count: number): Promise<ReplayPoint | null> {
    const upper = this.index ? this.total : Number.MAX_SAFE_INTEGER;
    const target = Math.max(0, Math.min(upper, Math.round(count)));
    this.cursor = target;
    const ask: Ask = { count: target, generation: this.generation, seq: ++this.asked };
    let point: ReplayPoint | null;
    try {
      point = await this.fetcher.run(ask);
    } catch (error) {
      if (error instanceof JournalError && error.code === 'cancelled') {
        this.stopped(ask, error.message);
        return null;
      }
      if (ask.generation === this.generation && ask.seq === this.asked) {
        this.error = describeError('', error).message;
        this.loading = false;
        // A state from another reducer must not stand beside this error as if it were the answer.
        if (this.shownGeneration !== ask.generation) this.point = null;
      }
      return null;
    }
    // Answers of the same generation are shown even when a newer ask waits, so a drag shows its way.
    if (point === null || ask.generation !== this.generation) return null;
    this.show(point, ask.seq === this.asked);
    this.shownGeneration = ask.generation;
    if (this.index === null && this.subject !== null) this.indexSubject(this.subject, point.total, ask.generation);
    return point;
  }

  /**
   * Stops the slow step under way (the service keeps what it folded, so Resume goes on from there), and every step
   * asked before the cancel that waits for it: none of them walks again.
   */
  async cancelWalk(): Promise<void> {
    this.player.pause();
    this.cancelledUpTo = this.asked;
    const walk = this.walk;
    this.cancelNote = walk ? `The replay of ${walk.subject} was cancelled at ${formatCount(walk.done)} of ${formatCount(walk.total)} events.` : 'The replay was cancelled.';
    try {
      await this.api.cancelReplay();
    } catch (error) {
      this.notice = describeError('', error).message;
    }
  }

  /** Asks again for the step a cancel stopped. */
  resume(): void {
    const cancelled = this.cancelled;
    if (cancelled === null) return;
    this.takeOver();
    this.loading = this.point === null;
    void this.goTo(cancelled.count);
  }

  /** A step the user cancelled: the replay stays on the step shown (or none yet), and says where it stopped. */
  private stopped(ask: Ask, message: string): void {
    if (ask.generation !== this.generation || ask.seq !== this.asked) return;
    this.player.pause();
    this.cancelled = { message, count: ask.count };
    this.loading = false;
    this.cursor = this.point?.count ?? 0;
  }

  stepForward(): void {
    this.takeOver();
    if (!this.atEnd) void this.goTo(this.cursor + 1);
  }

  stepBack(): void {
    this.takeOver();
    this.followHead = false;
    if (!this.atStart) void this.goTo(this.cursor - 1);
  }

  jumpToStart(): void {
    this.takeOver();
    this.leaveHead(0);
    void this.goTo(0);
  }

  jumpToEnd(): void {
    this.takeOver();
    void this.goTo(this.limit);
  }

  /** The slider, a field history entry, a marker on the timeline. */
  jumpTo(count: number): void {
    this.takeOver();
    this.leaveHead(count);
    void this.goTo(count);
  }

  /** "Go to version": the step whose event has this version (position across streams). */
  async goToKey(key: number): Promise<boolean> {
    this.takeOver();
    const count = await this.countOf(key);
    if (count === null) return false;
    this.leaveHead(count);
    void this.goTo(count);
    return true;
  }

  /** "Compare with version": the changes from that step to the one shown, kept up to date while stepping. */
  async compare(key: number): Promise<boolean> {
    const count = await this.countOf(key);
    if (count === null) return false;
    this.compareWith = { count, key };
    void this.goTo(this.cursor);
    return true;
  }

  stopComparing(): void {
    this.compareWith = null;
    if (this.point?.compared !== undefined) {
      const { compared: _, ...rest } = this.point;
      this.point = rest;
    }
  }

  // For the player.
  advance(): Promise<ReplayPoint | null> {
    return this.goTo(this.cursor + 1);
  }

  restart(): void {
    this.leaveHead(0);
    void this.goTo(0);
  }

  /** The "Follow head" toggle: on, the replay goes to the subject's end now and after each change of the store. */
  setFollowHead(on: boolean): void {
    this.followHead = on && this.canFollowHead;
    if (!this.followHead) return;
    this.takeOver();
    void this.grow(true);
  }

  /** A live store gained events: the subject may have more (the slider reaches them); its end is followed when asked. */
  liveChanged(): Promise<void> {
    return this.grow(this.followHead);
  }

  /** Learns the subject's number of events now; with `toEnd`, and while following the head, shows the last. */
  private async grow(toEnd: boolean): Promise<void> {
    const subject = this.subject;
    if (subject === null) return;
    await this.loaded;
    const generation = this.generation;
    if (subject !== this.subject || this.index === null) return;
    let total: number;
    try {
      total = (await this.api.events({ ...subjectEvents(subject), limit: 1 })).total;
    } catch {
      // The steps known stay; the next change asks again.
      return;
    }
    if (generation !== this.generation) return;
    if (total !== this.index.total) {
      this.total = total;
      this.indexSubject(subject, total, generation);
    }
    if (toEnd && this.followHead && this.cursor !== this.limit) void this.goTo(this.limit);
  }

  dispose(): void {
    this.generation++;
    this.player.pause();
    this.reducer.dispose();
  }

  /** A move by hand to a step before the end leaves the head, which is then no longer followed. */
  private leaveHead(count: number): void {
    if (count < this.limit) this.followHead = false;
  }

  /** The user moves the replay: play stops, and a word about an earlier move is stale. */
  private takeOver(): void {
    this.player.pause();
    this.player.stopped = null;
    this.notice = null;
    this.cancelled = null;
  }

  private fetch(ask: Ask): Promise<ReplayPoint> {
    if (this.subject === null) return Promise.reject(new Error('Nothing is being replayed.'));
    if (ask.seq <= this.cancelledUpTo) return Promise.reject(new JournalError('cancelled', this.cancelNote));
    const request: ReplayAtRequest = { ...subjectRequest(this.subject), count: ask.count, reducer: this.reducer.choice };
    if (this.compareWith !== null) request.compareTo = this.compareWith.count;
    return this.watchWalk(this.api.replayAt(request));
  }

  /** A step that takes a while (the first jump to the end of a long stream) says how far the service has got. */
  private async watchWalk<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const watch = async () => {
      await sleep(WALK_QUIET_MS);
      while (!done) {
        try {
          const progress = (await this.api.workProgress()).replay;
          if (!done) this.walk = progress;
        } catch {
          return;
        }
        await sleep(WALK_POLL_MS);
      }
    };
    void watch();
    try {
      return await work;
    } finally {
      done = true;
      this.walk = null;
    }
  }

  private show(point: ReplayPoint, latest: boolean): void {
    this.point = point;
    this.total = point.total;
    this.error = null;
    this.loading = false;
    if (point.event) this.index?.note(point.count, keyOf(this.key, point.event));
    if (point.failure) this.failure = point.failure;
    // Past a reducer failure the service answers the failing step: the slider goes back there.
    if (latest) this.cursor = point.count;
  }

  /** The step of a key typed by the user; null (with a notice saying why) when there is none. */
  private async countOf(key: number): Promise<number | null> {
    const index = this.index;
    const generation = this.generation;
    if (index === null || !Number.isFinite(key)) return null;
    this.notice = null;
    if (key === this.startKey) return 0;
    try {
      const count = await index.countOf(key);
      if (generation !== this.generation) return null;
      if (count === null) this.notice = `No event has ${this.key} ${formatCount(key)} in ${this.label}${this.range()}.`;
      return count;
    } catch (error) {
      if (generation === this.generation) this.notice = describeError('', error).message;
      return null;
    }
  }

  private range(): string {
    if (this.firstKey === null || this.lastKey === null) return '';
    return ` (${this.key}s ${formatCount(this.firstKey)} to ${formatCount(this.lastKey)})`;
  }

  /** The key of the event at a step, from the events list (same order as the replay, and no reducer involved). */
  private async probe(subject: ReplaySubject, count: number): Promise<number> {
    const page = await this.api.events({ ...subjectEvents(subject), offset: count - 1, limit: 1 });
    const event = page.events[0];
    if (!event) throw new Error(`The replay has no step ${formatCount(count)}: the journal may have changed.`);
    return keyOf(stepKey(subject), event);
  }

  /** The subject's first answer: from now on versions can be looked up, and the first and last are learnt. */
  private indexSubject(subject: ReplaySubject, total: number, generation: number): void {
    const index = new StepIndex(total, (count) => this.probe(subject, count));
    this.index = index;
    void this.learnBounds(index);
    void this.probeEnd(generation);
  }

  private async learnBounds(index: StepIndex): Promise<void> {
    if (index.total === 0) return;
    try {
      const first = await index.keyAt(1);
      const last = await index.keyAt(index.total);
      if (this.index !== index) return;
      this.firstKey = first;
      this.lastKey = last;
    } catch {
      // Only labels; the replay works without them.
    }
  }

  /**
   * Asks for the end once in the background, so a failure of the user's reducer is marked on the timeline before it is
   * reached. Only for the user's reducer: the built-in ones never fail, and walking a huge subject for nothing would
   * keep the service busy; the user's runs in its own thread.
   */
  private async probeEnd(generation: number): Promise<void> {
    const subject = this.subject;
    if (subject === null || this.total === 0 || this.reducer.choice !== 'custom') return;
    try {
      const end = await this.api.replayAt({ ...subjectRequest(subject), count: this.total, reducer: this.reducer.choice });
      if (generation === this.generation && end.failure) this.failure = end.failure;
    } catch {
      // The step asked for says what went wrong.
    }
  }
}
