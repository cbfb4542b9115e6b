// The desktop transport without Electron, for running the API contract suite over IPC.
//
// It joins the REAL main-side handlers (electron/shell/ipc.ts, behind the real sender check of shell/sender.ts) to the
// REAL preload bridge (electron/shell/preload-bridge.ts) through in-memory stand-ins for ipcMain, ipcRenderer and
// contextBridge. Both modules take their Electron objects as parameters, so NO `vi.mock('electron')` is needed:
//
//   const api = await createIpcClient(new JournalService({ samplePath }));   // api: DesktopBridge
//
// Values are copied the way Electron copies them: arguments and results are structured-cloned across IPC, and what
// crosses contextBridge into the page is copied again. In particular a rejected call reaches the page as a plain
// Error carrying only the message (contextBridge keeps an Error's message, not its class or extra properties such
// as JournalError's `code`), exactly as in the real app.
import { EventEmitter } from 'node:events';
import { dispatch } from '../../electron/service/dispatch.js';
import type { ApiReply } from '../../shared/contract.js';
import type { ReducerInfo } from '../../shared/model.js';
import { pathToFileURL } from 'node:url';
import type { JournalApi } from '../../shared/contract.js';
import type { DesktopBridge } from '../../shared/bridge.js';
import { RENDERER_INDEX_PATH } from '../../electron/shell/app-paths.js';
import { registerIpc } from '../../electron/shell/ipc.js';
import { JournalOpener } from '../../electron/shell/journal-opener.js';
import type { OpenRequest } from '../../electron/shell/journal-opener.js';
import { exposeBridge } from '../../electron/shell/preload-bridge.js';
import type { BridgeIpc } from '../../electron/shell/preload-bridge.js';
import { senderCheck } from '../../electron/shell/sender.js';
import { FakeIpcMain, FakeSession, FakeWebContents } from './fake-electron.js';

export interface IpcClientOptions {
  /** What the native Open dialog answers for chooseJournal and File → Open…: a path, or null (Cancel, the default). */
  chooseFile?: () => Promise<string | null>;
  /** What the native Open dialog answers for chooseReducer: a path, or null (Cancel, the default). */
  chooseReducerFile?: () => Promise<string | null>;
}

export interface IpcHarness {
  /** What the page sees as `window.eventlens`. */
  bridge: DesktopBridge;
  /** Opens as the menu, command line or a second instance do: the result is pushed on journalOpened. */
  openFromMain(request: OpenRequest): Promise<void>;
  /** The channels the main side registered. */
  channels(): string[];
  /** The window's web contents, for tests that want to play a different sender. */
  contents: FakeWebContents;
  ipcMain: FakeIpcMain;
  /** A second window beside the first, with its own service, on the same main process; its page's bridge. */
  addWindow(service: JournalApi): DesktopBridge;
}

export async function createIpcClient(service: JournalApi, options: IpcClientOptions = {}): Promise<DesktopBridge> {
  return (await createIpcHarness(service, options)).bridge;
}

export async function createIpcHarness(service: JournalApi, options: IpcClientOptions = {}): Promise<IpcHarness> {
  const chooseFile = options.chooseFile ?? (async () => null);

  // Main process: our windows, each showing our page with its own service, and the real handlers routing to them.
  const ipcMain = new FakeIpcMain();
  const windows = new Map<unknown, { service: JournalApi; opener: JournalOpener }>();
  registerIpc(ipcMain, {
    serviceFor: (sender) => windows.get(sender)?.service ?? null,
    trust: senderCheck({ isOwnWebContents: (c) => windows.has(c), indexPath: RENDERER_INDEX_PATH }),
    chooseJournal: (sender) => windows.get(sender)!.opener.choose(null),
    chooseReducer: async (sender) => {
      const path = await (options.chooseReducerFile ?? (async () => null))();
      return path === null ? { ok: true, value: null } : ((await dispatch(windows.get(sender)!.service, 'loadReducer', { path })) as ApiReply<ReducerInfo>);
    },
  });

  const connect = (windowService: JournalApi) => {
    const contents = new FakeWebContents(new FakeSession());
    contents.mainFrame.url = pathToFileURL(RENDERER_INDEX_PATH).href;
    const opener = new JournalOpener({ service: windowService, askForPath: chooseFile });
    windows.set(contents, { service: windowService, opener });
    return { contents, opener, bridge: connectPage(ipcMain, contents, opener) };
  };
  const first = connect(service);
  return {
    bridge: first.bridge,
    openFromMain: (request) => first.opener.request(request),
    channels: () => [...ipcMain.handlers.keys()],
    contents: first.contents,
    ipcMain,
    addWindow: (windowService) => connect(windowService).bridge,
  };
}

/** The renderer and preload of one window: ipcRenderer.invoke reaches the handler as a call from its main frame. */
function connectPage(ipcMain: FakeIpcMain, contents: FakeWebContents, opener: JournalOpener): DesktopBridge {
  const rendererEvents = new EventEmitter();
  const ipcRenderer: BridgeIpc = {
    async invoke(channel: string, ...args: unknown[]) {
      const event = { sender: contents, senderFrame: contents.mainFrame, processId: 1, frameId: 1 };
      const copies = args.map((a) => structuredClone(a)); // throws, as Electron does, for what IPC cannot carry
      try {
        return structuredClone(await ipcMain.invoke(channel, event, ...copies));
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
      }
    },
    on(channel: string, listener: Parameters<BridgeIpc['on']>[1]) {
      rendererEvents.on(channel, listener);
      return ipcRenderer as never;
    },
    removeListener(channel: string, listener: Parameters<BridgeIpc['removeListener']>[1]) {
      rendererEvents.removeListener(channel, listener);
      return ipcRenderer as never;
    },
  } as BridgeIpc;
  contents.send = (channel: string, ...args: unknown[]) => {
    rendererEvents.emit(channel, { sender: ipcRenderer, ports: [] }, ...args.map((a) => structuredClone(a)));
  };
  opener.attach(contents);

  // Preload: the real exposeBridge, with contextBridge copying what crosses into the page.
  let exposed: DesktopBridge | null = null;
  const webUtils = { getPathForFile: (file: File) => (file as { path?: string }).path ?? '' };
  exposeBridge({ exposeInMainWorld: (_key: string, api: unknown) => void (exposed = toMainWorld(api) as DesktopBridge) }, ipcRenderer, webUtils);
  if (exposed === null) throw new Error('The preload exposed nothing.');
  return exposed;
}

/** contextBridge's copy: functions are proxied, data is copied, errors keep only their message. */
function toMainWorld(value: unknown): unknown {
  if (typeof value === 'function') {
    return (...args: unknown[]) => {
      const result = (value as (...a: unknown[]) => unknown)(...args.map(toMainWorld));
      if (result instanceof Promise) {
        return result.then(toMainWorld, (error: unknown) => {
          throw error instanceof Error ? new Error(error.message) : toMainWorld(error);
        });
      }
      return toMainWorld(result);
    };
  }
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== Array.prototype) return value; // Blob, File: passed as the same object
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const [key, item] of Object.entries(value)) (copy as Record<string, unknown>)[key] = toMainWorld(item);
  return copy;
}
