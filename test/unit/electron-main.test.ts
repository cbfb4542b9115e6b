// The main process as a whole, wired to the fake electron module: lifecycle, first window, pushes, second instance.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);
// The built sample lives in dist/; the test brings its own.
vi.mock('../../electron/sample/sample-path.js', async () => {
  const { writeShellFixtures } = await import('../support/electron-fixtures.js');
  return { SAMPLE_JOURNAL_PATH: writeShellFixtures().other };
});

import { API_METHODS } from '../../shared/contract.js';
import { apiChannel, CHANNELS } from '../../shared/bridge.js';
import { PRELOAD_PATH, RENDERER_INDEX_PATH } from '../../electron/shell/app-paths.js';
import { hardenedWindowOptions } from '../../electron/shell/window.js';
import { writeShellFixtures } from '../support/electron-fixtures.js';
import {
  app,
  dialog,
  fakeEvent,
  FakeBrowserWindow,
  installedMenu,
  ipcMain,
  resetFakeElectron,
  session,
} from '../support/fake-electron.js';

const fixtures = writeShellFixtures();
const argv = process.argv;
let window: FakeBrowserWindow;

const pushes = () => window.webContents.sent.filter((m) => m.channel === CHANNELS.journalOpened).map((m) => m.args[0] as { ok: boolean; value?: { path: string; name: string } });
const fileMenu = () => installedMenu()[0]!.submenu as MenuItemConstructorOptions[];
const clickFile = (id: string) => (fileMenu().find((i) => i.id === id)!.click as () => void)();

beforeAll(async () => {
  resetFakeElectron();
  app.userDataPath = mkdtempSync(join(tmpdir(), 'eventlens-user-data-'));
  process.argv = ['/opt/Eventlens/eventlens']; // packaged, no file named
  await import('../../electron/main.js');
});
afterAll(() => {
  process.argv = argv;
});

describe('the main process', () => {
  it('takes the single-instance lock, sandboxes every renderer, and waits for ready', () => {
    expect(app.requestSingleInstanceLock).toHaveBeenCalledWith({ file: null });
    expect(app.enableSandbox).toHaveBeenCalled();
    for (const event of ['web-contents-created', 'second-instance', 'open-file', 'window-all-closed', 'activate']) {
      expect(app.listenerCount(event), event).toBe(1);
    }
    expect(FakeBrowserWindow.windows).toHaveLength(0);
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('at ready hardens the session, registers IPC, installs the menu and opens the hardened window', async () => {
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.windows).toHaveLength(1));
    window = FakeBrowserWindow.windows[0]!;
    expect(window.options).toEqual(hardenedWindowOptions(PRELOAD_PATH, false));
    expect(window.loadedFile).toBe(RENDERER_INDEX_PATH);
    expect(window.webContents.windowOpenHandler).not.toBeNull(); // web-contents-created hardened it
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(ipcMain.handlers.size).toBe(API_METHODS.length + 2); // plus chooseJournal and chooseReducer
    expect(fileMenu().map((i) => i.id ?? i.type)).toEqual(['open', 'open-sample', 'open-recent', 'separator', 'quit']);
  });

  it('opens the sample journal and pushes it once the page has loaded', async () => {
    expect(pushes()).toEqual([]);
    window.finishLoad();
    expect(window.visible).toBe(true);
    await vi.waitFor(() => expect(pushes()).toHaveLength(1));
    expect(pushes()[0]).toMatchObject({ ok: true, value: { name: 'Sample journal' } });
  });

  it('answers the page over IPC, and refuses anyone else', async () => {
    const ours = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    await expect(ipcMain.invoke(apiChannel('streams'), ours, {})).resolves.toMatchObject({ ok: true, value: [{ stream: 'account-1' }] });
    const stranger = new FakeBrowserWindow();
    void stranger.loadFile(RENDERER_INDEX_PATH);
    const theirs = { sender: stranger.webContents, senderFrame: stranger.webContents.mainFrame };
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(ipcMain.invoke(apiChannel('streams'), theirs, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it("opens a second instance's file in the first window and brings it forward", async () => {
    app.emit('second-instance', fakeEvent(), ['/opt/Eventlens/eventlens', fixtures.journal], '/', { file: fixtures.journal });
    await vi.waitFor(() => expect(pushes()).toHaveLength(2));
    expect(pushes()[1]).toMatchObject({ ok: true, value: { path: fixtures.journal } });
    expect(window.focused).toBe(true);
    expect(FakeBrowserWindow.getAllWindows().filter((w) => w.loadedFile === RENDERER_INDEX_PATH)).toHaveLength(2); // ours + the stranger above
  });

  it("falls back to the second instance's argv, relative to its working directory", async () => {
    app.emit('second-instance', fakeEvent(), ['/opt/Eventlens/eventlens', '--no-sandbox', 'broken.db'], fixtures.dir, {});
    await vi.waitFor(() => expect(pushes()).toHaveLength(3));
    expect(pushes()[2]).toMatchObject({ ok: false, error: { code: 'bad-format' } });
  });

  it('lists journals opened (not ones that failed, nor the sample) under Open Recent, refreshed after each open', () => {
    const recent = fileMenu().find((i) => i.id === 'open-recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => i.label)).toEqual([fixtures.journal.replace(/&/g, '&&')]);
  });

  it('File → Open… shows the dialog and pushes the chosen journal', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [fixtures.other] });
    clickFile('open');
    await vi.waitFor(() => expect(pushes()).toHaveLength(4));
    expect(pushes()[3]).toMatchObject({ ok: true, value: { path: fixtures.other } });
    const [parent, options] = dialog.showOpenDialog.mock.calls.at(-1) as [unknown, { filters: { extensions: string[] }[] }];
    expect(parent).toBe(window);
    expect(options.filters.flatMap((f) => f.extensions)).toEqual(expect.arrayContaining(['sqlite', 'db', 'sqlite3', 'json', 'ndjson', 'jsonl', '*']));
  });

  it('Open Sample Journal and Open Recent push too', async () => {
    clickFile('open-sample');
    await vi.waitFor(() => expect(pushes()).toHaveLength(5));
    expect(pushes()[4]).toMatchObject({ ok: true, value: { name: 'Sample journal' } });
    const recent = fileMenu().find((i) => i.id === 'open-recent')!.submenu as MenuItemConstructorOptions[];
    (recent.find((i) => i.label === fixtures.journal)!.click as () => void)();
    await vi.waitFor(() => expect(pushes()).toHaveLength(6));
    expect(pushes()[5]).toMatchObject({ ok: true, value: { path: fixtures.journal } });
  });

  it('keeps the recent list in userData/recent.json', async () => {
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(join(app.userDataPath, 'recent.json'), 'utf8'))).toContain(fixtures.journal);
  });

  it('quits when the last window closes (not on macOS)', () => {
    for (const w of FakeBrowserWindow.getAllWindows()) w.close();
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledOnce();
  });
});
