// `eventlens serve` stopped by Ctrl+C (SIGINT) or by a service manager (SIGTERM): the host closes, its uploads are
// removed, and the process exits with the code shells and supervisors expect of a signal, 128 + its number (130, 143).
import { constants } from 'node:os';
import type { RunningHost } from './server.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** Closing waits for the service's threads; past this the uploads are removed at once and the process exits anyway. */
const CLOSE_WAIT_MS = 5_000;

export interface SignalOptions {
  exit?: (code: number) => void;
  /** Where signals arrive: the process, or a stand-in in tests. */
  signals?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Installs the handlers; returns a function that removes them. A second signal while closing exits at once. */
export function stopOnSignals(host: RunningHost, options: SignalOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  let stopping = false;
  let exited = false;
  const stop = (signal: NodeJS.Signals) => {
    const code = 128 + (constants.signals[signal] ?? 0);
    const now = () => {
      if (exited) return;
      exited = true;
      host.removeUploadsNow();
      exit(code);
    };
    if (stopping) return now();
    stopping = true;
    const late = setTimeout(now, CLOSE_WAIT_MS);
    late.unref();
    const closed = () => {
      clearTimeout(late);
      now();
    };
    void host.close().then(closed, closed);
  };
  for (const signal of SIGNALS) signals.on(signal, stop);
  return () => {
    for (const signal of SIGNALS) signals.off(signal, stop);
  };
}
