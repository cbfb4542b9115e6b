// The real app in a real Electron: runs only where an Electron dist is on disk (none can be downloaded here).
//   ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron/dist npm run build && npx playwright test --project=electron
// On Linux without a display, wrap it in xvfb-run.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication } from '@playwright/test';
import { API_METHODS } from '../../shared/contract.js';
import { electronPackage } from '../../tools/electron-binary.mjs';
import { ensureElectronSqlite, SQLITE_BINDING_ENV } from '../../tools/electron-sqlite.mjs';
import { compileFromSource, fetchPrebuilt } from '../../tools/sqlite-builders.mjs';

// Checkable: `echo $ELECTRON_OVERRIDE_DIST_PATH` is empty where this is skipped, and the run prints why.
test.skip(!process.env.ELECTRON_OVERRIDE_DIST_PATH, 'No Electron binary on this machine; set ELECTRON_OVERRIDE_DIST_PATH to an Electron dist to run the Electron specs.');

const mainScript = fileURLToPath(new URL('../../dist/electron/main.js', import.meta.url));
const rendererIndex = fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The app's environment: its journal services load better-sqlite3 in Electron's utility processes, so they need the
 * Electron build `npm start` makes (made here the same way, once, when it is missing).
 */
async function appEnv(userData: string): Promise<Record<string, string>> {
  const binding = await ensureElectronSqlite({
    root,
    electron: electronPackage(root),
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    fetchPrebuilt: (request) => fetchPrebuilt(root, request),
    compileFromSource: (request) => compileFromSource(root, request),
    log: (line) => console.log(line),
  });
  if (!binding.ok) throw new Error(binding.line);
  const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { ...inherited, EVENTLENS_USER_DATA: userData, [SQLITE_BINDING_ENV]: binding.path };
}

test('opens the sample journal in a hardened window', async ({}, testInfo) => {
  expect(existsSync(mainScript) && existsSync(rendererIndex), 'run `npm run build` first').toBe(true);
  const app = await electron.launch({
    args: [mainScript], // no file named: the sample journal opens
    cwd: root,
    env: await appEnv(testInfo.outputPath('user-data')),
  });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');
    expect(title).toContain('Eventlens');

    const surface = await page.evaluate(() => {
      const scope = window as unknown as Record<string, unknown>;
      const bridge = scope['eventlens'] as Record<string, unknown> | undefined;
      return {
        methods: Object.keys(bridge ?? {}).filter((key) => typeof bridge?.[key] === 'function'),
        require: typeof scope['require'],
        process: typeof scope['process'],
        module: typeof scope['module'],
        ipcRenderer: typeof (bridge ?? {})['ipcRenderer'],
      };
    });
    expect(surface.methods).toEqual(expect.arrayContaining([...API_METHODS, 'chooseJournal', 'pathForFile', 'onJournalOpened', 'onServiceStopped']));
    expect(surface).toMatchObject({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });

    const streams = page.getByRole('region', { name: 'Streams' }).getByRole('listbox');
    await expect(streams.getByRole('option').first()).toBeVisible({ timeout: 20_000 });
    expect(await streams.getByRole('option').count()).toBeGreaterThan(0);

    await page.screenshot({ path: testInfo.outputPath('eventlens-sample.png') });
  } finally {
    await app.close();
  }
});

/** The journal service processes Electron reports (utilityProcess, named in utility-channel.ts). */
async function serviceProcesses(app: ElectronApplication): Promise<number[]> {
  return app.evaluate(({ app: electronApp }) =>
    electronApp
      .getAppMetrics()
      .filter((metric) => metric.type === 'Utility' && metric.serviceName === 'Eventlens journal service')
      .map((metric) => metric.pid),
  );
}

test('each window is its own session with its own service process; one that dies is reopened, the other untouched', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const folder = mkdtempSync(join(tmpdir(), 'eventlens-electron-'));
  const journal = join(folder, 'orders.ndjson');
  writeFileSync(
    journal,
    [
      { stream: 'order-1', version: 1, type: 'placed', time: '2026-02-01T10:00:00Z', data: { total: 5 } },
      { stream: 'order-1', version: 2, type: 'paid', time: '2026-02-01T10:01:00Z', data: {} },
    ]
      .map((event) => JSON.stringify(event))
      .join('\n') + '\n',
  );
  const app = await electron.launch({ args: [mainScript], cwd: root, env: await appEnv(testInfo.outputPath('user-data')) });
  try {
    const first = await app.firstWindow();
    const heading = (page: typeof first, name: string) => page.getByRole('banner').getByRole('heading', { name });
    await expect(heading(first, 'Sample journal')).toBeVisible({ timeout: 30_000 });
    // The service is not in the main process: one utility process per window.
    await expect.poll(() => serviceProcesses(app).then((pids) => pids.length), { timeout: 20_000 }).toBe(1);

    // File > New Window (Ctrl/Cmd+Shift+N): a second window, its own session, opening a journal of its own.
    const opened = app.waitForEvent('window');
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('new-window')?.click());
    const second = await opened;
    await second.waitForLoadState('domcontentloaded');
    await second.evaluate(async (path) => {
      const bridge = (window as unknown as { eventlens: { openJournal(request: unknown): Promise<{ ok: boolean }> } }).eventlens;
      const reply = await bridge.openJournal({ path });
      if (!reply.ok) throw new Error(JSON.stringify(reply));
    }, journal);
    await second.reload();
    await expect(heading(second, 'orders.ndjson')).toBeVisible({ timeout: 30_000 });
    await expect(heading(first, 'Sample journal')).toBeVisible();
    await expect.poll(() => serviceProcesses(app).then((pids) => pids.length), { timeout: 20_000 }).toBe(2);

    // The main process stays free while a window's service works: a round trip to it is quick.
    const started = Date.now();
    await app.evaluate(() => 1);
    expect(Date.now() - started).toBeLessThan(1_000);

    // The second window's service dies (as out of memory would end it): that window says so and offers to reopen.
    const before = await serviceProcesses(app);
    const victim = await app.evaluate(
      ({ app: electronApp }, pids) => {
        // The newest service process is the second window's.
        return electronApp
          .getAppMetrics()
          .filter((metric) => pids.includes(metric.pid))
          .sort((a, b) => b.creationTime - a.creationTime)[0]?.pid ?? null;
      },
      before,
    );
    expect(victim).not.toBeNull();
    process.kill(victim!, 'SIGKILL');
    const alert = second.getByRole('alert');
    await expect(alert).toContainText('The journal service stopped', { timeout: 20_000 });
    await alert.getByRole('button', { name: 'Reopen orders.ndjson' }).click();
    await expect(heading(second, 'orders.ndjson')).toBeVisible({ timeout: 30_000 });
    await expect(heading(first, 'Sample journal')).toBeVisible();
    await expect(first.getByRole('alert')).toHaveCount(0);

    // Open Recent in New Window: a third window with the journal the second opened.
    const third = app.waitForEvent('window');
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('open-recent-new-window')?.submenu?.items[0]?.click());
    await expect(heading(await third, 'orders.ndjson')).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => serviceProcesses(app).then((pids) => pids.length), { timeout: 20_000 }).toBe(3);
  } finally {
    await app.close();
  }
});
