// From a version (or position) to the step that shows it. The service counts steps (events applied); people name
// them by version. Versions usually rise by one from the first, but not always (gaps, a stream starting at 5, a
// category's positions), so the guess that they do is checked, and a binary search over the subject's event order
// (non-decreasing in the key: a stream's events come by version, a cross-stream replay's by position) settles it.

/** The key (version or position) of the event applied at step `count` (1-based). */
export type KeyProbe = (count: number) => Promise<number>;

export class StepIndex {
  /** Keys already known, by step: from probes and from every point the replay showed. */
  private readonly known = new Map<number, number>();
  probes = 0;

  constructor(
    readonly total: number,
    private readonly probe: KeyProbe,
  ) {}

  note(count: number, key: number): void {
    if (count >= 1 && count <= this.total) this.known.set(count, key);
  }

  async keyAt(count: number): Promise<number> {
    const kept = this.known.get(count);
    if (kept !== undefined) return kept;
    this.probes++;
    const key = await this.probe(count);
    this.known.set(count, key);
    return key;
  }

  /** The first step whose event has this key; null when no event has it. */
  async countOf(key: number): Promise<number | null> {
    if (this.total === 0) return null;
    // Invariant: steps below lo have a smaller key (the step before lo has keyBelow); steps from hi on have a key at
    // least as large (step hi has keyAbove). Known steps narrow the range before any probe.
    let lo = 1;
    let hi = this.total + 1;
    let keyBelow: number | undefined;
    let keyAbove: number | undefined;
    for (const [count, known] of this.known) {
      if (known < key && count + 1 > lo) [lo, keyBelow] = [count + 1, known];
      else if (known >= key && count < hi) [hi, keyAbove] = [count, known];
    }
    if (keyBelow === undefined && lo === 1) {
      // Versions that rise by one from the first put the key this far from it: the first guess.
      const first = await this.keyAt(1);
      if (first >= key) [hi, keyAbove] = [1, first];
      else [lo, keyBelow] = [2, first];
    }
    let guess: number | null = this.known.has(1) ? key - this.known.get(1)! + 1 : null;
    for (let round = 0; lo < hi; round++) {
      let mid: number;
      if (guess !== null && guess >= lo && guess < hi) mid = guess;
      else if (round % 2 === 0 && keyBelow !== undefined && keyAbove !== undefined && keyAbove > keyBelow) {
        // Interpolation lands near the key when keys rise evenly; every other round bisects, so the worst case stays logarithmic.
        const span = hi - (lo - 1);
        mid = Math.min(hi - 1, Math.max(lo, lo - 1 + Math.round(((key - keyBelow) * span) / (keyAbove - keyBelow))));
      } else mid = Math.floor((lo + hi) / 2);
      guess = null;
      const found = await this.keyAt(mid);
      if (found < key) {
        [lo, keyBelow] = [mid + 1, found];
      } else {
        [hi, keyAbove] = [mid, found];
        // A hit is the answer when the step before has a smaller key: look there next.
        if (found === key) guess = mid - 1;
      }
    }
    if (lo > this.total) return null;
    return (await this.keyAt(lo)) === key ? lo : null;
  }
}
