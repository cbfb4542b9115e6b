// The Streams listbox as one long run of rows made of parts: one part for a flat list, or one per category, each
// with a heading row and (unless folded) its streams. Plain arithmetic, so the virtual list can find any row.
import type { StreamSummary } from '../../shared/model.js';
import { groupStreams } from './streams.js';

export interface PartSize {
  /** Streams in the part; null until its first answer. */
  total: number | null;
  /** A heading row first (grouped lists). */
  heading: boolean;
  /** Folded away: the heading shows, the streams do not. */
  folded: boolean;
}

export type RowRef =
  | { kind: 'heading'; part: number }
  /** `index` within the part; `option` counts options of the whole list, for aria-posinset and the keyboard. */
  | { kind: 'option'; part: number; index: number; option: number };

function shownOptions(part: PartSize): number {
  return part.folded ? 0 : (part.total ?? 0);
}

function rowsOf(part: PartSize): number {
  // A part with nothing in it is left out, heading and all.
  if (!part.total) return 0;
  return (part.heading ? 1 : 0) + shownOptions(part);
}

export function rowCount(parts: readonly PartSize[]): number {
  return parts.reduce((sum, part) => sum + rowsOf(part), 0);
}

export function optionCount(parts: readonly PartSize[]): number {
  return parts.reduce((sum, part) => sum + shownOptions(part), 0);
}

/** What row `row` of the list is. */
export function locateRow(parts: readonly PartSize[], row: number): RowRef | null {
  let start = 0;
  let options = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const rows = rowsOf(part);
    if (row < start + rows) {
      let at = row - start;
      if (part.heading) {
        if (at === 0) return { kind: 'heading', part: p };
        at -= 1;
      }
      return { kind: 'option', part: p, index: at, option: options + at };
    }
    start += rows;
    options += shownOptions(part);
  }
  return null;
}

/** The row showing option number `option`, and where that option is. */
export function locateOption(parts: readonly PartSize[], option: number): { row: number; part: number; index: number } | null {
  let start = 0;
  let options = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const shown = shownOptions(part);
    if (option < options + shown) {
      const index = option - options;
      return { row: start + (part.heading ? 1 : 0) + index, part: p, index };
    }
    start += rowsOf(part);
    options += shown;
  }
  return null;
}

export interface Category {
  category: string;
  /** All its streams, whatever the filters. */
  streams: number;
  /** The stream-page filter that lists exactly its streams. */
  glob: string;
}

/**
 * The categories to group the list by, from the whole stream list; null when grouping would not help or could not be
 * asked of the service exactly (a category that a glob cannot name, ids without a category, names differing in case).
 */
export function listCategories(streams: readonly StreamSummary[]): Category[] | null {
  if (streams.some((s) => s.stream.indexOf('-') <= 0)) return null;
  const groups = groupStreams(streams);
  if (groups === null) return null;
  const lower = new Set(groups.map((g) => g.category.toLowerCase()));
  if (lower.size !== groups.length || groups.some((g) => /[*?]/.test(g.category))) return null;
  return groups.map((group) => ({ category: group.category, streams: group.streams.length, glob: `${group.category}-*` }));
}
