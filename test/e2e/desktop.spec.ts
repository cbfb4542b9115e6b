// The desktop path: with `window.eventlens` present the page uses the bridge, never HTTP or a file input.
// The bridge here is a stand-in for the preload, backed by the browser host's API; like the real one it answers
// ApiReplies and never rejects (contextBridge would keep only a rejected error's message).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, pickStream, rowsOf, screenshot, test, writeJournal, writeLargeJournal } from './fixtures.js';

test.beforeEach(async ({ page, host }) => {
  await page.addInitScript((token) => {
    const calls: string[] = [];
    const call = async (method: string, argument: unknown = {}) => {
      calls.push(method);
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        // One window, one session: the host's sessions stand in for the window's own service process.
        headers: { Authorization: `Bearer ${token}`, 'X-Eventlens-Session': 'desktop-window-0123456789', 'Content-Type': 'application/json' },
        body: JSON.stringify(argument ?? {}),
      });
      return (await response.json()) as unknown;
    };
    const listeners: ((reply: unknown) => void)[] = [];
    const stopListeners: ((message: string) => void)[] = [];
    const testing = window as unknown as { __calls: string[]; __push(reply: unknown): void; __stopService(message: string): void; __dropPath: string; __reducerPath: string };
    testing.__stopService = (message) => stopListeners.forEach((listener) => listener(message));
    testing.__reducerPath = '';
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
        streamPage: (request: unknown) => call('streamPage', request),
        events: (request: unknown) => call('events', request),
        rates: (request: unknown) => call('rates', request),
        replay: (request: unknown) => call('replay', request),
        replayAt: (request: unknown) => call('replayAt', request),
        fieldHistory: (request: unknown) => call('fieldHistory', request),
        loadReducer: (request: unknown) => call('loadReducer', request),
        unloadReducer: () => call('unloadReducer'),
        reducerStatus: () => call('reducerStatus'),
        sampleFields: (request: unknown) => call('sampleFields', request),
        workProgress: () => call('workProgress'),
        cancelSearch: () => call('cancelSearch'),
        cancelReplay: () => call('cancelReplay'),
        testConnection: (request: unknown) => call('testConnection', request),
        liveStatus: () => call('liveStatus'),
        followLive: (request: unknown) => call('followLive', request),
        // The native dialog "picks" the file the test put in __reducerPath, and loads it, as the main process does.
        chooseReducer: () => {
          calls.push('chooseReducer');
          return testing.__reducerPath === '' ? Promise.resolve({ ok: true, value: null }) : call('loadReducer', { path: testing.__reducerPath });
        },
        chooseJournal: () => {
          calls.push('chooseJournal');
          return call('openSample');
        },
        pathForFile: () => testing.__dropPath,
        onJournalOpened: (listener: (reply: unknown) => void) => {
          listeners.push(listener);
          return () => listeners.splice(listeners.indexOf(listener), 1);
        },
        onServiceStopped: (listener: (message: string) => void) => {
          stopListeners.push(listener);
          return () => stopListeners.splice(stopListeners.indexOf(listener), 1);
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
  const summary = await host.latestService().openSample();
  await page.evaluate((value) => (window as unknown as { __push(reply: unknown): void }).__push({ ok: true, value }), summary);
  await expect(page.getByRole('banner').getByRole('heading', { name: 'Sample journal' })).toBeVisible();
  await expect(rowsOf(page, '3,016')).toBeVisible();

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

test('an open the main process started by itself shows its progress, and Cancel stops it', async ({ page, host, scratch, pageProblems }) => {
  test.setTimeout(120_000);
  // Compressed NDJSON is parsed line by line, several times slower than plain NDJSON is scanned: on an idle machine a
  // plain file of this size could finish opening before Cancel is pressed.
  const plain = writeLargeJournal(scratch, 'menu.ndjson', 300_000, 4);
  const big = `${plain}.gz`;
  writeFileSync(big, gzipSync(readFileSync(plain)));
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await page.getByRole('button', { name: 'Open sample journal' }).click();
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'Sample journal' })).toBeVisible();

  // File → Open… in the main process: the page is told only at the end, so it watches openProgress() meanwhile.
  const reply = host.latestService().openJournal({ path: big }).then(
    (value) => ({ ok: true, value }),
    (error: { code: string; message: string }) => ({ ok: false, error: { code: error.code, message: error.message } }),
  );
  const bar = page.getByRole('progressbar', { name: 'Opening menu.ndjson.gz' });
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await expect(page.getByText(/^[\d.]+ MB of [\d.]+ MB · [\d,]+ events read$/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  const result = await reply;
  expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  await page.evaluate((pushed) => (window as unknown as { __push(reply: unknown): void }).__push(pushed), result);
  await expect(page.getByRole('status').filter({ hasText: 'Opening menu.ndjson.gz was cancelled' })).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(header.getByRole('heading', { name: 'Sample journal' })).toBeVisible();

  // "Map columns…" on the desktop offers the journal on screen, by its path, to open again with options.
  await header.getByRole('button', { name: 'Map columns…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog.getByLabel('Journal file')).toHaveValue((await host.latestService().summary())!.path);
  // Its fields are listed by path, through the bridge.
  await expect(dialog.getByRole('combobox', { name: 'Stream', exact: true })).toHaveValue('stream', { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(header.getByRole('button', { name: 'Map columns…' })).toBeFocused();
  expect(pageProblems).toEqual([]);
});

test('a journal whose fields need naming is opened again by path from the error, with the map', async ({ page, host, scratch }) => {
  const odd = writeJournal(scratch, 'odd.ndjson', [
    { agg: 'acct-7', kind: 'opened', body: { owner: 'Ada' }, at: '2026-02-01T09:00:00Z' },
    { agg: 'acct-7', kind: 'deposited', body: { amount: 40 }, at: '2026-02-01T09:05:00Z' },
  ]);
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await page.evaluate((dropPath) => ((window as unknown as { __dropPath: string }).__dropPath = dropPath), odd);
  const drop = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['ignored'], 'odd.ndjson'));
    return transfer;
  });
  await page.dispatchEvent('body', 'drop', { dataTransfer: drop });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('No events could be read');
  await expect(alert).not.toContainText('--map');
  await alert.getByRole('button', { name: 'Map columns…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Map columns' });
  await expect(dialog.getByLabel('Journal file')).toHaveValue(odd);
  await dialog.getByLabel('Stream', { exact: true }).selectOption('agg', { timeout: 30_000 });
  await dialog.getByLabel('Type', { exact: true }).selectOption('kind');
  await dialog.getByLabel('Data', { exact: true }).selectOption('body');
  await dialog.getByLabel('Time', { exact: true }).selectOption('at');
  await dialog.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('banner').getByRole('heading', { name: 'odd.ndjson' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: 'acct-7' })).toBeVisible();
});

test('"Load reducer…" on the desktop uses the native dialog, and cancelling it changes nothing', async ({ page, host, scratch, pageProblems }) => {
  const reducer = join(scratch, 'count.mjs');
  writeFileSync(reducer, 'export const init = () => ({ seen: 0 });\nexport const apply = (state) => ({ seen: state.seen + 1 });\n');
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await page.getByRole('button', { name: 'Open sample journal' }).click();
  await pickStream(page, 'cart-0003');
  const replay = page.getByRole('region', { name: 'Replay' });
  let choosers = 0;
  page.on('filechooser', () => choosers++);

  await replay.getByRole('button', { name: 'Load reducer…' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __calls: string[] }).__calls.filter((c) => c === 'chooseReducer').length)).toBe(1);
  await expect(replay.getByRole('combobox', { name: 'Reducer', exact: true })).toHaveValue('merge-patch');

  await page.evaluate((path) => ((window as unknown as { __reducerPath: string }).__reducerPath = path), reducer);
  await replay.getByRole('button', { name: 'Load reducer…' }).click();
  await expect(replay.getByRole('combobox', { name: 'Reducer', exact: true })).toHaveValue('custom');
  await expect(replay).toContainText('count.mjs');
  await replay.getByRole('button', { name: 'Jump to end' }).click();
  await expect(page.getByRole('region', { name: 'State' })).toContainText(/seen:\s*3/);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(choosers).toBe(0);
  expect(pageProblems).toEqual([]);
});

test('when the window\'s service process stops, the window says so and reopens the journal on request', async ({ page, host, scratch, pageProblems }) => {
  const path = writeJournal(scratch, 'orders.ndjson', [
    { stream: 'order-1', version: 1, type: 'placed', time: '2026-02-01T10:00:00Z', data: { total: 5 } },
    { stream: 'order-1', version: 2, type: 'paid', time: '2026-02-01T10:01:00Z', data: {} },
  ]);
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await page.evaluate(async (journal) => {
    const bridge = (window as unknown as { eventlens: { openJournal(request: unknown): Promise<unknown> } }).eventlens;
    (window as unknown as { __push(reply: unknown): void }).__push(await bridge.openJournal({ path: journal }));
  }, path);
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: 'orders.ndjson' })).toBeVisible();

  // The main process tells the window its service ended (here simulated: the real one is a utilityProcess).
  const message = 'The journal service stopped while reading orders.ndjson (out of memory).';
  await page.evaluate((text) => (window as unknown as { __stopService(message: string): void }).__stopService(text), message);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The journal service stopped');
  await expect(alert).toContainText(message);
  await expect(alert).toContainText('other windows are not affected');
  await expect(header.getByRole('heading', { name: 'orders.ndjson' })).toHaveCount(0);
  await screenshot(page, 'service-stopped');
  await alert.getByRole('button', { name: 'Reopen orders.ndjson' }).click();
  await expect(header.getByRole('heading', { name: 'orders.ndjson' })).toBeVisible();
  await expect(rowsOf(page, '2')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});
