import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../support/fake-electron.js')).fakeElectronModule);

import { API_METHODS, JournalError } from '../../shared/contract.js';
import { apiChannel, BRIDGE_GLOBAL, CHANNELS, journalApiOver } from '../../shared/bridge.js';
import { createBridge } from '../../electron/shell/preload-bridge.js';
import { contextBridge, FakeIpcRenderer, ipcRenderer, resetFakeElectron, webUtils } from '../support/fake-electron.js';

const BRIDGE_EXTRAS = ['chooseJournal', 'chooseReducer', 'pathForFile', 'onJournalOpened', 'onServiceStopped', 'onConnectAsked', 'connect', 'savedPasswords', 'forgetPassword'];

describe('createBridge', () => {
  let ipc: FakeIpcRenderer;
  beforeEach(() => {
    ipc = new FakeIpcRenderer();
  });

  it('has exactly the contract methods and the desktop extras, all functions, nothing else', () => {
    const bridge = createBridge(ipc as never, webUtils);
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, ...BRIDGE_EXTRAS].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    const exposed = bridge as unknown as Record<string, unknown>;
    for (const leak of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'require', 'process']) expect(exposed[leak]).toBeUndefined();
  });

  it.each(API_METHODS)('%s invokes its api: channel with the argument and passes the reply through as data', async (method) => {
    const reply = { ok: false, error: { code: 'no-journal', message: `${method}: none open` } };
    ipc.invoke.mockResolvedValueOnce(reply);
    const bridge = createBridge(ipc as never, webUtils) as unknown as Record<string, (a: unknown) => Promise<unknown>>;
    await expect(bridge[method]!({ some: 'argument' })).resolves.toEqual(reply);
    expect(ipc.invoke).toHaveBeenCalledWith(apiChannel(method), { some: 'argument' });
  });

  it('the page side (journalApiOver) turns an error reply into a JournalError keeping its code', async () => {
    ipc.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'no-journal', message: 'No journal is open.' } });
    const error = await journalApiOver(createBridge(ipc as never, webUtils)).streams().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toMatchObject({ code: 'no-journal', message: 'No journal is open.' });
    ipc.invoke.mockResolvedValueOnce({ ok: true, value: [] });
    await expect(journalApiOver(createBridge(ipc as never, webUtils)).streams()).resolves.toEqual([]);
  });

  it('chooseJournal invokes its channel; null when cancelled', async () => {
    ipc.invoke.mockResolvedValueOnce({ ok: true, value: null });
    await expect(createBridge(ipc as never, webUtils).chooseJournal()).resolves.toEqual({ ok: true, value: null });
    expect(ipc.invoke).toHaveBeenCalledWith(CHANNELS.chooseJournal);
  });

  it('pathForFile asks webUtils', () => {
    const file = { path: '/tmp/dropped.ndjson' };
    expect(createBridge(ipc as never, webUtils).pathForFile(file)).toBe('/tmp/dropped.ndjson');
    expect(webUtils.getPathForFile).toHaveBeenCalledWith(file);
  });

  it('onJournalOpened hands the listener the reply only, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = createBridge(ipc as never, webUtils).onJournalOpened(listener);
    const reply = { ok: true, value: { name: 'j' } };
    ipc.emit(CHANNELS.journalOpened, { sender: ipc, ports: [] }, reply);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([reply]);
    unsubscribe();
    expect(ipc.listenerCount(CHANNELS.journalOpened)).toBe(0);
    ipc.emit(CHANNELS.journalOpened, {}, reply);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('onServiceStopped hands the listener the message only, as text, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = createBridge(ipc as never, webUtils).onServiceStopped(listener);
    ipc.emit(CHANNELS.serviceStopped, { sender: ipc, ports: [] }, 'The journal service stopped (out of memory).');
    expect(listener.mock.calls).toEqual([['The journal service stopped (out of memory).']]);
    unsubscribe();
    expect(ipc.listenerCount(CHANNELS.serviceStopped)).toBe(0);
  });

  it('onConnectAsked tells the listener (with nothing from the event), and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = createBridge(ipc as never, webUtils).onConnectAsked(listener);
    ipc.emit(CHANNELS.connectAsked, { sender: ipc, ports: [] });
    expect(listener.mock.calls).toEqual([[]]);
    unsubscribe();
    expect(ipc.listenerCount(CHANNELS.connectAsked)).toBe(0);
  });

  it('connect, savedPasswords and forgetPassword invoke their channels and pass the reply through as data', async () => {
    const bridge = createBridge(ipc as never, webUtils);
    const refused = { ok: false, error: { code: 'not-allowed', message: 'refused the login' } };
    ipc.invoke.mockResolvedValueOnce(refused);
    await expect(bridge.connect({ url: 'postgres://u@h:5432/d', password: 'p', rememberPassword: true })).resolves.toEqual(refused);
    expect(ipc.invoke).toHaveBeenLastCalledWith(CHANNELS.connect, { url: 'postgres://u@h:5432/d', password: 'p', rememberPassword: true });
    await bridge.savedPasswords();
    expect(ipc.invoke).toHaveBeenLastCalledWith(CHANNELS.savedPasswords);
    await bridge.forgetPassword('postgres://u@h:5432/d');
    expect(ipc.invoke).toHaveBeenLastCalledWith(CHANNELS.forgetPassword, 'postgres://u@h:5432/d');
  });
});

describe('the preload entry', () => {
  beforeEach(resetFakeElectron);

  it(`exposes the bridge on window.${BRIDGE_GLOBAL} and nothing else`, async () => {
    await import('../../electron/preload.js');
    expect([...contextBridge.exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    const bridge = contextBridge.exposed.get(BRIDGE_GLOBAL) as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, ...BRIDGE_EXTRAS].sort());
    expect(Object.values(bridge)).not.toContain(ipcRenderer);
  });

  it('bundles to one CommonJS file that requires only electron (what a sandboxed preload can load)', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../electron/preload.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const code = result.outputFiles[0]!.text;
    expect([...code.matchAll(/require\((["'][^"']+["'])\)/g)].map((m) => m[1])).toEqual(['"electron"']);
    expect(code).not.toMatch(/\bimport\s*\(|\bimport\s+[{*\w]/);
    // Only the contract is bundled: no zod, no Node, nothing from the main process.
    const inputs = Object.keys(result.metafile.inputs).sort();
    expect(inputs).toEqual(['electron/preload.ts', 'electron/shell/preload-bridge.ts', 'shared/bridge.ts', 'shared/contract.ts']);
  });
});
