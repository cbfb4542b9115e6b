// The digest an audit states it was made of: the journal file's bytes, or, when the journal is not a file on disk
// (the sample, or a file gone since it was opened and answered from the cache), its events' canonical content.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { FileDigest } from '../../shared/audit.js';
import { JournalError } from '../../shared/contract.js';
import type { JournalEvent } from '../../shared/model.js';
import { StaleCacheError } from '../store/evidence.js';
import type { JournalStore } from '../store/journal-store.js';
import { canonicalText, fileDigest } from './digest.js';

/**
 * Holds the store to the file's digest just taken: the bytes its cache was built from must be the bytes there now
 * (else StaleCacheError, and the service builds the cache again). A cache without a recorded digest (its build was
 * cancelled before the file was hashed) records this one.
 */
export function checkEvidence(store: JournalStore, digest: FileDigest | null): void {
  const evidence = store.evidence;
  if (evidence === undefined || digest === null) return;
  const recorded = evidence.recordedDigest();
  if (recorded === null) evidence.recordDigest(digest.hex);
  else if (recorded !== digest.hex) throw new StaleCacheError(store.summary.path, store.summary.name);
}

/** The file's digest; null when the path names no file, and the events must be digested instead (EventsDigest). */
export async function journalFileDigest(path: string, name: string, signal?: AbortSignal): Promise<FileDigest | null> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return null;
  }
  if (!isFile) return null;
  try {
    return await fileDigest(path, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new JournalError('internal', `${name} could not be read for its digest: ${(error as Error).message}`);
  }
}

/**
 * SHA-256 of the events' canonical texts (digest.ts canonicalText: RFC 8785 JSON of stream, version, type, time,
 * data, metadata, id and other fields), in global order, each followed by "\n"; `bytes` counts that UTF-8 text. The
 * same events from any store give the same digest.
 */
export class EventsDigest {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  update(event: JournalEvent): void {
    const line = `${canonicalText(event)}\n`;
    this.hash.update(line);
    this.bytes += Buffer.byteLength(line);
  }

  result(): FileDigest {
    return { algorithm: 'sha256', hex: this.hash.digest('hex'), bytes: this.bytes };
  }
}
