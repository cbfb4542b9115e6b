// The journal service's own process for tests: the compiled entry (`npm run build:node` first) forked by Node, with
// every child kept at hand so a test can kill one the way the system would (SIGKILL, out of memory).
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { forkServiceChannel } from '../../electron/service/fork-channel.js';
import type { ForkChannelOptions, ForkFunction } from '../../electron/service/fork-channel.js';
import { ServiceClient } from '../../electron/service/service-client.js';
import type { ServiceClientOptions } from '../../electron/service/service-client.js';
import type { ServiceProcessOptions } from '../../electron/service/service-messages.js';

/** The compiled service entry the tests fork. */
export const COMPILED_SERVICE = join(import.meta.dirname, '../../dist/electron/service/service-process.js');

export function assertServiceBuilt(): void {
  if (!existsSync(COMPILED_SERVICE)) throw new Error(`${COMPILED_SERVICE} is missing: run \`npm run build:node\` before these tests.`);
}

export interface ForkedServices {
  /** Every child started, oldest first. */
  children: ChildProcess[];
  startProcess: ServiceClientOptions['startProcess'];
}

/** A startProcess for ServiceClient that forks the compiled entry and remembers each child. */
export function forkedServices(options: ForkChannelOptions = {}): ForkedServices {
  const children: ChildProcess[] = [];
  const keep: ForkFunction = (modulePath, args, forkOptions) => {
    const child = fork(modulePath, args, forkOptions);
    children.push(child);
    return child;
  };
  return { children, startProcess: () => forkServiceChannel(keep, { modulePath: COMPILED_SERVICE, ...options }) };
}

/** A client over forked service processes, with the services' settings and the children it started. */
export function forkedClient(service: ServiceProcessOptions, options: ForkChannelOptions & { closeTimeoutMs?: number } = {}): { client: ServiceClient; children: ChildProcess[] } {
  const { closeTimeoutMs, ...channel } = options;
  const forked = forkedServices(channel);
  const client = new ServiceClient({ startProcess: forked.startProcess, service, ...(closeTimeoutMs !== undefined && { closeTimeoutMs }) });
  return { client, children: forked.children };
}
