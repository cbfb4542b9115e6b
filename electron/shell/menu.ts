// The application menu: File (New Window, Open…, Connect to database…, Open Sample Journal, Open Recent, Open Recent in
// New Window, Quit) and the standard Edit/View/Window roles. Actions go to the focused window; "New Window" ones make a
// window of their own.
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newWindow(): void;
  open(): void;
  /** Shows the page's Connect to database… dialog (a live PostgreSQL store). */
  connect(): void;
  openSample(): void;
  openRecent(path: string): void;
  openRecentInNewWindow(path: string): void;
}

export interface MenuContext {
  /** Most recent first (RecentJournals.list()). */
  recent: readonly string[];
  /** Developer tools and reload only in development. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
}

export function menuTemplate(actions: MenuActions, context: MenuContext): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  const recentList = (open: (path: string) => void): MenuItemConstructorOptions[] =>
    context.recent.length
      ? context.recent.map((path) => ({ label: escapeMnemonic(path), click: () => open(path) }))
      : [{ label: 'No recent journals', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'new-window', label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWindow() },
      { type: 'separator' },
      { id: 'open', label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { id: 'connect', label: 'Connect to database…', click: () => actions.connect() },
      { id: 'open-sample', label: 'Open Sample Journal', click: () => actions.openSample() },
      { id: 'open-recent', label: 'Open Recent', submenu: recentList((path) => actions.openRecent(path)) },
      { id: 'open-recent-new-window', label: 'Open Recent in New Window', submenu: recentList((path) => actions.openRecentInNewWindow(path)) },
      { type: 'separator' },
      // macOS quits from the app menu; File ends with Close there, as every Mac app's does.
      mac ? { id: 'close', role: 'close' } : { id: 'quit', role: 'quit' },
    ],
  };
  const developer: MenuItemConstructorOptions[] = context.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [...(mac ? [{ role: 'appMenu' } as const] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}

/** Builds and installs the menu; call again to refresh it (the recent list after each open). */
export function installMenu(actions: MenuActions, context: MenuContext): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, context)));
}

/** Windows and Linux read `&` in a label as a mnemonic marker; a path's own `&` must survive. */
function escapeMnemonic(label: string): string {
  return label.replace(/&/g, '&&');
}
