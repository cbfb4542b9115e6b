// Runs in the sandboxed preload, not in main: builds `window.eventlens` from ipcRenderer. Imports only the contract
// (and Electron's types), so esbuild bundles it into the single CommonJS preload without zod or Node.
import type { ContextBridge, IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import type { ApiMethod, ApiReply } from '../../shared/contract.js';
import { apiChannel, BRIDGE_GLOBAL, CHANNELS } from '../../shared/bridge.js';
import type { BridgeApi, Connected, DesktopBridge, SavedPasswords } from '../../shared/bridge.js';
import type { JournalSummary, ReducerInfo } from '../../shared/model.js';

export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;
export type BridgeWebUtils = Pick<WebUtils, 'getPathForFile'>;

export function createBridge(ipcRenderer: BridgeIpc, webUtils: BridgeWebUtils): DesktopBridge {
  // Replies pass through as data: the page unwraps them (journalApiOver), so error codes survive contextBridge.
  const call =
    <M extends ApiMethod>(method: M) =>
    (request?: unknown): ReturnType<BridgeApi[M]> =>
      ipcRenderer.invoke(apiChannel(method), request) as ReturnType<BridgeApi[M]>;

  return {
    openJournal: call('openJournal'),
    openSample: call('openSample'),
    openProgress: call('openProgress'),
    cancelOpen: call('cancelOpen'),
    summary: call('summary'),
    recent: call('recent'),
    streams: call('streams'),
    streamPage: call('streamPage'),
    events: call('events'),
    rates: call('rates'),
    replay: call('replay'),
    replayAt: call('replayAt'),
    fieldHistory: call('fieldHistory'),
    loadReducer: call('loadReducer'),
    unloadReducer: call('unloadReducer'),
    reducerStatus: call('reducerStatus'),
    audit: call('audit'),
    compare: call('compare'),
    report: call('report'),
    sampleFields: call('sampleFields'),
    workProgress: call('workProgress'),
    cancelSearch: call('cancelSearch'),
    cancelReplay: call('cancelReplay'),
    testConnection: call('testConnection'),
    liveStatus: call('liveStatus'),
    followLive: call('followLive'),
    allowScans: call('allowScans'),
    chooseJournal: () => ipcRenderer.invoke(CHANNELS.chooseJournal) as Promise<ApiReply<JournalSummary | null>>,
    chooseReducer: () => ipcRenderer.invoke(CHANNELS.chooseReducer) as Promise<ApiReply<ReducerInfo | null>>,
    pathForFile: (file) => webUtils.getPathForFile(file as File),
    onJournalOpened: (listener) => {
      // The page gets the reply only: an IpcRendererEvent would hand it `sender`, i.e. ipcRenderer itself.
      const forward = (_event: IpcRendererEvent, reply: ApiReply<JournalSummary>): void => listener(reply);
      ipcRenderer.on(CHANNELS.journalOpened, forward);
      return () => {
        ipcRenderer.removeListener(CHANNELS.journalOpened, forward);
      };
    },
    onServiceStopped: (listener) => {
      const forward = (_event: IpcRendererEvent, message: unknown): void => listener(String(message));
      ipcRenderer.on(CHANNELS.serviceStopped, forward);
      return () => {
        ipcRenderer.removeListener(CHANNELS.serviceStopped, forward);
      };
    },
    onConnectAsked: (listener) => {
      const forward = (): void => listener();
      ipcRenderer.on(CHANNELS.connectAsked, forward);
      return () => {
        ipcRenderer.removeListener(CHANNELS.connectAsked, forward);
      };
    },
    connect: (request) => ipcRenderer.invoke(CHANNELS.connect, request) as Promise<ApiReply<Connected>>,
    savedPasswords: () => ipcRenderer.invoke(CHANNELS.savedPasswords) as Promise<ApiReply<SavedPasswords>>,
    forgetPassword: (url) => ipcRenderer.invoke(CHANNELS.forgetPassword, url) as Promise<ApiReply<SavedPasswords>>,
  } satisfies DesktopBridge;
}

/** What the preload entry does, given Electron's renderer modules. */
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipcRenderer: BridgeIpc, webUtils: BridgeWebUtils): void {
  contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer, webUtils));
}
