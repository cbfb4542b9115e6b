// The journal API over the browser host's HTTP: POST /api/<method> with a bearer token, ApiReply back.
import { JournalError, unwrapReply } from '../../shared/contract.js';
import type { ApiMethod, ApiReply, JournalApi } from '../../shared/contract.js';
import type { EventPage, JournalSummary, OpenProgress, RateSeries, ReplayResult, StreamSummary } from '../../shared/model.js';
import type { EventsRequest, OpenJournalRequest, RatesRequest, ReplayRequest, StreamsRequest } from '../../shared/requests.js';

const TOKEN_KEY = 'eventlens.token';

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

export class HttpJournalApi implements JournalApi {
  constructor(private readonly token: string | null) {}

  openJournal(request: OpenJournalRequest): Promise<JournalSummary> {
    return this.call('openJournal', request);
  }
  openSample(): Promise<JournalSummary> {
    return this.call('openSample', {});
  }
  openProgress(): Promise<OpenProgress | null> {
    return this.call('openProgress', {});
  }
  cancelOpen(): Promise<boolean> {
    return this.call('cancelOpen', {});
  }
  summary(): Promise<JournalSummary | null> {
    return this.call('summary', {});
  }
  recent(): Promise<string[]> {
    return this.call('recent', {});
  }
  streams(request: StreamsRequest = {}): Promise<StreamSummary[]> {
    return this.call('streams', request);
  }
  events(request: EventsRequest = {}): Promise<EventPage> {
    return this.call('events', request);
  }
  rates(request: RatesRequest = {}): Promise<RateSeries> {
    return this.call('rates', request);
  }
  replay(request: ReplayRequest): Promise<ReplayResult> {
    return this.call('replay', request);
  }

  /** Sends a file's bytes to the host, which keeps a copy and opens it. */
  upload(file: File): Promise<JournalSummary> {
    return this.post<JournalSummary>(`upload?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream', file.name);
  }

  private call<T>(method: ApiMethod, argument: object): Promise<T> {
    return this.post<T>(`api/${method}`, JSON.stringify(argument), 'application/json');
  }

  private async post<T>(path: string, body: BodyInit, contentType: string, fileName?: string): Promise<T> {
    if (this.token === null) {
      throw new JournalError(
        'unauthorized',
        'This page was opened without its access token. Open the full address that "eventlens serve" printed (it ends in ?token=…).',
      );
    }
    let response: Response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': contentType },
        body,
      });
    } catch {
      const what = fileName === undefined ? 'The request' : `Sending ${fileName}`;
      throw new JournalError('unreachable', `${what} failed: the Eventlens host is not answering. Is "eventlens serve" still running?`);
    }
    let reply: ApiReply<T>;
    try {
      reply = (await response.json()) as ApiReply<T>;
    } catch {
      throw new JournalError('internal', `The Eventlens host answered ${response.status} ${response.statusText} without a readable reply.`);
    }
    if (typeof reply !== 'object' || reply === null || typeof reply.ok !== 'boolean') {
      throw new JournalError('internal', `The Eventlens host answered ${response.status} with an unexpected reply.`);
    }
    return unwrapReply(reply);
  }
}
