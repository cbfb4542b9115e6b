// Who may call the main process: every IPC handler asks this one check before doing anything.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isAppIndexUrl } from './app-url.js';

/** Null when the caller is trusted, else the reason it is not (for the log; the caller learns only "refused"). */
export type SenderCheck = (event: IpcMainInvokeEvent) => string | null;

export interface TrustedSenders {
  /** True for the web contents of a window the app created (window.ts `isOwnWebContents`). */
  isOwnWebContents(contents: WebContents): boolean;
  /** The renderer's index.html: the only page allowed to call. */
  indexPath: string;
}

export function senderCheck(trusted: TrustedSenders): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (frame === null || frame.detached) return 'the sending frame is gone';
    if (!trusted.isOwnWebContents(event.sender)) return 'the sender is not a window Eventlens created';
    // A sub-frame (or a fenced frame, whose parent is also null) is never the window's main frame.
    if (frame.parent !== null || frame.frameTreeNodeId !== event.sender.mainFrame.frameTreeNodeId) {
      return 'the sender is not the main frame';
    }
    if (!isAppIndexUrl(frame.url, trusted.indexPath)) return `the sender's page is ${frame.url.slice(0, 200)}`;
    return null;
  };
}
