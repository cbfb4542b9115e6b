// Writes one export in every container a JSON journal comes in: an array, NDJSON lines, one object, and gzip copies
// (one named .gz, one not: detection goes by content, not name).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Container name → file path, e.g. "lines" → ".../bank.ndjson", "lines gzip unnamed" → ".../bank-lines-gzip.ndjson". */
export type ContainerFiles = Record<string, string>;

function withGzipCopies(folder: string, base: string, plain: Record<string, { file: string; text: string }>): ContainerFiles {
  const files: ContainerFiles = {};
  for (const [container, { file, text }] of Object.entries(plain)) {
    const extension = file.slice(file.lastIndexOf('.'));
    const paths = {
      [container]: join(folder, file),
      [`${container} .gz`]: join(folder, `${file}.gz`),
      [`${container} gzip unnamed`]: join(folder, `${base}-${container}-gzip${extension}`),
    };
    for (const [variant, path] of Object.entries(paths)) {
      writeFileSync(path, variant === container ? text : gzipSync(text));
      files[variant] = path;
    }
  }
  return files;
}

/** Records as a pretty-printed JSON array and as NDJSON, each also gzip-compressed. */
export function writeRecordFiles(folder: string, base: string, records: readonly unknown[]): ContainerFiles {
  return withGzipCopies(folder, base, {
    array: { file: `${base}.json`, text: JSON.stringify(records, null, 2) },
    lines: { file: `${base}.ndjson`, text: records.map((record) => JSON.stringify(record)).join('\n') + '\n' },
  });
}

/** One pretty-printed JSON object (a whole document, or a single event), also gzip-compressed. */
export function writeObjectFiles(folder: string, base: string, document: unknown): ContainerFiles {
  return withGzipCopies(folder, base, { object: { file: `${base}.json`, text: JSON.stringify(document, null, 2) } });
}

/** Table rows in every container: an array, NDJSON, and a one-row export as a single object; each also gzipped. */
export function writeRowFiles(folder: string, base: string, rows: readonly unknown[]): ContainerFiles {
  return { ...writeRecordFiles(folder, base, rows), ...writeObjectFiles(folder, `${base}-one-row`, rows[0]) };
}
