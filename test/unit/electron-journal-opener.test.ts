// Opens started by the main process: pushed to the page as ApiReplies, errors included, or handed to it once loaded.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { CHANNELS } from '../../shared/bridge.js';
import { JournalService } from '../../electron/service/journal-service.js';
import { RecentJournals } from '../../electron/service/recent-journals.js';
import { JournalOpener } from '../../electron/shell/journal-opener.js';
import { writeShellFixtures } from '../support/electron-fixtures.js';
import type { ShellFixtures } from '../support/electron-fixtures.js';
import { FakeSession, FakeWebContents } from '../support/fake-electron.js';

describe('JournalOpener', () => {
  let fixtures: ShellFixtures;
  let recent: RecentJournals;
  let askForPath: Mock<(parent?: unknown) => Promise<string | null>>;
  let onOpened: Mock<() => void>;
  let opener: JournalOpener;
  let service: JournalService;
  let page: FakeWebContents;
  const pushed = () => page.sent.filter((m) => m.channel === CHANNELS.journalOpened).map((m) => m.args[0]);

  beforeEach(() => {
    fixtures = writeShellFixtures();
    recent = new RecentJournals(null);
    askForPath = vi.fn(async () => fixtures.journal);
    onOpened = vi.fn();
    service = new JournalService({ samplePath: fixtures.other, recent });
    opener = new JournalOpener({ service, askForPath, onOpened });
    page = new FakeWebContents(new FakeSession());
  });

  it('opens at once, while the page loads, and hands the page the summary when it is attached', async () => {
    await opener.request({ path: fixtures.journal });
    expect(pushed()).toEqual([]);
    await expect(service.summary()).resolves.toMatchObject({ path: fixtures.journal }); // a page asking summary() gets it
    expect(recent.list()).toEqual([fixtures.journal]);
    expect(onOpened).toHaveBeenCalledOnce();
    opener.attach(page);
    expect(pushed()).toEqual([{ ok: true, value: expect.objectContaining({ path: fixtures.journal, events: 3, streams: 2 }) }]);
  });

  it('hands a page that was not there only the newest result (a second instance before the window loaded)', async () => {
    await Promise.all([opener.request({ sample: true }), opener.request({ path: fixtures.journal })]);
    opener.attach(page);
    expect(pushed()).toEqual([{ ok: true, value: expect.objectContaining({ path: fixtures.journal }) }]);
    await expect(service.summary()).resolves.toMatchObject({ path: fixtures.journal });
  });

  it('opens the sample', async () => {
    opener.attach(page);
    await opener.request({ sample: true });
    expect(pushed()).toEqual([{ ok: true, value: expect.objectContaining({ name: 'Sample journal', events: 1 }) }]);
  });

  it('pushes errors too, in words, so the page can show them', async () => {
    opener.attach(page);
    await opener.request({ path: fixtures.broken });
    await opener.request({ path: `${fixtures.dir}/missing.ndjson` });
    expect(pushed()).toEqual([
      { ok: false, error: { code: 'bad-format', message: expect.stringContaining('broken.db') } },
      { ok: false, error: { code: 'not-found', message: expect.stringContaining('missing.ndjson') } },
    ]);
  });

  it('runs opens one after another, so the last asked for is the one left open', async () => {
    opener.attach(page);
    await Promise.all([opener.request({ path: fixtures.journal }), opener.request({ path: fixtures.other })]);
    expect(pushed().map((r) => (r as { value: { path: string } }).value.path)).toEqual([fixtures.journal, fixtures.other]);
  });

  it('File → Open… pushes the chosen journal, and nothing when cancelled', async () => {
    opener.attach(page);
    await opener.chooseAndPush(null);
    expect(pushed()).toEqual([{ ok: true, value: expect.objectContaining({ path: fixtures.journal }) }]);
    askForPath.mockResolvedValueOnce(null);
    await opener.chooseAndPush(null);
    expect(pushed()).toHaveLength(1);
    askForPath.mockRejectedValueOnce(new Error('no display'));
    await opener.chooseAndPush(null);
    expect(pushed()[1]).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('choose answers without pushing (for IPC, which replies itself); null when cancelled', async () => {
    opener.attach(page);
    await expect(opener.choose(null)).resolves.toMatchObject({ ok: true, value: { path: fixtures.journal } });
    askForPath.mockResolvedValueOnce(null);
    await expect(opener.choose(null)).resolves.toEqual({ ok: true, value: null });
    expect(pushed()).toEqual([]);
  });

  it('pushes nowhere once the page is detached or destroyed', async () => {
    opener.attach(page);
    page.destroyed = true;
    await opener.request({ path: fixtures.journal });
    expect(page.sent).toEqual([]);
    opener.detach(page);
    await opener.request({ path: fixtures.other });
    const next = new FakeWebContents(new FakeSession());
    opener.attach(next);
    expect(next.sent).toEqual([{ channel: CHANNELS.journalOpened, args: [expect.objectContaining({ ok: true })] }]);
  });
});
