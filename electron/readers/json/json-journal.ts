// JSON-family journals (an array, NDJSON lines or one object; plain or gzip): which layout reads them, and their
// events one at a time, so a file larger than memory can be read.
import { JournalError } from '../../../shared/contract.js';
import { jsonText } from '../../../shared/deep-json.js';
import type { JournalEvent } from '../../../shared/model.js';
import { EventBuilder } from '../event-builder.js';
import { fileStem } from '../file-stem.js';
import { assignRoles } from '../field-names.js';
import { JSON_LAYOUTS } from '../formats/json-layouts.js';
import type { Container, JsonLayout, ReadContext, RecordContext, RecordPlace } from '../formats/types.js';
import { arrayItems, NotAnArrayError } from './array-items.js';
import type { ArrayEnd, ArrayItem } from './array-items.js';
import { firstContentByte, isGzip, readBytes } from './byte-source.js';
import type { ByteSourceOptions } from './byte-source.js';
import { splitLines } from './lines.js';
import { documentLimit, maxRecordBytes, recordTooLarge } from './record-limit.js';
import { readScannedLines } from './scanned-lines.js';
import { readScannedArray } from './scanned-array.js';
import type { UsualArrayReading } from './scanned-array.js';
import type { ReadLine } from './scanned-lines.js';
import { RowBatchBuilder } from '../event-rows.js';
import type { RowBatch } from '../event-rows.js';
import type { Line } from './lines.js';

/** A one-object document is parsed whole; past this size it must be an array or NDJSON to be read. */
const MAX_OBJECT_DOCUMENT = documentLimit(512 * 1024 * 1024);

/** Records of a one-object document looked at to recognise its layout. */
const LAYOUT_SAMPLE = 10;

/** Events handed on together when reading item by item. */
const ROWS_PER_BATCH = 4096;

/** Keys under which exports commonly wrap their event array: {"events": [...]}. */
export const WRAPPER_KEYS = ['events', 'items', 'entries', 'records', 'messages', 'data'];

export interface JsonShape {
  container: Container;
  layout: JsonLayout;
  /** The format id reported for this file. */
  format: string;
  /** Not compressed: offsets in the content are offsets in the file, so records can be read back from it. */
  plain: boolean;
  /** Its records name no stream: the file is one stream (EventBuilder.fileStream). Decided later for a one-object document. */
  streamless: boolean;
}

/** What a read found out by its end: the format to report, and the layout whose records the cache keeps as text. */
export interface JsonReadEnd {
  format: string;
  layout: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatOf(layout: JsonLayout, container: Container): string {
  // The generic layout is named after its container: "json" for arrays and objects, "ndjson" for lines.
  return layout.id === 'json' && container === 'lines' ? 'ndjson' : layout.id;
}

function chooseLayout(first: Record<string, unknown>, container: Container, context: ReadContext): JsonLayout {
  if (context.map) return JSON_LAYOUTS[JSON_LAYOUTS.length - 1]!;
  return JSON_LAYOUTS.find((layout) => layout.matches(first, container)) ?? JSON_LAYOUTS[JSON_LAYOUTS.length - 1]!;
}

/**
 * A file whose records name no stream is one aggregate's history: one stream, named after the file, and one notice
 * saying so (a file whose first record names none while later ones do is read the same way).
 */
function streamlessFile(layout: JsonLayout, first: Record<string, unknown> | null, context: ReadContext): boolean {
  return first !== null && layout.streamless?.(first, context.map) === true;
}

/** The context records of one read share: one builder, which stands for "this file" (file-memory.ts). */
function recordContextFor(context: ReadContext, streamless: boolean): RecordContext {
  const builder = new EventBuilder(context.file, context.findings);
  if (streamless) {
    builder.fileStream = fileStem(context.file);
    context.findings.add({
      severity: 'info',
      kind: 'one-stream',
      place: 'file',
      message: `${context.file}: its records name no stream, so the file is read as the history of one aggregate, shown as the stream "${builder.fileStream}".`,
    });
  }
  return { ...context, builder };
}

function parsesAsObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;

/**
 * Reads the start of the file to find its container and layout: as far as its first record ends, however long that
 * is (up to the record limit), and no further.
 */
export async function detectJsonShape(path: string, context: ReadContext): Promise<JsonShape | null> {
  const plain = !(await isGzip(path));
  const start = await firstContentByte(path);
  if (start === OPEN_BRACKET) {
    const first = await firstArrayRecord(path);
    const layout = chooseLayout(first ?? {}, 'array', context);
    return { container: 'array', layout, format: formatOf(layout, 'array'), plain, streamless: streamlessFile(layout, first, context) };
  }
  if (start !== OPEN_BRACE) return null;
  const { text, pastLimit } = await firstLineText(path);
  const line = text === null ? null : parsesAsObject(text);
  // Lines past the record limit are no one-object document either (that is read whole, and its first line is short
  // unless it is all on one line, which the limit then refuses as well): they are lines, reported one by one.
  if (pastLimit || (line !== null && !isEnvelope(line))) {
    const layout = chooseLayout(line ?? {}, 'lines', context);
    return { container: 'lines', layout, format: formatOf(layout, 'lines'), plain, streamless: streamlessFile(layout, line, context) };
  }
  // One pretty-printed object: its layout is decided once the whole document is parsed (see readObjectDocument).
  return { container: 'object', layout: JSON_LAYOUTS[JSON_LAYOUTS.length - 1]!, format: 'json', plain, streamless: false };
}

/** A one-line document holding its records under a key (`jq -c` output of an Atom page or a Temporal history). */
function isEnvelope(record: Record<string, unknown>): boolean {
  const keys = [...JSON_LAYOUTS.flatMap((layout) => (layout.recordsKey === undefined ? [] : [layout.recordsKey])), ...WRAPPER_KEYS];
  if (!keys.some((key) => Array.isArray(record[key]))) return false;
  const roles = assignRoles(Object.keys(record));
  return !(roles.stream && roles.type);
}

/**
 * The text of the file's first line that is not blank, read to its end however long it is; lines past the record
 * limit are passed over (the reading reports them), their bytes skipped rather than kept.
 */
async function firstLineText(path: string): Promise<{ text: string | null; pastLimit: boolean }> {
  const controller = new AbortController();
  let pastLimit = false;
  try {
    for await (const lines of splitLines(readBytes(path, { signal: controller.signal }))) {
      for (const line of lines) {
        if (line.tooLarge) pastLimit = true;
        else if (line.text.trim() !== '') return { text: line.text.trim(), pastLimit };
      }
    }
  } catch {
    // Broken content (a damaged gzip) is reported by the full read, with its place.
  } finally {
    controller.abort();
  }
  return { text: null, pastLimit };
}

async function firstArrayRecord(path: string): Promise<Record<string, unknown> | null> {
  const controller = new AbortController();
  try {
    for await (const item of arrayItems(readBytes(path, { signal: controller.signal }))) {
      const value = parsesAsObject(item.text);
      if (value !== null) return value;
      if (item.index > 100) break;
    }
  } catch {
    // Broken content is reported by the full read, with its place.
  } finally {
    controller.abort();
  }
  return null;
}

export interface JsonReadOptions extends ByteSourceOptions {
  context: ReadContext;
}

/**
 * The events of a JSON-family journal as row batches for an import, which keeps a plain file's records where they
 * are and reads them back when shown. Its payloads are not needed, so NDJSON lines and array items of the generic
 * layout are scanned rather than parsed (scanned-lines.ts, scanned-array.ts); other layouts, compressed files and a
 * user's column map read whole records.
 */
export async function* readJsonRows(path: string, shape: JsonShape, options: JsonReadOptions & { scan?: boolean }): AsyncGenerator<RowBatch, JsonReadEnd> {
  let bytesRead = 0;
  const onProgress = (bytes: number) => {
    bytesRead = bytes;
    options.onProgress?.(bytes);
  };
  const scannable = shape.plain && shape.layout.id === 'json' && !options.context.map && options.scan !== false;
  const end: JsonReadEnd = { format: shape.format, layout: shape.layout.id };
  if (scannable && shape.container === 'lines') {
    const context = recordContextFor(options.context, shape.streamless);
    const usual: ReadLine = (line, order, batch) => readLine(line, order, shape.layout, context, batch);
    yield* readScannedLines(readBytes(path, { ...options, onProgress }), context.builder, usual, () => bytesRead);
    return end;
  }
  if (scannable && shape.container === 'array') {
    const context = recordContextFor(options.context, shape.streamless);
    const usual: UsualArrayReading = {
      readItem: (item, batch) => readItem(item, shape.layout, context, batch),
      readRest: (items) => readArrayItems(items, shape.layout, context),
    };
    yield* readScannedArray(readBytes(path, { ...options, onProgress }), context, usual, ROWS_PER_BATCH, () => bytesRead);
    return end;
  }
  return yield* eventRows(readJsonEvents(path, shape, { ...options, onProgress }), shape.plain, () => bytesRead);
}

/**
 * Events as row batches for the cache. With `plain`, a record's place in the content is its place in the file, so the
 * cache reads it back from there; otherwise the record's text is kept.
 */
export async function* eventRows(reading: AsyncGenerator<EventBatch, JsonReadEnd>, plain: boolean, bytesRead: () => number): AsyncGenerator<RowBatch, JsonReadEnd> {
  const rows = new RowBatchBuilder();
  for (;;) {
    const next = await reading.next();
    if (next.done) {
      const rest = rows.take(bytesRead());
      if (rest !== null) yield rest;
      return next.value;
    }
    const { events, records, spans } = next.value;
    for (let i = 0; i < events.length; i++) rows.addEvent(events[i]!, records[i] ?? null, plain ? (spans[i] ?? null) : null);
    // An array's items come one at a time: they go on in batches, as lines do, not one message per event.
    if (rows.size >= ROWS_PER_BATCH) yield rows.take(bytesRead())!;
  }
}

/**
 * Events read from one chunk of the file. `records[i]` is the JSON text of the record event i came from, when that
 * record made exactly one event: the cache keeps that text instead of serialising the payloads again.
 */
export interface EventBatch {
  events: JournalEvent[];
  records: (string | null)[];
  /** Where each such record's bytes are in the content, [offset, length]; null where records[i] is null. */
  spans: ([number, number] | null)[];
}

/** Reads the events of a JSON-family journal, a chunk at a time; the shape must come from detectJsonShape. */
export async function* readJsonEvents(path: string, shape: JsonShape, options: JsonReadOptions): AsyncGenerator<EventBatch, JsonReadEnd> {
  const { context } = options;
  const bytes = readBytes(path, options);
  if (shape.container === 'object') return yield* readObjectDocument(bytes, context);
  const recordContext = recordContextFor(context, shape.streamless);
  if (shape.container === 'lines') yield* readLines(bytes, shape.layout, recordContext);
  else yield* readArray(bytes, shape.layout, recordContext);
  return { format: shape.format, layout: shape.layout.id };
}

async function* readLines(bytes: AsyncIterable<Buffer>, layout: JsonLayout, context: RecordContext): AsyncGenerator<EventBatch> {
  let order = 0;
  for await (const lines of splitLines(bytes)) {
    const batch: EventBatch = { events: [], records: [], spans: [] };
    for (const line of lines) order = readLine(line, order, layout, context, batch);
    if (batch.events.length) yield batch;
  }
}

/**
 * The record's events by its layout. A record nested too deeply for a layout's own walk (a stack overflow) is a
 * finding naming its place, and the reading goes on with the next record.
 */
function eventsOf(layout: JsonLayout, record: Record<string, unknown>, place: RecordPlace, context: RecordContext): JournalEvent[] {
  try {
    return layout.toEvents(record, place, context);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    tooDeep(context, place.description, error);
    return [];
  }
}

function tooDeep(context: RecordContext, description: string, error: RangeError): void {
  context.findings.add({
    severity: 'error',
    kind: 'too-deep',
    place: description,
    message: `${context.file} ${description}: nested too deeply to be read (${error.message}), so it was left out.`,
  });
}

function addEvents(batch: EventBatch, events: JournalEvent[], record: string, span: [number, number] | null): void {
  for (const event of events) {
    batch.events.push(event);
    batch.records.push(events.length === 1 ? record : null);
    batch.spans.push(events.length === 1 ? span : null);
  }
}

/** One NDJSON line into the batch; returns the count of records seen so far. */
function readLine(line: Line, order: number, layout: JsonLayout, context: RecordContext, batch: EventBatch): number {
  const name = context.file;
  {
    const description = `line ${line.number}`;
    if (line.tooLarge) {
      context.findings.add(recordTooLarge(name, description, line.length, maxRecordBytes()));
      return order;
    }
    if (line.text.trim() === '') return order;
    if (line.invalidUtf8) {
      context.findings.add({ severity: 'warning', kind: 'invalid-utf8', place: description, message: `${name} ${description}: holds bytes that are not valid UTF-8; they are shown as �.` });
    }
    let record: unknown;
    try {
      record = JSON.parse(line.text);
    } catch (error) {
      if (error instanceof RangeError) {
        tooDeep(context, description, error);
        return order;
      }
      context.findings.add({ severity: 'error', kind: 'not-json', place: description, message: `${name} ${description}: not valid JSON (${(error as Error).message}), so it was left out.` });
      return order;
    }
    if (!isRecord(record)) {
      context.findings.add({ severity: 'error', kind: 'not-an-event', place: description, message: `${name} ${description}: not an object, so it was left out.` });
      return order;
    }
    order += 1;
    addEvents(batch, eventsOf(layout, record, { description, order }, context), line.text, [line.offset, line.length]);
    return order;
  }
}

async function* readArray(bytes: AsyncIterable<Buffer>, layout: JsonLayout, context: RecordContext): AsyncGenerator<EventBatch> {
  yield* readArrayItems(arrayItems(bytes), layout, context);
}

/** The events of an array's items, and a finding when the array is cut off. */
export async function* readArrayItems(items: AsyncGenerator<ArrayItem, ArrayEnd>, layout: JsonLayout, context: RecordContext): AsyncGenerator<EventBatch> {
  const name = context.file;
  let end;
  try {
    for (;;) {
      const next = await items.next();
      if (next.done) {
        end = next.value;
        break;
      }
      const batch: EventBatch = { events: [], records: [], spans: [] };
      readItem(next.value, layout, context, batch);
      yield batch;
    }
  } catch (error) {
    if (error instanceof NotAnArrayError) throw new JournalError('bad-format', `${name} is not a JSON array of events.`);
    throw error;
  }
  if (!end.complete) {
    context.findings.add({
      severity: 'error',
      kind: 'truncated',
      place: `line ${end.line}`,
      message: `${name} is cut off: the file ends inside item ${end.items} (line ${end.line}) before the array closes; the items before it were read.`,
    });
  }
}

/** One array item into the batch: its event, or the finding that says why it has none. */
export function readItem(item: ArrayItem, layout: JsonLayout, context: RecordContext, batch: EventBatch): void {
  const name = context.file;
  const description = `item ${item.index} (line ${item.line})`;
  if (item.tooLarge) {
    context.findings.add(recordTooLarge(name, description, item.length, maxRecordBytes()));
    return;
  }
  let record: unknown;
  try {
    record = JSON.parse(item.text);
  } catch (error) {
    if (error instanceof RangeError) {
      tooDeep(context, description, error);
      return;
    }
    context.findings.add({ severity: 'error', kind: 'not-json', place: description, message: `${name} ${description}: not valid JSON (${(error as Error).message}), so it was left out.` });
    return;
  }
  if (!isRecord(record)) {
    context.findings.add({ severity: 'error', kind: 'not-an-event', place: description, message: `${name} ${description}: not an object, so it was left out.` });
    return;
  }
  addEvents(batch, eventsOf(layout, record, { description, order: item.index }, context), item.text, [item.offset, item.length]);
}

/** A document that is one object: an envelope holding the records under a key, or a single event. */
async function* readObjectDocument(bytes: AsyncIterable<Buffer>, context: ReadContext): AsyncGenerator<EventBatch, JsonReadEnd> {
  const name = context.file;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    size += chunk.length;
    if (size > MAX_OBJECT_DOCUMENT) {
      throw new JournalError('bad-format', `${name} is one JSON object larger than ${Math.round(MAX_OBJECT_DOCUMENT / 1024 ** 2)} MB; export it as NDJSON or a JSON array to open it.`);
    }
    parts.push(chunk);
  }
  let document: unknown;
  try {
    document = JSON.parse(Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new JournalError('bad-format', `${name} is not valid JSON: ${(error as Error).message}.`);
  }
  if (!isRecord(document)) throw new JournalError('bad-format', `${name} is not a JSON object of events.`);
  return yield* readDocument(document, context);
}

/**
 * The events of a document read whole: a one-object JSON file, or what another form (Atom XML, a binary history)
 * turns into the JSON its store would have written.
 */
export async function* readDocument(document: Record<string, unknown>, readContext: ReadContext): AsyncGenerator<EventBatch, JsonReadEnd> {
  const name = readContext.file;
  const { records, layout } = recordsOf(document, readContext, name);
  const first = records.find(isRecord) ?? null;
  const context = recordContextFor(readContext, streamlessFile(layout, first, readContext));
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const description = `item ${i + 1}`;
    if (!isRecord(record)) {
      context.findings.add({ severity: 'error', kind: 'not-an-event', place: description, message: `${name} ${description}: not an object, so it was left out.` });
      continue;
    }
    const batch: EventBatch = { events: [], records: [], spans: [] };
    addEvents(batch, eventsOf(layout, record, { description, order: i + 1 }, context), jsonText(record), null);
    yield batch;
  }
  return { format: formatOf(layout, 'object'), layout: layout.id };
}

function recordsOf(document: Record<string, unknown>, context: ReadContext, name: string): { records: unknown[]; layout: JsonLayout } {
  for (const layout of JSON_LAYOUTS) {
    if (context.map && layout !== JSON_LAYOUTS[JSON_LAYOUTS.length - 1]) continue;
    if (layout.recordsKey !== undefined) {
      const records = document[layout.recordsKey];
      // Judged by the first few records, not the first alone: one damaged record must not hide the layout of the rest.
      if (Array.isArray(records) && records.slice(0, LAYOUT_SAMPLE).some((record) => isRecord(record) && layout.matches(record, 'object'))) return { records, layout };
    }
    // A single event: one CloudEvent, one event read from EventStoreDB.
    if (layout.id !== 'json' && layout.matches(document, 'object')) return { records: [document], layout };
  }
  const generic = JSON_LAYOUTS[JSON_LAYOUTS.length - 1]!;
  for (const key of WRAPPER_KEYS) {
    const records = document[key];
    if (Array.isArray(records)) return { records, layout: generic };
  }
  const keys = Object.keys(document).slice(0, 8).map((k) => JSON.stringify(k)).join(', ');
  throw new JournalError(
    'bad-format',
    `${name} holds one JSON object (keys ${keys || 'none'}), not events: expected an array of events, ` +
      `an object with an "events" array, or NDJSON with one event per line.`,
  );
}
