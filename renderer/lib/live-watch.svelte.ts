// A live store's following, as the header shows it: the service is asked about once a second how it follows the
// store; a new revision means new events were counted in, and the session refreshes its areas. Pause and resume.
import type { JournalApi } from '../../shared/contract.js';
import type { LiveStatus } from '../../shared/model.js';
import { describeError } from './errors.js';

/** How often the service is asked (it looks at the store once a second itself). */
export const LIVE_POLL_MS = 1000;
/** After a failed ask, wait longer: the service (or the page's host) may be restarting. */
const LIVE_RETRY_MS = 5000;
/** An area refreshed after a change is dimmed only when its answer takes longer than this: no flicker every second. */
export const LIVE_STALE_MS = 400;

export class LiveWatch {
  /** What the service last said; null until its first answer. */
  status = $state.raw<LiveStatus | null>(null);
  /** Why the service could not be asked, in words; null when it answered. */
  unreachable = $state<string | null>(null);
  /** Pause or Resume was pressed and the service has not answered yet. */
  switching = $state(false);

  /** The revision the areas show: the journal as opened is revision 0. */
  private seen = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private asking = false;
  private stopped = false;
  /** Bumped by Pause and Resume: an ask answered from before one says nothing about the state after it. */
  private switches = 0;

  constructor(
    private readonly api: JournalApi,
    /** New events were counted in: told once per revision seen. */
    private readonly changed: (status: LiveStatus) => void,
    private readonly everyMs = LIVE_POLL_MS,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** The Pause / Resume button. */
  async setFollowing(follow: boolean): Promise<void> {
    if (this.switching) return;
    this.switching = true;
    this.switches += 1;
    try {
      const status = await this.api.followLive({ follow });
      if (!this.stopped && status !== null) this.take(status);
      this.unreachable = null;
    } catch (error) {
      if (!this.stopped) this.unreachable = describeError('', error).message;
    } finally {
      this.switching = false;
    }
  }

  dispose(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    if (this.stopped || this.asking) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.ask(), delay);
  }

  /** One ask at a time: the next is scheduled only once this one has answered. */
  private async ask(): Promise<void> {
    this.timer = null;
    this.asking = true;
    let delay = this.everyMs;
    const switches = this.switches;
    try {
      const status = await this.api.liveStatus();
      if (this.stopped) return;
      this.unreachable = null;
      // The journal open is no longer a live store: nothing more to follow in this view.
      if (status === null) {
        this.stopped = true;
        return;
      }
      // Asked before a Pause or Resume: the state it tells is gone; the next ask tells the new one.
      if (switches === this.switches) this.take(status);
    } catch (error) {
      if (this.stopped) return;
      this.unreachable = describeError('', error).message;
      delay = LIVE_RETRY_MS;
    } finally {
      this.asking = false;
    }
    this.schedule(delay);
  }

  private take(status: LiveStatus): void {
    this.status = status;
    if (status.revision === this.seen) return;
    this.seen = status.revision;
    this.changed(status);
  }
}
