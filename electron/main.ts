// The main process: windows, menus, dialogs and routing. Each window is its own session, with its journal service in
// a process of its own (utilityProcess), so no journal ever makes a window, a menu or a dialog wait.
// Everything that must happen before the app is ready runs synchronously here: an ESM entry may not await before `ready`.
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, safeStorage, session } from 'electron';
import { SAMPLE_JOURNAL_PATH } from './sample/sample-path.js';
import { RecentJournals } from './service/recent-journals.js';
import { ServiceClient } from './service/service-client.js';
import { PRELOAD_PATH, RENDERER_INDEX_PATH } from './shell/app-paths.js';
import { fileFromInstanceData, journalPathFromArgv } from './shell/argv.js';
import type { InstanceData } from './shell/argv.js';
import { ConnectionSecrets } from './shell/connection-secrets.js';
import { DesktopWindows } from './shell/desktop-windows.js';
import { askForJournalPath, askForReducerPath } from './shell/dialogs.js';
import { dispatch } from './service/dispatch.js';
import { CHANNELS } from '../shared/bridge.js';
import type { ApiReply } from '../shared/contract.js';
import type { ReducerInfo } from '../shared/model.js';
import { registerIpc } from './shell/ipc.js';
import type { OpenRequest } from './shell/journal-opener.js';
import { installMenu } from './shell/menu.js';
import { withSavedPasswords } from './shell/password-routing.js';
import { withRecentList } from './shell/recent-routing.js';
import { hardenSession, installSecurity } from './shell/security.js';
import { senderCheck } from './shell/sender.js';
import { utilityServiceChannel } from './shell/utility-channel.js';
import { createMainWindow, isOwnWebContents } from './shell/window.js';

// A separate settings folder (tests, a portable copy) also gives a separate single-instance lock.
if (process.env.EVENTLENS_USER_DATA) app.setPath('userData', process.env.EVENTLENS_USER_DATA);

const argvContext = { defaultApp: process.defaultApp === true, cwd: process.cwd() };
const fileToOpen = journalPathFromArgv(process.argv, argvContext);

// A second `eventlens FILE` hands FILE to the first instance (the 'second-instance' handler) and quits.
if (app.requestSingleInstanceLock({ file: fileToOpen } satisfies InstanceData)) start();
else app.quit();

function start(): void {
  app.enableSandbox();
  installSecurity(app, RENDERER_INDEX_PATH);

  const recent = new RecentJournals(join(app.getPath('userData'), 'recent.json'));
  // Passwords of live stores the user asked to remember: decrypted here only, filled into an open that gives none.
  const secrets = new ConnectionSecrets({ cipher: safeStorage, folder: app.getPath('userData'), platform: process.platform });
  const windows = new DesktopWindows({
    createWindow: () => createMainWindow({ preload: PRELOAD_PATH, index: RENDERER_INDEX_PATH }),
    // The recent list stays here, with the menu; the service keeps none of its own.
    createService: () =>
      withSavedPasswords(
        withRecentList(
          new ServiceClient({ startProcess: () => utilityServiceChannel(), service: { samplePath: SAMPLE_JOURNAL_PATH, recentFile: null, auditOnOpen: true } }),
          recent,
        ),
        secrets,
      ),
    askForPath: askForJournalPath,
    onOpened: () => refreshMenu(),
  });

  /** Opens in the window menu actions go to, or in a new window when none is open. */
  const openHere = (request: OpenRequest): void => {
    const current = windows.current();
    if (current === null) windows.open(request);
    else {
      void current.opener.request(request);
      windows.show(current);
    }
  };
  /** The page's Connect to database… dialog, in the window menu actions go to (a new one shows it once loaded). */
  const askConnect = (): void => {
    const current = windows.current();
    if (current !== null) {
      current.contents.send(CHANNELS.connectAsked);
      windows.show(current);
      return;
    }
    const opened = windows.open();
    opened.contents.once('did-finish-load', () => opened.contents.send(CHANNELS.connectAsked));
  };
  const refreshMenu = (): void => {
    if (!app.isReady()) return;
    const actions = {
      newWindow: () => void windows.open(),
      open: () => {
        const current = windows.current();
        if (current === null) void windows.open().opener.chooseAndPush(null);
        else void current.opener.chooseAndPush(current.window);
      },
      connect: askConnect,
      openSample: () => openHere({ sample: true }),
      openRecent: (path: string) => openHere({ path }),
      openRecentInNewWindow: (path: string) => void windows.open({ path }),
    };
    installMenu(actions, { recent: recent.list(), isPackaged: app.isPackaged, platform: process.platform });
  };

  // Files named before the app is ready (the command line, macOS open-file) open in the first window(s).
  const waiting: OpenRequest[] = [fileToOpen === null ? { sample: true } : { path: fileToOpen }];

  app.on('second-instance', (_event, argv, workingDirectory, data) => {
    const file = fileFromInstanceData(data) ?? journalPathFromArgv(argv, { ...argvContext, cwd: workingDirectory });
    if (!app.isReady()) {
      if (file !== null) waiting.push({ path: file });
      return;
    }
    // `eventlens FILE` while the app runs: FILE in a window of its own, beside the journals already open.
    if (file !== null) windows.open({ path: file });
    else {
      const current = windows.current();
      if (current === null) windows.open();
      else windows.show(current);
    }
  });
  // macOS: a journal dropped on the Dock icon or opened from Finder (may arrive before ready).
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) windows.open({ path });
    else waiting.push({ path });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && windows.count() === 0) windows.open();
  });
  app.on('will-quit', () => void windows.closeAll());

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    registerIpc(ipcMain, {
      serviceFor: (sender) => windows.forSender(sender)?.service ?? null,
      trust: senderCheck({ isOwnWebContents, indexPath: RENDERER_INDEX_PATH }),
      chooseJournal: async (sender) => {
        const own = windows.forSender(sender);
        return own === null ? { ok: true, value: null } : own.opener.choose(BrowserWindow.fromWebContents(sender));
      },
      chooseReducer: async (sender) => {
        const own = windows.forSender(sender);
        const path = own === null ? null : await askForReducerPath(BrowserWindow.fromWebContents(sender));
        return path === null || own === null ? { ok: true, value: null } : ((await dispatch(own.service, 'loadReducer', { path })) as ApiReply<ReducerInfo>);
      },
      afterOpen: refreshMenu,
      passwords: secrets,
    });
    refreshMenu();
    // The first file in the first window (with no file named, the sample journal is the first thing a person sees);
    // any more that arrived before ready, each in a window of its own.
    const [first, ...more] = waiting.splice(0);
    const shown = windows.open(first ?? null);
    for (const request of more) windows.open(request);
    windows.show(shown);
  });
}
