// The application menu: File (Open…, Open Sample Journal, Open Recent, Quit) and the standard Edit/View/Window roles.
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  open(): void;
  openSample(): void;
  openRecent(path: string): void;
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
  const recent: MenuItemConstructorOptions[] = context.recent.length
    ? context.recent.map((path) => ({ label: escapeMnemonic(path), click: () => actions.openRecent(path) }))
    : [{ label: 'No recent journals', enabled: false }];
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'open', label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { id: 'open-sample', label: 'Open Sample Journal', click: () => actions.openSample() },
      { id: 'open-recent', label: 'Open Recent', submenu: recent },
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
