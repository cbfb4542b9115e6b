// The browser host: the same renderer and service as the desktop app, over HTTP on 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { errorReply, JournalError } from '../../shared/contract.js';
import { jsonText } from '../../shared/deep-json.js';
import type { ApiReply } from '../../shared/contract.js';
import { parseRequest } from '../../shared/requests.js';
import type { OpenJournalRequest } from '../../shared/requests.js';
import { SAMPLE_JOURNAL_PATH } from '../sample/sample-path.js';
import { dispatch } from '../service/dispatch.js';
import { JournalService } from '../service/journal-service.js';
import { RecentJournals } from '../service/recent-journals.js';
import { hostIsLoopback, originIsSelf, tokenMatches } from './request-guard.js';
import { serveStatic } from './static-files.js';

export interface HostOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A journal to open before the first page loads. */
  journal?: string;
  /** Open the sample journal before the first page loads (when no journal is given). */
  openSample?: boolean;
  samplePath?: string;
  rendererDir?: string;
  /** Where the recent-journals list is kept; null keeps it in memory. */
  recentFile?: string | null;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  service: JournalService;
  close(): Promise<void>;
}

const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../renderer/', import.meta.url));
/** API arguments are small JSON objects; anything bigger is abuse. */
const MAX_API_BODY = 1024 * 1024;
/** Uploaded journals are copied to a temporary folder; this bounds the disk a page can fill. */
const MAX_UPLOAD = 8 * 1024 ** 3;

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
  const service = new JournalService({ samplePath: options.samplePath ?? SAMPLE_JOURNAL_PATH, recent, auditOnOpen: true });
  if (options.journal !== undefined) await service.openJournal({ path: options.journal });
  else if (options.openSample) await service.openSample();
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const uploads = await mkdtemp(join(tmpdir(), 'eventlens-uploads-'));
  let port = 0;

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendReply(response, 500, errorReply(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hostIsLoopback(request, port) || !originIsSelf(request, port)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden: this host answers only its own pages on 127.0.0.1.');
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/') || url.pathname === '/upload') {
      if (request.method !== 'POST') return sendReply(response, 405, refusal('bad-request', 'Use POST for API calls.'));
      if (!tokenMatches(request, token)) return sendReply(response, 401, refusal('unauthorized', 'Missing or wrong token: open the address eventlens serve printed.'));
      if (url.pathname === '/upload') {
        const purpose = url.searchParams.get('for') === 'compare' ? 'compare' : 'open';
        return sendReply(response, 200, await receiveUpload(request, url.searchParams.get('name'), purpose));
      }
      const argument = await readJson(request);
      return sendReply(response, 200, await dispatch(service, url.pathname.slice('/api/'.length), argument));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    await serveStatic(rendererDir, url.pathname, response);
  }

  /**
   * A file sent by the page: kept in a folder of its own (so it keeps its name in messages), then opened, or (for a
   * comparison) compared with the journal open as its export B and removed once compared.
   */
  async function receiveUpload(request: IncomingMessage, name: string | null, purpose: 'open' | 'compare'): Promise<ApiReply> {
    let folder: string | null = null;
    try {
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > MAX_UPLOAD) throw new JournalError('too-large', `The file is larger than ${MAX_UPLOAD / 1024 ** 3} GiB; open it with eventlens serve FILE instead.`);
      folder = await mkdtemp(join(uploads, 'u-'));
      const target = join(folder, basename(name ?? 'journal') || 'journal');
      await pipeline(request, limitSize(MAX_UPLOAD), createWriteStream(target, { flags: 'wx' }));
      if (purpose === 'open') return { ok: true, value: await service.openCopy(target, basename(target), readingOptions(request)) };
      const comparison = await service.compare({ path: target, ...readingOptions(request) });
      await rm(folder, { recursive: true, force: true });
      return { ok: true, value: comparison };
    } catch (error) {
      if (purpose === 'compare' && folder !== null) await rm(folder, { recursive: true, force: true }).catch(() => {});
      return errorReply(error);
    }
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    service,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await service.close();
      await rm(uploads, { recursive: true, force: true });
    },
  };
}

/** How to read an upload: headers carry what `openJournal` takes as arguments (the body is the file itself). */
function readingOptions(request: IncomingMessage): Omit<OpenJournalRequest, 'path'> {
  const map = request.headers['x-eventlens-map'];
  const cipherKey = request.headers['x-eventlens-cipher-key'];
  const options = parseRequest('openJournal', {
    path: 'upload',
    ...(typeof map === 'string' && { map: parseMapHeader(map) }),
    ...(typeof cipherKey === 'string' && { cipherKey }),
  });
  return { ...(options.map && { map: options.map }), ...(options.cipherKey && { cipherKey: options.cipherKey }) };
}

function parseMapHeader(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new JournalError('bad-request', 'The X-Eventlens-Map header is not JSON.');
  }
}

function refusal(code: string, message: string): ApiReply {
  return { ok: false, error: { code, message } };
}

function sendReply(response: ServerResponse, status: number, reply: ApiReply): void {
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

function limitSize(limit: number) {
  let seen = 0;
  return async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      seen += chunk.length;
      if (seen > limit) throw new JournalError('too-large', `The file is larger than ${limit / 1024 ** 3} GiB.`);
      yield chunk;
    }
  };
}
