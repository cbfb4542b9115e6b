// One colour per event type, shared by the chart, the table and the replay.
// Each type hashes to a slot of a palette of well-separated colours; when two types of one journal land on the same
// slot, the later by name takes the next free one, so the journal's types do not share a colour (up to 20 types)
// and a type keeps its colour across screens and sessions.

/** Ten clearly different colours first (Tableau 10, olive for its grey), then lighter ones for journals with more types. */
const DISTINCT = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bcbd22'] as const;
const LIGHTER = ['#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#dbdb8d'] as const;
const TIERS: readonly (readonly string[])[] = [DISTINCT, LIGHTER];

export const OTHER_TYPES = 'other';
const OTHER_COLOR = '#9aa0a8';

/** FNV-1a then a murmur3 finalizer: small, stable across runs and platforms, well spread for similar names. */
export function typeHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class TypeColors {
  private readonly assigned = new Map<string, string>();

  constructor(types: Iterable<string>) {
    const names = [...new Set(types)].filter((t) => t !== OTHER_TYPES).sort();
    const taken = TIERS.map(() => new Set<number>());
    for (const type of names) {
      const hash = typeHash(type);
      const tier = taken.findIndex((slots, index) => slots.size < TIERS[index]!.length);
      if (tier < 0) {
        // More types than colours: they must repeat; the hash still decides which.
        this.assigned.set(type, TIERS[hash % TIERS.length]![hash % DISTINCT.length]!);
        continue;
      }
      const slots = taken[tier]!;
      let slot = hash % DISTINCT.length;
      while (slots.has(slot)) slot = (slot + 1) % DISTINCT.length;
      slots.add(slot);
      this.assigned.set(type, TIERS[tier]![slot]!);
    }
  }

  of(type: string): string {
    if (type === OTHER_TYPES) return OTHER_COLOR;
    return this.assigned.get(type) ?? DISTINCT[typeHash(type) % DISTINCT.length]!;
  }
}
