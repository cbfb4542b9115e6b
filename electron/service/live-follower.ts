// Following a live store: its head is looked at every second while following, and what was written since is
// counted in (PgJournalStore.poll); now and then the whole stream list is read again, for transactions that
// committed after later ones. Paused and resumed by the user; stopped when the journal closes.
import type { LiveStatus } from '../../shared/model.js';

export interface Followable {
  /** True when events were written since the last look. */
  poll(): Promise<boolean>;
  /** Reads the stream list and counts again from the store. */
  refresh(): Promise<void>;
  readonly summary: { events: number; streams: number; lastTime: string | null };
  /**
   * Where the store announces its appends: starts listening (wake on each announcement, lost when the listening
   * connection fails) and resolves to the function that stops; null when the store announces nothing.
   */
  watch?(wake: () => void, lost: (message: string) => void): Promise<(() => Promise<void>) | null>;
}

/** A store that can be followed: a live one (a file is looked at when asked, by its identity). */
export function isFollowable(store: object): store is Followable {
  return typeof (store as Partial<Followable>).poll === 'function' && typeof (store as Partial<Followable>).refresh === 'function';
}

/** How often the head is looked at (ms). */
export const POLL_MS = 1000;
/** A full re-read at most this often (ms), and at least 30 times as long as the last one took. */
const FULL_REFRESH_MS = 30_000;

export class LiveFollower {
  private following = true;
  private revision = 0;
  private checked: string | null = null;
  private problem: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextFull = Date.now() + FULL_REFRESH_MS;
  private stopped = false;
  /** A look running now, and whether an announcement came meanwhile (then one more look follows it). */
  private looking = false;
  private lookAgain = false;
  /** Stops listening to the store's announcements; null while not listening. */
  private unwatch: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: Followable,
    /** Told when the store changed: kept answers (replay cursors) are stale. */
    private readonly changed: () => void,
    private readonly everyMs = POLL_MS,
  ) {
    this.schedule();
    void this.listen();
  }

  status(): LiveStatus {
    const { events, streams, lastTime } = this.store.summary;
    const status: LiveStatus = { following: this.following, revision: this.revision, events, streams, lastTime, checked: this.checked };
    if (this.problem !== null) status.problem = this.problem;
    if (this.unwatch !== null) status.listening = true;
    return status;
  }

  follow(on: boolean): LiveStatus {
    this.following = on;
    if (on) this.schedule(0);
    else this.cancelTimer();
    return this.status();
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    void this.unwatch?.();
    this.unwatch = null;
  }

  /**
   * Listens where the store announces its appends, so a new event is looked at at once rather than at the next poll.
   * Polling goes on beside it: an announcement can be lost with its connection, and a late commit announces nothing
   * the head would show.
   */
  private async listen(): Promise<void> {
    if (this.store.watch === undefined) return;
    try {
      const stop = await this.store.watch(
        () => this.announced(),
        () => {
          // The listening connection failed: polling alone goes on, as for a store that announces nothing.
          this.unwatch = null;
        },
      );
      if (this.stopped) await stop?.();
      else this.unwatch = stop;
    } catch {
      // A role that may not LISTEN, a server that refuses it: polling still finds every append.
    }
  }

  private announced(): void {
    if (this.stopped || !this.following) return;
    if (this.looking) this.lookAgain = true;
    else this.schedule(0);
  }

  private schedule(delay = this.everyMs): void {
    if (this.stopped || !this.following) return;
    this.cancelTimer();
    this.timer = setTimeout(() => void this.look(), delay);
    // A CLI command or a test must be able to end while a store is followed.
    this.timer.unref?.();
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async look(): Promise<void> {
    this.timer = null;
    this.looking = true;
    this.lookAgain = false;
    try {
      let changed: boolean;
      if (Date.now() >= this.nextFull) {
        const before = JSON.stringify(this.store.summary);
        const started = Date.now();
        await this.store.refresh();
        this.nextFull = Date.now() + Math.max(FULL_REFRESH_MS, 30 * (Date.now() - started));
        changed = JSON.stringify(this.store.summary) !== before;
      } else {
        changed = await this.store.poll();
      }
      if (this.stopped) return;
      if (changed) {
        this.revision++;
        this.changed();
      }
      this.checked = new Date().toISOString();
      this.problem = null;
    } catch (error) {
      if (this.stopped) return;
      // The server gone for a moment: said, and asked again, less often.
      this.problem = (error as Error).message;
      this.schedule(this.everyMs * 5);
      return;
    } finally {
      this.looking = false;
    }
    this.schedule(this.lookAgain ? 0 : this.everyMs);
  }
}
