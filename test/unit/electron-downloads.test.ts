// Saving the audit report on the desktop: our page's blob: download reaches a Save dialog that starts in Downloads;
// every other download is refused, and a download link turned into a navigation is saved rather than followed.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);

import { app, fakeEvent, FakeBrowserWindow, resetFakeElectron } from '../support/fake-electron.js';
import { isOwnBlobDownload, saveDialogPath } from '../../electron/shell/downloads.js';
import { installSecurity } from '../../electron/shell/security.js';

const INDEX = '/app/dist/renderer/index.html';
const DOWNLOADS = '/home/ada/Downloads';
const REPORT = 'blob:file:///6f1c2e4a-report';

/** A DownloadItem as the will-download handler sees it. */
function downloadItem(url: string, filename: string) {
  return { getURL: () => url, getFilename: () => filename, setSaveDialogOptions: vi.fn(), setSavePath: vi.fn() };
}

function ourWindow(): FakeBrowserWindow {
  installSecurity(app as never, INDEX);
  const window = new FakeBrowserWindow();
  void window.loadFile(INDEX);
  return window;
}

describe('downloads', () => {
  beforeEach(() => {
    resetFakeElectron();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    app.getPath.mockImplementation((name: string) => (name === 'downloads' ? DOWNLOADS : '/nonexistent'));
  });

  it('lets our page save its report, through a Save dialog that starts in Downloads', () => {
    const { webContents } = ourWindow();
    const item = downloadItem(REPORT, 'ledger-audit.html');
    const event = fakeEvent();
    webContents.session.emit('will-download', event, item, webContents);
    expect(event.defaultPrevented).toBe(false);
    // No save path is set: the user chooses where it goes.
    expect(item.setSavePath).not.toHaveBeenCalled();
    expect(item.setSaveDialogOptions).toHaveBeenCalledWith({ title: 'Save report', defaultPath: join(DOWNLOADS, 'ledger-audit.html') });
  });

  it('refuses a download that is not a blob of our own page', () => {
    const { webContents } = ourWindow();
    for (const url of ['https://example.com/x.exe', 'file:///etc/passwd', 'data:text/html,hi']) {
      const event = fakeEvent();
      const item = downloadItem(url, 'x');
      webContents.session.emit('will-download', event, item, webContents);
      expect(event.defaultPrevented, url).toBe(true);
      expect(item.setSaveDialogOptions).not.toHaveBeenCalled();
    }
    webContents.mainFrame.url = 'https://evil.example/';
    const foreign = fakeEvent();
    webContents.session.emit('will-download', foreign, downloadItem(REPORT, 'x.html'), webContents);
    expect(foreign.defaultPrevented).toBe(true);
  });

  it('saves a report link that arrives as a navigation, and still follows no other', () => {
    const { webContents } = ourWindow();
    const toReport = fakeEvent({ url: REPORT });
    webContents.emit('will-navigate', toReport);
    expect(toReport.defaultPrevented).toBe(true);
    expect(webContents.downloads).toEqual([REPORT]);

    const away = fakeEvent({ url: 'https://example.com/' });
    webContents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    webContents.mainFrame.url = 'https://evil.example/';
    webContents.emit('will-navigate', fakeEvent({ url: REPORT }));
    expect(webContents.downloads).toEqual([REPORT]);
  });

  it('is installed once per session', () => {
    const { webContents } = ourWindow();
    new FakeBrowserWindow(); // a second web contents on the same session
    expect(webContents.session.listenerCount('will-download')).toBe(1);
  });

  it('starts the dialog in Downloads whatever folders the name tries to name', () => {
    expect(saveDialogPath(DOWNLOADS, '../../journals/ledger-audit.html')).toBe(join(DOWNLOADS, 'ledger-audit.html'));
    expect(saveDialogPath(DOWNLOADS, 'C:\\journals\\report.json')).toBe(join(DOWNLOADS, 'report.json'));
    expect(saveDialogPath(DOWNLOADS, '..')).toBe(join(DOWNLOADS, 'eventlens-report'));
    expect(isOwnBlobDownload(REPORT, { getURL: () => pathToFileURL(INDEX).href }, INDEX)).toBe(true);
    expect(isOwnBlobDownload(REPORT, undefined, INDEX)).toBe(false);
  });
});
