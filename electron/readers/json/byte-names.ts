// Numbers for names read as bytes (a stream id or type written in a record without escapes), found without making a
// string: a million records name ten thousand streams, and hashing the few bytes of each here costs a fraction of
// decoding them and hashing the string in a Map. Numbers come from the NameNumbers the rest of the import uses, so a
// name met both here and as a string (a record read the usual way) has one number.
import type { NameNumbers } from '../name-numbers.js';

const EMPTY = -1;

export class ByteNames {
  /** Open addressing: each slot holds an entry index or EMPTY. */
  private slots = new Int32Array(1 << 12).fill(EMPTY);
  private entries = 0;
  private starts = new Int32Array(1 << 11);
  private lengths = new Int32Array(1 << 11);
  private hashes = new Int32Array(1 << 11);
  private numbers = new Int32Array(1 << 11);
  /** The bytes of every entry, one after another. */
  private arena = new Uint8Array(1 << 16);
  private used = 0;

  constructor(private readonly names: NameNumbers) {}

  /** The number of the name in bytes[start, end), which must be valid UTF-8. */
  numberOf(bytes: Buffer, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) return this.add(slot, hash, bytes, start, end);
      if (this.hashes[entry] !== hash || this.lengths[entry] !== length) continue;
      const at = this.starts[entry]!;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (this.arena[at + i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.numbers[entry]!;
    }
  }

  private add(slot: number, hash: number, bytes: Buffer, start: number, end: number): number {
    const number = this.names.numberOf(bytes.toString('utf8', start, end));
    const length = end - start;
    if (this.used + length > this.arena.length) this.arena = grow(this.arena, this.used + length);
    this.arena.set(bytes.subarray(start, end), this.used);
    const entry = this.entries++;
    if (entry === this.starts.length) {
      this.starts = grow(this.starts, entry + 1);
      this.lengths = grow(this.lengths, entry + 1);
      this.hashes = grow(this.hashes, entry + 1);
      this.numbers = grow(this.numbers, entry + 1);
    }
    this.starts[entry] = this.used;
    this.lengths[entry] = length;
    this.hashes[entry] = hash;
    this.numbers[entry] = number;
    this.used += length;
    this.slots[slot] = entry;
    // Kept at most half full, so probes stay short.
    if (this.entries * 2 > this.slots.length) this.rehash();
    return number;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.entries; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}

function grow<T extends Uint8Array | Int32Array>(array: T, atLeast: number): T {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}
