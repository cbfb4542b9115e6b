import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);

import { FakeBrowserWindow, FakeWebContents, nativeTheme, resetFakeElectron, session } from '../support/fake-electron.js';
import { backgroundColor, createMainWindow, hardenedWindowOptions, isOwnWebContents } from '../../electron/shell/window.js';

const files = { preload: '/app/dist/electron/preload.cjs', index: '/app/dist/renderer/index.html' };

describe('hardenedWindowOptions', () => {
  const options = hardenedWindowOptions(files.preload, false);
  const prefs = options.webPreferences!;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s explicitly', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('enables no Blink features and loads the bundled CommonJS preload', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.preload).toBe(files.preload);
  });

  it('is titled Eventlens, sized for four panes, and painted in the theme colour before the page loads', () => {
    expect(options.title).toBe('Eventlens');
    expect(options.width).toBeGreaterThanOrEqual(1200);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.backgroundColor).toBe(backgroundColor(false));
    expect(hardenedWindowOptions(files.preload, true).backgroundColor).toBe(backgroundColor(true));
    expect(backgroundColor(true)).not.toBe(backgroundColor(false));
  });
});

describe('createMainWindow', () => {
  beforeEach(resetFakeElectron);

  it('builds the window from the hardened options and loads the renderer file', () => {
    nativeTheme.shouldUseDarkColors = true;
    const window = createMainWindow(files) as unknown as FakeBrowserWindow;
    expect(window.options).toEqual(hardenedWindowOptions(files.preload, true));
    expect(window.loadedFile).toBe(files.index);
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('follows the OS theme while open', () => {
    const window = createMainWindow(files) as unknown as FakeBrowserWindow;
    nativeTheme.shouldUseDarkColors = true;
    nativeTheme.emit('updated');
    expect(window.backgroundColor).toBe(backgroundColor(true));
    window.close();
    expect(nativeTheme.listenerCount('updated')).toBe(0);
  });

  it('knows its own windows, and only while they are open', () => {
    const window = createMainWindow(files) as unknown as FakeBrowserWindow;
    const stranger = new FakeWebContents(session.defaultSession);
    expect(isOwnWebContents(window.webContents as never)).toBe(true);
    expect(isOwnWebContents(stranger as never)).toBe(false);
    window.close();
    expect(isOwnWebContents(window.webContents as never)).toBe(false);
  });

  it('still shows a window when the renderer build is missing', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const window = createMainWindow(files) as unknown as FakeBrowserWindow;
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
    expect(window.visible).toBe(true);
    expect(error).toHaveBeenCalledWith(expect.stringContaining(files.index));
    error.mockRestore();
  });
});
