// The browser host's sessions: one per browser tab, each with its own journal service (open journal, reducer, replay
// cursors, findings, comparison), so opening a journal in one tab never changes what another shows. A tab names its
// session with an id it made itself (kept in its sessionStorage, so a reload finds its journal again).
//
// Sessions cost open files, cache handles, a reducer thread and uploads, so the host keeps a bounded number: one idle
// past `idleMs` is closed by a sweep, and a new tab beyond `maxSessions` closes the one idle longest. A tab whose
// session was closed is told so (code "session-closed") rather than silently handed a fresh, empty one.
import { JournalError } from '../../shared/contract.js';
import type { JournalService } from '../service/journal-service.js';

export interface SessionLimits {
  /** Sessions kept at once. */
  maxSessions: number;
  /** A session with no request for this long is closed. */
  idleMs: number;
}

/** Eight tabs side by side is more than anyone compares at once; half an hour untouched is a tab left behind. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxSessions: 8, idleMs: 30 * 60_000 };

/** The header a page names its session with. */
export const SESSION_HEADER = 'x-eventlens-session';

/** Ids a page makes with crypto.randomUUID(); anything else (or far longer) is no session id. */
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Closed ids remembered, so their tabs hear why; beyond this the oldest are forgotten (their tabs then start anew). */
const CLOSED_REMEMBERED = 1024;

export class HostSession {
  /** Requests running now: a session answering one is never closed for being idle. */
  busy = 0;
  lastUsed: number;

  constructor(
    readonly id: string,
    readonly service: JournalService,
    now: number,
  ) {
    this.lastUsed = now;
  }
}

export interface SessionsOptions {
  limits?: Partial<SessionLimits>;
  /** A new session's service; it may start opening the host's journal at once. */
  create(): JournalService;
  /** Told after a session's service is closed (its upload can go). */
  onClosed?(session: HostSession): void | Promise<void>;
  now?(): number;
}

export class HostSessions {
  readonly limits: SessionLimits;
  private readonly live = new Map<string, HostSession>();
  private readonly closed = new Set<string>();
  /** A session made before any tab asked (the host's journal opening while the address is printed): the first new tab takes it. */
  private spare: JournalService | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: SessionsOptions) {
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...options.limits };
    if (!(this.limits.maxSessions >= 1 && this.limits.idleMs > 0)) throw new Error(`Session limits must be positive: ${JSON.stringify(this.limits)}.`);
    this.now = options.now ?? Date.now;
    // Swept a few times per idle period; unref'd so a host that stops is not kept alive by it.
    this.sweeper = setInterval(() => void this.sweepIdle(), Math.max(1_000, Math.min(60_000, this.limits.idleMs / 4)));
    this.sweeper.unref();
  }

  /** Starts the first session now, so the host's journal is opening (with progress) before the first tab loads. */
  prepareSpare(): void {
    this.spare ??= this.options.create();
  }

  /** The sessions open now, most recently used first. */
  list(): HostSession[] {
    return [...this.live.values()].sort((a, b) => b.lastUsed - a.lastUsed);
  }

  /**
   * Runs one request in the session `id` names, creating it for a new tab. Refused: a missing or malformed id
   * ("bad-request"), an id whose session was closed ("session-closed"), and a new tab when every session is busy.
   */
  async use<T>(id: unknown, run: (session: HostSession) => Promise<T>): Promise<T> {
    // Found (or made) and marked busy with no await in between, so requests arriving together all count.
    const { session, making } = this.session(id);
    session.busy += 1;
    session.lastUsed = this.now();
    try {
      await making;
      return await run(session);
    } finally {
      session.busy -= 1;
      session.lastUsed = this.now();
    }
  }

  /** Closes every session idle past the limit; resolves when they are closed. */
  async sweepIdle(): Promise<void> {
    const cutoff = this.now() - this.limits.idleMs;
    const idle = [...this.live.values()].filter((session) => session.busy === 0 && session.lastUsed <= cutoff);
    await Promise.all(idle.map((session) => this.close(session)));
  }

  /** The host is stopping: every session (and the spare) closed. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const spare = this.spare;
    this.spare = null;
    await Promise.all([...[...this.live.values()].map((session) => this.close(session)), spare?.close()]);
  }

  /** The session, and the closing of the one a new session made room by, if any. */
  private session(id: unknown): { session: HostSession; making?: Promise<void> } {
    if (typeof id !== 'string' || !SESSION_ID.test(id)) {
      throw new JournalError('bad-request', 'This request names no session: each page sends its own in the X-Eventlens-Session header.');
    }
    const known = this.live.get(id);
    if (known !== undefined) return { session: known };
    if (this.closed.has(id)) {
      throw new JournalError(
        'session-closed',
        `This tab's session was closed to free the host's memory (unused for ${describeMinutes(this.limits.idleMs)}, or more than ${this.limits.maxSessions} tabs open). Reload the page to start again.`,
      );
    }
    const making = this.live.size >= this.limits.maxSessions ? this.makeRoom() : undefined;
    const service = this.spare ?? this.options.create();
    this.spare = null;
    const session = new HostSession(id, service, this.now());
    this.live.set(id, session);
    return { session, ...(making && { making }) };
  }

  /**
   * Closes the session idle longest (taken out of the list at once; its service closes in the background); when every
   * one is answering a request, the new tab waits for none and is refused.
   */
  private makeRoom(): Promise<void> {
    const oldest = this.list()
      .filter((session) => session.busy === 0)
      .at(-1);
    if (oldest === undefined) {
      throw new JournalError('too-many-sessions', `The Eventlens host already serves ${this.limits.maxSessions} tabs, all busy; close a tab or wait, then reload.`);
    }
    return this.close(oldest);
  }

  /** Takes the session out of the list at once (synchronously), then closes its service. */
  private close(session: HostSession): Promise<void> {
    if (this.live.get(session.id) !== session) return Promise.resolve();
    this.live.delete(session.id);
    this.closed.add(session.id);
    if (this.closed.size > CLOSED_REMEMBERED) this.closed.delete(this.closed.values().next().value!);
    return this.release(session);
  }

  private async release(session: HostSession): Promise<void> {
    try {
      await session.service.close();
    } finally {
      await this.options.onClosed?.(session);
    }
  }
}

function describeMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.round(ms / 1000)} seconds`;
}
