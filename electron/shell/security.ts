// Every web contents the app ever gets is locked to our own page: no navigation away, no new windows, no webviews,
// no permissions, no network. The window's preferences (window.ts) are the first wall; these are the second.
import { shell } from 'electron';
import type { App, Event as ElectronEvent, Session, WebContents } from 'electron';
import { isAppIndexUrl } from './app-url.js';
import { guardDownloads, isOwnBlobDownload } from './downloads.js';

/**
 * Defence in depth behind the renderer's CSP meta tag (the primary policy). Both policies apply, so this one only
 * ever tightens: it allows what a Vite-built Svelte page loaded from file:// needs and no more.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The app works offline on local files: nothing it loads may come from the network. */
export const NETWORK_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/** Call before the app is ready: hardens each web contents as it is created. */
export function installSecurity(app: App, indexPath: string): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, indexPath);
    hardenSession(contents.session);
    guardDownloads(contents.session, indexPath, () => app.getPath('downloads'));
  });
}

export function hardenWebContents(contents: WebContents, indexPath: string): void {
  const stayOnIndex = (event: ElectronEvent<{ url: string }>): void => {
    if (isAppIndexUrl(event.url, indexPath)) return;
    event.preventDefault();
    // Some Electron versions turn <a download> into a navigation (electron#44375): our page's report is saved instead.
    if (isOwnBlobDownload(event.url, contents, indexPath)) {
      contents.downloadURL(event.url);
      return;
    }
    console.warn(`Eventlens: blocked navigation to ${event.url}`);
  };
  contents.on('will-navigate', stayOnIndex);
  contents.on('will-frame-navigate', stayOnIndex);
  contents.on('will-redirect', stayOnIndex);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    console.warn('Eventlens: blocked a <webview>.');
  });
  contents.setWindowOpenHandler(({ url }) => {
    // The one way out: an https link our own page offers (a project page, a docs link) opens in the user's browser.
    if (isAppIndexUrl(contents.getURL(), indexPath) && isHttps(url)) {
      shell.openExternal(url).catch((error: unknown) => console.warn(`Eventlens: could not open ${url}: ${String(error)}`));
    } else {
      console.warn(`Eventlens: blocked a new window for ${url}`);
    }
    return { action: 'deny' };
  });
}

const hardenedSessions = new WeakSet<Session>();

export function hardenSession(session: Session): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: NETWORK_URLS }, (details, callback) => {
    console.warn(`Eventlens: blocked a network request to ${details.url}`);
    callback({ cancel: true });
  });
  // Electron has not always run webRequest for file:// (electron#23485); where it does, the header applies too.
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') return callback({});
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
