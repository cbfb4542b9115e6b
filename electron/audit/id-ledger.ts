// The event ids seen so far, for finding one used twice in a journal of millions of events: each id is kept as a
// 64-bit fingerprint in typed arrays (17 bytes a slot, at most half the slots used), not as a string in a Set (about 100 bytes an id).

/**
 * Fingerprint of a text: two 32-bit hashes of its UTF-16 code units with different multipliers and seeds, each
 * finished with an avalanche step. Two different ids share both halves with a chance of about n² / 2^65: for a
 * million ids, about one in 30 million journals.
 */
export function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [avalanche(a), avalanche(b ^ text.length)];
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** An open-addressing table of fingerprints, each with the position of the first event that had it. */
export class IdLedger {
  private high: Uint32Array;
  private low: Uint32Array;
  /** The first position a fingerprint was seen at, as a double: positions are any safe integer. */
  private first: Float64Array;
  private filled: Uint8Array;
  private used = 0;

  /**
   * @param expected keys expected: the table is made big enough for them at once, as growing a table of a million
   *   keys copies them all in one go (a pause of some 100 ms)
   */
  constructor(expected = 0) {
    let size = 1024;
    while (size < expected * 2 + 2) size *= 2;
    this.high = new Uint32Array(size);
    this.low = new Uint32Array(size);
    this.first = new Float64Array(size);
    this.filled = new Uint8Array(size);
  }

  /** Notes a key; answers the first position it was noted at when it was seen before, else null. */
  note(key: string, position: number): number | null {
    if (this.used * 2 >= this.filled.length) this.grow();
    const [high, low] = fingerprint(key);
    const slot = this.find(high, low);
    if (this.filled[slot] === 1) return this.first[slot]!;
    this.high[slot] = high;
    this.low[slot] = low;
    this.first[slot] = position;
    this.filled[slot] = 1;
    this.used += 1;
    return null;
  }

  /** The slot holding this fingerprint, or the empty slot where it belongs (linear probing; never full). */
  private find(high: number, low: number): number {
    const mask = this.filled.length - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    while (this.filled[slot] === 1 && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, first, filled } = this;
    const size = filled.length * 2;
    this.high = new Uint32Array(size);
    this.low = new Uint32Array(size);
    this.first = new Float64Array(size);
    this.filled = new Uint8Array(size);
    for (let slot = 0; slot < filled.length; slot++) {
      if (filled[slot] === 0) continue;
      const to = this.find(high[slot]!, low[slot]!);
      this.high[to] = high[slot]!;
      this.low[to] = low[slot]!;
      this.first[to] = first[slot]!;
      this.filled[to] = 1;
    }
  }
}
