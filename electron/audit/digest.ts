// Digests: SHA-256 of the journal file as it lies on disk, and of each event's canonical content (RFC 8785 JSON of
// its normalized fields), so two exports of one history from different stores can be compared event by event.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import canonicalize from 'canonicalize';
import type { CanonicalEvent, FileDigest } from '../../shared/audit.js';
import { canonicalJsonText } from '../../shared/deep-json.js';
import type { JournalEvent } from '../../shared/model.js';

/** The text an event's digest is taken of: the same event from any store gives the same text. */
export function canonicalText(event: JournalEvent): string {
  const content: CanonicalEvent = {
    stream: event.stream,
    version: event.version,
    type: event.type,
    time: event.time,
    data: event.data,
    metadata: event.metadata,
    // Everything the record held counts: two events that differ only in their id or another field are not the same.
    ...(event.id !== undefined && { id: event.id }),
    ...(event.extra !== undefined && { extra: event.extra }),
  };
  try {
    return canonicalize(content) ?? '';
  } catch {
    // RFC 8785 refuses a lone surrogate ("\ud800") and a number JSON.parse read as Infinity (1e400); journals hold
    // both. Such content is written as JSON.stringify writes it (keys still sorted), so its digest is still taken.
    return canonicalJsonText(content);
  }
}

export function eventDigest(event: JournalEvent): string {
  return createHash('sha256').update(canonicalText(event)).digest('hex');
}

/** Streams the file through SHA-256 (a journal can be larger than memory); reads only, never writes. */
export async function fileDigest(path: string, signal?: AbortSignal): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  // A file that changed size while read is not the file the digest claims to describe.
  const size = statSync(path).size;
  if (size !== bytes) throw new Error(`${path} changed while its digest was taken (${bytes} bytes read, ${size} now).`);
  return { algorithm: 'sha256', hex: hash.digest('hex'), bytes };
}
