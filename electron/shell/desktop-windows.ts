// The desktop app's windows, each its own session: a window has its own journal service (in a process of its own, so
// a slow or hostile journal never freezes another window, its menus or its dialogs), its own opener, and so its own
// journal, reducer, replay cursors, findings and comparison. The main process only routes: IPC from a window's page
// goes to that window's service.
import type { BrowserWindow, WebContents } from 'electron';
import { CHANNELS } from '../../shared/bridge.js';
import type { JournalApi } from '../../shared/contract.js';
import { JournalOpener } from './journal-opener.js';
import type { OpenRequest } from './journal-opener.js';

/** A window's service: the journal API, told when its process stops unasked, closed with the window. */
export interface WindowService extends JournalApi {
  onStopped(listener: (stop: { message: string }) => void): () => void;
  close(): Promise<void>;
}

export interface WindowSession {
  window: BrowserWindow;
  contents: WebContents;
  service: WindowService;
  opener: JournalOpener;
}

export interface DesktopWindowsOptions {
  /** A new, hardened app window loading the renderer (window.ts). */
  createWindow(): BrowserWindow;
  /** A new window's own service (not started until its first call). */
  createService(): WindowService;
  /** The Open dialog (dialogs.ts). */
  askForPath(parent?: BrowserWindow | null): Promise<string | null>;
  /** Told after each open in any window (the menu's recent list follows). */
  onOpened?(): void;
}

export class DesktopWindows {
  private readonly sessions = new Map<WebContents, WindowSession>();
  /** Most recently focused last: where menu actions go when no window has focus (macOS menus outlive windows). */
  private order: WindowSession[] = [];

  constructor(private readonly options: DesktopWindowsOptions) {}

  /** A new window with its own session, opening `request` at once (its result is pushed once the page has loaded). */
  open(request: OpenRequest | null = null): WindowSession {
    const window = this.options.createWindow();
    const contents = window.webContents;
    const service = this.options.createService();
    const opener = new JournalOpener({ service, askForPath: this.options.askForPath, ...(this.options.onOpened && { onOpened: this.options.onOpened }) });
    const session: WindowSession = { window, contents, service, opener };
    this.sessions.set(contents, session);
    this.order.push(session);

    // Pushes wait for the page's load; a reload asks summary() instead, and is attached again.
    contents.on('did-finish-load', () => opener.attach(contents));
    const stopTelling = service.onStopped(({ message }) => {
      if (!contents.isDestroyed()) contents.send(CHANNELS.serviceStopped, message);
    });
    window.on('focus', () => this.raise(session));
    window.on('closed', () => {
      stopTelling();
      opener.detach(contents);
      this.sessions.delete(contents);
      this.order = this.order.filter((other) => other !== session);
      // The window's journal, reducer thread and cache handles go with its process.
      void service.close();
    });
    if (request !== null) void opener.request(request);
    return session;
  }

  /** The session of the window whose page sent an IPC call; null for any other sender. */
  forSender(contents: WebContents): WindowSession | null {
    return this.sessions.get(contents) ?? null;
  }

  /** Where a menu action goes: the focused window, else the one focused last; null when no window is open. */
  current(): WindowSession | null {
    return this.order.at(-1) ?? null;
  }

  count(): number {
    return this.sessions.size;
  }

  /** Brings a window forward, restoring it when minimized. */
  show(session: WindowSession): void {
    if (session.window.isMinimized()) session.window.restore();
    session.window.focus();
  }

  /** Closes every window's service: the app is quitting. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => session.service.close()));
  }

  private raise(session: WindowSession): void {
    this.order = [...this.order.filter((other) => other !== session), session];
  }
}
