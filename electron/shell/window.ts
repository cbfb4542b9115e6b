// The one app window: hardened options in one function of defaults, and a record of the windows we made.
import { BrowserWindow, nativeTheme } from 'electron';
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

export interface WindowFiles {
  preload: string;
  index: string;
}

/** Painted before the renderer's first frame, so a dark desktop sees no white flash. */
export function backgroundColor(dark: boolean): string {
  return dark ? '#16181d' : '#ffffff';
}

/** Every security-relevant preference spelled out, even where it is Electron's default, so a reader sees them all. */
export function hardenedWindowOptions(preload: string, dark: boolean): BrowserWindowConstructorOptions {
  return {
    title: 'Eventlens',
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    show: false,
    backgroundColor: backgroundColor(dark),
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A file dropped on the window goes to the drop zone, never becomes the page.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

const ownWindows = new Set<BrowserWindow>();

/** True for the web contents of a window this app created and has not closed. */
export function isOwnWebContents(contents: WebContents): boolean {
  for (const window of ownWindows) if (!window.isDestroyed() && window.webContents === contents) return true;
  return false;
}

export function createMainWindow(files: WindowFiles): BrowserWindow {
  const window = new BrowserWindow(hardenedWindowOptions(files.preload, nativeTheme.shouldUseDarkColors));
  ownWindows.add(window);
  const followTheme = (): void => window.setBackgroundColor(backgroundColor(nativeTheme.shouldUseDarkColors));
  nativeTheme.on('updated', followTheme);
  window.on('closed', () => {
    ownWindows.delete(window);
    nativeTheme.off('updated', followTheme);
  });
  window.once('ready-to-show', () => window.show());
  // A missing or broken renderer build must still give the user a window, not an invisible process.
  window.webContents.once('did-fail-load', (_event, code, description) => {
    console.error(`Eventlens: the window could not load ${files.index}: ${description} (${code}).`);
    if (!window.isDestroyed()) window.show();
  });
  window.loadFile(files.index).catch(() => undefined); // did-fail-load reports it
  return window;
}
