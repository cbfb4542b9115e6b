// Journals read as one whole document and turned into the JSON their store would have written: Atom XML pages
// (EventStoreDB's application/atom+xml) and Temporal's binary protobuf history. The JSON layouts read them from there.
import { basename } from 'node:path';
import { JournalError } from '../../shared/contract.js';
import type { FileKind } from './detect.js';
import type { FindingLog } from './loaded-journal.js';
import { readBytes } from './json/byte-source.js';
import type { ByteSourceOptions } from './json/byte-source.js';
import { documentLimit } from './json/record-limit.js';

export type DocumentKind = Exclude<FileKind, 'sqlite' | 'json'>;

/** Past this size a document is refused: it is parsed whole, as one string (as a one-object JSON document is). */
const MAX_DOCUMENT = documentLimit(512 * 1024 * 1024);

async function wholeContent(path: string, limit: number, what: string, options: ByteSourceOptions): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of readBytes(path, options)) {
      size += chunk.length;
      if (size > limit) throw new JournalError('bad-format', `${basename(path)} is ${what} larger than ${Math.round(limit / 1024 ** 2)} MB, which Eventlens reads whole; it was not opened.`);
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof JournalError || options.signal?.aborted) throw error;
    // A document is read whole: cut off or damaged (a broken gzip), there is no part of it to show.
    throw new JournalError('bad-format', `${basename(path)} could not be read to its end (${(error as Error).message}); ${what} is only read whole.`);
  }
  return Buffer.concat(parts);
}

export const TEMPORAL_EXPORT_HINT = 'temporal workflow show --workflow-id ID --output json > history.json';

/** The document's JSON form, or a JournalError naming the file and what is wrong with it. */
export async function readWholeDocument(path: string, kind: DocumentKind, findings: FindingLog, options: ByteSourceOptions = {}): Promise<Record<string, unknown>> {
  const name = basename(path);
  if (kind === 'xml') {
    const text = (await wholeContent(path, MAX_DOCUMENT, 'an XML document', options)).toString('utf8');
    const { atomXmlDocument } = await import('./formats/xml/atom-xml.js');
    try {
      return atomXmlDocument(text);
    } catch (error) {
      throw new JournalError('bad-format', `${name} is XML but not an Atom feed Eventlens can read: ${(error as Error).message}`);
    }
  }
  const { decodeTemporalHistory, MAX_HISTORY_BYTES } = await import('./formats/temporal-binary.js');
  const bytes = await wholeContent(path, MAX_HISTORY_BYTES, 'a binary Temporal history', options);
  const history = decodeTemporalHistory(bytes);
  if (history === null) {
    throw new JournalError(
      'bad-format',
      `${name} looks like a Temporal workflow history in binary protobuf form, but it does not decode as one (cut off, or ` +
        `written by a Temporal version with event types this Eventlens does not know). Export the history as JSON instead: ${TEMPORAL_EXPORT_HINT}.`,
    );
  }
  const [first] = history.unknownFields;
  if (first !== undefined) {
    const count = history.unknownFields.length;
    findings.add({
      severity: 'warning',
      kind: 'unknown-fields',
      place: `event ${first}`,
      message:
        `${name}: ${count === 1 ? `event ${first} holds` : `${count} events (the first is event ${first}) hold`} fields this Eventlens's ` +
        `Temporal definitions do not know (a newer server wrote them), which are not shown. The JSON export shows them all: ${TEMPORAL_EXPORT_HINT}.`,
    });
  }
  return { events: history.events };
}
