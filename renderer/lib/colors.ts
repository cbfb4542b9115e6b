// One colour per event type, shared by the chart, the table and the replay.
// Each type hashes to a slot of a palette of well-separated colours; when two types of one journal land on the same
// slot, the later by name takes the next free one, so the journal's types do not share a colour and a type keeps its
// colour across screens and sessions. A journal with more types than colours gives them to its most frequent types;
// the rest share one grey, everywhere (the chart stacks them as "other types"), so no view tells another story.

/** Ten clearly different colours first (Tableau 10, olive for its grey), then lighter ones for journals with more types. */
const DISTINCT = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bcbd22'] as const;
const LIGHTER = ['#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#dbdb8d'] as const;
const TIERS: readonly (readonly string[])[] = [DISTINCT, LIGHTER];

/** Types that get a colour of their own: as many as the palette tells apart. */
export const COLORED_TYPES = DISTINCT.length + LIGHTER.length;
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
  /** The journal's types past the COLORED_TYPES most frequent: grey in every view. */
  private readonly rest = new Set<string>();
  /** The grey the rest share. */
  readonly other = OTHER_COLOR;

  /** The journal's types, with their counts when known (names alone count alike: ties go by name). */
  constructor(types: Iterable<string | { type: string; count: number }>) {
    const counted = new Map<string, number>();
    for (const entry of types) {
      const [type, count] = typeof entry === 'string' ? [entry, 0] : [entry.type, entry.count];
      counted.set(type, Math.max(count, counted.get(type) ?? 0));
    }
    const byCount = [...counted].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)).map(([type]) => type);
    for (const type of byCount.slice(COLORED_TYPES)) this.rest.add(type);
    const names = byCount.slice(0, COLORED_TYPES).sort();
    const taken = TIERS.map(() => new Set<number>());
    for (const type of names) {
      const hash = typeHash(type);
      const tier = taken.findIndex((slots, index) => slots.size < TIERS[index]!.length);
      const slots = taken[tier]!;
      let slot = hash % DISTINCT.length;
      while (slots.has(slot)) slot = (slot + 1) % DISTINCT.length;
      slots.add(slot);
      this.assigned.set(type, TIERS[tier]![slot]!);
    }
  }

  of(type: string): string {
    if (this.rest.has(type)) return OTHER_COLOR;
    return this.assigned.get(type) ?? DISTINCT[typeHash(type) % DISTINCT.length]!;
  }

  /** True for a type of the journal without a colour of its own (the chart sums these as "other types"). */
  grouped(type: string): boolean {
    return this.rest.has(type);
  }
}
