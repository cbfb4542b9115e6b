import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);

import { app, fakeEvent, FakeBrowserWindow, FakeSession, resetFakeElectron, session, shell } from '../support/fake-electron.js';
import { CONTENT_SECURITY_POLICY, hardenSession, installSecurity, NETWORK_URLS } from '../../electron/shell/security.js';

const INDEX = '/app/dist/renderer/index.html';
const INDEX_URL = pathToFileURL(INDEX).href;

function hardenedWindow(): FakeBrowserWindow {
  installSecurity(app as never, INDEX);
  const window = new FakeBrowserWindow(); // emits web-contents-created, as Electron does
  void window.loadFile(INDEX);
  return window;
}

describe('every web contents', () => {
  beforeEach(() => {
    resetFakeElectron();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s away from the app is prevented', (name) => {
    const { webContents } = hardenedWindow();
    for (const url of ['https://example.com/', 'file:///etc/passwd', pathToFileURL('/app/dist/renderer/other.html').href, 'javascript:alert(1)']) {
      const event = fakeEvent({ url });
      webContents.emit(name, event);
      expect(event.defaultPrevented, url).toBe(true);
    }
  });

  it('may reload its own index page', () => {
    const { webContents } = hardenedWindow();
    const event = fakeEvent({ url: `${INDEX_URL}#/streams` });
    webContents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(false);
  });

  it('opens no window: window.open is denied, https links go to the browser, nothing else does', () => {
    const { webContents } = hardenedWindow();
    const open = (url: string) => webContents.windowOpenHandler!({ url });
    expect(open('https://example.com/docs')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('opens nothing externally for a page that is not ours', () => {
    const { webContents } = hardenedWindow();
    webContents.mainFrame.url = 'https://evil.example/';
    expect(webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('attaches no <webview>', () => {
    const { webContents } = hardenedWindow();
    const event = fakeEvent();
    webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it("hardens the web contents' session", () => {
    const { webContents } = hardenedWindow();
    expect(webContents.session.permissionRequestHandler).not.toBeNull();
  });
});

describe('the session', () => {
  let target: FakeSession;
  beforeEach(() => {
    resetFakeElectron();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    target = session.defaultSession;
    hardenSession(target as never);
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem'])('denies a %s permission request', (permission) => {
    const callback = vi.fn();
    target.permissionRequestHandler!({}, permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('answers every permission check and device request with no', () => {
    expect(target.permissionCheckHandler!({}, 'media', 'file:///', {})).toBe(false);
    expect(target.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });

  it('cancels every network request', () => {
    const [block] = target.webRequest.beforeRequest;
    expect(block!.filter.urls).toEqual(NETWORK_URLS);
    const callback = vi.fn();
    (block!.listener as (d: unknown, cb: unknown) => void)({ url: 'https://example.com/' }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel: true });
  });

  it("adds the CSP header to documents and leaves other responses alone", () => {
    const [listener] = target.webRequest.headersReceived as ((d: unknown, cb: (r: unknown) => void) => void)[];
    const page = vi.fn();
    listener!({ resourceType: 'mainFrame', url: INDEX_URL, responseHeaders: { 'X-Other': ['1'] } }, page);
    expect(page).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    const script = vi.fn();
    listener!({ resourceType: 'script', url: INDEX_URL }, script);
    expect(script).toHaveBeenCalledWith({});
  });

  it('has a CSP that only tightens: no remote, inline or eval script, no plugins, no framing', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('is hardened once however many web contents share it', () => {
    const before = target.webRequest.beforeRequest.length;
    hardenSession(target as never);
    expect(target.webRequest.beforeRequest.length).toBe(before);
  });
});
