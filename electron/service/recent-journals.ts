// The journals a user opened before, kept in the app's own settings folder (never beside a journal). A live store's
// table read through a map (Map columns…, --map) is kept with its map: opened again from the list, it reads the same
// table the same way rather than asking for the map again.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ColumnMap } from '../readers/formats/types.js';

const KEEP = 10;

interface RecentEntry {
  path: string;
  map?: ColumnMap;
}

export class RecentJournals {
  private entries: RecentEntry[];

  /** `file` null keeps the list in memory only (tests, one-off CLI runs). */
  constructor(private readonly file: string | null) {
    this.entries = file === null ? [] : load(file);
  }

  list(): string[] {
    return this.entries.map((entry) => entry.path);
  }

  /** The map a journal was last opened with, if any. */
  mapOf(path: string): ColumnMap | undefined {
    return this.entries.find((entry) => entry.path === path)?.map;
  }

  add(path: string, map?: ColumnMap): void {
    this.entries = [{ path, ...(map && { map }) }, ...this.entries.filter((entry) => entry.path !== path)].slice(0, KEEP);
    if (this.file === null) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      // A journal without a map is kept as its path alone, as the list always was.
      writeFileSync(this.file, JSON.stringify(this.entries.map((entry) => (entry.map ? entry : entry.path)), null, 2));
    } catch {
      // A read-only settings folder costs the user the recent list, not the journal they opened.
    }
  }
}

function load(file: string): RecentEntry[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.map(entryOf).filter((entry) => entry !== null).slice(0, KEEP) : [];
  } catch {
    return [];
  }
}

/** A path, or a path with its map (every role a string); anything else in the file is passed over. */
function entryOf(item: unknown): RecentEntry | null {
  if (typeof item === 'string') return { path: item };
  if (typeof item !== 'object' || item === null) return null;
  const { path, map } = item as { path?: unknown; map?: unknown };
  if (typeof path !== 'string') return null;
  if (typeof map !== 'object' || map === null || !Object.values(map).every((value) => typeof value === 'string')) return { path };
  return { path, map: map as ColumnMap };
}
