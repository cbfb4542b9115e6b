// The main side of the bridge: one handler per contract method plus the desktop extras, every one behind the
// sender check, each call routed to the service of the window that sent it. Takes ipcMain as a parameter so tests can
// drive the real handlers without Electron.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_METHODS, errorReply } from '../../shared/contract.js';
import type { ApiMethod, ApiReply, JournalApi } from '../../shared/contract.js';
import { apiChannel, CHANNELS } from '../../shared/bridge.js';
import type { JournalSummary, ReducerInfo } from '../../shared/model.js';
import { dispatch } from '../service/dispatch.js';
import type { SenderCheck } from './sender.js';

export interface IpcHandlers {
  /** The journal service of the sender's window (each window is its own session); null when it has none. */
  serviceFor(sender: WebContents): JournalApi | null;
  trust: SenderCheck;
  /** Shows the Open dialog for the sender's window and opens the choice: null value when cancelled. */
  chooseJournal(sender: WebContents): Promise<ApiReply<JournalSummary | null>>;
  /** Shows the Open dialog for a reducer file and loads the choice: null value when cancelled. */
  chooseReducer(sender: WebContents): Promise<ApiReply<ReducerInfo | null>>;
  /** Told after every call that may have opened a journal (the menu's recent list follows). */
  afterOpen?(): void;
}

/** Methods after which the recent list may have changed. */
const OPENING: ReadonlySet<ApiMethod> = new Set(['openJournal', 'openSample']);

export const REFUSED: ApiReply<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This call was refused: it did not come from the Eventlens window.' },
};

const NO_SESSION: ApiReply<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window has no journal session; close it and open a new window.' },
};

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: IpcHandlers): () => void {
  const channels: string[] = [];
  const handle = (channel: string, run: (event: IpcMainInvokeEvent, argument: unknown) => Promise<ApiReply>): void => {
    channels.push(channel);
    ipcMain.handle(channel, async (event, argument: unknown) => {
      const refusal = handlers.trust(event);
      if (refusal !== null) {
        console.warn(`Eventlens: refused ${channel}: ${refusal}.`);
        return REFUSED;
      }
      try {
        return await run(event, argument);
      } catch (error) {
        return errorReply(error); // a handler never rejects: the renderer always gets words to show
      }
    });
  };

  for (const method of API_METHODS) {
    handle(apiChannel(method), async (event, argument) => {
      const service = handlers.serviceFor(event.sender);
      if (service === null) return NO_SESSION;
      const reply = await dispatch(service, method, argument);
      if (OPENING.has(method)) handlers.afterOpen?.();
      return reply;
    });
  }
  handle(CHANNELS.chooseJournal, async (event) => {
    const reply = await handlers.chooseJournal(event.sender);
    handlers.afterOpen?.();
    return reply;
  });
  handle(CHANNELS.chooseReducer, (event) => handlers.chooseReducer(event.sender));

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
