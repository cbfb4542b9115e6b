// Which way the renderer reaches the journal service: the desktop preload's bridge, or the browser host over HTTP.
import { BRIDGE_GLOBAL, journalApiOver } from '../../shared/bridge.js';
import type { DesktopBridge } from '../../shared/bridge.js';
import { unwrapReply } from '../../shared/contract.js';
import type { ApiReply, JournalApi } from '../../shared/contract.js';
import type { JournalSummary } from '../../shared/model.js';
import { HttpJournalApi, takeToken } from './http-api.js';

declare global {
  interface Window {
    eventlens?: DesktopBridge;
  }
}

export interface Transport {
  readonly api: JournalApi;
  /** Desktop: a native Open dialog (null when cancelled). Browser: absent, the page picks a file itself. */
  readonly chooseJournal: (() => Promise<JournalSummary | null>) | null;
  /** False on the desktop, where the File menu's CmdOrCtrl+O accelerator opens the dialog itself. */
  readonly pageHandlesOpenShortcut: boolean;
  /** Opens a file the user dropped or picked in the page. */
  openFile(file: File): Promise<JournalSummary>;
  /** Journals the main process opened by itself (menu, recent list, command line); returns an unsubscribe. */
  onJournalOpened(listener: (reply: ApiReply<JournalSummary>) => void): () => void;
}

function desktopTransport(bridge: DesktopBridge): Transport {
  // The bridge answers replies, not values, so error codes survive contextBridge; unwrap them here.
  const api = journalApiOver(bridge);
  return {
    api,
    chooseJournal: async () => unwrapReply(await bridge.chooseJournal()),
    pageHandlesOpenShortcut: false,
    openFile: (file) => api.openJournal({ path: bridge.pathForFile(file) }),
    onJournalOpened: (listener) => bridge.onJournalOpened(listener),
  };
}

function browserTransport(): Transport {
  const api = new HttpJournalApi(takeToken(window.location, window.sessionStorage, window.history));
  return {
    api,
    chooseJournal: null,
    pageHandlesOpenShortcut: true,
    openFile: (file) => api.upload(file),
    onJournalOpened: () => () => {},
  };
}

export function createTransport(): Transport {
  const bridge = window[BRIDGE_GLOBAL];
  return bridge ? desktopTransport(bridge) : browserTransport();
}
