// Only the answer to the latest request counts: a slow earlier reply must not overwrite a newer one.
export class Latest {
  private current = 0;

  next(): number {
    return ++this.current;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.current;
  }
}

/** Calls `run` once input has been quiet for `ms`; `flush` runs it now. */
export class Debounce {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ms: number,
    private readonly run: () => void,
  ) {}

  schedule(): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, this.ms);
  }

  flush(): void {
    this.cancel();
    this.run();
  }

  /** True while a run is scheduled. */
  get pending(): boolean {
    return this.timer !== null;
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * One request in flight at a time; asks made meanwhile replace each other, and only the newest runs next. Rapid
 * slider drags and key repeats thus cost one request per answer, not one per move.
 */
export class Coalesce<A, R> {
  private running = false;
  private waiting: { arg: A; resolve: (result: R | null) => void; reject: (error: unknown) => void } | null = null;

  constructor(private readonly task: (arg: A) => Promise<R>) {}

  /** The task's answer for `arg`; null when a newer ask replaced it before it ran. Rejects with the task's error. */
  run(arg: A): Promise<R | null> {
    if (!this.running) return this.start(arg);
    this.waiting?.resolve(null);
    return new Promise((resolve, reject) => {
      this.waiting = { arg, resolve, reject };
    });
  }

  private async start(arg: A): Promise<R> {
    this.running = true;
    try {
      return await this.task(arg);
    } finally {
      this.running = false;
      const next = this.waiting;
      this.waiting = null;
      if (next) this.start(next.arg).then(next.resolve, next.reject);
    }
  }
}
