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

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
