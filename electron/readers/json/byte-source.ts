// A journal file as a stream of bytes: gunzipped when its content says gzip (not its name), with progress counted
// in bytes of the file itself, and stoppable at any point.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

export interface ByteSourceOptions {
  signal?: AbortSignal;
  /** Called with the number of bytes of the file read so far (compressed bytes for gzip). */
  onProgress?: (bytesRead: number) => void;
  /** How much of the file one read takes: 1 MiB for a whole read; a peek asks for what it looks at. */
  chunkBytes?: number;
}

export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** The file's content, decompressed when it is gzip. Errors (a vanished file, corrupt gzip) surface to the caller. */
export async function* readBytes(path: string, options: ByteSourceOptions = {}): AsyncGenerator<Buffer> {
  const gzip = await isGzip(path);
  const file = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1024 * 1024, ...(options.signal && { signal: options.signal }) });
  let read = 0;
  file.on('data', (chunk: Buffer | string) => {
    read += chunk.length;
    options.onProgress?.(read);
  });
  if (!gzip) {
    for await (const chunk of file) yield chunk as Buffer;
    return;
  }
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    file.destroy();
  }
}

/** The first `limit` bytes of the (decompressed) content, for detecting what the file holds. */
export async function peekBytes(path: string, limit = 64 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  const controller = new AbortController();
  try {
    // Reads about what it keeps: a 1 MiB read and copy to look at 4 KiB cost a quick command (`info`) several ms.
    for await (const chunk of readBytes(path, { signal: controller.signal, chunkBytes: Math.max(limit, 64 * 1024) })) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch (error) {
    // A corrupt or truncated gzip still shows what it decoded before the damage; an empty peek is explained later.
    if (parts.length === 0) throw error;
  } finally {
    controller.abort();
  }
  return Buffer.concat(parts).subarray(0, limit);
}

/**
 * The content's first byte that is not blank (a byte order mark, spaces, line ends), or null when it is all blank:
 * read as far as that takes, one chunk held at a time, so no fixed prefix decides what a file is.
 */
export async function firstContentByte(path: string): Promise<number | null> {
  const controller = new AbortController();
  let offset = 0;
  try {
    for await (const chunk of readBytes(path, { signal: controller.signal })) {
      let at = 0;
      if (offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) at = 3;
      while (at < chunk.length && isBlank(chunk[at]!)) at++;
      if (at < chunk.length) return chunk[at]!;
      offset += chunk.length;
    }
  } catch (error) {
    // A corrupt or truncated gzip still shows what it decoded before the damage, as peekBytes does.
    if (offset === 0) throw error;
  } finally {
    controller.abort();
  }
  return null;
}

/** Blank as String.trimStart sees the ASCII bytes: JSON's whitespace, and a vertical tab or form feed. */
function isBlank(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}
