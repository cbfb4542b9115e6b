// The journal service's process in the app: an Electron utilityProcess (a Node process that Electron starts, watches
// and ends with the app), as a ServiceChannel for ServiceClient. Call only after app 'ready' (Electron's rule).
// The entry is an ES module (dist/ is "type": "module"): utilityProcess loads ESM entries since Electron 28.
import { fileURLToPath } from 'node:url';
import { utilityProcess } from 'electron';
import { saysOutOfMemory, watchStderr } from '../service/service-exit.js';
import type { ServiceChannel } from '../service/service-client.js';
import type { ToService } from '../service/service-messages.js';

/** The name the process has in app.getAppMetrics() and in 'child-process-gone' details. */
export const SERVICE_NAME = 'Eventlens journal service';

/** The compiled entry, dist/electron/service/service-process.js, found from this compiled file (dist/electron/shell/). */
export const SERVICE_PROCESS_PATH = fileURLToPath(new URL('../service/service-process.js', import.meta.url));

export interface UtilityChannelOptions {
  modulePath?: string;
  /** The environment handed down (EVENTLENS_SQLITE_BINDING names the Electron build of better-sqlite3); this one by default. */
  env?: NodeJS.ProcessEnv;
  /** Node flags for the service, e.g. a heap bound: ['--max-old-space-size=4096']. */
  execArgv?: string[];
}

export function utilityServiceChannel(options: UtilityChannelOptions = {}): ServiceChannel {
  const child = utilityProcess.fork(options.modulePath ?? SERVICE_PROCESS_PATH, [], {
    serviceName: SERVICE_NAME,
    env: options.env ?? process.env,
    // stdin must be 'ignore' here; stderr is read for V8's out-of-memory message and passed on to ours.
    stdio: ['ignore', 'inherit', 'pipe'],
    ...(options.execArgv !== undefined && { execArgv: options.execArgv }),
  });
  const memory = child.stderr === null ? null : watchStderr(child.stderr, process.stderr);
  // Electron's 'error' event: V8 hit a fatal error (with a diagnostic report); 'exit' follows it in any case.
  let fatalOutOfMemory = false;
  child.on('error', (_type, location, report) => {
    fatalOutOfMemory ||= saysOutOfMemory(`${location}\n${report}`);
  });

  return {
    postMessage: (message: ToService) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    // Electron gives an exit code only (no signal): a kill reads as its code here.
    onExit: (listener) => void child.once('exit', (code) => listener({ code, signal: null, outOfMemory: fatalOutOfMemory || (memory?.outOfMemory() ?? false) })),
    kill: () => void child.kill(),
  };
}
