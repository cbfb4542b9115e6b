// The desktop path: with `window.eventlens` present the page uses the bridge, never HTTP or a file input.
// The bridge here is a stand-in for the preload, backed by the browser host's API; like the real one it answers
// ApiReplies and never rejects (contextBridge would keep only a rejected error's message).
import { expect, test, writeJournal } from './fixtures.js';

test.beforeEach(async ({ page, host }) => {
  await page.addInitScript((token) => {
    const calls: string[] = [];
    const call = async (method: string, argument: unknown = {}) => {
      calls.push(method);
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(argument ?? {}),
      });
      return (await response.json()) as unknown;
    };
    const listeners: ((reply: unknown) => void)[] = [];
    const testing = window as unknown as { __calls: string[]; __push(reply: unknown): void; __dropPath: string };
    testing.__calls = calls;
    testing.__push = (reply) => listeners.forEach((listener) => listener(reply));
    Object.defineProperty(window, 'eventlens', {
      value: {
        openJournal: (request: unknown) => call('openJournal', request),
        openSample: () => call('openSample'),
        openProgress: () => call('openProgress'),
        cancelOpen: () => call('cancelOpen'),
        summary: () => call('summary'),
        recent: () => call('recent'),
        streams: (request: unknown) => call('streams', request),
        events: (request: unknown) => call('events', request),
        rates: (request: unknown) => call('rates', request),
        replay: (request: unknown) => call('replay', request),
        chooseJournal: () => {
          calls.push('chooseJournal');
          return call('openSample');
        },
        pathForFile: () => testing.__dropPath,
        onJournalOpened: (listener: (reply: unknown) => void) => {
          listeners.push(listener);
          return () => listeners.splice(listeners.indexOf(listener), 1);
        },
      },
    });
  }, host.token);
});

test('opens through the bridge: the native dialog, pushes from the menu, and dropped files by path', async ({ page, host, scratch, pageProblems }) => {
  // No token in the address: the desktop page never talks HTTP itself.
  await page.goto(`http://127.0.0.1:${host.port}/`);
  let choosers = 0;
  page.on('filechooser', () => choosers++);
  await page.getByRole('button', { name: 'Open journal…' }).click();
  await expect(page.getByRole('banner').getByRole('heading', { name: 'Sample journal' })).toBeVisible();
  expect(choosers).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls)).toContain('chooseJournal');

  // The main process failed to open something from its menu: the page says so and keeps the journal.
  await page.evaluate(() =>
    (window as unknown as { __push(reply: unknown): void }).__push({ ok: false, error: { code: 'bad-format', message: 'notes.bin is not a journal Eventlens can read.' } }),
  );
  await expect(page.getByRole('alert')).toContainText('notes.bin is not a journal Eventlens can read.');
  await expect(page.getByRole('alert')).toContainText('Check that you picked the journal export itself');
  await expect(page.getByRole('banner').getByRole('heading', { name: 'Sample journal' })).toBeVisible();

  // A dropped file is opened by its path on disk.
  const path = writeJournal(scratch, 'dropped.ndjson', [
    { stream: 'order-1', version: 1, type: 'order_placed', time: '2026-03-01T09:00:00Z', data: { total: 5 }, metadata: {} },
  ]);
  await page.evaluate((dropPath) => ((window as unknown as { __dropPath: string }).__dropPath = dropPath), path);
  const drop = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['ignored'], 'dropped.ndjson'));
    return transfer;
  });
  await page.dispatchEvent('body', 'drop', { dataTransfer: drop });
  await expect(page.getByRole('banner').getByRole('heading', { name: 'dropped.ndjson' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls)).toContain('openJournal');
  expect(pageProblems).toEqual([]);
});

test('a journal pushed by the main process replaces the welcome screen; a failed open keeps its error code', async ({ page, host, scratch }) => {
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await expect(page.getByRole('button', { name: 'Open sample journal' })).toBeVisible();
  const summary = await host.service.openSample();
  await page.evaluate((value) => (window as unknown as { __push(reply: unknown): void }).__push({ ok: true, value }), summary);
  await expect(page.getByRole('banner').getByRole('heading', { name: 'Sample journal' })).toBeVisible();
  await expect(page.getByText('rows 1–200 of 3,016')).toBeVisible();

  // A dropped file that vanished: the service's "not-found" reaches the page with its code, so the hint fits.
  const missing = `${scratch}/gone.ndjson`;
  await page.evaluate((dropPath) => ((window as unknown as { __dropPath: string }).__dropPath = dropPath), missing);
  const drop = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['ignored'], 'gone.ndjson'));
    return transfer;
  });
  await page.dispatchEvent('body', 'drop', { dataTransfer: drop });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not open gone.ndjson');
  await expect(alert).toContainText(`${missing} does not exist.`);
  await expect(alert).toContainText('The file may have been moved or deleted.');
  await expect(page.getByRole('banner').getByRole('heading', { name: 'Sample journal' })).toBeVisible();
});
