// An upload's bytes written to its file, no more than a limit. Past the limit the file is removed at once and the rest
// of the body is read and dropped rather than the connection cut: the page then gets its 413 reply instead of a reset.
import { open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { JournalError } from '../../shared/contract.js';

/** What an upload is: a journal to open or compare, the start of one whose fields are listed, or a reducer file. */
export type UploadKind = 'journal' | 'sample' | 'reducer';

export function tooLarge(limit: number, kind: UploadKind = 'journal'): JournalError {
  if (kind === 'reducer') {
    return new JournalError('too-large', `The reducer file is larger than ${sizeText(limit)}, the most the Eventlens host takes for a reducer; give its path on this computer instead.`);
  }
  return new JournalError('too-large', `The file is larger than ${sizeText(limit)}, the most the Eventlens host takes in one upload; open it with "eventlens serve FILE" instead.`);
}

/** Writes `body` to a new file at `path` (0600: only the user reads an uploaded journal); returns its size in bytes. */
export async function receiveBody(body: AsyncIterable<Buffer>, path: string, limit: number, kind: UploadKind = 'journal'): Promise<number> {
  let file: FileHandle | null = await open(path, 'wx', 0o600);
  let size = 0;
  let failure: unknown = null;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      // Failed already: read and drop (leaving the loop early would destroy the request, and with it the reply).
      if (file === null) continue;
      if (size > limit) failure = tooLarge(limit, kind);
      else failure = await writeAll(file, chunk);
      if (failure === null) continue;
      const failed = file;
      file = null;
      await failed.close().catch(() => {});
      await rm(path, { force: true });
    }
  } catch (error) {
    // The page went away mid-upload; nobody is left to answer, but nothing is left behind either.
    failure ??= error;
  } finally {
    await file?.close().catch(() => {});
  }
  if (failure !== null) {
    await rm(path, { force: true });
    throw failure;
  }
  return size;
}

async function writeAll(file: FileHandle, chunk: Buffer): Promise<unknown> {
  try {
    for (let offset = 0; offset < chunk.length; ) offset += (await file.write(chunk, offset)).bytesWritten;
    return null;
  } catch (error) {
    return error;
  }
}

function sizeText(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes.toLocaleString('en-US')} bytes`;
}
