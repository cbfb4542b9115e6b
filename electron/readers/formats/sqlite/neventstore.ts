// NEventStore (NEventStore/NEventStore.Persistence.SQL, SqliteStatements.resx): each Commits row is a commit of
// `Items` events, its Payload the serialized list of {Headers, Body} messages.
import type Database from 'better-sqlite3';
import type { Json, JournalEvent } from '../../../../shared/model.js';
import { EventBuilder } from '../../event-builder.js';
import { listTables, quote } from '../../sqlite-open.js';
import type { ReadContext, SqliteLayout, Tables } from '../types.js';
import { buildDecoded } from './decoded-event.js';
import { addFinding, addTooDeep, isStackOverflow } from './findings.js';
import { commitTime, guidText, parseNetJson, typeName, withoutTypeNames } from './neventstore-payload.js';
import { otherColumns, otherColumnsObject, withFinerTime } from './other-columns.js';
import { hasColumn, tableWith } from './schema.js';

const COLUMNS = ['StreamId', 'StreamRevision', 'Items', 'CommitId', 'CommitSequence', 'CommitStamp', 'CheckpointNumber', 'Headers', 'Payload'];
const DEFAULT_BUCKET = 'default';

interface CommitRow {
  BucketId: string | null;
  Stream: string;
  StreamRevision: number;
  Items: number;
  CommitId: unknown;
  CommitSequence: number;
  CommitStamp: unknown;
  CheckpointNumber: number;
  Headers: unknown;
  Payload: unknown;
  extra: string | null;
}

function commitsTable(tables: Tables): string | undefined {
  return tableWith(tables, 'Commits', COLUMNS);
}

/**
 * StreamIdOriginal is the application's stream id (StreamId is its hash); older schemas lack it. Buckets other than
 * "default" prefix the stream ("bucket/stream"): the same stream id in two buckets is two streams.
 */
function select(tables: Tables, table: string): string {
  const stream = hasColumn(tables, table, 'StreamIdOriginal') ? 'StreamIdOriginal' : 'StreamId';
  const bucket = hasColumn(tables, table, 'BucketId') ? 'BucketId' : 'NULL';
  // The commit's other columns (StreamId, the hash, beside StreamIdOriginal; Dispatched…) go with each of its events.
  const others = otherColumnsObject(otherColumns(tables, table, [...COLUMNS.filter((c) => c !== 'StreamId'), stream, 'BucketId']));
  const extra = withFinerTime(others, { name: 'CommitStamp', column: 'CommitStamp' });
  return (
    `SELECT ${bucket} AS BucketId, ${stream} AS Stream, StreamRevision, Items, CommitId, CommitSequence, CommitStamp, ` +
    `CheckpointNumber, Headers, Payload, ${extra} AS extra FROM ${quote(table)} ORDER BY CheckpointNumber`
  );
}

type Message = { Headers?: Json; Body?: Json };

function messagesOf(payload: Json | undefined): Message[] | null {
  const list = payload !== null && typeof payload === 'object' && !Array.isArray(payload) && Array.isArray(payload.$values) ? payload.$values : payload;
  if (!Array.isArray(list)) return null;
  return list.map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? item : { Body: item }));
}

/** The commit the event came in, kept beside its headers under "$commit" (a "$" name Newtonsoft never leaves in). */
function commitInfo(row: CommitRow, headers: Json): Json {
  const info: { [key: string]: Json } = { id: guidText(row.CommitId), sequence: row.CommitSequence, checkpoint: row.CheckpointNumber, items: row.Items };
  if (row.BucketId !== null) info.bucket = row.BucketId;
  if (headers !== null && typeof headers === 'object' && Object.keys(headers).length > 0) info.headers = headers;
  return info;
}

/** The message's headers, its commit under "$commit", and any member besides Headers and Body under "$message". */
function metadataOf(message: Message, commit: Json, typeNames: Json[]): Json {
  const headers = withoutTypeNames(message.Headers ?? {}, typeNames);
  const own = headers !== null && typeof headers === 'object' && !Array.isArray(headers) ? headers : { headers };
  const rest = Object.fromEntries(Object.entries(message).filter(([name]) => name !== 'Headers' && name !== 'Body'));
  return { ...own, $commit: structuredClone(commit), ...(Object.keys(rest).length > 0 && { $message: withoutTypeNames(rest, typeNames) }) };
}

/** The commit's headers; ones that are not JSON are kept as their text (or bytes, as hex), with a warning. */
function commitHeaders(row: CommitRow, place: string, context: ReadContext, typeNames: Json[]): Json {
  const parsed = parseNetJson(row.Headers);
  if (parsed !== undefined) return withoutTypeNames(parsed, typeNames);
  addFinding(context, 'warning', 'undecodable-payload', place, 'the commit headers are not JSON; kept as stored.');
  const stored = row.Headers;
  return { $stored: stored instanceof Uint8Array ? Buffer.from(stored).toString('hex') : String(stored) };
}

export const neventstore: SqliteLayout = {
  id: 'neventstore',
  matches: (tables) => commitsTable(tables) !== undefined,

  *events(db: Database.Database, context: ReadContext): Iterable<JournalEvent> {
    const tables = listTables(db);
    const table = commitsTable(tables);
    if (table === undefined) return;
    const builder = new EventBuilder(context.file, context.findings, true);
    // A commit holds several events and CheckpointNumber numbers commits, so positions are a running count of
    // events in checkpoint order, then in their order within the commit.
    let position = 0;
    for (const row of db.prepare(select(tables, table)).iterate() as Iterable<CommitRow>) {
      const place = `commit ${guidText(row.CommitId)} (checkpoint ${row.CheckpointNumber} of ${table})`;
      const messages = messagesOf(parseNetJson(row.Payload));
      if (messages === null) {
        const lost = row.Items === 1 ? 'its event was' : `its ${row.Items} events were`;
        addFinding(context, 'error', 'undecodable-payload', place, `the payload is not a JSON list of events (NEventStore's JSON serializer); ${lost} left out.`);
        continue;
      }
      if (messages.length !== row.Items) {
        addFinding(context, 'warning', 'commit-size', place, `Items says ${row.Items} events but the payload holds ${messages.length}; versions are counted back from StreamRevision ${row.StreamRevision}.`);
      }
      const stream = row.BucketId === null || row.BucketId === DEFAULT_BUCKET ? row.Stream : `${row.BucketId}/${row.Stream}`;
      const events: JournalEvent[] = [];
      try {
        const commitTypeNames: Json[] = [];
        const commit = commitInfo(row, commitHeaders(row, place, context, commitTypeNames));
        // StreamRevision is the revision of the commit's last event.
        const firstVersion = row.StreamRevision - messages.length + 1;
        for (const [index, message] of messages.entries()) {
          const body = message.Body ?? null;
          const type = body !== null && typeof body === 'object' && !Array.isArray(body) && typeof body.$type === 'string' ? typeName(body.$type) : null;
          // No id: NEventStore identifies commits (CommitId, kept under $commit), never the events inside one.
          const at = position + events.length + 1;
          const columns = { stream, version: firstVersion + index, position: at, type, time: commitTime(row.CommitStamp) };
          // The .NET type names Newtonsoft wrote (the body's first: the event's type with its assembly) are kept as the
          // event's other field typeNames, commit headers' last.
          const typeNames: Json[] = [];
          const data = withoutTypeNames(body, typeNames);
          const metadata = metadataOf(message, commit, typeNames);
          typeNames.push(...commitTypeNames);
          const event = buildDecoded(builder, columns, data, metadata, `event ${index + 1} of ${place}`, at, row.extra, typeNames.length > 0 ? { typeNames } : undefined);
          if (event !== null) events.push(event);
        }
      } catch (error) {
        // Headers or bodies nested deeper than the walk that drops Newtonsoft's type names can go: the commit is left out.
        if (!isStackOverflow(error)) throw error;
        addTooDeep(context, place, error, messages.length === 1 ? 'its event was' : `its ${messages.length} events were`);
        continue;
      }
      position += events.length;
      yield* events;
    }
  },
};
