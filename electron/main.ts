// The main process: wires the shell modules (electron/shell/) to the journal service. Everything that must happen
// before the app is ready runs synchronously here: an ESM entry may not await before `ready`.
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { SAMPLE_JOURNAL_PATH } from './sample/sample-path.js';
import { JournalService } from './service/journal-service.js';
import { RecentJournals } from './service/recent-journals.js';
import { PRELOAD_PATH, RENDERER_INDEX_PATH } from './shell/app-paths.js';
import { fileFromInstanceData, journalPathFromArgv } from './shell/argv.js';
import type { InstanceData } from './shell/argv.js';
import { askForJournalPath, askForReducerPath } from './shell/dialogs.js';
import { dispatch } from './service/dispatch.js';
import type { ApiReply } from '../shared/contract.js';
import type { ReducerInfo } from '../shared/model.js';
import { registerIpc } from './shell/ipc.js';
import { JournalOpener } from './shell/journal-opener.js';
import { installMenu } from './shell/menu.js';
import { configureSqliteBinding } from './shell/native-binding.js';
import { hardenSession, installSecurity } from './shell/security.js';
import { senderCheck } from './shell/sender.js';
import { createMainWindow, isOwnWebContents } from './shell/window.js';

// A separate settings folder (tests, a portable copy) also gives a separate single-instance lock.
if (process.env.EVENTLENS_USER_DATA) app.setPath('userData', process.env.EVENTLENS_USER_DATA);

const argvContext = { defaultApp: process.defaultApp === true, cwd: process.cwd() };
const fileToOpen = journalPathFromArgv(process.argv, argvContext);

// A second `eventlens FILE` hands FILE to the first instance (the 'second-instance' handler) and quits.
if (app.requestSingleInstanceLock({ file: fileToOpen } satisfies InstanceData)) start();
else app.quit();

function start(): void {
  // Packaged builds load the Electron-ABI better-sqlite3 electron-builder rebuilt and unpacked from the asar;
  // development can point EVENTLENS_SQLITE_BINDING at one (see shell/native-binding.ts).
  configureSqliteBinding(process.env);
  app.enableSandbox();
  installSecurity(app, RENDERER_INDEX_PATH);

  const recent = new RecentJournals(join(app.getPath('userData'), 'recent.json'));
  const service = new JournalService({ samplePath: SAMPLE_JOURNAL_PATH, recent, auditOnOpen: true });
  let window: BrowserWindow | null = null;

  const refreshMenu = (): void => {
    if (!app.isReady()) return;
    const actions = {
      open: () => void opener.chooseAndPush(window),
      openSample: () => void opener.request({ sample: true }),
      openRecent: (path: string) => void opener.request({ path }),
    };
    installMenu(actions, { recent: recent.list(), isPackaged: app.isPackaged, platform: process.platform });
  };
  const opener = new JournalOpener({ service, askForPath: askForJournalPath, onOpened: refreshMenu });

  const showWindow = (): void => {
    if (window === null) {
      if (!app.isReady()) return; // the window made at ready picks up the waiting open
      const created = createMainWindow({ preload: PRELOAD_PATH, index: RENDERER_INDEX_PATH });
      const contents = created.webContents;
      // Pushes wait for the page's first load; a reload asks `summary()` instead.
      contents.once('did-finish-load', () => opener.attach(contents));
      created.on('closed', () => {
        opener.detach(contents);
        window = null;
      });
      window = created;
      return;
    }
    if (window.isMinimized()) window.restore();
    window.focus();
  };

  // With no file named, the sample journal is the first thing a person sees.
  void opener.request(fileToOpen === null ? { sample: true } : { path: fileToOpen });

  app.on('second-instance', (_event, argv, workingDirectory, data) => {
    const file = fileFromInstanceData(data) ?? journalPathFromArgv(argv, { ...argvContext, cwd: workingDirectory });
    if (file !== null) void opener.request({ path: file });
    showWindow();
  });
  // macOS: a journal dropped on the Dock icon or opened from Finder (may arrive before ready).
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void opener.request({ path });
    showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showWindow);

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    registerIpc(ipcMain, {
      service,
      trust: senderCheck({ isOwnWebContents, indexPath: RENDERER_INDEX_PATH }),
      chooseJournal: (sender) => opener.choose(BrowserWindow.fromWebContents(sender)),
      chooseReducer: async (sender) => {
        const path = await askForReducerPath(BrowserWindow.fromWebContents(sender));
        return path === null ? { ok: true, value: null } : ((await dispatch(service, 'loadReducer', { path })) as ApiReply<ReducerInfo>);
      },
      afterOpen: refreshMenu,
    });
    refreshMenu();
    showWindow();
  });
}
