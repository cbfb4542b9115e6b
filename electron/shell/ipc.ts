// The main side of the bridge: one handler per contract method plus the desktop extras, every one behind the
// sender check, each call routed to the service of the window that sent it. Takes ipcMain as a parameter so tests can
// drive the real handlers without Electron.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import { API_METHODS, errorReply, JournalError } from '../../shared/contract.js';
import type { ApiMethod, ApiReply, JournalApi } from '../../shared/contract.js';
import { apiChannel, CHANNELS } from '../../shared/bridge.js';
import type { Connected, SavedPasswords } from '../../shared/bridge.js';
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
  /** The live stores' saved passwords (connection-secrets.ts); without them the password channels are not offered. */
  passwords?: PasswordHandlers;
}

export interface PasswordHandlers {
  status(): Promise<SavedPasswords>;
  /** Keeps `password` for `url`, replacing one kept before; throws, in words, when it cannot. */
  save(url: string, password: string): Promise<SavedPasswords>;
  forget(url: string): Promise<SavedPasswords>;
}

const connectAttempt = z.strictObject({
  url: z.string().min(1).max(4096),
  password: z.string().max(1024).optional(),
  rememberPassword: z.boolean().optional(),
});
const connectionUrl = z.string().min(1).max(4096);

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
  if (handlers.passwords) registerPasswordChannels(handle, handlers, handlers.passwords);

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

type Handle = (channel: string, run: (event: IpcMainInvokeEvent, argument: unknown) => Promise<ApiReply>) => void;

function registerPasswordChannels(handle: Handle, handlers: IpcHandlers, passwords: PasswordHandlers): void {
  handle(CHANNELS.savedPasswords, async () => ({ ok: true, value: await passwords.status() }));
  handle(CHANNELS.forgetPassword, async (_event, argument) => ({ ok: true, value: await passwords.forget(parsed(connectionUrl, argument, 'forgetPassword')) }));
  // Connect to database… with Remember password: the open is an ordinary openJournal call of the sender's window, and
  // the password is saved only once that open succeeded. A login refused saves nothing and forgets nothing.
  handle(CHANNELS.connect, async (event, argument) => {
    const { url, password, rememberPassword } = parsed(connectAttempt, argument, 'connect');
    const service = handlers.serviceFor(event.sender);
    if (service === null) return NO_SESSION;
    const opened = await dispatch(service, 'openJournal', { path: url, ...(password !== undefined && { password }) });
    handlers.afterOpen?.();
    if (!opened.ok) return opened;
    const connected: Connected = { summary: opened.value as Connected['summary'] };
    if (rememberPassword === true && password !== undefined && password !== '') {
      try {
        await passwords.save(url, password);
      } catch (error) {
        connected.notSaved = `${connected.summary.name} is open, but its password was not saved: ${(error as Error).message}`;
      }
    }
    return { ok: true, value: connected };
  });
}

function parsed<T>(schema: z.ZodType<T>, argument: unknown, method: string): T {
  const result = schema.safeParse(argument);
  if (!result.success) throw new JournalError('bad-request', `Invalid arguments for ${method}.`);
  return result.data;
}
