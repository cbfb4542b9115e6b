// The one API the renderer, the CLI and both transports (Electron IPC, the browser host's HTTP) speak.
// Argument schemas live here so every transport validates the same way at its trust boundary.
import { z } from 'zod';
import { BUCKETS } from './model.js';
import type { EventPage, JournalSummary, RateSeries, ReplayResult, StreamSummary } from './model.js';

const text = z.string().max(4096);
const isoTime = z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO time');

export const openJournalRequest = z.strictObject({ path: z.string().min(1).max(4096) });
export const streamsRequest = z.strictObject({
  /** Substring of the stream id, case-insensitive. */
  filter: text.optional(),
});
export const eventsRequest = z.strictObject({
  stream: text.optional(),
  types: z.array(text).max(1000).optional(),
  /** Inclusive lower bound on time. */
  from: isoTime.optional(),
  /** Exclusive upper bound on time. */
  to: isoTime.optional(),
  /** Substring searched in the event's data and metadata as JSON text, case-insensitive. */
  text: text.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100_000).default(200),
});
export const ratesRequest = z.strictObject({
  stream: text.optional(),
  bucket: z.enum(['auto', ...BUCKETS]).default('auto'),
});
export const replayRequest = z.strictObject({
  stream: text,
  /** Stop after the event with this version (inclusive). */
  to: z.number().int().optional(),
  steps: z.boolean().default(false),
});
const noArguments = z.strictObject({});

export type OpenJournalRequest = z.input<typeof openJournalRequest>;
export type StreamsRequest = z.input<typeof streamsRequest>;
export type EventsRequest = z.input<typeof eventsRequest>;
export type RatesRequest = z.input<typeof ratesRequest>;
export type ReplayRequest = z.input<typeof replayRequest>;
/** A request after validation, with its defaults filled in. */
export type EventsQuery = z.output<typeof eventsRequest>;
export type RatesQuery = z.output<typeof ratesRequest>;
export type ReplayQuery = z.output<typeof replayRequest>;

/** Every call takes one plain-object argument and answers with a promise of plain JSON. */
export interface JournalApi {
  /** Opens a journal file, replacing the one open. */
  openJournal(request: OpenJournalRequest): Promise<JournalSummary>;
  /** Opens the sample journal that ships with the app. */
  openSample(request?: Record<string, never>): Promise<JournalSummary>;
  /** The journal open now, or null on the welcome screen. */
  summary(request?: Record<string, never>): Promise<JournalSummary | null>;
  /** Journals opened before, most recent first. */
  recent(request?: Record<string, never>): Promise<string[]>;
  streams(request?: StreamsRequest): Promise<StreamSummary[]>;
  events(request?: EventsRequest): Promise<EventPage>;
  rates(request?: RatesRequest): Promise<RateSeries>;
  replay(request: ReplayRequest): Promise<ReplayResult>;
}

export type ApiMethod = keyof JournalApi;

/** The argument schema of each method; its keys are the list of methods the transports expose. */
export const requestSchemas = {
  openJournal: openJournalRequest,
  openSample: noArguments,
  summary: noArguments,
  recent: noArguments,
  streams: streamsRequest,
  events: eventsRequest,
  rates: ratesRequest,
  replay: replayRequest,
} satisfies Record<ApiMethod, z.ZodType>;

export const API_METHODS = Object.keys(requestSchemas) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(requestSchemas, name);
}

/** What a transport carries back: errors travel as data so their message reaches the user intact. */
export type ApiReply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export interface ApiErrorBody {
  /** Stable, machine-readable: "not-found", "bad-format", "bad-request", "no-journal", "unknown-stream", "internal". */
  code: string;
  message: string;
}

/** An error whose message is written for a person: it names the file and the place. */
export class JournalError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

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

/** Turns a reply back into a value or a thrown JournalError, on the calling side of a transport. */
export function unwrapReply<T>(reply: ApiReply<T>): T {
  if (reply.ok) return reply.value;
  throw new JournalError(reply.error.code, reply.error.message);
}

/** Turns anything thrown by the service into a reply; unexpected errors keep their message but not their stack. */
export function errorReply(error: unknown): ApiReply<never> {
  if (error instanceof JournalError) return { ok: false, error: { code: error.code, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message: `Unexpected error: ${message}` } };
}
