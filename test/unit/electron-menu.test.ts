import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);

import { installedMenu, Menu, resetFakeElectron } from '../support/fake-electron.js';
import { installMenu, menuTemplate } from '../../electron/shell/menu.js';
import type { MenuActions, MenuContext } from '../../electron/shell/menu.js';

function actions(): { [K in keyof MenuActions]: Mock<MenuActions[K]> } {
  return { newWindow: vi.fn(), open: vi.fn(), connect: vi.fn(), openSample: vi.fn(), openRecent: vi.fn(), openRecentInNewWindow: vi.fn() };
}
const linux: MenuContext = { recent: ['/data/orders.sqlite', '/data/R&D.ndjson'], isPackaged: false, platform: 'linux' };

const submenu = (item: MenuItemConstructorOptions | undefined) => item?.submenu as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], id: string) => items.find((i) => i.id === id);
const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();
const roles = (items: MenuItemConstructorOptions[]) => items.map((i) => i.role).filter(Boolean);

describe('the File menu', () => {
  it('has New Window on CmdOrCtrl+Shift+N, Open… on CmdOrCtrl+O, Connect to database…, Open Sample Journal, Open Recent (here or in a new window), then Quit', () => {
    const act = actions();
    const file = submenu(menuTemplate(act, linux)[0]);
    expect(file.map((i) => i.id ?? i.type)).toEqual(['new-window', 'separator', 'open', 'connect', 'open-sample', 'open-recent', 'open-recent-new-window', 'separator', 'quit']);
    expect(find(file, 'connect')!.label).toBe('Connect to database…');
    expect(find(file, 'new-window')).toMatchObject({ label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N' });
    expect(find(file, 'open')).toMatchObject({ label: 'Open…', accelerator: 'CmdOrCtrl+O' });
    expect(find(file, 'open-sample')!.label).toMatch(/^Open Sample/);
    expect(find(file, 'quit')!.role).toBe('quit');
  });

  it('calls the right action for each item', () => {
    const act = actions();
    const file = submenu(menuTemplate(act, linux)[0]);
    click(find(file, 'open'));
    expect(act.open).toHaveBeenCalledOnce();
    click(find(file, 'connect'));
    expect(act.connect).toHaveBeenCalledOnce();
    click(find(file, 'open-sample'));
    expect(act.openSample).toHaveBeenCalledOnce();
    const recent = submenu(find(file, 'open-recent'));
    click(recent[1]);
    expect(act.openRecent).toHaveBeenCalledWith('/data/R&D.ndjson');
    click(submenu(find(file, 'open-recent-new-window'))[0]);
    expect(act.openRecentInNewWindow).toHaveBeenCalledWith('/data/orders.sqlite');
    expect(act.openRecent).toHaveBeenCalledOnce();
    click(find(file, 'new-window'));
    expect(act.newWindow).toHaveBeenCalledOnce();
    expect(act.open).toHaveBeenCalledOnce();
  });

  it('lists recent journals most recent first, keeping an & in a path visible', () => {
    const recent = submenu(find(submenu(menuTemplate(actions(), linux)[0]), 'open-recent'));
    expect(recent.map((i) => i.label)).toEqual(['/data/orders.sqlite', '/data/R&&D.ndjson']);
  });

  it('says so when there are no recent journals', () => {
    const recent = submenu(find(submenu(menuTemplate(actions(), { ...linux, recent: [] })[0]), 'open-recent'));
    expect(recent).toEqual([{ label: 'No recent journals', enabled: false }]);
  });
});

describe('the other menus', () => {
  it('offer the standard Edit, View and Window roles', () => {
    const template = menuTemplate(actions(), linux);
    expect(roles(template)).toEqual(['editMenu', 'windowMenu']);
    expect(roles(submenu(template.find((i) => i.label === '&View')))).toEqual(
      expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']),
    );
  });

  it('offer developer tools and reload in development only', () => {
    const view = (isPackaged: boolean) => submenu(menuTemplate(actions(), { ...linux, isPackaged }).find((i) => i.label === '&View'));
    expect(roles(view(false))).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
    expect(roles(view(true))).not.toContain('toggleDevTools');
    expect(roles(view(true))).not.toContain('reload');
    expect(roles(view(true))).not.toContain('forceReload');
  });

  it('follow macOS conventions there: the app menu first, File ends with Close', () => {
    const template = menuTemplate(actions(), { ...linux, platform: 'darwin' });
    expect(template[0]!.role).toBe('appMenu');
    const file = submenu(template[1]);
    expect(file.at(-1)!.role).toBe('close');
    expect(find(file, 'open')!.accelerator).toBe('CmdOrCtrl+O');
  });
});

describe('installMenu', () => {
  beforeEach(resetFakeElectron);

  it('builds the template and installs it as the application menu; calling again refreshes it', () => {
    installMenu(actions(), { ...linux, recent: [] });
    installMenu(actions(), linux);
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(2);
    const recent = submenu(find(submenu(installedMenu()[0]), 'open-recent'));
    expect(recent).toHaveLength(2);
  });
});
