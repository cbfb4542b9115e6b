// The main process as a whole, wired to the fake electron module: lifecycle, windows as sessions, each with its
// service in a process of its own (the fake utilityProcess runs the compiled service entry in a real Node child),
// pushes, the menu, second instances, and a service process that dies.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => {
  const [{ fakeElectronModule }, { utilityProcess }] = await Promise.all([import('../support/fake-electron.js'), import('../support/fake-utility-process.js')]);
  return { ...fakeElectronModule, utilityProcess };
});
// The built sample lives in dist/; the test brings its own.
vi.mock('../../electron/sample/sample-path.js', async () => {
  const { writeShellFixtures } = await import('../support/electron-fixtures.js');
  return { SAMPLE_JOURNAL_PATH: writeShellFixtures().other };
});

import { API_METHODS } from '../../shared/contract.js';
import type { ApiReply } from '../../shared/contract.js';
import { apiChannel, CHANNELS } from '../../shared/bridge.js';
import { PRELOAD_PATH, RENDERER_INDEX_PATH } from '../../electron/shell/app-paths.js';
import { hardenedWindowOptions } from '../../electron/shell/window.js';
import { writeShellFixtures } from '../support/electron-fixtures.js';
import { app, dialog, fakeEvent, FakeBrowserWindow, installedMenu, ipcMain, resetFakeElectron, session } from '../support/fake-electron.js';
import { backWithNode, forked, resetFakeUtilityProcess, utilityProcess } from '../support/fake-utility-process.js';
import { assertServiceBuilt, COMPILED_SERVICE } from '../support/service-fork.js';

const fixtures = writeShellFixtures();
const argv = process.argv;

const windows = () => FakeBrowserWindow.getAllWindows().filter((w) => w.loadedFile === RENDERER_INDEX_PATH);
const pushes = (window: FakeBrowserWindow, channel: string = CHANNELS.journalOpened) =>
  window.webContents.sent.filter((m) => m.channel === channel).map((m) => m.args[0] as { ok: boolean; value?: { path: string; name: string } });
const fileMenu = () => installedMenu()[0]!.submenu as MenuItemConstructorOptions[];
const menuItem = (id: string) => fileMenu().find((i) => i.id === id)!;
const clickFile = (id: string) => (menuItem(id).click as () => void)();
const ask = (window: FakeBrowserWindow, method: string, argument: unknown = {}) =>
  ipcMain.invoke(apiChannel(method), { sender: window.webContents, senderFrame: window.webContents.mainFrame }, argument) as Promise<ApiReply>;
/** The service processes still running, newest last. */
const running = () => forked.filter((entry) => entry.child.pid !== undefined);

let first: FakeBrowserWindow;
let second: FakeBrowserWindow;

beforeAll(async () => {
  assertServiceBuilt();
  resetFakeElectron();
  resetFakeUtilityProcess();
  // utility-channel.ts names the compiled entry beside itself; run from sources, that is dist/'s copy.
  backWithNode();
  const fork = utilityProcess.fork.getMockImplementation()!;
  utilityProcess.fork.mockImplementation((_path, args, options) => fork(COMPILED_SERVICE, args, options));
  app.userDataPath = mkdtempSync(join(tmpdir(), 'eventlens-user-data-'));
  process.argv = ['/opt/Eventlens/eventlens']; // packaged, no file named
  await import('../../electron/main.js');
});
afterAll(async () => {
  process.argv = argv;
  app.emit('will-quit', fakeEvent());
  await vi.waitFor(() => expect(running()).toEqual([]), { timeout: 20_000 });
});

describe('the main process', () => {
  it('takes the single-instance lock, sandboxes every renderer, and waits for ready', () => {
    expect(app.requestSingleInstanceLock).toHaveBeenCalledWith({ file: null });
    expect(app.enableSandbox).toHaveBeenCalled();
    for (const event of ['web-contents-created', 'second-instance', 'open-file', 'window-all-closed', 'activate', 'will-quit']) {
      expect(app.listenerCount(event), event).toBe(1);
    }
    expect(FakeBrowserWindow.windows).toHaveLength(0);
    expect(utilityProcess.fork).not.toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('at ready hardens the session, registers IPC, installs the menu and opens the hardened window', async () => {
    app.becomeReady();
    await vi.waitFor(() => expect(windows()).toHaveLength(1));
    first = windows()[0]!;
    expect(first.options).toEqual(hardenedWindowOptions(PRELOAD_PATH, false));
    expect(first.webContents.windowOpenHandler).not.toBeNull(); // web-contents-created hardened it
    expect(session.defaultSession.permissionRequestHandler).not.toBeNull();
    // Plus chooseJournal and chooseReducer, and connect, savedPasswords and forgetPassword.
    expect(ipcMain.handlers.size).toBe(API_METHODS.length + 5);
    expect(fileMenu().map((i) => i.id ?? i.type)).toEqual(['new-window', 'separator', 'open', 'connect', 'open-sample', 'open-recent', 'open-recent-new-window', 'separator', 'quit']);
  });

  it("opens the sample journal in the window's own service process and pushes it once the page has loaded", async () => {
    expect(pushes(first)).toEqual([]);
    first.finishLoad();
    expect(first.visible).toBe(true);
    await vi.waitFor(() => expect(pushes(first)).toHaveLength(1), { timeout: 20_000 });
    expect(pushes(first)[0]).toMatchObject({ ok: true, value: { name: 'Sample journal' } });
    // The service is not in this process: one utility process, named, for this window.
    expect(running()).toHaveLength(1);
    expect(running()[0]!.options).toMatchObject({ serviceName: 'Eventlens journal service' });
  });

  it('answers the page over IPC from its service, and refuses anyone else', async () => {
    await expect(ask(first, 'streams')).resolves.toMatchObject({ ok: true, value: [{ stream: 'account-1' }] });
    const stranger = new FakeBrowserWindow();
    void stranger.loadFile('/somewhere/else.html');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(ask(stranger, 'streams')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it("opens a second instance's file in a new window, beside the first, with a service of its own", async () => {
    app.emit('second-instance', fakeEvent(), ['/opt/Eventlens/eventlens', fixtures.journal], '/', { file: fixtures.journal });
    await vi.waitFor(() => expect(windows()).toHaveLength(2));
    second = windows()[1]!;
    second.finishLoad();
    await vi.waitFor(() => expect(pushes(second)).toHaveLength(1), { timeout: 20_000 });
    expect(pushes(second)[0]).toMatchObject({ ok: true, value: { path: fixtures.journal } });
    expect(running()).toHaveLength(2);
    // Each window answers for its own journal.
    await expect(ask(first, 'summary')).resolves.toMatchObject({ ok: true, value: { name: 'Sample journal' } });
    await expect(ask(second, 'summary')).resolves.toMatchObject({ ok: true, value: { path: fixtures.journal } });
    expect(pushes(first)).toHaveLength(1);
  });

  it("falls back to the second instance's argv, relative to its working directory", async () => {
    app.emit('second-instance', fakeEvent(), ['/opt/Eventlens/eventlens', '--no-sandbox', 'broken.db'], fixtures.dir, {});
    await vi.waitFor(() => expect(windows()).toHaveLength(3));
    const third = windows()[2]!;
    third.finishLoad();
    await vi.waitFor(() => expect(pushes(third)).toHaveLength(1), { timeout: 20_000 });
    expect(pushes(third)[0]).toMatchObject({ ok: false, error: { code: 'bad-format' } });
    third.close();
    await vi.waitFor(() => expect(running()).toHaveLength(2), { timeout: 20_000 });
  });

  it('lists journals opened (not ones that failed, nor the sample) under Open Recent, refreshed after each open', () => {
    const recent = menuItem('open-recent').submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => i.label)).toEqual([fixtures.journal.replace(/&/g, '&&')]);
    expect(JSON.parse(readFileSync(join(app.userDataPath, 'recent.json'), 'utf8'))).toEqual([fixtures.journal]);
  });

  it('File → Open… shows the dialog for the window focused last and pushes the chosen journal to it', async () => {
    first.focus();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [fixtures.other] });
    clickFile('open');
    await vi.waitFor(() => expect(pushes(first)).toHaveLength(2), { timeout: 20_000 });
    expect(pushes(first)[1]).toMatchObject({ ok: true, value: { path: fixtures.other } });
    const [parent, options] = dialog.showOpenDialog.mock.calls.at(-1) as [unknown, { filters: { extensions: string[] }[] }];
    expect(parent).toBe(first);
    expect(options.filters.flatMap((f) => f.extensions)).toEqual(expect.arrayContaining(['sqlite', 'db', 'sqlite3', 'json', 'ndjson', 'jsonl', '*']));
    await expect(ask(second, 'summary')).resolves.toMatchObject({ ok: true, value: { path: fixtures.journal } });
  });

  it('File → Connect to database… asks the focused window for its dialog; saved passwords are kept in the settings folder', async () => {
    first.focus();
    clickFile('connect');
    expect(first.webContents.sent.filter((m) => m.channel === CHANNELS.connectAsked)).toHaveLength(1);
    expect(second.webContents.sent.filter((m) => m.channel === CHANNELS.connectAsked)).toHaveLength(0);
    const from = { sender: first.webContents, senderFrame: first.webContents.mainFrame };
    await expect(ipcMain.invoke(CHANNELS.savedPasswords, from)).resolves.toEqual({ ok: true, value: { available: true, urls: [] } });
    await expect(ipcMain.invoke(CHANNELS.forgetPassword, from, 'postgres://u@h:5432/d')).resolves.toMatchObject({ ok: true });
    // Forgetting what was never saved writes nothing.
    expect(existsSync(join(app.userDataPath, 'connection-passwords.json'))).toBe(false);
  });

  it('Open Sample Journal and Open Recent go to the focused window; New Window and Open Recent in New Window make one', async () => {
    second.focus();
    clickFile('open-sample');
    await vi.waitFor(() => expect(pushes(second)).toHaveLength(2), { timeout: 20_000 });
    expect(pushes(second)[1]).toMatchObject({ ok: true, value: { name: 'Sample journal' } });
    const recent = menuItem('open-recent').submenu as MenuItemConstructorOptions[];
    (recent.find((i) => i.label === fixtures.journal)!.click as () => void)();
    await vi.waitFor(() => expect(pushes(second)).toHaveLength(3), { timeout: 20_000 });
    expect(pushes(second)[2]).toMatchObject({ ok: true, value: { path: fixtures.journal } });

    clickFile('new-window');
    await vi.waitFor(() => expect(windows()).toHaveLength(3));
    const empty = windows()[2]!;
    empty.finishLoad();
    await expect(ask(empty, 'summary')).resolves.toEqual({ ok: true, value: null });
    empty.close();

    const inNew = menuItem('open-recent-new-window').submenu as MenuItemConstructorOptions[];
    (inNew[0]!.click as () => void)();
    await vi.waitFor(() => expect(windows()).toHaveLength(3));
    const third = windows()[2]!;
    third.finishLoad();
    await vi.waitFor(() => expect(pushes(third)).toHaveLength(1), { timeout: 20_000 });
    // The journal opened last in any window heads the list.
    expect(pushes(third)[0]).toMatchObject({ ok: true, value: { path: fixtures.journal } });
    third.close();
    await vi.waitFor(() => expect(running()).toHaveLength(2), { timeout: 20_000 });
  });

  it('tells a window whose service process died, in words; its next call starts a fresh one; the other window is untouched', async () => {
    const secondService = running().at(-1)!.child;
    process.kill(secondService.pid!, 'SIGKILL');
    await vi.waitFor(() => expect(pushes(second, CHANNELS.serviceStopped)).toHaveLength(1), { timeout: 20_000 });
    expect(String(pushes(second, CHANNELS.serviceStopped)[0])).toMatch(/^The journal service stopped/);
    expect(pushes(first, CHANNELS.serviceStopped)).toEqual([]);
    await expect(ask(first, 'summary')).resolves.toMatchObject({ ok: true, value: { path: fixtures.other } });
    // Reopen: a new process for the second window.
    await expect(ask(second, 'openJournal', { path: fixtures.journal })).resolves.toMatchObject({ ok: true, value: { path: fixtures.journal } });
    expect(running()).toHaveLength(2);
  }, 60_000);

  it('quits when the last window closes (not on macOS), ending every service process', async () => {
    for (const w of FakeBrowserWindow.getAllWindows()) w.close();
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(running()).toEqual([]), { timeout: 20_000 });
  });
});
