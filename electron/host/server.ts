// The browser host: the same renderer and service as the desktop app, over HTTP on 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { errorReply, JournalError } from '../../shared/contract.js';
import { jsonText } from '../../shared/deep-json.js';
import type { ApiReply } from '../../shared/contract.js';
import { SAMPLE_JOURNAL_PATH } from '../sample/sample-path.js';
import { dispatch } from '../service/dispatch.js';
import { JournalService } from '../service/journal-service.js';
import { RecentJournals } from '../service/recent-journals.js';
import { HostSessions, SESSION_HEADER } from './host-sessions.js';
import type { HostSession, SessionLimits } from './host-sessions.js';
import { hostIsLoopback, originIsSelf, tokenMatches } from './request-guard.js';
import { serveStatic } from './static-files.js';
import { receiveUpload } from './upload-route.js';
import { UploadShelf } from './upload-shelf.js';
import type { UploadLimits } from './upload-shelf.js';

export interface HostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A journal every new tab opens (the first tab's open starts as the host starts, before any page loads). */
  journal?: string;
  /** Every new tab opens the sample journal (when no journal is given). */
  openSample?: boolean;
  samplePath?: string;
  rendererDir?: string;
  /** Where the recent-journals list is kept; null keeps it in memory. */
  recentFile?: string | null;
  /** Upload limits (DEFAULT_UPLOAD_LIMITS: 2 GiB each, 4 kept; reducer files 4 MiB, 16 kept), and the folder the upload folder is made in (tmpdir). */
  uploads?: Partial<UploadLimits> & { parent?: string };
  /** How many tabs' sessions are kept, and how long an unused one lives (DEFAULT_SESSION_LIMITS: 8, 30 minutes). */
  sessions?: Partial<SessionLimits>;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  /** One session per tab, each with its own journal service. */
  sessions: HostSessions;
  /** The service of the session that answered last: for a test or a script driving the page of one tab. */
  latestService(): JournalService;
  /** The folder uploaded journals are kept in while the host runs. */
  uploadFolder: string;
  /** Stops listening, closes the service and removes the upload folder (also when closing fails). */
  close(): Promise<void>;
  /** Removes the upload folder at once, synchronously: for a process that must exit now. */
  removeUploadsNow(): void;
}

const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));
/** API arguments are small JSON objects; anything bigger is abuse. */
const MAX_API_BODY = 1024 * 1024;
/** Error codes with an HTTP status of their own; every other reply is 200, its body saying ok or not. */
const STATUS: Record<string, number> = { 'too-large': 413, 'too-many-uploads': 429, 'too-many-sessions': 429 };
/** The API calls after which the journal on screen is no upload. */
const OPENS_BY_PATH = new Set(['openJournal', 'openSample']);
/** The API calls after which the reducer loaded is no upload. */
const REDUCERS_BY_PATH = new Set(['loadReducer', 'unloadReducer']);
/** The calls that start or stop an open: after one, a failed startup open is old news. */
const OPENS = new Set(['openJournal', 'openSample', 'cancelOpen']);

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  const token = randomBytes(24).toString('base64url');
  const recent = new RecentJournals(options.recentFile ?? null);
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const { parent, ...limits } = options.uploads ?? {};
  const shelf = await UploadShelf.open(limits, parent);
  // Any exit (process.exit from anywhere, an uncaught error) takes the uploads with it; only SIGKILL cannot, and the
  // next host removes what a killed one left (abandoned-uploads.ts).
  const removeUploadsNow = () => shelf.clearNow();
  process.on('exit', removeUploadsNow);
  let port = 0;

  const startups = new WeakMap<JournalService, StartupOpen>();
  const sessions = new HostSessions({
    limits: options.sessions ?? {},
    create: () => {
      const service = new JournalService({ samplePath: options.samplePath ?? SAMPLE_JOURNAL_PATH, recent, auditOnOpen: true, liveListFirst: true });
      // The host's journal opens in each new tab's session without being awaited: the page shows its progress.
      const opening = options.journal !== undefined ? service.openJournal({ path: options.journal }) : options.openSample ? service.openSample() : null;
      if (opening !== null) startups.set(service, StartupOpen.watch(opening));
      return service;
    },
    onClosed: async (session) => {
      shelf.showing(session.id, null);
      shelf.loaded(session.id, null);
      await shelf.sweep();
    },
  });
  if (options.journal !== undefined || options.openSample) sessions.prepareSpare();

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      // A JournalError's message was written for the page; anything else may quote the host's paths or internals, so
      // its details go to the host's terminal and the page learns only that it failed.
      if (error instanceof JournalError) return sendReply(response, shelf.scrubReply(errorReply(error)));
      console.error('Eventlens host: a request failed:', error);
      sendReply(response, refusal('internal', 'The Eventlens host could not answer this request; its terminal says why.'), 500);
    });
  });

  /** One API call in its tab's session; `summary` first waits for the startup open and reports its failure once. */
  async function call(session: HostSession, method: string, argument: unknown): Promise<ApiReply> {
    const startup = startups.get(session.service);
    if (startup !== undefined && OPENS.has(method)) startups.delete(session.service);
    if (startup !== undefined && method === 'summary') {
      const failure = await startup.failure();
      startups.delete(session.service);
      if (failure !== null) return errorReply(failure);
    }
    const reply = await dispatch(session.service, method, argument);
    if (reply.ok && OPENS_BY_PATH.has(method)) {
      shelf.showing(session.id, null);
      await shelf.sweep();
    }
    if (reply.ok && REDUCERS_BY_PATH.has(method)) {
      shelf.loaded(session.id, null);
      await shelf.sweep();
    }
    return reply;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostIsLoopback(request, port) || !originIsSelf(request, port)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden: this host answers only its own pages on 127.0.0.1.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/') || url.pathname === '/upload') {
      if (request.method !== 'POST') return sendReply(response, refusal('bad-request', 'Use POST for API calls.'), 405);
      if (!tokenMatches(request, token)) return sendReply(response, refusal('unauthorized', 'The access token is missing or wrong.'), 401);
      const reply = await sessions.use(request.headers[SESSION_HEADER], async (session) => {
        if (url.pathname === '/upload') return receiveUpload(request, url, session.id, session.service, shelf);
        return call(session, url.pathname.slice('/api/'.length), await readJson(request));
      });
      return sendReply(response, shelf.scrubReply(reply));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    await serveStatic(rendererDir, url.pathname, response);
  }

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
    });
  } catch (error) {
    // A port in use, say: the host never ran, so nothing of it stays.
    process.off('exit', removeUploadsNow);
    await sessions.closeAll();
    await shelf.clear();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    sessions,
    latestService() {
      const latest = sessions.list()[0];
      if (latest === undefined) throw new Error('No tab has a session yet: load the page first.');
      return latest.service;
    },
    uploadFolder: shelf.folder,
    close() {
      closing ??= (async () => {
        try {
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
          await sessions.closeAll();
        } finally {
          await shelf.clear();
          process.off('exit', removeUploadsNow);
        }
      })();
      return closing;
    },
    removeUploadsNow,
  };
}

/** The open a new session starts by itself: its failure (not a cancel) is told to the page's first summary() call. */
class StartupOpen {
  private constructor(private readonly settled: Promise<unknown>) {}

  static watch(opening: Promise<unknown>): StartupOpen {
    return new StartupOpen(
      opening.then(
        () => null,
        (error: unknown) => (error instanceof JournalError && error.code === 'cancelled' ? null : error),
      ),
    );
  }

  /** Waits for the open; its error, or null when it opened or was cancelled. */
  async failure(): Promise<unknown> {
    return this.settled;
  }
}

function refusal(code: string, message: string): ApiReply {
  return { ok: false, error: { code, message } };
}

function sendReply(response: ServerResponse, reply: ApiReply, status = reply.ok ? 200 : (STATUS[reply.error.code] ?? 200)): void {
  const body = jsonText(reply);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the limit the rest is read and dropped, so the caller gets a reply rather than a reset connection.
    if (size <= MAX_API_BODY) chunks.push(chunk);
  }
  if (size > MAX_API_BODY) throw new JournalError('too-large', `The request is larger than ${MAX_API_BODY} bytes.`);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new JournalError('bad-request', 'The request body is not JSON.');
  }
}
