// What the desktop app's preload exposes on `window.eventlens`: the journal API plus the few things only a
// desktop window can do. The browser host offers the same API over HTTP and does these its own way.
import { API_METHODS, unwrapReply } from './contract.js';
import type { ApiMethod, ApiReply, JournalApi } from './contract.js';
import type { JournalSummary, ReducerInfo } from './model.js';

/** The name of the global the preload defines. */
export const BRIDGE_GLOBAL = 'eventlens';

/** IPC channels beyond the API methods (which use `api:<method>`). */
export const CHANNELS = {
  chooseJournal: 'app:choose-journal',
  chooseReducer: 'app:choose-reducer',
  journalOpened: 'app:journal-opened',
  serviceStopped: 'app:service-stopped',
  /** Main to page: File → Connect to database… was chosen for this window. */
  connectAsked: 'app:connect-asked',
  connect: 'app:connect',
  savedPasswords: 'app:saved-passwords',
  forgetPassword: 'app:forget-password',
} as const;

export function apiChannel(method: string): string {
  return `api:${method}`;
}

/**
 * Each API method as it crosses the bridge: answering the reply itself, never rejecting, because contextBridge
 * hands the page a rejected Error's message only, and the error's code would be lost.
 */
export type BridgeApi = {
  [M in ApiMethod]: (request?: Parameters<JournalApi[M]>[0]) => Promise<ApiReply<Awaited<ReturnType<JournalApi[M]>>>>;
};

/** Which live stores the desktop app keeps a password for (never the passwords), and whether it can keep one. */
export interface SavedPasswords {
  /** False where the system offers no keychain to encrypt with (`why` says so): no password is saved then. */
  available: boolean;
  why?: string;
  /** The saved passwords' file could not be read (`problem` says why): saving one starts it anew. */
  problem?: string;
  /** Connection URLs without their passwords, as the recent list names them. */
  urls: string[];
}

/** Connect to database… on the desktop: a live store to open, and whether to keep its password once it opened. */
export interface ConnectAttempt {
  url: string;
  password?: string;
  rememberPassword?: boolean;
}

export interface Connected {
  summary: JournalSummary;
  /** The store opened but its password, asked to be remembered, was not saved: why, in words. */
  notSaved?: string;
}

export interface DesktopBridge extends BridgeApi {
  /** Shows the native Open dialog and opens the chosen file; the value is null when the user cancels. */
  chooseJournal(): Promise<ApiReply<JournalSummary | null>>;
  /** Shows the native Open dialog for a reducer file and loads the choice; the value is null when the user cancels. */
  chooseReducer(): Promise<ApiReply<ReducerInfo | null>>;
  /** The file-system path of a file dropped on the window (a DOM File). */
  pathForFile(file: object): string;
  /** Called when the main process opened a journal itself (menu, recent list, command line), or failed to. */
  onJournalOpened(listener: (reply: ApiReply<JournalSummary>) => void): () => void;
  /**
   * Called when this window's journal service process ended unasked (out of memory on a hostile file, killed): the
   * message says so in words. The next call starts a fresh service, with no journal open.
   */
  onServiceStopped(listener: (message: string) => void): () => void;
  /** Called when File → Connect to database… was chosen for this window. */
  onConnectAsked(listener: () => void): () => void;
  /** Opens a live store and, with `rememberPassword`, keeps its password encrypted once (and only if) it opened. */
  connect(request: ConnectAttempt): Promise<ApiReply<Connected>>;
  savedPasswords(): Promise<ApiReply<SavedPasswords>>;
  /** Drops the password kept for `url`; answers what is still kept. */
  forgetPassword(url: string): Promise<ApiReply<SavedPasswords>>;
}

/** The journal API on the page's side of a bridge: each reply becomes a value or a thrown JournalError. */
export function journalApiOver(bridge: BridgeApi): JournalApi {
  const api: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    const call = bridge[method] as (request?: unknown) => Promise<ApiReply>;
    api[method] = async (request) => unwrapReply(await call(request));
  }
  return api as unknown as JournalApi;
}
