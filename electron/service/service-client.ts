// The journal service as the main process sees it once the service runs in a process of its own
// (service-process.ts): the same JournalApi, each call a message and its reply. The process starts on the first call
// and again on the first call after it died. When it dies, every call waiting fails with "service-stopped" in words,
// and onStopped listeners are told, so the window can say so and offer to open the journal again.
// The process itself is behind a seam, ServiceChannel: Electron's utilityProcess (shell/utility-channel.ts) or
// Node's child_process.fork (fork-channel.ts).
import { unwrapReply } from '../../shared/contract.js';
import type { ApiMethod, ApiReply, AuditReportFile, JournalApi } from '../../shared/contract.js';
import type { AuditResult, JournalComparison } from '../../shared/audit.js';
import type {
  ConnectionCheck,
  EventPage,
  LiveStatus,
  FieldHistory,
  FieldSample,
  JournalSummary,
  OpenProgress,
  RateSeries,
  ReducerInfo,
  ReplayPoint,
  ReplayResult,
  StreamPage,
  StreamSummary,
  WorkProgress,
} from '../../shared/model.js';
import type {
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
  StreamPageRequest,
  StreamsRequest,
  TestConnectionRequest,
  FollowLiveRequest,
  AllowScansRequest,
} from '../../shared/requests.js';
import { exitInWords } from './service-exit.js';
import type { ServiceExit } from './service-exit.js';
import { readFromService } from './service-messages.js';
import type { ServiceProcessOptions, ToService } from './service-messages.js';
import { whileDoing } from './service-words.js';
import type { CallAsked } from './service-words.js';

/** One running service process, as an adapter presents it. */
export interface ServiceChannel {
  /** Throws when the message cannot be carried (a value structured clone refuses). */
  postMessage(message: ToService): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process has ended, however it ended. */
  onExit(listener: (exit: ServiceExit) => void): void;
  /** Ends the process now (SIGTERM or harder: the adapter's choice); onExit follows. */
  kill(): void;
}

export interface ServiceClientOptions {
  /** Starts one service process: called on the first call, and on the first call after a process died. */
  startProcess(): ServiceChannel;
  /** Sent to each process started, before any call. */
  service: ServiceProcessOptions;
  /** A process not listening by then is killed (its calls fail with service-stopped). 30 s by default. */
  startTimeoutMs?: number;
  /** close() waits this long for the process to end by itself, then kills it. 5 s by default. */
  closeTimeoutMs?: number;
}

/** How the journal on screen was opened: what to ask again to reopen it in a fresh process. */
export type ReopenRequest = { method: 'openJournal'; request: OpenJournalRequest } | { method: 'openSample' };

/** What onStopped listeners are told when the service process died on its own. */
export interface ServiceStop {
  exit: ServiceExit;
  /** For the window: "The journal service stopped (out of memory) while opening big.ndjson; reopen the journal to go on." */
  message: string;
  /** The calls that were waiting, by method, oldest first. */
  during: ApiMethod[];
  /** The journal that was open in the process that died (null when none was): the window offers to open it again. */
  journal: ReopenRequest | null;
}

interface Waiting extends CallAsked {
  resolve(reply: ApiReply): void;
}

/** One started process and what is under way in it. */
interface Connection {
  channel: ServiceChannel;
  ready: boolean;
  /** Messages held until the process listens. */
  held: ToService[];
  waiting: Map<number, Waiting>;
  /** close() was called: its end is no news to tell. */
  closing: boolean;
  /** Why this client ended the process itself, when it did. */
  endedBecause: string | null;
  journal: ReopenRequest | null;
  exited: Promise<void>;
  startTimer: ReturnType<typeof setTimeout>;
}

const STOPPED = 'service-stopped';

function stoppedReply(message: string): ApiReply<never> {
  return { ok: false, error: { code: STOPPED, message } };
}

/** Resolves true when `promise` settles within `ms`, false otherwise. */
function within(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export class ServiceClient implements JournalApi {
  private connection: Connection | null = null;
  private nextId = 1;
  private readonly stoppedListeners = new Set<(stop: ServiceStop) => void>();
  private readonly startTimeoutMs: number;
  private readonly closeTimeoutMs: number;

  constructor(private readonly options: ServiceClientOptions) {
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  }

  /** Told each time the service process dies on its own (not after close()); returns a function that stops telling. */
  onStopped(listener: (stop: ServiceStop) => void): () => void {
    this.stoppedListeners.add(listener);
    return () => void this.stoppedListeners.delete(listener);
  }

  /**
   * One call as a transport carries it: the reply itself, never a rejection (errors as data, the service's own
   * words, or "service-stopped"). The IPC handlers can pass it on as it is.
   */
  reply(method: ApiMethod, argument?: unknown): Promise<ApiReply> {
    let connection: Connection;
    try {
      connection = this.connection ?? this.start();
    } catch (error) {
      // The adapter refused at once (utilityProcess before app 'ready', a module path that is not there).
      const why = error instanceof Error ? error.message : String(error);
      return Promise.resolve(stoppedReply(`The journal service could not start (${why})${whileDoing([{ method, argument }])}.`));
    }
    const id = this.nextId++;
    return new Promise<ApiReply>((resolve) => {
      connection.waiting.set(id, { method, argument, resolve });
      this.post(connection, { kind: 'call', id, method, argument });
    }).then((reply) => {
      if (reply.ok && (method === 'openJournal' || method === 'openSample')) {
        connection.journal = method === 'openSample' ? { method } : { method, request: { ...(argument as OpenJournalRequest) } };
      }
      return reply;
    });
  }

  /** Ends the service process: asks it to close its journal and exit, and kills it when it has not within the timeout. */
  async close(): Promise<void> {
    const connection = this.connection;
    if (connection === null) return;
    this.connection = null;
    connection.closing = true;
    if (connection.ready) {
      this.post(connection, { kind: 'close' });
      if (await within(connection.exited, this.closeTimeoutMs)) return;
    }
    connection.channel.kill();
    await within(connection.exited, this.closeTimeoutMs);
  }

  openJournal(request: OpenJournalRequest): Promise<JournalSummary> {
    return this.ask('openJournal', request);
  }
  openSample(request?: Record<string, never>): Promise<JournalSummary> {
    return this.ask('openSample', request);
  }
  openProgress(request?: Record<string, never>): Promise<OpenProgress | null> {
    return this.ask('openProgress', request);
  }
  cancelOpen(request?: Record<string, never>): Promise<boolean> {
    return this.ask('cancelOpen', request);
  }
  summary(request?: Record<string, never>): Promise<JournalSummary | null> {
    return this.ask('summary', request);
  }
  recent(request?: Record<string, never>): Promise<string[]> {
    return this.ask('recent', request);
  }
  streams(request?: StreamsRequest): Promise<StreamSummary[]> {
    return this.ask('streams', request);
  }
  streamPage(request?: StreamPageRequest): Promise<StreamPage> {
    return this.ask('streamPage', request);
  }
  events(request?: EventsRequest): Promise<EventPage> {
    return this.ask('events', request);
  }
  rates(request?: RatesRequest): Promise<RateSeries> {
    return this.ask('rates', request);
  }
  replay(request: ReplayRequest): Promise<ReplayResult> {
    return this.ask('replay', request);
  }
  replayAt(request: ReplayAtRequest): Promise<ReplayPoint> {
    return this.ask('replayAt', request);
  }
  fieldHistory(request: FieldHistoryRequest): Promise<FieldHistory> {
    return this.ask('fieldHistory', request);
  }
  loadReducer(request: LoadReducerRequest): Promise<ReducerInfo> {
    return this.ask('loadReducer', request);
  }
  unloadReducer(request?: Record<string, never>): Promise<null> {
    return this.ask('unloadReducer', request);
  }
  reducerStatus(request?: Record<string, never>): Promise<ReducerInfo | null> {
    return this.ask('reducerStatus', request);
  }
  audit(request?: Record<string, never>): Promise<AuditResult> {
    return this.ask('audit', request);
  }
  compare(request: CompareRequest): Promise<JournalComparison> {
    return this.ask('compare', request);
  }
  report(request?: ReportRequest): Promise<AuditReportFile> {
    return this.ask('report', request);
  }
  sampleFields(request: SampleFieldsRequest): Promise<FieldSample> {
    return this.ask('sampleFields', request);
  }
  workProgress(request?: Record<string, never>): Promise<WorkProgress> {
    return this.ask('workProgress', request);
  }
  cancelSearch(request?: Record<string, never>): Promise<boolean> {
    return this.ask('cancelSearch', request);
  }
  cancelReplay(request?: Record<string, never>): Promise<boolean> {
    return this.ask('cancelReplay', request);
  }
  testConnection(request: TestConnectionRequest): Promise<ConnectionCheck> {
    return this.ask('testConnection', request);
  }
  liveStatus(request?: Record<string, never>): Promise<LiveStatus | null> {
    return this.ask('liveStatus', request);
  }
  followLive(request: FollowLiveRequest): Promise<LiveStatus | null> {
    return this.ask('followLive', request);
  }
  allowScans(request?: AllowScansRequest): Promise<boolean> {
    return this.ask('allowScans', request);
  }

  /** A call unwrapped as the page unwraps it (shared/bridge.ts journalApiOver): its value, or a thrown JournalError. */
  private async ask<M extends ApiMethod>(method: M, request: unknown): Promise<Awaited<ReturnType<JournalApi[M]>>> {
    return unwrapReply(await this.reply(method, request)) as Awaited<ReturnType<JournalApi[M]>>;
  }

  private start(): Connection {
    let exited: () => void = () => {};
    const connection: Connection = {
      channel: this.options.startProcess(),
      ready: false,
      held: [{ kind: 'init', options: this.options.service }],
      waiting: new Map(),
      closing: false,
      endedBecause: null,
      journal: null,
      exited: new Promise<void>((resolve) => (exited = resolve)),
      startTimer: setTimeout(() => {
        if (connection.ready) return;
        connection.endedBecause = `it did not start within ${Math.round(this.startTimeoutMs / 1000)} s`;
        connection.channel.kill();
      }, this.startTimeoutMs),
    };
    // A pending start must not keep a CLI alive by itself: the process and the calls waiting on it do that.
    connection.startTimer.unref?.();
    connection.channel.onMessage((message) => this.received(connection, message));
    connection.channel.onExit((exit) => {
      clearTimeout(connection.startTimer);
      this.ended(connection, exit);
      exited();
    });
    this.connection = connection;
    return connection;
  }

  private post(connection: Connection, message: ToService): void {
    if (!connection.ready) {
      connection.held.push(message);
      return;
    }
    try {
      connection.channel.postMessage(message);
    } catch (error) {
      // Only a call's argument can be refused by structured clone; the call fails in words, the process lives on.
      if (message.kind !== 'call') return;
      const call = connection.waiting.get(message.id);
      connection.waiting.delete(message.id);
      const why = error instanceof Error ? error.message : String(error);
      call?.resolve({ ok: false, error: { code: 'bad-request', message: `The arguments of ${message.method} cannot be sent to the journal service: ${why}` } });
    }
  }

  private received(connection: Connection, raw: unknown): void {
    const message = readFromService(raw);
    if (message === null) {
      console.warn('Eventlens: ignored a message from the journal service that is not a reply.');
      return;
    }
    if (message.kind === 'ready') {
      if (connection.ready) return;
      connection.ready = true;
      clearTimeout(connection.startTimer);
      for (const held of connection.held.splice(0)) this.post(connection, held);
      return;
    }
    if (message.id === null) {
      // A message of ours the service could not read: a bug on this side, said where a developer looks.
      if (!message.reply.ok) console.warn(`Eventlens: the journal service refused a message: ${message.reply.error.message}`);
      return;
    }
    const call = connection.waiting.get(message.id);
    if (call === undefined) return;
    connection.waiting.delete(message.id);
    call.resolve(message.reply);
  }

  private ended(connection: Connection, exit: ServiceExit): void {
    if (this.connection === connection) this.connection = null;
    const calls = [...connection.waiting.values()];
    connection.waiting.clear();
    const why = connection.endedBecause ?? exitInWords(exit);
    const words = (asked: readonly CallAsked[]): string =>
      connection.closing ? `The journal service was closed${whileDoing(asked)}.` : `The journal service stopped (${why})${whileDoing(asked)}; reopen the journal to go on.`;
    for (const call of calls) call.resolve(stoppedReply(words([call])));
    if (connection.closing) return;
    const stop: ServiceStop = { exit, message: words(calls), during: calls.map((call) => call.method), journal: connection.journal };
    for (const listener of this.stoppedListeners) {
      try {
        listener(stop);
      } catch (error) {
        console.error('Eventlens: a listener to the journal service stopping failed:', error);
      }
    }
  }
}
