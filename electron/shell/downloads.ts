// Saving a file the page made (the audit report, renderer/lib/save-file.ts): the sandboxed page offers a Blob through
// <a download>, and Electron turns that into a download. Only our own page's blob: downloads get through, and the
// user picks where each goes in a Save dialog that starts in the Downloads folder: nothing is written beside the
// journal, or anywhere, unasked.
import { basename, join } from 'node:path';
import type { Event as ElectronEvent, DownloadItem, Session, WebContents } from 'electron';
import { isAppIndexUrl } from './app-url.js';

/** A blob: URL the page at our index made: the only downloads the app has. */
export function isOwnBlobDownload(url: string, initiator: Pick<WebContents, 'getURL'> | null | undefined, indexPath: string): boolean {
  if (!url.startsWith('blob:') || !initiator) return false;
  return isAppIndexUrl(initiator.getURL(), indexPath);
}

/** The Save dialog's starting point: the Downloads folder, with the file name the page gave (no folders in it). */
export function saveDialogPath(downloadsFolder: string, fileName: string): string {
  const name = basename(fileName.replace(/\\/g, '/')).replace(/^\.+/, '') || 'eventlens-report';
  return join(downloadsFolder, name);
}

const guarded = new WeakSet<Session>();

export function guardDownloads(session: Session, indexPath: string, downloadsFolder: () => string): void {
  if (guarded.has(session)) return;
  guarded.add(session);
  session.on('will-download', (event: ElectronEvent, item: DownloadItem, contents: WebContents) => {
    if (!isOwnBlobDownload(item.getURL(), contents, indexPath)) {
      event.preventDefault();
      console.warn(`Eventlens: blocked a download of ${item.getURL()}`);
      return;
    }
    // No save path is set, so Electron asks the user where to save, starting here.
    item.setSaveDialogOptions({ title: 'Save report', defaultPath: saveDialogPath(downloadsFolder(), item.getFilename()) });
  });
}
