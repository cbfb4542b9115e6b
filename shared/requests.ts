// Argument schemas of the API: every transport validates a call against these at its trust boundary.
import { z } from 'zod';
import { JournalError } from './contract.js';
import type { ApiMethod } from './contract.js';
import { parseCondition } from './condition.js';
import { BUCKETS } from './model.js';
import { REDUCER_KINDS } from './reducers.js';

const text = z.string().max(4096);
const isoTime = z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO time');
const condition = z.string().max(4096).superRefine((value, context) => {
  try {
    parseCondition(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const name = z.string().min(1).max(256);
/** Which column or field plays which role, when Eventlens cannot tell by itself (`--map stream=COL,…`). */
export const columnMap = z.strictObject({
  stream: name.optional(),
  version: name.optional(),
  position: name.optional(),
  type: name.optional(),
  data: name.optional(),
  metadata: name.optional(),
  time: name.optional(),
  /** SQLite: the events table. */
  table: name.optional(),
});
export const openJournalRequest = z.strictObject({
  path: z.string().min(1).max(4096),
  map: columnMap.optional(),
  /** The key of an encrypted store (eventsourcing-python AES-GCM), as the store was configured with it. */
  cipherKey: z.string().min(1).max(1024).optional(),
  /** A live store's password (`path` a postgres:// URL), given apart so it is never shown or kept with the URL. */
  password: z.string().max(1024).optional(),
});
export const streamsRequest = z.strictObject({
  /** Substring of the stream id, case-insensitive; with * or ? a glob over the whole id. */
  filter: text.optional(),
});
/** A page of the stream list, for a list that shows a million streams a screenful at a time. */
export const streamPageRequest = z.strictObject({
  filter: text.optional(),
  /** Counted within this time range, these types and payload filters: streams with no such event are left out. */
  from: isoTime.optional(),
  to: isoTime.optional(),
  types: z.array(text).max(1000).optional(),
  text: text.optional(),
  where: condition.optional(),
  sort: z.enum(['name', 'count', 'last']).default('name'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(10_000).default(200),
});
export const eventsRequest = z.strictObject({
  stream: text.optional(),
  /** Streams whose id starts with this and a "-" (the category of "account-42" is "account"). */
  category: text.optional(),
  types: z.array(text).max(1000).optional(),
  /** Inclusive lower bound on time. */
  from: isoTime.optional(),
  /** Exclusive upper bound on time. */
  to: isoTime.optional(),
  /** Substring searched in the event's data and metadata as JSON text, case-insensitive. */
  text: text.optional(),
  /** A condition on a payload field: `data.amount > 100`, `metadata.user = "u-7"` (see shared/condition.ts). */
  where: condition.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100_000).default(200),
  /**
   * Page from the event at this position instead of `offset`: the answer's offset is its row under the filters (how
   * a finding jumps to its event). No event there, or one the filters leave out, is a "not-found" error.
   */
  at: z.number().int().optional(),
  /**
   * Give every event the exact text of the record it was read from as `raw` (a JSON journal's line or item as
   * written, a document's record as read), not only those whose parsed payloads do not show it exactly.
   */
  records: z.boolean().optional(),
});
export const ratesRequest = z.strictObject({
  stream: text.optional(),
  category: text.optional(),
  bucket: z.enum(['auto', ...BUCKETS]).default('auto'),
  /** Only events at or after `from` and before `to` count; auto then picks the bucket for that window (zooming in). */
  from: isoTime.optional(),
  to: isoTime.optional(),
  /**
   * Only these types, events whose payload holds this text, and those meeting this condition count, as in `events`:
   * the buckets still span the scope (and window), so a chart keeps its time axis while filters narrow its bars.
   */
  types: z.array(text).max(1000).optional(),
  text: text.optional(),
  where: condition.optional(),
});
/** Which reducer folds the events: a built-in one (per stream, and optionally per event type), or the user's loaded file. */
const reducerKind = z.enum(REDUCER_KINDS);
export const reducerChoice = z
  .union([z.literal('custom'), z.strictObject({ kind: reducerKind, byType: z.record(text, reducerKind).optional() })])
  .default({ kind: 'merge-patch' });

/** What is replayed: one stream; every stream of a category; or the events a filter selects, in global order. */
const subject = {
  stream: text.optional(),
  category: text.optional(),
  filter: z
    .strictObject({
      stream: text.optional(),
      category: text.optional(),
      types: z.array(text).max(1000).optional(),
      from: isoTime.optional(),
      to: isoTime.optional(),
      text: text.optional(),
      where: condition.optional(),
    })
    .optional(),
};
const oneSubject = (value: { stream?: string | undefined; category?: string | undefined; filter?: unknown }) =>
  [value.stream, value.category, value.filter].filter((part) => part !== undefined).length === 1;
const subjectMessage = { message: 'give exactly one of stream, category or filter', path: ['stream'] };

export const replayRequest = z
  .strictObject({
    ...subject,
    /** Stop after the event with this version (inclusive; for one stream). */
    to: z.number().int().optional(),
    steps: z.boolean().default(false),
    reducer: reducerChoice,
    /** A JSON Pointer: answer that field's history instead of the state. */
    field: z.string().max(4096).regex(/^(\/.*)?$/, 'expected a JSON Pointer such as /address/city').optional(),
  })
  .refine(oneSubject, subjectMessage);
/** One point of a replay: the state after `count` events of the subject, and what the last of them changed. */
export const replayAtRequest = z
  .strictObject({
    ...subject,
    count: z.number().int().min(0),
    reducer: reducerChoice,
    /** Also list the changes between this point and the state after `compareTo` events. */
    compareTo: z.number().int().min(0).optional(),
  })
  .refine(oneSubject, subjectMessage);
export const fieldHistoryRequest = z
  .strictObject({ ...subject, path: z.string().max(4096).regex(/^(\/.*)?$/, 'expected a JSON Pointer such as /address/city'), reducer: reducerChoice })
  .refine(oneSubject, subjectMessage);
export const loadReducerRequest = z.strictObject({ path: z.string().min(1).max(4096) });
/**
 * A journal file whose first records are looked at (not opened): for naming its columns by hand. A postgres:// URL
 * has its tables looked at, with its password apart (as testConnection's).
 */
export const sampleFieldsRequest = z.strictObject({ path: z.string().min(1).max(4096), password: z.string().max(1024).optional() });
/** A live store to try before opening it: postgres://user@host:5432/db?schema=…, and its password apart. */
export const followLiveRequest = z.strictObject({ follow: z.boolean() });
export const testConnectionRequest = z.strictObject({ url: z.string().min(1).max(4096), password: z.string().max(1024).optional() });
/** Consent to filters that read a whole table: those refused so far, or `every` one from now on. */
export const allowScansRequest = z.strictObject({ every: z.boolean().default(false) });
const noArguments = z.strictObject({});

export type OpenJournalRequest = z.input<typeof openJournalRequest>;
export type StreamsRequest = z.input<typeof streamsRequest>;
export type StreamPageRequest = z.input<typeof streamPageRequest>;
export type StreamPageQuery = z.output<typeof streamPageRequest>;
export type EventsRequest = z.input<typeof eventsRequest>;
export type RatesRequest = z.input<typeof ratesRequest>;
export type ReplayRequest = z.input<typeof replayRequest>;
export type ReplayAtRequest = z.input<typeof replayAtRequest>;
export type FieldHistoryRequest = z.input<typeof fieldHistoryRequest>;
export type LoadReducerRequest = z.input<typeof loadReducerRequest>;
export type SampleFieldsRequest = z.input<typeof sampleFieldsRequest>;
export type TestConnectionRequest = z.input<typeof testConnectionRequest>;
export type FollowLiveRequest = z.input<typeof followLiveRequest>;
export type AllowScansRequest = z.input<typeof allowScansRequest>;
export type ReducerSpec = z.output<typeof reducerChoice>;
/** A request after validation, with its defaults filled in. */
export type EventsQuery = z.output<typeof eventsRequest>;
export type RatesQuery = z.output<typeof ratesRequest>;
export type ReplayQuery = z.output<typeof replayRequest>;
export type ReplayAtQuery = z.output<typeof replayAtRequest>;
export type FieldHistoryQuery = z.output<typeof fieldHistoryRequest>;

/** Export B, compared with the journal open (A): opened like any journal, with the same reading options. */
export const compareRequest = openJournalRequest;
export const reportRequest = z.strictObject({
  format: z.enum(['html', 'json']).default('html'),
});
export type CompareRequest = z.input<typeof compareRequest>;
export type ReportRequest = z.input<typeof reportRequest>;

/** The argument schema of each method, keyed like the API. */
export const requestSchemas = {
  openJournal: openJournalRequest,
  openSample: noArguments,
  openProgress: noArguments,
  cancelOpen: noArguments,
  summary: noArguments,
  recent: noArguments,
  streams: streamsRequest,
  streamPage: streamPageRequest,
  events: eventsRequest,
  rates: ratesRequest,
  replay: replayRequest,
  replayAt: replayAtRequest,
  fieldHistory: fieldHistoryRequest,
  loadReducer: loadReducerRequest,
  unloadReducer: noArguments,
  reducerStatus: noArguments,
  audit: noArguments,
  compare: compareRequest,
  report: reportRequest,
  sampleFields: sampleFieldsRequest,
  workProgress: noArguments,
  cancelSearch: noArguments,
  cancelReplay: noArguments,
  testConnection: testConnectionRequest,
  liveStatus: noArguments,
  followLive: followLiveRequest,
  allowScans: allowScansRequest,
} satisfies Record<ApiMethod, z.ZodType>;

/** Checks one call's argument against its schema; throws a JournalError("bad-request") naming the problem. */
export function parseRequest<M extends ApiMethod>(method: M, argument: unknown): z.output<(typeof requestSchemas)[M]> {
  const result = requestSchemas[method].safeParse(argument ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new JournalError('bad-request', `Invalid arguments for ${method}${where}: ${issue?.message ?? 'rejected'}`);
  }
  return result.data as z.output<(typeof requestSchemas)[M]>;
}

