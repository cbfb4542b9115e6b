// The journal service in a process of its own, so a slow or hostile journal never freezes the app's windows: the
// main process keeps windows, menus, dialogs and routing, and asks this process through service-client.ts.
// Started by Electron's utilityProcess (the app: process.parentPort) or by Node's child_process.fork (tests, later
// the CLI: process.send). Everything it is told arrives as messages (service-messages.ts): its command line holds no
// path. If it dies (out of memory on a hostile file), only the journal it had open is lost; the window says so.
import { readdirSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { errorReply } from '../../shared/contract.js';
import type { ApiReply } from '../../shared/contract.js';
import { configureSqliteBinding } from '../shell/native-binding.js';
import { dispatch } from './dispatch.js';
import { JournalService } from './journal-service.js';
import { RecentJournals } from './recent-journals.js';
import { readToService } from './service-messages.js';
import type { FromService, ServiceProcessOptions } from './service-messages.js';

/** The two ways a parent talks to this process, made one. */
interface ParentLink {
  send(message: FromService): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent went away. (Electron ends a utility process with its app; a forked child is told by 'disconnect'.) */
  onGone(listener: () => void): void;
}

/** The part of Electron's ParentPort used here (not imported: this file also runs in plain Node). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** How long closing the journal may take before the process exits anyway (the main side kills it a little later). */
const CLOSE_LIMIT_MS = 4000;

function parentLink(): ParentLink | null {
  const port = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (port !== undefined) {
    return { send: (message) => port.postMessage(message), onMessage: (listener) => port.on('message', (event) => listener(event.data)), onGone: () => {} };
  }
  const send = process.send?.bind(process);
  if (send === undefined) return null;
  return {
    // With a callback, a channel closed under a late reply is an ignored error, not an 'error' event that ends us.
    send: (message) => void send(message, undefined, undefined, () => {}),
    onMessage: (listener) => void process.on('message', listener),
    onGone: (listener) => void process.once('disconnect', listener),
  };
}

/**
 * The service's threads run below the windows' priority. Its work (imports, audits, payload searches) keeps every
 * core busy; at the same priority a busy service starves the main process of CPU time, and the main event loop runs
 * late although nothing runs on it (measured on 2 cores: 45-80 ms late, under 20 ms with the service niced).
 * On Linux a priority belongs to one thread and new threads inherit it: V8's helper threads, started before this
 * runs, are lowered one by one, and the worker threads started later inherit the main thread's.
 */
function yieldToWindows(): void {
  const below = constants.priority.PRIORITY_BELOW_NORMAL;
  let threads = [0];
  if (process.platform === 'linux') {
    try {
      threads = readdirSync('/proc/self/task').map(Number);
    } catch {
      // No /proc: the main thread alone, which the worker threads inherit from.
    }
  }
  for (const thread of threads) {
    try {
      setPriority(thread, below);
    } catch {
      // Refused: that thread runs at normal priority, as the service did inside the main process.
    }
  }
}

function createService(options: ServiceProcessOptions): JournalService {
  return new JournalService({
    samplePath: options.samplePath,
    recent: new RecentJournals(options.recentFile),
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    ...(options.auditOnOpen !== undefined && { auditOnOpen: options.auditOnOpen }),
    // The desktop app's service: a large live store's window fills from its stream list's counts first.
    liveListFirst: true,
    ...(options.reducer !== undefined && { reducer: { ...options.reducer } }),
  });
}

function refusal(code: string, message: string): ApiReply<never> {
  return { ok: false, error: { code, message } };
}

function serve(link: ParentLink): void {
  let service: JournalService | null = null;
  let closing = false;

  const reply = (id: number | null, answer: ApiReply): void => {
    try {
      link.send({ kind: 'reply', id, reply: answer });
    } catch (error) {
      // A value the channel cannot carry (structured clone refused it): the caller still gets words, not silence.
      try {
        link.send({ kind: 'reply', id, reply: errorReply(error) });
      } catch {
        // The channel itself is gone: the parent learns from our exit.
      }
    }
  };

  const close = (): void => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(0), CLOSE_LIMIT_MS).unref();
    void (service?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  };

  link.onMessage((received) => {
    const message = readToService(received);
    if ('refused' in message) return reply(message.id, refusal('bad-request', message.refused));
    switch (message.kind) {
      case 'init':
        if (service !== null) return reply(null, refusal('bad-request', 'The journal service was set up already; its settings were not changed.'));
        service = createService(message.options);
        return;
      case 'call':
        if (closing) return reply(message.id, refusal('service-stopped', 'The journal service is closing; reopen the journal to go on.'));
        if (service === null) return reply(message.id, refusal('internal', 'The journal service was asked a question before it was set up.'));
        // Calls run side by side, as over IPC: openProgress and cancelOpen are answered while openJournal runs.
        void dispatch(service, message.method, message.argument).then((answer) => reply(message.id, answer));
        return;
      case 'close':
        return close();
    }
  });
  link.onGone(close);
  link.send({ kind: 'ready' });
}

// This process loads better-sqlite3: in the app it runs Electron's Node, so it needs the Electron build of the addon
// (shell/native-binding.ts), named by EVENTLENS_SQLITE_BINDING in the environment the main process hands down.
yieldToWindows();
configureSqliteBinding(process.env);
const link = parentLink();
if (link === null) {
  console.error('Eventlens: service-process.js runs only as a child of the app (utilityProcess) or of child_process.fork, with a channel to its parent.');
  process.exitCode = 1;
} else {
  serve(link);
}
