// Numbers for names (stream ids, types) in the order they are first met, so that columns of events can hold numbers
// and per-stream state can live in arrays: one hash lookup per event instead of one per use.
export class NameNumbers {
  private readonly numbers = new Map<string, number>();
  /** Every name, by its number. */
  readonly names: string[] = [];
  private handedOut = 0;

  numberOf(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) {
      number = this.names.length;
      this.numbers.set(name, number);
      this.names.push(name);
    }
    return number;
  }

  /** The names numbered since the last call. */
  takeNew(): string[] {
    const fresh = this.names.slice(this.handedOut);
    this.handedOut = this.names.length;
    return fresh;
  }
}
