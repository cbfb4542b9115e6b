// The journal API over the browser host's HTTP: POST /api/<method> with a bearer token, ApiReply back.
import { API_METHODS, JournalError, unwrapReply } from '../../shared/contract.js';
import type { ApiMethod, ApiReply, JournalApi } from '../../shared/contract.js';
import type { FieldSample, JournalSummary, ReducerInfo } from '../../shared/model.js';
import type { JournalComparison } from '../../shared/audit.js';
import type { ReadingOptions } from './reading-options.js';

const TOKEN_KEY = 'eventlens.token';
/**
 * How much of a journal is sent to list its fields: a SQLite file's schema is on its first pages, and its tables' first
 * rows mostly near them (the host takes no more: electron/host/upload-shelf.ts SAMPLE_UPLOAD_BYTES); the host reads the
 * first records of any other journal from its first 8 MB (electron/readers/sample/json-sample.ts).
 */
export const SAMPLE_UPLOAD_BYTES = 64 * 1024 * 1024;
const SAMPLE_JSON_BYTES = 8 * 1024 * 1024;
const SESSION_KEY = 'eventlens.session';

/**
 * This tab's session on the host: its own journal, reducer and findings. Kept in sessionStorage, which is the tab's
 * own, so a reload finds the same journal while another tab has another.
 */
export function takeSessionId(storage: Storage | null, makeId: () => string = () => crypto.randomUUID()): string {
  try {
    const kept = storage?.getItem(SESSION_KEY);
    if (kept) return kept;
  } catch {
    // Storage can be disabled: the session then lasts as long as this page.
  }
  const id = makeId();
  try {
    storage?.setItem(SESSION_KEY, id);
  } catch {
    // As above.
  }
  return id;
}

/** A session the host closed is gone for good: the next load of this tab starts a new one. */
function forgetSessionId(storage: Storage | null): void {
  try {
    storage?.removeItem(SESSION_KEY);
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/** The token comes in the page address once; it is kept for reloads and taken out of the visible URL. */
export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      storage.setItem(TOKEN_KEY, fromUrl);
      params.delete('token');
      const query = params.toString();
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    } catch {
      // Storage can be disabled; the token still works for this page's life.
    }
    return fromUrl;
  }
  try {
    return storage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

// Every API method is a POST of its argument, so the methods are made from the contract's list: a method added to
// the contract reaches the browser without a line here. This interface, merged with the class, gives them their types.
export interface HttpJournalApi extends JournalApi {}

export class HttpJournalApi {
  /**
   * `session` names this tab's session on the host; `storage` is where it is kept (forgotten there once the host
   * says the session was closed).
   */
  constructor(
    private readonly token: string | null,
    private readonly session: string,
    private readonly storage: Storage | null = null,
  ) {
    const self = this as unknown as Record<ApiMethod, (request?: object) => Promise<unknown>>;
    for (const method of API_METHODS) self[method] = (request) => this.call(method, request ?? {});
  }

  /**
   * Sends a file's bytes to the host, which keeps a copy and opens it. XMLHttpRequest rather than fetch because only
   * it reports upload progress; aborting `signal` stops the upload and rejects with code "cancelled".
   */
  upload(file: File, read: ReadingOptions = {}, watch: UploadWatch = {}): Promise<JournalSummary> {
    return this.send<JournalSummary>(file, 'open', read, watch, `Opening ${file.name}`);
  }

  /** Sends export B to the host, which compares it with the journal open (export A) and then drops its copy. */
  uploadToCompare(file: File, watch: UploadWatch = {}): Promise<JournalComparison> {
    return this.send<JournalComparison>(file, 'compare', {}, watch, `Comparing with ${file.name}`);
  }

  /** Sends the start of a journal to the host, which lists the fields its first records hold and drops it at once. */
  async uploadToSample(file: File): Promise<FieldSample> {
    const sqlite = (await file.slice(0, 16).text()).startsWith('SQLite format 3');
    const bytes = sqlite ? SAMPLE_UPLOAD_BYTES : SAMPLE_JSON_BYTES;
    const start = file.size > bytes ? new File([file.slice(0, bytes)], file.name) : file;
    return this.send<FieldSample>(start, 'sample', {}, {}, `Reading ${file.name}`);
  }

  /** Sends a reducer file to the host, which loads its copy as this tab's reducer and keeps it while it is loaded. */
  uploadReducer(file: File): Promise<ReducerInfo> {
    return this.send<ReducerInfo>(file, 'reducer', {}, {}, `Loading ${file.name}`);
  }

  private async send<T>(file: File, purpose: 'open' | 'compare' | 'reducer' | 'sample', read: ReadingOptions, watch: UploadWatch, doing: string): Promise<T> {
    const token = this.requireToken();
    const headers = { ...this.headers(token), 'Content-Type': 'application/octet-stream', ...uploadHeaders(read) };
    return await new Promise<T>((resolve, reject) => {
      const request = new XMLHttpRequest();
      const { signal, onProgress } = watch;
      const abort = () => request.abort();
      const settle = () => signal?.removeEventListener('abort', abort);
      request.open('POST', `upload?name=${encodeURIComponent(file.name)}${purpose === 'open' ? '' : `&for=${purpose}`}`);
      for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
      request.responseType = 'text';
      if (onProgress) {
        request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
        request.upload.onload = () => onProgress(file.size, file.size, true);
      }
      request.onload = () => {
        settle();
        try {
          resolve(this.read<T>(request.status, request.statusText, request.responseText));
        } catch (error) {
          reject(error);
        }
      };
      request.onerror = () => {
        settle();
        reject(new JournalError('unreachable', `Sending ${file.name} failed: the Eventlens host is not answering. Is "eventlens serve" still running?`));
      };
      request.onabort = () => {
        settle();
        reject(new JournalError('cancelled', `${doing} was cancelled.`));
      };
      if (signal?.aborted) return reject(new JournalError('cancelled', `${doing} was cancelled.`));
      signal?.addEventListener('abort', abort);
      request.send(file);
    });
  }

  private call<T>(method: ApiMethod, argument: object): Promise<T> {
    return this.post<T>(`api/${method}`, JSON.stringify(argument), 'application/json');
  }

  private async post<T>(path: string, body: BodyInit, contentType: string): Promise<T> {
    const token = this.requireToken();
    let response: Response;
    try {
      response = await fetch(path, { method: 'POST', headers: { ...this.headers(token), 'Content-Type': contentType }, body });
    } catch {
      throw new JournalError('unreachable', 'The request failed: the Eventlens host is not answering. Is "eventlens serve" still running?');
    }
    return this.read<T>(response.status, response.statusText, await response.text().catch(() => ''));
  }

  private headers(token: string): Record<string, string> {
    return { Authorization: `Bearer ${token}`, 'X-Eventlens-Session': this.session };
  }

  private read<T>(status: number, statusText: string, text: string): T {
    try {
      return readReply<T>(status, statusText, text);
    } catch (error) {
      if (error instanceof JournalError && error.code === 'session-closed') forgetSessionId(this.storage);
      throw error;
    }
  }

  private requireToken(): string {
    if (this.token === null) {
      // What to do about it is the error's hint (errors.ts), said once.
      throw new JournalError('unauthorized', 'This page was opened without its access token.');
    }
    return this.token;
  }
}

/** How an upload's progress is reported and how it is stopped. */
export interface UploadWatch {
  /** Bytes sent so far; `sent` is true once the whole file has reached the host (which then reads it). */
  onProgress?: (loaded: number, total: number, sent?: boolean) => void;
  signal?: AbortSignal;
}

/**
 * The reading options as the host's upload headers. Header values must be Latin-1, so the map's JSON escapes every
 * other character (still the same JSON); a key outside printable ASCII cannot be sent and is refused here.
 */
export function uploadHeaders(read: ReadingOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (read.map !== undefined) {
    headers['X-Eventlens-Map'] = JSON.stringify(read.map).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (read.cipherKey !== undefined) {
    if (!/^[\x20-\x7e]+$/.test(read.cipherKey)) {
      throw new JournalError('bad-request', 'The cipher key can only be sent to the Eventlens host as plain ASCII text (letters, digits and punctuation).');
    }
    headers['X-Eventlens-Cipher-Key'] = read.cipherKey;
  }
  return headers;
}

/** An ApiReply's value, or the JournalError it carries; anything else becomes an error in words. */
function readReply<T>(status: number, statusText: string, text: string): T {
  let reply: ApiReply<T>;
  try {
    reply = JSON.parse(text) as ApiReply<T>;
  } catch {
    throw new JournalError('internal', `The Eventlens host answered ${status} ${statusText} without a readable reply.`);
  }
  if (typeof reply !== 'object' || reply === null || typeof reply.ok !== 'boolean') {
    throw new JournalError('internal', `The Eventlens host answered ${status} with an unexpected reply.`);
  }
  return unwrapReply(reply);
}
