// The Replay area: a stream's events folded locally into states, and a cursor over them.
// Cursor 0 is the start (no event applied, the reducer's initial state); cursor i shows the state after the
// i-th event. The slider's aria-valuenow is the version shown: at the start, one less than the first version.
import type { Json, JournalEvent } from '../../shared/model.js';
import { mergePatchReducer, replaySteps } from '../../shared/replay.js';
import type { ReplayedStep } from '../../shared/replay.js';
import { Latest } from './latest.js';
import type { JournalSession } from './session.svelte.js';

/** The most the service hands out per call; longer streams are fetched in pages. */
const FETCH_LIMIT = 100_000;
export const PLAY_INTERVAL_MS = 600;

export class Replay {
  stream = $state<string | null>(null);
  steps = $state.raw<ReplayedStep[]>([]);
  cursor = $state(0);
  playing = $state(false);
  loading = $state(false);

  readonly length = $derived(this.steps.length);
  /** The step shown; null at the start. */
  readonly current = $derived(this.cursor > 0 ? (this.steps[this.cursor - 1] ?? null) : null);
  readonly state = $derived<Json>(this.current ? this.current.state : mergePatchReducer.init());
  readonly startVersion = $derived(this.steps.length > 0 ? this.steps[0]!.event.version - 1 : 0);
  readonly version = $derived(this.current ? this.current.event.version : this.startVersion);
  readonly lastVersion = $derived(this.steps.length > 0 ? this.steps[this.steps.length - 1]!.event.version : 0);
  readonly atStart = $derived(this.cursor === 0);
  readonly atEnd = $derived(this.cursor >= this.steps.length);

  private readonly latest = new Latest();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly session: JournalSession) {}

  async load(stream: string | null): Promise<void> {
    const ticket = this.latest.next();
    this.pause();
    this.stream = stream;
    this.steps = [];
    this.cursor = 0;
    if (stream === null) {
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const events: JournalEvent[] = [];
      for (;;) {
        const page = await this.session.api.events({ stream, offset: events.length, limit: FETCH_LIMIT });
        if (!this.latest.isCurrent(ticket)) return;
        events.push(...page.events);
        if (page.events.length === 0 || events.length >= page.total) break;
      }
      this.steps = [...replaySteps(events)];
    } catch (error) {
      if (this.latest.isCurrent(ticket)) this.session.reportError(`Could not replay ${stream}`, error);
    } finally {
      if (this.latest.isCurrent(ticket)) this.loading = false;
    }
  }

  goTo(cursor: number): void {
    this.cursor = Math.max(0, Math.min(this.steps.length, Math.round(cursor)));
    if (this.atEnd) this.pause();
  }

  stepForward(): void {
    this.goTo(this.cursor + 1);
  }

  stepBack(): void {
    this.goTo(this.cursor - 1);
  }

  jumpToStart(): void {
    this.pause();
    this.goTo(0);
  }

  jumpToEnd(): void {
    this.goTo(this.steps.length);
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.steps.length === 0) return;
    if (this.atEnd) this.cursor = 0;
    this.playing = true;
    this.timer = setInterval(() => this.stepForward(), PLAY_INTERVAL_MS);
  }

  pause(): void {
    this.playing = false;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.pause();
  }
}
