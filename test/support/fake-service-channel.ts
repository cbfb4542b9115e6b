// A ServiceChannel with no process behind it: the test plays the service process, message by message.
import type { ServiceChannel } from '../../electron/service/service-client.js';
import type { ServiceExit } from '../../electron/service/service-exit.js';
import type { ToService } from '../../electron/service/service-messages.js';

export class FakeServiceChannel implements ServiceChannel {
  /** What the client sent, as the process would receive it (structured clones). */
  readonly sent: ToService[] = [];
  kills = 0;
  /** What kill() does: by default the process ends at once, stopped by SIGTERM. */
  onKill: () => void = () => this.exit({ code: null, signal: 'SIGTERM', outOfMemory: false });
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly exitListeners: ((exit: ServiceExit) => void)[] = [];
  private exited = false;

  postMessage(message: ToService): void {
    this.sent.push(structuredClone(message));
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (exit: ServiceExit) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.kills += 1;
    this.onKill();
  }

  /** The process says something. */
  send(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }
  /** The process ends. */
  exit(exit: ServiceExit): void {
    if (this.exited) return;
    this.exited = true;
    for (const listener of this.exitListeners) listener(exit);
  }
  /** The calls sent so far. */
  calls(): Extract<ToService, { kind: 'call' }>[] {
    return this.sent.filter((message): message is Extract<ToService, { kind: 'call' }> => message.kind === 'call');
  }
  /** Answers the call to `method` sent last. */
  answer(method: string, reply: unknown): void {
    const call = this.calls().filter((c) => c.method === method).at(-1);
    if (call === undefined) throw new Error(`No call to ${method} was sent.`);
    this.send({ kind: 'reply', id: call.id, reply });
  }
}
