// The one API the renderer, the CLI and both transports (Electron IPC, the browser host's HTTP) speak.
// Free of dependencies so the sandboxed preload can bundle it; the argument schemas are in requests.ts.
import type { AuditResult, JournalComparison } from './audit.js';
import type {
  EventPage,
  FieldHistory,
  ConnectionCheck,
  FieldSample,
  LiveStatus,
  JournalSummary,
  OpenProgress,
  RateSeries,
  ReducerInfo,
  ReplayPoint,
  ReplayResult,
  StreamPage,
  StreamSummary,
  WorkProgress,
} from './model.js';
import type {
  AllowScansRequest,
  CompareRequest,
  EventsRequest,
  FieldHistoryRequest,
  LoadReducerRequest,
  OpenJournalRequest,
  RatesRequest,
  ReplayAtRequest,
  ReplayRequest,
  ReportRequest,
  SampleFieldsRequest,
  TestConnectionRequest,
  FollowLiveRequest,
  StreamPageRequest,
  StreamsRequest,
} from './requests.js';

/** Every call takes one plain-object argument and answers with a promise of plain JSON. */
export interface JournalApi {
  /** Opens a journal file, replacing the one open. */
  openJournal(request: OpenJournalRequest): Promise<JournalSummary>;
  /** Opens the sample journal that ships with the app. */
  openSample(request?: Record<string, never>): Promise<JournalSummary>;
  /** How far the open in progress has got; null when nothing is being opened. Polled for the progress bar. */
  openProgress(request?: Record<string, never>): Promise<OpenProgress | null>;
  /** Stops the open in progress (its openJournal call fails with code "cancelled"); false when there was none. */
  cancelOpen(request?: Record<string, never>): Promise<boolean>;
  /** The journal open now, or null on the welcome screen. */
  summary(request?: Record<string, never>): Promise<JournalSummary | null>;
  /** Journals opened before, most recent first. */
  recent(request?: Record<string, never>): Promise<string[]>;
  streams(request?: StreamsRequest): Promise<StreamSummary[]>;
  /** A page of the stream list, sorted, optionally counted within a time range and types. */
  streamPage(request?: StreamPageRequest): Promise<StreamPage>;
  events(request?: EventsRequest): Promise<EventPage>;
  rates(request?: RatesRequest): Promise<RateSeries>;
  replay(request: ReplayRequest): Promise<ReplayResult>;
  /** One point of a replay (any count, reached from the nearest checkpoint), for stepping and jumping. */
  replayAt(request: ReplayAtRequest): Promise<ReplayPoint>;
  /** Every step that changed one field of the state. */
  fieldHistory(request: FieldHistoryRequest): Promise<FieldHistory>;
  /** Loads the user's reducer file (and watches it: an edit loads again); replaces one loaded before. */
  loadReducer(request: LoadReducerRequest): Promise<ReducerInfo>;
  unloadReducer(request?: Record<string, never>): Promise<null>;
  /** The loaded reducer, or null: polled to notice the file was edited. */
  reducerStatus(request?: Record<string, never>): Promise<ReducerInfo | null>;
  /**
   * The audit of the journal open: findings placed by stream, version and position, digests, the hash chain, payload
   * shapes over time. Started when the journal opens; this waits for it (loading a reducer starts it again).
   */
  audit(request?: Record<string, never>): Promise<AuditResult>;
  /** Compares the journal open (export A) with another export of it (B): events added, removed, modified. */
  compare(request: CompareRequest): Promise<JournalComparison>;
  /** The audit report, with the last comparison, as one self-contained HTML file or as JSON, to save. */
  report(request?: ReportRequest): Promise<AuditReportFile>;
  /**
   * The fields (JSON) or tables' columns (SQLite) a journal file's first records hold, each with an example and how
   * often it has a value, and the field Eventlens picks for each part by name: for naming them by hand. Reads a
   * bounded start of the file, read-only; the journal open is not changed.
   */
  sampleFields(request: SampleFieldsRequest): Promise<FieldSample>;
  /**
   * How far the long work the filters and the replay started has got (payload searches: events tested; a replay's walk:
   * events read and folded). Polled for progress bars while an events, rates, streamPage or replayAt call runs.
   */
  workProgress(request?: Record<string, never>): Promise<WorkProgress>;
  /** Stops the payload searches running: the calls waiting for them fail with code "cancelled"; false when none ran. */
  cancelSearch(request?: Record<string, never>): Promise<boolean>;
  /**
   * Stops the replay walks under way (reading or folding a subject's events): the replayAt calls waiting for them fail
   * with code "cancelled"; false when none walked. What was folded is kept, so asking again resumes from there.
   */
  cancelReplay(request?: Record<string, never>): Promise<boolean>;
  /**
   * Connects to a live store, recognises it and disconnects, opening nothing: what "Test" in Connect to database…
   * says. Fails as openJournal would (not-found: no server; not-allowed: the login was refused; bad-format: no store).
   */
  testConnection(request: TestConnectionRequest): Promise<ConnectionCheck>;
  /** How the live store open is followed (null when the journal is a file): polled for new events. */
  liveStatus(request?: Record<string, never>): Promise<LiveStatus | null>;
  /** Pauses (false) or resumes (true) following the live store open; null when the journal is a file. */
  followLive(request: FollowLiveRequest): Promise<LiveStatus | null>;
  /**
   * Runs anyway the filters the live store open refused with code "needs-consent" (no index serves them: they would
   * read a large table whole), asked again as they were; with `every`, any such filter from now on (the CLI's --scan).
   * Filters of other kinds are still asked about. False when the journal open is a file, which never refuses.
   */
  allowScans(request?: AllowScansRequest): Promise<boolean>;
}

/** A report ready to save: its suggested file name, media type and text. */
export interface AuditReportFile {
  name: string;
  mediaType: 'text/html' | 'application/json';
  content: string;
}

export type ApiMethod = keyof JournalApi;

/** Every method, in one list: the transports expose exactly these. */
export const API_METHODS = ['openJournal', 'openSample', 'openProgress', 'cancelOpen', 'summary', 'recent', 'streams', 'streamPage', 'events', 'rates', 'replay', 'replayAt', 'fieldHistory', 'loadReducer', 'unloadReducer', 'reducerStatus', 'audit', 'compare', 'report', 'sampleFields', 'workProgress', 'cancelSearch', 'cancelReplay', 'testConnection', 'liveStatus', 'followLive', 'allowScans'] as const satisfies readonly ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

/** What a transport carries back: errors travel as data so their message reaches the user intact. */
export type ApiReply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export interface ApiErrorBody {
  /**
   * Stable, machine-readable: "not-found", "bad-format", "bad-request", "no-journal", "unknown-stream", "cancelled",
   * "encrypted" (a key is needed), "forbidden", "unauthorized", "too-large", "too-many-uploads", "stale-cache" (a cache
   * answered for other bytes than the file's; the service reads the file again), "service-stopped" (the service's own
   * process died or was closed during the call: the journal it had open is gone, and the next call starts a fresh
   * one), "needs-consent" (a live store's filter no index serves would read a large table whole: the message says
   * what it costs, and allowScans runs it), "internal".
   */
  code: string;
  message: string;
  /**
   * What would help, said by each surface in its own words: "map" when the journal's columns or fields were not
   * recognised and can be named by hand (the CLI says --map, the app its Map columns… dialog).
   */
  remedy?: ErrorRemedy;
}

export type ErrorRemedy = 'map';

/** An error whose message is written for a person: it names the file and the place. */
export class JournalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly remedy?: ErrorRemedy,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

/** Turns a reply back into a value or a thrown JournalError, on the calling side of a transport. */
export function unwrapReply<T>(reply: ApiReply<T>): T {
  if (reply.ok) return reply.value;
  throw new JournalError(reply.error.code, reply.error.message, reply.error.remedy === 'map' ? 'map' : undefined);
}

/** Turns anything thrown by the service into a reply; unexpected errors keep their message but not their stack. */
export function errorReply(error: unknown): ApiReply<never> {
  if (error instanceof JournalError) {
    return { ok: false, error: { code: error.code, message: error.message, ...(error.remedy !== undefined && { remedy: error.remedy }) } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message: `Unexpected error: ${message}` } };
}

// Compile-time proof that API_METHODS lists every method of JournalApi.
type Unlisted = Exclude<ApiMethod, (typeof API_METHODS)[number]>;
const everyMethodListed: Unlisted extends never ? true : never = true;
void everyMethodListed;
