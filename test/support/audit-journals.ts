// Journals the audit tests write to hold exactly the faults under test, opened the way the service opens a file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../electron/store/open-store.js';
import type { JournalStore } from '../../electron/store/journal-store.js';
import type { AuditFinding, AuditResult } from '../../shared/audit.js';
import { tempFolder } from './fixtures.js';

export class AuditJournals {
  readonly journals = tempFolder('eventlens-audit-');
  readonly caches = tempFolder('eventlens-audit-cache-');
  private readonly opened: JournalStore[] = [];

  /** One JSON record per line. */
  writeLines(name: string, records: readonly unknown[]): string {
    const path = join(this.journals.path, name);
    writeFileSync(path, records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n') + '\n');
    return path;
  }

  async open(path: string): Promise<JournalStore> {
    const store = await openStore(path, { cacheDir: this.caches.path, signal: new AbortController().signal, onProgress: () => {} });
    this.opened.push(store);
    return store;
  }

  close(): void {
    for (const store of this.opened) store.close();
    this.journals.remove();
    this.caches.remove();
  }
}

/** A generic NDJSON record: the fields the tests vary, and a minute-by-minute time unless given. */
export function record(stream: string, version: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { stream, version, type: 'noted', data: { n: version }, ...fields };
}

export const minute = (n: number) => new Date(Date.UTC(2026, 0, 5, 9, n)).toISOString();

/** The findings of some kinds, reduced to what a test pins down. */
export function placed(result: AuditResult, ...kinds: string[]): Pick<AuditFinding, 'severity' | 'kind' | 'stream' | 'version' | 'position'>[] {
  return result.findings
    .filter((finding) => kinds.includes(finding.kind))
    .map(({ severity, kind, stream, version, position }) => ({ severity, kind, stream, version, position }));
}

export function countOf(result: AuditResult, kind: string): number {
  return result.counts.filter((count) => count.kind === kind).reduce((sum, count) => sum + count.count, 0);
}
