// A second `eventlens FILE` hands FILE to the first instance through the lock and quits without a window.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);

import { app, FakeBrowserWindow, resetFakeElectron } from '../support/fake-electron.js';

const argv = process.argv;
beforeAll(async () => {
  resetFakeElectron();
  app.requestSingleInstanceLock.mockReturnValue(false);
  process.argv = ['/opt/Eventlens/eventlens', '/data/orders.sqlite'];
  await import('../../electron/main.js');
});
afterAll(() => {
  process.argv = argv;
});

it('sends its file to the first instance and quits before doing anything else', () => {
  expect(app.requestSingleInstanceLock).toHaveBeenCalledWith({ file: '/data/orders.sqlite' });
  expect(app.quit).toHaveBeenCalledOnce();
  expect(app.enableSandbox).not.toHaveBeenCalled();
  expect(app.eventNames()).toEqual([]);
  app.becomeReady();
  expect(FakeBrowserWindow.windows).toEqual([]);
});
