// The desktop path: with `window.eventlens` present the page uses the bridge, never HTTP or a file input.
// The bridge here is a stand-in for the preload, backed by the browser host's API; like the real one it answers
// ApiReplies and never rejects (contextBridge would keep only a rejected error's message).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
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

    // A live store stands in for the main process and its PostgreSQL: it logs in with LIVE_PASSWORD only, and then shows
    // the sample journal under the store's URL. Like main, it fills in a saved password when the page gives none, and
    // keeps one only after an open with it succeeded. What the page sent is recorded, as whether it held a password.
    const LIVE_PASSWORD = 'Sw0rdfish-not-for-eyes';
    const connectListeners: (() => void)[] = [];
    const live = window as unknown as {
      __askConnect(): void;
      __kept: Map<string, string>;
      __keychain: { available: boolean; why?: string };
      __liveRecent: string[];
      __liveOpens: { path: string; sentPassword: boolean }[];
    };
    live.__askConnect = () => connectListeners.forEach((listener) => listener());
    live.__kept = new Map();
    live.__keychain = { available: true };
    live.__liveRecent = [];
    live.__liveOpens = [];
    const isLive = (path: string) => /^postgres(ql)?:\/\//.test(path);
    const savedPasswords = () => ({ ...live.__keychain, urls: [...live.__kept.keys()].sort() });
    const openLive = async (path: string, password?: string): Promise<{ ok: boolean; value?: object; error?: object }> => {
      live.__liveOpens.push({ path, sentPassword: password !== undefined });
      if ((password ?? live.__kept.get(path)) !== LIVE_PASSWORD) {
        return { ok: false, error: { code: 'not-allowed', message: `${path} refused the login: password authentication failed for user "reader".` } };
      }
      const opened = (await call('openSample')) as { ok: boolean; value: object };
      live.__liveRecent = [path, ...live.__liveRecent.filter((other) => other !== path)];
      return { ok: true, value: { ...opened.value, path, name: path } };
    };
    Object.defineProperty(window, 'eventlens', {
      value: {
        openJournal: (request: { path: string; password?: string }) => (isLive(request.path) ? openLive(request.path, request.password) : call('openJournal', request)),
        openSample: () => call('openSample'),
        openProgress: () => call('openProgress'),
        cancelOpen: () => call('cancelOpen'),
        summary: () => call('summary'),
        recent: async () => {
          const reply = (await call('recent')) as { ok: boolean; value?: string[] };
          return reply.ok ? { ok: true, value: [...live.__liveRecent, ...(reply.value ?? [])] } : reply;
        },
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
        allowScans: (request: unknown) => call('allowScans', request),
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
        onConnectAsked: (listener: () => void) => {
          connectListeners.push(listener);
          return () => connectListeners.splice(connectListeners.indexOf(listener), 1);
        },
        connect: async ({ url, password, rememberPassword }: { url: string; password?: string; rememberPassword?: boolean }) => {
          calls.push('connect');
          const reply = await openLive(url, password);
          if (!reply.ok) return reply;
          if (rememberPassword !== true || password === undefined) return { ok: true, value: { summary: reply.value } };
          if (!live.__keychain.available) return { ok: true, value: { summary: reply.value, notSaved: `${url} is open, but its password was not saved: ${live.__keychain.why}` } };
          live.__kept.set(url, password);
          return { ok: true, value: { summary: reply.value } };
        },
        savedPasswords: async () => {
          calls.push('savedPasswords');
          return { ok: true, value: savedPasswords() };
        },
        forgetPassword: async (url: string) => {
          calls.push('forgetPassword');
          live.__kept.delete(url);
          return { ok: true, value: savedPasswords() };
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

// Saved passwords of live stores: the fake bridge above stands in for the main process (see its LIVE_PASSWORD).
const STORE = 'postgres://reader@db.example:5432/events';
const LIVE_PASSWORD = 'Sw0rdfish-not-for-eyes';
type LiveWindow = {
  __askConnect(): void;
  __kept: Map<string, string>;
  __keychain: { available: boolean; why?: string };
  __liveRecent: string[];
  __liveOpens: { path: string; sentPassword: boolean }[];
  __calls: string[];
};
const kept = (page: Page) => page.evaluate(() => [...(window as unknown as LiveWindow).__kept.entries()]);
const lastLiveOpen = (page: Page) => page.evaluate(() => (window as unknown as LiveWindow).__liveOpens.at(-1));
/** File → Connect to database…: the main process asks the page for its dialog. */
async function askConnect(page: Page) {
  await page.evaluate(() => (window as unknown as LiveWindow).__askConnect());
  const dialog = page.getByRole('dialog', { name: 'Connect to database' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('File → Connect to database…: Remember password keeps it, the saved connection says so and uses it, Forget password drops it', async ({ page, host, pageProblems }) => {
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await expect(page.getByRole('button', { name: 'Open sample journal' })).toBeVisible();
  const dialog = await askConnect(page);
  await expect(dialog.getByRole('textbox', { name: 'Connection URL' })).toBeFocused();
  const remember = dialog.getByRole('checkbox', { name: 'Remember password' });
  await expect(remember).not.toBeChecked();
  await expect(remember).toHaveAccessibleDescription("Kept encrypted by your system's keychain.");

  await dialog.getByRole('textbox', { name: 'Connection URL' }).fill(STORE);
  await dialog.getByLabel('Password', { exact: true }).fill(LIVE_PASSWORD);
  await remember.check();
  await screenshot(page, 'connect-remember-password');
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  const header = page.getByRole('banner');
  await expect(header.getByRole('heading', { name: STORE })).toBeVisible();
  await expect(dialog).toHaveCount(0);
  // Kept by the main process after the open, through its connect channel.
  expect(await kept(page)).toEqual([[STORE, LIVE_PASSWORD]]);
  expect(await page.evaluate(() => (window as unknown as LiveWindow).__calls)).toContain('connect');

  // Asked again: the connection says it has a saved password; picked, it connects with none typed.
  await askConnect(page);
  const saved = dialog.getByRole('region', { name: 'Saved connections' });
  await expect(saved.getByRole('listitem').filter({ hasText: STORE })).toContainText('Password saved');
  await screenshot(page, 'connect-saved-password');
  // The checkbox, the word and the Forget button are reachable and named (axe, WCAG 2.1 AA, on the open dialog).
  const axe = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
  await saved.getByRole('button', { name: STORE, exact: true }).click();
  const password = dialog.getByLabel('Password', { exact: true });
  await expect(password).toBeFocused();
  await expect(password).toHaveValue('');
  await expect(password).toHaveAccessibleDescription(/A saved password is used when this is empty/);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  expect(await lastLiveOpen(page)).toEqual({ path: STORE, sentPassword: false });
  await expect(header.getByRole('heading', { name: STORE })).toBeVisible();

  // Forget password: dropped by the main process, said in the dialog; focus stays on the connection.
  await askConnect(page);
  await saved.getByRole('button', { name: `Forget password for ${STORE}` }).click();
  await expect(dialog.getByRole('status')).toHaveText(`The password saved for ${STORE} is forgotten.`);
  await expect(saved.getByText('Password saved')).toHaveCount(0);
  await expect(saved.getByRole('button', { name: `Forget password for ${STORE}` })).toHaveCount(0);
  await expect(saved.getByRole('button', { name: STORE, exact: true })).toBeFocused();
  expect(await kept(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(pageProblems).toEqual([]);
});

test('a saved password that is refused forgets nothing: the dialog asks at Password, and remembering the new one replaces it', async ({ page, host, pageProblems }) => {
  await page.addInitScript((store) => {
    const live = window as unknown as LiveWindow;
    live.__kept.set(store, 'an-old-password');
    live.__liveRecent = [store];
  }, STORE);
  await page.goto(`http://127.0.0.1:${host.port}/`);
  // Opened from the recent list with no password: the main process fills in the saved one, which is refused.
  await page.getByRole('button', { name: STORE, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Connect to database' });
  await expect(dialog).toBeVisible();
  expect(await lastLiveOpen(page)).toEqual({ path: STORE, sentPassword: false });
  await expect(dialog.getByRole('alert')).toContainText('refused the login');
  const password = dialog.getByLabel('Password', { exact: true });
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription('The saved password was refused: type the new one and tick Remember password to replace it.');
  expect(await kept(page)).toEqual([[STORE, 'an-old-password']]);

  await password.fill(LIVE_PASSWORD);
  await dialog.getByRole('checkbox', { name: 'Remember password' }).check();
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('banner').getByRole('heading', { name: STORE })).toBeVisible();
  expect(await kept(page)).toEqual([[STORE, LIVE_PASSWORD]]);
  expect(pageProblems).toEqual([]);
});

test('without a keychain the desktop offers no Remember password and says why; connecting works as before', async ({ page, host, pageProblems }) => {
  const why = 'No keychain (such as GNOME Keyring or KWallet) is running in this desktop session, so Eventlens does not save it.';
  await page.addInitScript((text) => ((window as unknown as LiveWindow).__keychain = { available: false, why: text }), why);
  await page.goto(`http://127.0.0.1:${host.port}/`);
  const dialog = await askConnect(page);
  await expect(dialog.getByText(why)).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: 'Remember password' })).toHaveCount(0);
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/never kept/);
  await dialog.getByRole('textbox', { name: 'Connection URL' }).fill(STORE);
  await dialog.getByLabel('Password', { exact: true }).fill(LIVE_PASSWORD);
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('banner').getByRole('heading', { name: STORE })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as LiveWindow).__calls)).not.toContain('connect');
  expect(await kept(page)).toEqual([]);
  expect(pageProblems).toEqual([]);
});

test('the browser host keeps no password: no Remember password, and the dialog says the password is never kept', async ({ page, host }) => {
  // A tab of its own, without the bridge: the page talks to the host over HTTP.
  const tab = await page.context().newPage();
  await tab.goto(host.url);
  await tab.getByRole('button', { name: 'Connect to database…' }).click();
  const dialog = tab.getByRole('dialog', { name: 'Connect to database' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('checkbox')).toHaveCount(0);
  await expect(dialog.getByText('Password saved')).toHaveCount(0);
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/Used for this connection only and never kept/);
  await tab.close();
});
