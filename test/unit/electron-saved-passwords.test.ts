// Saved passwords in the main process: the IPC channels (behind the same sender check as every other), Connect with
// Remember password saving only after the open succeeded, and a window's service filling in a saved password.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { API_METHODS, JournalError } from '../../shared/contract.js';
import type { ApiReply, JournalApi } from '../../shared/contract.js';
import { apiChannel, CHANNELS } from '../../shared/bridge.js';
import type { JournalSummary } from '../../shared/model.js';
import { ConnectionSecrets } from '../../electron/shell/connection-secrets.js';
import { registerIpc, REFUSED } from '../../electron/shell/ipc.js';
import { withSavedPasswords } from '../../electron/shell/password-routing.js';
import { senderCheck } from '../../electron/shell/sender.js';
import { FakeIpcMain, FakeSession, FakeWebContents, FakeWebFrame } from '../support/fake-electron.js';
import { FakeSafeStorage } from '../support/fake-safe-storage.js';

const INDEX = '/app/dist/renderer/index.html';
const STORE = 'postgres://reader@db.example:5432/events?schema=public';
const SECRET = 'Sw0rdfish-not-for-eyes';
const LIVE = { path: STORE, name: STORE, format: 'marten', events: 12, streams: 3 } as JournalSummary;
const PASSWORD_CHANNELS = [CHANNELS.connect, CHANNELS.savedPasswords, CHANNELS.forgetPassword];

const refused = () => new JournalError('not-allowed', `${STORE} refused the login: password authentication failed for user "reader".`);

/** A window's service, as far as these channels reach it. */
function stubService() {
  return {
    openJournal: vi.fn(async (_request: { path: string; password?: string }) => LIVE),
    testConnection: vi.fn(async (request: { url: string; password?: string }) => ({ name: request.url, readOnly: true })),
    compare: vi.fn(async () => ({})),
    summary: vi.fn(async () => null),
  };
}

describe('the saved-password channels', () => {
  let ipcMain: FakeIpcMain;
  let own: FakeWebContents;
  let service: ReturnType<typeof stubService>;
  let folder: string;
  let cipher: FakeSafeStorage;
  let secrets: ConnectionSecrets;
  let save: Mock<ConnectionSecrets['save']>;
  let forget: Mock<ConnectionSecrets['forget']>;
  let afterOpen: Mock<() => void>;
  const call = (channel: string, argument?: unknown, event: unknown = { sender: own, senderFrame: own.mainFrame }) =>
    ipcMain.invoke(channel, event, argument) as Promise<ApiReply>;

  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    ipcMain = new FakeIpcMain();
    own = new FakeWebContents(new FakeSession());
    own.mainFrame.url = pathToFileURL(INDEX).href;
    service = stubService();
    folder = mkdtempSync(join(tmpdir(), 'eventlens-ipc-secrets-'));
    cipher = new FakeSafeStorage();
    secrets = new ConnectionSecrets({ cipher, folder, platform: 'linux' });
    save = vi.fn((url: string, password: string) => secrets.save(url, password));
    forget = vi.fn((url: string) => secrets.forget(url));
    afterOpen = vi.fn();
    registerIpc(ipcMain, {
      // The window's service as main.ts makes it: wrapped to fill in a saved password.
      serviceFor: (sender) => (sender === (own as never) ? withSavedPasswords(service as unknown as JournalApi, secrets) : null),
      trust: senderCheck({ isOwnWebContents: (c) => c === (own as never), indexPath: INDEX }),
      chooseJournal: async () => ({ ok: true, value: null }),
      chooseReducer: async () => ({ ok: true, value: null }),
      afterOpen,
      passwords: { status: () => secrets.status(), save, forget },
    });
  });

  it('are registered beside the API channels, and only when the app keeps passwords', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...API_METHODS.map(apiChannel), CHANNELS.chooseJournal, CHANNELS.chooseReducer, ...PASSWORD_CHANNELS].sort());
    const without = new FakeIpcMain();
    registerIpc(without, { serviceFor: () => null, trust: () => null, chooseJournal: async () => ({ ok: true, value: null }), chooseReducer: async () => ({ ok: true, value: null }) });
    for (const channel of PASSWORD_CHANNELS) expect(without.handlers.has(channel)).toBe(false);
  });

  it('savedPasswords says whether a password can be kept and which stores have one, never a password', async () => {
    await expect(call(CHANNELS.savedPasswords)).resolves.toEqual({ ok: true, value: { available: true, urls: [] } });
    await secrets.save(STORE, SECRET);
    const reply = await call(CHANNELS.savedPasswords);
    expect(reply).toEqual({ ok: true, value: { available: true, urls: [STORE] } });
    expect(JSON.stringify(reply)).not.toContain(SECRET);
    cipher.backend = 'basic_text';
    await expect(call(CHANNELS.savedPasswords)).resolves.toMatchObject({ ok: true, value: { available: false, why: expect.stringMatching(/no keychain/i) as unknown } });
  });

  it('connect with rememberPassword opens the store first, then saves its password', async () => {
    const reply = await call(CHANNELS.connect, { url: STORE, password: SECRET, rememberPassword: true });
    expect(reply).toEqual({ ok: true, value: { summary: LIVE } });
    expect(service.openJournal).toHaveBeenCalledWith({ path: STORE, password: SECRET });
    expect(save).toHaveBeenCalledWith(STORE, SECRET);
    expect(service.openJournal.mock.invocationCallOrder[0]).toBeLessThan(save.mock.invocationCallOrder[0]!);
    expect(afterOpen).toHaveBeenCalledOnce();
    await expect(secrets.passwordFor(STORE)).resolves.toBe(SECRET);
  });

  it('connect saves nothing when the open fails, and a refused saved password is not forgotten', async () => {
    await secrets.save(STORE, 'old-password');
    save.mockClear();
    service.openJournal.mockRejectedValueOnce(refused());
    const reply = await call(CHANNELS.connect, { url: STORE, password: 'wrong', rememberPassword: true });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-allowed', message: expect.stringContaining('refused the login') as unknown } });
    expect(save).not.toHaveBeenCalled();
    expect(forget).not.toHaveBeenCalled();
    await expect(secrets.passwordFor(STORE)).resolves.toBe('old-password');

    // The dialog asks again; the new password, remembered, replaces the old one.
    await expect(call(CHANNELS.connect, { url: STORE, password: 'new-password', rememberPassword: true })).resolves.toMatchObject({ ok: true });
    await expect(secrets.passwordFor(STORE)).resolves.toBe('new-password');
  });

  it('connect without rememberPassword saves nothing', async () => {
    await expect(call(CHANNELS.connect, { url: STORE, password: SECRET })).resolves.toEqual({ ok: true, value: { summary: LIVE } });
    await expect(call(CHANNELS.connect, { url: STORE, password: SECRET, rememberPassword: false })).resolves.toMatchObject({ ok: true });
    await expect(call(CHANNELS.connect, { url: STORE, rememberPassword: true })).resolves.toMatchObject({ ok: true });
    expect(save).not.toHaveBeenCalled();
    await expect(secrets.status()).resolves.toMatchObject({ urls: [] });
  });

  it('connect answers the open, saying why the password was not saved when it could not be (basic_text)', async () => {
    cipher.backend = 'basic_text';
    const reply = (await call(CHANNELS.connect, { url: STORE, password: SECRET, rememberPassword: true })) as ApiReply<{ summary: JournalSummary; notSaved?: string }>;
    expect(reply).toMatchObject({ ok: true, value: { summary: LIVE } });
    expect(reply.ok && reply.value.notSaved).toMatch(new RegExp(`^${STORE.replace(/[?.]/g, '\\$&')} is open, but its password was not saved: .*no keychain`, 'i'));
    await expect(secrets.status()).resolves.toMatchObject({ urls: [] });
  });

  it.each([
    ['no URL', {}],
    ['a URL that is not text', { url: 42 }],
    ['a password that is not text', { url: STORE, password: 7 }],
    ['rememberPassword that is not a boolean', { url: STORE, password: SECRET, rememberPassword: 'yes' }],
    ['an unknown field', { url: STORE, path: '/etc/passwd' }],
    ['nothing', undefined],
  ])('connect answers %s with bad-request and opens nothing', async (_name, argument) => {
    await expect(call(CHANNELS.connect, argument)).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(service.openJournal).not.toHaveBeenCalled();
    expect(save).not.toHaveBeenCalled();
  });

  it('forgetPassword drops a saved password and answers what is left; a bad argument is refused', async () => {
    await secrets.save(STORE, SECRET);
    await expect(call(CHANNELS.forgetPassword, STORE)).resolves.toEqual({ ok: true, value: { available: true, urls: [] } });
    await expect(secrets.passwordFor(STORE)).resolves.toBeUndefined();
    await expect(call(CHANNELS.forgetPassword, { url: STORE })).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await expect(call(CHANNELS.forgetPassword, '/home/ada/orders.ndjson')).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('a window with no session opens nothing', async () => {
    const ipc = new FakeIpcMain();
    registerIpc(ipc, {
      serviceFor: () => null,
      trust: () => null,
      chooseJournal: async () => ({ ok: true, value: null }),
      chooseReducer: async () => ({ ok: true, value: null }),
      passwords: { status: () => secrets.status(), save, forget },
    });
    await expect(ipc.invoke(CHANNELS.connect, {}, { url: STORE, password: SECRET, rememberPassword: true })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(save).not.toHaveBeenCalled();
  });

  describe('refuse a caller that is not our page, like every other channel', () => {
    it.each([
      ['another URL', () => ({ sender: own, senderFrame: Object.assign(own.mainFrame, { url: 'https://evil.example/' }) })],
      ['a sub-frame at our URL', () => ({ sender: own, senderFrame: new FakeWebFrame(pathToFileURL(INDEX).href, own.mainFrame) })],
      ['a window we did not create', () => {
        const stranger = new FakeWebContents(new FakeSession());
        stranger.mainFrame.url = pathToFileURL(INDEX).href;
        return { sender: stranger, senderFrame: stranger.mainFrame };
      }],
      ['a frame already gone', () => ({ sender: own, senderFrame: null })],
    ])('%s', async (_name, event) => {
      await secrets.save(STORE, SECRET);
      await expect(call(CHANNELS.savedPasswords, undefined, event())).resolves.toEqual(REFUSED);
      await expect(call(CHANNELS.forgetPassword, STORE, event())).resolves.toEqual(REFUSED);
      await expect(call(CHANNELS.connect, { url: STORE, password: 'stolen?', rememberPassword: true }, event())).resolves.toEqual(REFUSED);
      expect(service.openJournal).not.toHaveBeenCalled();
      expect(save).not.toHaveBeenCalled();
      expect(forget).not.toHaveBeenCalled();
      await expect(secrets.passwordFor(STORE)).resolves.toBe(SECRET);
      expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('refused'));
    });
  });

  it('an ordinary open of a store with a saved password gets it from the main process (the recent list, the menu)', async () => {
    await call(CHANNELS.connect, { url: STORE, password: SECRET, rememberPassword: true });
    service.openJournal.mockClear();
    await expect(call(apiChannel('openJournal'), { path: STORE })).resolves.toMatchObject({ ok: true });
    expect(service.openJournal).toHaveBeenCalledWith({ path: STORE, password: SECRET });
  });
});

describe('withSavedPasswords', () => {
  let secrets: { passwordFor: Mock<(url: string) => Promise<string | undefined>> };
  let service: ReturnType<typeof stubService>;
  let wrapped: JournalApi;

  beforeEach(() => {
    secrets = { passwordFor: vi.fn(async (url: string) => (url.startsWith('postgres://reader@') ? SECRET : undefined)) };
    service = stubService();
    wrapped = withSavedPasswords(service as unknown as JournalApi, secrets);
  });

  it('fills in the saved password of a live store opened, compared or tested without one', async () => {
    await wrapped.openJournal({ path: STORE });
    expect(service.openJournal).toHaveBeenCalledWith({ path: STORE, password: SECRET });
    await wrapped.compare({ path: STORE });
    expect(service.compare).toHaveBeenCalledWith({ path: STORE, password: SECRET });
    await wrapped.testConnection({ url: STORE });
    expect(service.testConnection).toHaveBeenCalledWith({ url: STORE, password: SECRET });
  });

  it('leaves alone a password given apart or written in the URL, a store with none saved, and a file', async () => {
    await wrapped.openJournal({ path: STORE, password: 'typed' });
    expect(service.openJournal).toHaveBeenLastCalledWith({ path: STORE, password: 'typed' });
    await wrapped.openJournal({ path: 'postgres://reader:inline@db.example:5432/events?schema=public' });
    expect(service.openJournal).toHaveBeenLastCalledWith({ path: 'postgres://reader:inline@db.example:5432/events?schema=public' });
    await wrapped.openJournal({ path: 'postgres://writer@db.example:5432/events' });
    expect(service.openJournal).toHaveBeenLastCalledWith({ path: 'postgres://writer@db.example:5432/events' });
    await wrapped.openJournal({ path: '/home/ada/orders.ndjson' });
    expect(service.openJournal).toHaveBeenLastCalledWith({ path: '/home/ada/orders.ndjson' });
  });

  it('passes a refused login on as it is, forgetting nothing', async () => {
    service.openJournal.mockRejectedValueOnce(refused());
    await expect(wrapped.openJournal({ path: STORE })).rejects.toMatchObject({ code: 'not-allowed' });
    expect(service.openJournal).toHaveBeenCalledWith({ path: STORE, password: SECRET });
    await expect(secrets.passwordFor(STORE)).resolves.toBe(SECRET);
  });

  it('passes every other call straight through, bound to the service', async () => {
    await expect(wrapped.summary()).resolves.toBeNull();
    expect(service.summary).toHaveBeenCalledOnce();
    expect(secrets.passwordFor).not.toHaveBeenCalled();
  });
});
