// The main side of IPC, driven through a fake ipcMain: no module mocking, ipc.ts takes ipcMain as a parameter.
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { API_METHODS } from '../../shared/contract.js';
import type { ApiMethod, ApiReply, JournalApi } from '../../shared/contract.js';
import { apiChannel, CHANNELS } from '../../shared/bridge.js';
import type { JournalSummary } from '../../shared/model.js';
import { registerIpc, REFUSED } from '../../electron/shell/ipc.js';
import { senderCheck } from '../../electron/shell/sender.js';
import { FakeIpcMain, FakeSession, FakeWebContents, FakeWebFrame } from '../support/fake-electron.js';

const INDEX = '/app/dist/renderer/index.html';
const SUMMARY = { path: '/j.ndjson', name: 'j.ndjson', format: 'ndjson', events: 1, streams: 1 } as JournalSummary;

type StubService = { [M in ApiMethod]: Mock<JournalApi[M]> };

function stubService(): StubService {
  return {
    openJournal: vi.fn(async () => SUMMARY),
    openSample: vi.fn(async () => SUMMARY),
    openProgress: vi.fn(async () => null),
    cancelOpen: vi.fn(async () => false),
    summary: vi.fn(async () => null),
    recent: vi.fn(async () => ['/j.ndjson']),
    streams: vi.fn(async () => []),
    streamPage: vi.fn(async () => ({ total: 0, offset: 0, streams: [] })),
    events: vi.fn(async () => ({ total: 0, offset: 0, events: [] })),
    rates: vi.fn(async () => ({ bucket: '1h' as const, start: null, totals: [], types: [] })),
    replay: vi.fn(async () => ({}) as Awaited<ReturnType<JournalApi['replay']>>),
    replayAt: vi.fn(async () => ({}) as Awaited<ReturnType<JournalApi['replayAt']>>),
    fieldHistory: vi.fn(async () => ({ path: '', entries: [] })),
    loadReducer: vi.fn(async () => ({ path: '/r.js', name: 'r.js', revision: 1 })),
    unloadReducer: vi.fn(async () => null),
    reducerStatus: vi.fn(async () => null),
    audit: vi.fn(async () => ({}) as Awaited<ReturnType<JournalApi['audit']>>),
    compare: vi.fn(async () => ({}) as Awaited<ReturnType<JournalApi['compare']>>),
    report: vi.fn(async () => ({ name: 'j-audit.html', mediaType: 'text/html' as const, content: '<!doctype html>' })),
    sampleFields: vi.fn(async () => ({ kind: 'json' as const, sources: [], notes: [] })),
    workProgress: vi.fn(async () => ({ search: null, replay: null })),
    cancelSearch: vi.fn(async () => false),
    cancelReplay: vi.fn(async () => false),
    liveStatus: vi.fn(async () => null),
    followLive: vi.fn(async () => null),
    allowScans: vi.fn(async () => false),
    testConnection: vi.fn(async () => ({ name: 'postgres://u@h:5432/d', format: 'marten', store: 'Marten', schema: 'public', parts: [], server: 'PostgreSQL 15', readOnly: true })),
  };
}

describe('registerIpc', () => {
  let ipcMain: FakeIpcMain;
  let service: StubService;
  let own: FakeWebContents;
  let chooseJournal: Mock<(sender: unknown) => Promise<ApiReply<JournalSummary | null>>>;
  let afterOpen: Mock<() => void>;
  let unregister: () => void;
  const call = (channel: string, argument?: unknown, event: unknown = { sender: own, senderFrame: own.mainFrame }) =>
    ipcMain.invoke(channel, event, argument) as Promise<ApiReply>;

  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    ipcMain = new FakeIpcMain();
    service = stubService();
    own = new FakeWebContents(new FakeSession());
    own.mainFrame.url = pathToFileURL(INDEX).href;
    chooseJournal = vi.fn(async (): Promise<ApiReply<JournalSummary | null>> => ({ ok: true, value: SUMMARY }));
    afterOpen = vi.fn();
    unregister = registerIpc(ipcMain, {
      serviceFor: (sender) => (sender === (own as never) ? service : null),
      trust: senderCheck({ isOwnWebContents: (c) => c === (own as never), indexPath: INDEX }),
      chooseJournal,
      chooseReducer: async () => ({ ok: true, value: null }),
      afterOpen,
    });
  });

  it('registers exactly one handler per API method plus chooseJournal and chooseReducer', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...API_METHODS.map(apiChannel), CHANNELS.chooseJournal, CHANNELS.chooseReducer].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('passes a valid call to the service and answers with its value', async () => {
    await expect(call(apiChannel('streams'), { filter: 'acc' })).resolves.toEqual({ ok: true, value: [] });
    expect(service.streams).toHaveBeenCalledWith({ filter: 'acc' });
    await expect(call(apiChannel('events'), { stream: 'a', limit: 5 })).resolves.toMatchObject({ ok: true });
    // dispatch hands the service the validated request, defaults filled in.
    expect(service.events).toHaveBeenCalledWith({ stream: 'a', offset: 0, limit: 5 });
  });

  it.each([
    ['events', { limit: -1 }],
    ['events', { offset: 'x' }],
    ['streams', { filter: 'a', extra: true }],
    ['openJournal', {}],
    ['openJournal', { path: 42 }],
    ['replay', undefined],
    ['summary', 'not an object'],
  ])('answers %s(%j) with a bad-request reply and never calls the service', async (method, argument) => {
    const reply = await call(apiChannel(method), argument);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(service[method as ApiMethod]).not.toHaveBeenCalled();
  });

  it('turns a service failure into an error reply, never a rejection', async () => {
    service.summary.mockRejectedValueOnce(new Error('disk on fire'));
    await expect(call(apiChannel('summary'))).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'Unexpected error: disk on fire' },
    });
  });

  describe('refuses a caller that is not our page', () => {
    it.each([
      ['another URL', () => ({ sender: own, senderFrame: Object.assign(own.mainFrame, { url: 'https://evil.example/' }) })],
      ['a sibling file', () => ({ sender: own, senderFrame: Object.assign(own.mainFrame, { url: pathToFileURL('/app/dist/renderer/x.html').href }) })],
      ['a sub-frame at our URL', () => ({ sender: own, senderFrame: new FakeWebFrame(pathToFileURL(INDEX).href, own.mainFrame) })],
      ['a second top-level frame in our window', () => ({ sender: own, senderFrame: new FakeWebFrame(pathToFileURL(INDEX).href) })],
      ['a window we did not create', () => {
        const stranger = new FakeWebContents(new FakeSession());
        stranger.mainFrame.url = pathToFileURL(INDEX).href;
        return { sender: stranger, senderFrame: stranger.mainFrame };
      }],
      ['a frame already gone', () => ({ sender: own, senderFrame: null })],
      ['a detached frame', () => ({ sender: own, senderFrame: Object.assign(own.mainFrame, { detached: true }) })],
    ])('%s', async (_name, event) => {
      for (const channel of [apiChannel('openJournal'), apiChannel('streams'), CHANNELS.chooseJournal]) {
        await expect(call(channel, { path: '/etc/passwd' }, event())).resolves.toEqual(REFUSED);
      }
      expect(service.openJournal).not.toHaveBeenCalled();
      expect(service.streams).not.toHaveBeenCalled();
      expect(chooseJournal).not.toHaveBeenCalled();
      expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('refused'));
    });
  });

  it('accepts our page with a query or fragment', async () => {
    own.mainFrame.url = `${pathToFileURL(INDEX).href}?x=1#/replay`;
    await expect(call(apiChannel('summary'))).resolves.toEqual({ ok: true, value: null });
  });

  it('chooseJournal shows the dialog for the calling window and answers with its reply', async () => {
    await expect(call(CHANNELS.chooseJournal)).resolves.toEqual({ ok: true, value: SUMMARY });
    expect(chooseJournal).toHaveBeenCalledWith(own);
    chooseJournal.mockResolvedValueOnce({ ok: true, value: null });
    await expect(call(CHANNELS.chooseJournal)).resolves.toEqual({ ok: true, value: null });
    chooseJournal.mockRejectedValueOnce(new Error('no display'));
    await expect(call(CHANNELS.chooseJournal)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('tells the menu after calls that may open a journal, and only those', async () => {
    await call(apiChannel('streams'));
    expect(afterOpen).not.toHaveBeenCalled();
    await call(apiChannel('openJournal'), { path: '/j.ndjson' });
    await call(apiChannel('openSample'));
    await call(CHANNELS.chooseJournal);
    expect(afterOpen).toHaveBeenCalledTimes(3);
  });
});

describe('registerIpc with two windows', () => {
  it("routes each window's calls to that window's own service, and refuses a trusted page without one", async () => {
    const ipcMain = new FakeIpcMain();
    const [one, two, orphan] = [0, 1, 2].map(() => {
      const contents = new FakeWebContents(new FakeSession());
      contents.mainFrame.url = pathToFileURL(INDEX).href;
      return contents;
    }) as [FakeWebContents, FakeWebContents, FakeWebContents];
    const services = new Map<unknown, StubService>([
      [one, stubService()],
      [two, stubService()],
    ]);
    registerIpc(ipcMain, {
      serviceFor: (sender) => services.get(sender) ?? null,
      trust: senderCheck({ isOwnWebContents: () => true, indexPath: INDEX }),
      chooseJournal: async () => ({ ok: true, value: null }),
      chooseReducer: async () => ({ ok: true, value: null }),
    });
    const from = (contents: FakeWebContents, channel: string, argument: unknown) =>
      ipcMain.invoke(channel, { sender: contents, senderFrame: contents.mainFrame }, argument) as Promise<ApiReply>;

    await from(one, apiChannel('openJournal'), { path: '/one.ndjson' });
    await from(two, apiChannel('streams'), { filter: 'x' });
    expect(services.get(one)!.openJournal).toHaveBeenCalledWith({ path: '/one.ndjson' });
    expect(services.get(two)!.openJournal).not.toHaveBeenCalled();
    expect(services.get(two)!.streams).toHaveBeenCalledWith({ filter: 'x' });
    expect(services.get(one)!.streams).not.toHaveBeenCalled();
    await expect(from(orphan, apiChannel('summary'), {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
