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

  constructor(
    private readonly store: Followable,
    /** Told when the store changed: kept answers (replay cursors) are stale. */
    private readonly changed: () => void,
    private readonly everyMs = POLL_MS,
  ) {
    this.schedule();
  }

  status(): LiveStatus {
    const { events, streams, lastTime } = this.store.summary;
    const status: LiveStatus = { following: this.following, revision: this.revision, events, streams, lastTime, checked: this.checked };
    if (this.problem !== null) status.problem = this.problem;
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
    }
    this.schedule();
  }
}
