// The in-memory desktop transport the contract suite runs the API through: real handlers, real preload bridge.
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, JournalError } from '../../shared/contract.js';
import { apiChannel, CHANNELS, journalApiOver } from '../../shared/bridge.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { writeShellFixtures } from '../support/electron-fixtures.js';
import { createIpcClient, createIpcHarness } from '../support/ipc-client.js';

const fixtures = writeShellFixtures();
const service = () => new JournalService({ samplePath: fixtures.journal });

describe('createIpcClient', () => {
  it('is a DesktopBridge: the contract methods and the desktop extras, nothing more', async () => {
    const api = await createIpcClient(service());
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'chooseJournal', 'chooseReducer', 'onJournalOpened', 'onServiceStopped', 'pathForFile', 'onConnectAsked', 'connect', 'savedPasswords', 'forgetPassword'].sort());
  });

  it('registers one channel per API method plus chooseJournal and chooseReducer', async () => {
    const harness = await createIpcHarness(service());
    expect(harness.channels().sort()).toEqual([...API_METHODS.map(apiChannel), CHANNELS.chooseJournal, CHANNELS.chooseReducer].sort());
  });

  it('carries calls to the service and answers with copies of its values', async () => {
    const api = journalApiOver(await createIpcClient(service()));
    await expect(api.summary()).resolves.toBeNull();
    await expect(api.openSample()).resolves.toMatchObject({ name: 'Sample journal', events: 3, streams: 2 });
    const streams = await api.streams({ filter: 'order' });
    expect(streams.map((s) => s.stream).sort()).toEqual(['order-1', 'order-2']);
    streams.length = 0;
    await expect(api.streams({ filter: 'order' })).resolves.toHaveLength(2);
    await expect(api.events({ stream: 'order-1' })).resolves.toMatchObject({ total: 2 });
  });

  it('answers a bad argument with a bad-request reply, which the page turns into a JournalError with its code', async () => {
    const bridge = await createIpcClient(service());
    await expect(bridge.events({ limit: 0 })).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const api = journalApiOver(bridge);
    const error = await api.events({ limit: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/^Invalid arguments for events at limit/) });
    await expect(api.streams()).rejects.toThrow(/No journal is open/);
  });

  it('a call the service cannot clone fails like Electron IPC does', async () => {
    const api = await createIpcClient(service());
    await expect(api.streams({ filter: (() => 'x') as never })).rejects.toThrow(/could not be cloned/);
  });

  it('chooseJournal answers null on Cancel and the summary when a file is chosen', async () => {
    await expect((await createIpcClient(service())).chooseJournal()).resolves.toEqual({ ok: true, value: null });
    const bridge = await createIpcClient(service(), { chooseFile: async () => fixtures.other });
    await expect(bridge.chooseJournal()).resolves.toMatchObject({ ok: true, value: { path: fixtures.other, events: 1 } });
    await expect(journalApiOver(bridge).recent()).resolves.toEqual([fixtures.other]);
  });

  it('delivers main-process opens to onJournalOpened listeners until they unsubscribe', async () => {
    const harness = await createIpcHarness(service());
    const listener = vi.fn();
    const unsubscribe = harness.bridge.onJournalOpened(listener);
    await harness.openFromMain({ path: fixtures.other });
    await harness.openFromMain({ path: fixtures.broken });
    expect(listener.mock.calls).toEqual([
      [{ ok: true, value: expect.objectContaining({ path: fixtures.other }) }],
      [{ ok: false, error: { code: 'bad-format', message: expect.stringContaining('broken.db') } }],
    ]);
    unsubscribe();
    await harness.openFromMain({ sample: true });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('goes through the real sender check', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const harness = await createIpcHarness(service());
    harness.contents.mainFrame.url = 'https://evil.example/';
    await expect(journalApiOver(harness.bridge).summary()).rejects.toThrow(/refused/);
  });

  it('pathForFile answers the path of a dropped file', async () => {
    const api = await createIpcClient(service());
    expect(api.pathForFile({ path: fixtures.journal })).toBe(fixtures.journal);
  });
});
