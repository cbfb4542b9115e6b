// Which way the renderer reaches the journal service: the desktop preload's bridge, or the browser host over HTTP.
import { BRIDGE_GLOBAL, journalApiOver } from '../../shared/bridge.js';
import type { ConnectAttempt, Connected, DesktopBridge, SavedPasswords } from '../../shared/bridge.js';
import { unwrapReply } from '../../shared/contract.js';
import type { ApiReply, JournalApi } from '../../shared/contract.js';
import type { FieldSample, JournalSummary, ReducerInfo } from '../../shared/model.js';
import type { JournalComparison } from '../../shared/audit.js';
import { HttpJournalApi, takeSessionId, takeToken } from './http-api.js';
import type { UploadWatch } from './http-api.js';
import type { ReadingOptions } from './reading-options.js';

declare global {
  interface Window {
    eventlens?: DesktopBridge;
  }
}

export interface Transport {
  readonly api: JournalApi;
  /** Desktop: a native Open dialog (null when cancelled). Browser: absent, the page picks a file itself. */
  readonly chooseJournal: (() => Promise<JournalSummary | null>) | null;
  /** Desktop: a native Open dialog for a reducer file, which it loads (null when cancelled). Browser: absent, the page asks. */
  readonly chooseReducer: (() => Promise<ReducerInfo | null>) | null;
  /** Browser: loads a reducer file the page picked, sent to the host. Desktop: null (the native dialog picks one). */
  readonly uploadReducer: ((file: File) => Promise<ReducerInfo>) | null;
  /** False on the desktop, where the File menu's CmdOrCtrl+O accelerator opens the dialog itself. */
  readonly pageHandlesOpenShortcut: boolean;
  /**
   * Opens a file the user dropped or picked in the page. In a browser it is uploaded first: `watch` hears the
   * upload's progress and can stop it. The desktop opens it where it lies.
   */
  openFile(file: File, read?: ReadingOptions, watch?: UploadWatch): Promise<JournalSummary>;
  /** Desktop: where a dropped or picked file lies on disk. Browser: null, a page cannot know. */
  readonly pathForFile: ((file: File) => string) | null;
  /** Browser: the fields of a file the page picked (its start sent to the host). Desktop: null (sampleFields by path). */
  readonly sampleFile: ((file: File) => Promise<FieldSample>) | null;
  /** Browser: compares the journal open with a file the page picked, sent to the host. Desktop: null (by path). */
  readonly compareFile: ((file: File) => Promise<JournalComparison>) | null;
  /**
   * True on the desktop, where the main process opens journals by itself (menu, recent list, command line) and
   * tells the page only at the end: the page watches openProgress() to show those opens too.
   */
  readonly opensOnItsOwn: boolean;
  /** Journals the main process opened by itself (menu, recent list, command line); returns an unsubscribe. */
  onJournalOpened(listener: (reply: ApiReply<JournalSummary>) => void): () => void;
  /** Desktop: this window's service process ended unasked (the message says why). Browser: never (the host is the service). */
  onServiceStopped(listener: (message: string) => void): () => void;
  /** Desktop: File → Connect to database… was chosen for this window. Browser: never (the page has its button). */
  onConnectAsked(listener: () => void): () => void;
  /**
   * Opens a live store from Connect to database…. The desktop keeps its password, encrypted, when `rememberPassword`
   * asks and the store opened (`notSaved` says why it could not); the browser host never keeps one.
   */
  connect(attempt: ConnectAttempt): Promise<Connected>;
}

/** The passwords the desktop app keeps for live stores, as the Connect dialog lists and forgets them. */
export interface PasswordKeeper {
  list(): Promise<SavedPasswords>;
  forget(url: string): Promise<SavedPasswords>;
}

/** An open of a live store as any other page open: the password given apart, never in the URL. */
function openLiveStore(api: JournalApi, { url, password }: ConnectAttempt): Promise<JournalSummary> {
  return api.openJournal({ path: url, ...(password !== undefined && { password }) });
}

function desktopTransport(bridge: DesktopBridge): Transport {
  // The bridge answers replies, not values, so error codes survive contextBridge; unwrap them here.
  const api = journalApiOver(bridge);
  return {
    api,
    chooseJournal: async () => unwrapReply(await bridge.chooseJournal()),
    chooseReducer: async () => unwrapReply(await bridge.chooseReducer()),
    uploadReducer: null,
    pageHandlesOpenShortcut: false,
    openFile: (file, read = {}) => api.openJournal({ path: bridge.pathForFile(file), ...read }),
    pathForFile: (file) => bridge.pathForFile(file),
    sampleFile: null,
    compareFile: null,
    opensOnItsOwn: true,
    onJournalOpened: (listener) => bridge.onJournalOpened(listener),
    onServiceStopped: (listener) => bridge.onServiceStopped(listener),
    onConnectAsked: (listener) => bridge.onConnectAsked(listener),
    // Only a password to remember takes the main process's connect channel; any other open is an ordinary one.
    connect: async (attempt) =>
      attempt.rememberPassword === true && attempt.password ? unwrapReply(await bridge.connect(attempt)) : { summary: await openLiveStore(api, attempt) },
  };
}

function browserTransport(): Transport {
  const storage = sessionStorageOrNull();
  const api = new HttpJournalApi(takeToken(window.location, window.sessionStorage, window.history), takeSessionId(storage), storage);
  return {
    api,
    chooseJournal: null,
    chooseReducer: null,
    uploadReducer: (file) => api.uploadReducer(file),
    pageHandlesOpenShortcut: true,
    openFile: (file, read, watch) => api.upload(file, read, watch),
    pathForFile: null,
    sampleFile: (file) => api.uploadToSample(file),
    compareFile: (file) => api.uploadToCompare(file),
    opensOnItsOwn: false,
    onJournalOpened: () => () => {},
    onServiceStopped: () => () => {},
    onConnectAsked: () => () => {},
    // rememberPassword is ignored: the browser host never keeps a password.
    connect: async (attempt) => ({ summary: await openLiveStore(api, attempt) }),
  };
}

export function createTransport(): Transport {
  const bridge = window[BRIDGE_GLOBAL];
  return bridge ? desktopTransport(bridge) : browserTransport();
}

/** Desktop: the saved passwords, kept by the main process. Browser: null, the host keeps none. */
export function passwordKeeper(): PasswordKeeper | null {
  const bridge = window[BRIDGE_GLOBAL];
  if (!bridge) return null;
  return {
    list: async () => unwrapReply(await bridge.savedPasswords()),
    forget: async (url) => unwrapReply(await bridge.forgetPassword(url)),
  };
}

/** A page may run with storage disabled, where even reading window.sessionStorage throws. */
function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
