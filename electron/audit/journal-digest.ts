// The digest an audit states it was made of: the journal file's bytes, or, when the journal is not a file on disk
// (the sample, or a file gone since it was opened and answered from the cache), its events' canonical content.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { FileDigest } from '../../shared/audit.js';
import { JournalError } from '../../shared/contract.js';
import type { JournalEvent } from '../../shared/model.js';
import { canonicalText, fileDigest } from './digest.js';

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
