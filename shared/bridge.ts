// What the desktop app's preload exposes on `window.eventlens`: the journal API plus the few things only a
// desktop window can do. The browser host offers the same API over HTTP and does these its own way.
import type { ApiReply, JournalApi } from './contract.js';
import type { JournalSummary } from './model.js';

/** The name of the global the preload defines. */
export const BRIDGE_GLOBAL = 'eventlens';

/** IPC channels beyond the API methods (which use `api:<method>`). */
export const CHANNELS = {
  chooseJournal: 'app:choose-journal',
  journalOpened: 'app:journal-opened',
} as const;

export function apiChannel(method: string): string {
  return `api:${method}`;
}

export interface DesktopBridge extends JournalApi {
  /** Shows the native Open dialog and opens the chosen file; null when the user cancels. */
  chooseJournal(): Promise<JournalSummary | null>;
  /** The file-system path of a file dropped on the window (a DOM File). */
  pathForFile(file: object): string;
  /** Called when the main process opened a journal itself (menu, recent list, command line), or failed to. */
  onJournalOpened(listener: (reply: ApiReply<JournalSummary>) => void): () => void;
}
