// Opens started by the main process (menu, command line, second instance, macOS open-file): the result, error
// included, is pushed to the window on CHANNELS.journalOpened, or handed to the page when it has loaded.
import type { BrowserWindow, WebContents } from 'electron';
import type { ApiReply, JournalApi } from '../../shared/contract.js';
import { errorReply } from '../../shared/contract.js';
import { CHANNELS } from '../../shared/bridge.js';
import type { JournalSummary } from '../../shared/model.js';
import { dispatch } from '../service/dispatch.js';

export type OpenRequest = { path: string } | { sample: true };

export interface OpenerOptions {
  service: JournalApi;
  /** The Open dialog (dialogs.ts): a path, or null when cancelled. */
  askForPath(parent?: BrowserWindow | null): Promise<string | null>;
  /** Told after each open, whatever its outcome (the menu's recent list follows). */
  onOpened?(): void;
}

type PushTarget = Pick<WebContents, 'send' | 'isDestroyed'>;

export class JournalOpener {
  private target: PushTarget | null = null;
  /** The latest result that finished before a page was there to receive it. */
  private unsent: ApiReply<JournalSummary> | null = null;
  /** Opens run one after another, so the last one asked for is the one left open. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OpenerOptions) {}

  /** The page that receives pushes, once it has loaded; it is handed the result that was waiting for it. */
  attach(target: PushTarget): void {
    this.target = target;
    const waiting = this.unsent;
    this.unsent = null;
    if (waiting !== null) this.push(waiting);
  }

  detach(target: PushTarget): void {
    if (this.target === target) this.target = null;
  }

  /**
   * Opens now (reading the file while the window is still loading) and pushes the result to the page, or keeps it
   * until a page is attached; of results nobody received yet, only the newest is delivered.
   */
  async request(request: OpenRequest): Promise<void> {
    const reply = await this.open(request);
    if (this.target === null) this.unsent = reply;
    else this.push(reply);
  }

  /** Opens without pushing: for callers that hand the reply back themselves (IPC). */
  open(request: OpenRequest): Promise<ApiReply<JournalSummary>> {
    const run = async (): Promise<ApiReply<JournalSummary>> => {
      const reply = 'path' in request
        ? await dispatch(this.options.service, 'openJournal', { path: request.path })
        : await dispatch(this.options.service, 'openSample', {});
      this.options.onOpened?.();
      return reply as ApiReply<JournalSummary>;
    };
    const result = this.queue.then(run, run);
    this.queue = result;
    return result;
  }

  /** The Open dialog, then the open; value null when the user cancels. */
  async choose(parent?: BrowserWindow | null): Promise<ApiReply<JournalSummary | null>> {
    const path = await this.options.askForPath(parent);
    return path === null ? { ok: true, value: null } : this.open({ path });
  }

  /** File → Open…: the result is pushed unless the user cancelled. */
  async chooseAndPush(parent?: BrowserWindow | null): Promise<void> {
    let reply: ApiReply<JournalSummary | null>;
    try {
      reply = await this.choose(parent);
    } catch (error) {
      reply = errorReply(error);
    }
    if (reply.ok && reply.value === null) return;
    this.push(reply as ApiReply<JournalSummary>);
  }

  private push(reply: ApiReply<JournalSummary>): void {
    if (this.target !== null && !this.target.isDestroyed()) this.target.send(CHANNELS.journalOpened, reply);
  }
}
