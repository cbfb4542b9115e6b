// How large one record (an NDJSON line, an array item) may be. A record is parsed whole, as one string, and V8 makes
// no string past about 512 MB: a larger line used to stop the whole read with "Cannot create a string longer than…",
// or abort the process while its bytes piled up. Past the limit a record is a finding instead, its bytes counted and
// skipped rather than kept, and the reading goes on with the next one: no journal makes a read hold more than this.
import { constants } from 'node:buffer';
import type { Finding } from '../../../shared/model.js';

export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** Sets the limit in bytes (tests use a small one rather than writing gigabytes; a user may raise it). */
export const MAX_RECORD_BYTES_VARIABLE = 'EVENTLENS_MAX_RECORD_BYTES';

/**
 * The limit in force: the environment's when it is a whole number of bytes, else the default. Read from the
 * environment, not set in code, so an import in a worker thread or a CLI child process sees the same one. Never more
 * than the longest string V8 makes (a record of that many bytes decodes to at most that many characters).
 */
export function maxRecordBytes(): number {
  const given = process.env[MAX_RECORD_BYTES_VARIABLE]?.trim();
  const bytes = given ? Number(given) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) return DEFAULT_MAX_RECORD_BYTES;
  return Math.min(bytes, constants.MAX_STRING_LENGTH);
}

/** A limit for a document read whole into one string, kept within the longest string V8 makes. */
export function documentLimit(bytes: number): number {
  return Math.min(bytes, constants.MAX_STRING_LENGTH);
}

/** The finding for a record left out for its size; `place` is "line 12" or "item 3 (line 4)". */
export function recordTooLarge(file: string, place: string, bytes: number, limit: number): Finding {
  return {
    severity: 'error',
    kind: 'record-too-large',
    place,
    message:
      `${file} ${place}: ${sizeText(bytes)}, more than the ${sizeText(limit)} one record may be, so it was left out ` +
      `(${MAX_RECORD_BYTES_VARIABLE} sets the limit in bytes).`,
  };
}

/** "3 GB (3221225472 bytes)": readable, and exact for the byte-minded. */
function sizeText(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  const [unit, name] = units.find(([size]) => bytes >= size) ?? [1, 'bytes'];
  if (unit === 1) return `${bytes} bytes`;
  const value = bytes / unit;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${name} (${bytes} bytes)`;
}
