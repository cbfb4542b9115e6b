// An in-memory stand-in for the `electron` module, recording what the shell asks of it. Use it in a test file with
//   vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);
// and call resetFakeElectron() before each test. The exported objects stay the same; only their state is reset.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { vi } from 'vitest';
import { FakeSafeStorage } from './fake-safe-storage.js';

let nextId = 1;

export class FakeWebFrame {
  readonly frameTreeNodeId = nextId++;
  readonly processId = 1;
  readonly routingId = nextId++;
  detached = false;
  constructor(
    public url: string,
    public parent: FakeWebFrame | null = null,
  ) {}
}

type Listener = (...args: never[]) => unknown;

export class FakeWebRequest {
  beforeRequest: { filter: { urls: string[] }; listener: Listener }[] = [];
  headersReceived: Listener[] = [];
  onBeforeRequest(filter: { urls: string[] }, listener: Listener): void {
    this.beforeRequest.push({ filter, listener });
  }
  onHeadersReceived(filterOrListener: unknown, listener?: Listener): void {
    this.headersReceived.push((listener ?? filterOrListener) as Listener);
  }
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  webRequest = new FakeWebRequest();
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
}

/** An Electron-style event: listeners cancel with preventDefault(). */
export function fakeEvent<T extends object>(details: T = {} as T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const event = { ...details, defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = new FakeWebFrame('about:blank');
  sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  constructor(readonly session: FakeSession) {
    super();
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  /** URLs handed to the download manager. */
  downloads: string[] = [];
  downloadURL(url: string): void {
    this.downloads.push(url);
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents(session.defaultSession);
  loadedFile: string | null = null;
  backgroundColor: string | undefined;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super();
    this.backgroundColor = options.backgroundColor;
    FakeBrowserWindow.windows.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.windows.filter((w) => !w.destroyed);
  }
  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.windows.find((w) => w.webContents === contents) ?? null;
  }
  async loadFile(path: string): Promise<void> {
    this.loadedFile = path;
    this.webContents.mainFrame.url = pathToFileURL(path).href;
  }
  /** What Electron does once the page has loaded. */
  finishLoad(): void {
    this.emit('ready-to-show');
    this.webContents.emit('did-finish-load', fakeEvent());
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
    this.emit('focus');
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setBackgroundColor(color: string): void {
    this.backgroundColor = color;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeApp extends EventEmitter {
  isPackaged = false;
  userDataPath = '/nonexistent/eventlens-user-data';
  requestSingleInstanceLock = vi.fn((_data?: unknown) => true);
  quit = vi.fn();
  enableSandbox = vi.fn();
  getPath = vi.fn((_name: string) => this.userDataPath);
  setPath = vi.fn((_name: string, path: string) => void (this.userDataPath = path));
  private ready = false;
  private resolveReady: () => void = () => undefined;
  private readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));

  isReady(): boolean {
    return this.ready;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Electron's 'ready': resolves whenReady(). */
  becomeReady(): void {
    this.ready = true;
    this.resolveReady();
    this.emit('ready');
  }
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.ready = false;
    this.readyPromise = new Promise<void>((resolve) => (this.resolveReady = resolve));
    this.requestSingleInstanceLock = vi.fn((_data?: unknown) => true);
    this.quit = vi.fn();
    this.enableSandbox = vi.fn();
    this.getPath = vi.fn((_name: string) => this.userDataPath);
    this.setPath = vi.fn((_name: string, path: string) => void (this.userDataPath = path));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shaped like Electron's own listener type
export type IpcHandler = (event: any, ...args: any[]) => unknown;

export class FakeIpcMain {
  handlers = new Map<string, IpcHandler>();
  handle(channel: string, handler: IpcHandler): void {
    // Electron refuses a second handler for one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls a registered handler as Electron would for `ipcRenderer.invoke(channel, ...args)` from `event.sender`. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null }));
}

export const app = new FakeApp();
export const session = { defaultSession: new FakeSession() };
export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false });
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const Menu = {
  buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]) => ({ template })),
  setApplicationMenu: vi.fn((_menu: { template: MenuItemConstructorOptions[] } | null) => undefined),
};
export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
};
export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};
export const webUtils = { getPathForFile: vi.fn((file: object) => (file as { path?: string }).path ?? '') };
export const safeStorage = new FakeSafeStorage();

/** The template of the menu installed last. */
export function installedMenu(): MenuItemConstructorOptions[] {
  const menu = Menu.setApplicationMenu.mock.calls.at(-1)?.[0];
  if (!menu) throw new Error('No application menu was installed.');
  return menu.template;
}

export function resetFakeElectron(): void {
  app.reset();
  session.defaultSession = new FakeSession();
  nativeTheme.removeAllListeners();
  nativeTheme.shouldUseDarkColors = false;
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoke.mockClear();
  FakeBrowserWindow.windows = [];
  Menu.buildFromTemplate.mockClear();
  Menu.setApplicationMenu.mockClear();
  dialog.showOpenDialog.mockReset();
  dialog.showOpenDialog.mockImplementation(async () => ({ canceled: true, filePaths: [] }));
  shell.openExternal.mockClear();
  contextBridge.exposed.clear();
  webUtils.getPathForFile.mockClear();
  safeStorage.reset();
}

/** What `vi.mock('electron', ...)` should resolve to. */
export const fakeElectronModule = {
  app,
  BrowserWindow: FakeBrowserWindow,
  session,
  nativeTheme,
  ipcMain,
  ipcRenderer,
  Menu,
  dialog,
  shell,
  safeStorage,
  contextBridge,
  webUtils,
};
