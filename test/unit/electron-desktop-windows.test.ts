// The desktop app's windows: each its own session (service, opener), routed by sender, closed with its window, and
// told when its service process stops.
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/bridge.js';
import type { JournalSummary } from '../../shared/model.js';
import { DesktopWindows } from '../../electron/shell/desktop-windows.js';
import type { WindowService } from '../../electron/shell/desktop-windows.js';
import { FakeBrowserWindow } from '../support/fake-electron.js';

const SUMMARY = { path: '/j.ndjson', name: 'j.ndjson' } as JournalSummary;

class FakeWindowService {
  closed = 0;
  private stopListeners: ((stop: { message: string }) => void)[] = [];
  openJournal = vi.fn(async (request: { path: string }) => ({ ...SUMMARY, path: request.path }));
  openSample = vi.fn(async () => ({ ...SUMMARY, name: 'Sample journal' }));
  onStopped(listener: (stop: { message: string }) => void): () => void {
    this.stopListeners.push(listener);
    return () => (this.stopListeners = this.stopListeners.filter((other) => other !== listener));
  }
  stop(message: string): void {
    for (const listener of this.stopListeners) listener({ message });
  }
  async close(): Promise<void> {
    this.closed += 1;
  }
}

function desktop() {
  const services: FakeWindowService[] = [];
  const windows = new DesktopWindows({
    createWindow: () => new FakeBrowserWindow() as never,
    createService: () => {
      const service = new FakeWindowService();
      services.push(service);
      return service as unknown as WindowService;
    },
    askForPath: async () => null,
  });
  return { windows, services };
}

const fake = (window: unknown) => window as FakeBrowserWindow;
const pushes = (window: unknown, channel: string = CHANNELS.journalOpened) => fake(window).webContents.sent.filter((m) => m.channel === channel).map((m) => m.args[0]);

describe('DesktopWindows', () => {
  it('gives each window its own service, and routes by the sending page', async () => {
    const { windows, services } = desktop();
    const one = windows.open({ sample: true });
    const two = windows.open({ path: '/orders.ndjson' });
    expect(services).toHaveLength(2);
    expect(windows.forSender(one.contents)?.service).toBe(services[0]);
    expect(windows.forSender(two.contents)?.service).toBe(services[1]);
    expect(windows.forSender(new FakeBrowserWindow().webContents as never)).toBeNull();
    // Each window's open went to its own service, and is pushed to its own page once loaded.
    fake(one.window).finishLoad();
    fake(two.window).finishLoad();
    await vi.waitFor(() => expect(pushes(two.window)).toHaveLength(1));
    await vi.waitFor(() => expect(pushes(one.window)).toHaveLength(1));
    expect(services[0]!.openSample).toHaveBeenCalledOnce();
    expect(services[0]!.openJournal).not.toHaveBeenCalled();
    expect(services[1]!.openJournal).toHaveBeenCalledWith({ path: '/orders.ndjson' });
    expect(pushes(one.window)[0]).toMatchObject({ ok: true, value: { name: 'Sample journal' } });
    expect(pushes(two.window)[0]).toMatchObject({ ok: true, value: { path: '/orders.ndjson' } });
  });

  it('sends menu actions to the window focused last', () => {
    const { windows } = desktop();
    expect(windows.current()).toBeNull();
    const one = windows.open();
    const two = windows.open();
    expect(windows.current()).toBe(two);
    fake(one.window).focus();
    expect(windows.current()).toBe(one);
    fake(one.window).close();
    expect(windows.current()).toBe(two);
  });

  it("closes a window's service with the window, and forgets the window", () => {
    const { windows, services } = desktop();
    const one = windows.open();
    windows.open();
    fake(one.window).close();
    expect(services.map((service) => service.closed)).toEqual([1, 0]);
    expect(windows.forSender(one.contents)).toBeNull();
    expect(windows.count()).toBe(1);
  });

  it('tells only the window whose service stopped, in words', () => {
    const { windows, services } = desktop();
    const one = windows.open();
    const two = windows.open();
    services[1]!.stop('The journal service stopped (out of memory) while opening big.ndjson; reopen the journal to go on.');
    expect(pushes(two.window, CHANNELS.serviceStopped)).toEqual(['The journal service stopped (out of memory) while opening big.ndjson; reopen the journal to go on.']);
    expect(pushes(one.window, CHANNELS.serviceStopped)).toEqual([]);
    // A window already closed is not written to.
    fake(two.window).close();
    services[1]!.stop('again');
    expect(pushes(two.window, CHANNELS.serviceStopped)).toHaveLength(1);
  });
});
