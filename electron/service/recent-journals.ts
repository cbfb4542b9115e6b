// The journals a user opened before, kept in the app's own settings folder (never beside a journal).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEEP = 10;

export class RecentJournals {
  private paths: string[];

  /** `file` null keeps the list in memory only (tests, one-off CLI runs). */
  constructor(private readonly file: string | null) {
    this.paths = file === null ? [] : load(file);
  }

  list(): string[] {
    return [...this.paths];
  }

  add(path: string): void {
    this.paths = [path, ...this.paths.filter((p) => p !== path)].slice(0, KEEP);
    if (this.file === null) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify(this.paths, null, 2));
    } catch {
      // A read-only settings folder costs the user the recent list, not the journal they opened.
    }
  }
}

function load(file: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string').slice(0, KEEP) : [];
  } catch {
    return [];
  }
}
