// Browser specs run the built renderer against the real browser host, one fresh host per test.
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test as base } from '@playwright/test';
import type { FileChooser, Page } from '@playwright/test';
import type { HostOptions, RunningHost } from '../../electron/host/server.js';
import { folderFingerprint } from '../support/fixtures.js';

// The compiled host (npm run build); imported at run time so the spec runs exactly what ships.
const HOST_MODULE = new URL('../../dist/electron/host/server.js', import.meta.url).href;

const SAMPLE_FOLDER = new URL('../../dist/sample/', import.meta.url).pathname;

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const module = (await import(HOST_MODULE)) as { startHost(options: HostOptions): Promise<RunningHost> };
  return module.startHost(options);
}

interface Fixtures {
  host: RunningHost;
  /** Problems the page reported: uncaught errors, console errors, CSP violations. */
  pageProblems: string[];
  /** A scratch folder for journals built by a test. */
  scratch: string;
}

export const test = base.extend<Fixtures>({
  scratch: async ({}, use) => {
    const folder = mkdtempSync(join(tmpdir(), 'eventlens-e2e-'));
    await use(folder);
    // Journals written here were opened by the app: nothing may have appeared beside them.
    expect(readdirSync(folder).filter((name) => /-(wal|shm|journal)$/.test(name))).toEqual([]);
    rmSync(folder, { recursive: true, force: true });
  },
  host: async ({}, use) => {
    // The sample is a journal like any other: the app must leave its folder exactly as it found it.
    const before = folderFingerprint(SAMPLE_FOLDER);
    const host = await startHost({ recentFile: null });
    await use(host);
    await host.close();
    expect(folderFingerprint(SAMPLE_FOLDER)).toEqual(before);
  },
  pageProblems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    await use(problems);
  },
});

export { expect };

export async function openSample(page: Page, host: RunningHost): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Open sample journal' }).click();
  await expect(page.getByRole('region', { name: 'Streams' })).toBeVisible();
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').first()).toBeVisible();
}

/**
 * Opens a journal written by the test in a fresh tab's own session, as File → Open would, and reloads the page onto it.
 * The tab's session starts with the page's first call to the host, some time after `goto` returns: wait for it.
 */
export async function openInTab(page: Page, host: RunningHost, path: string): Promise<ReturnType<RunningHost['latestService']>> {
  await page.goto(host.url);
  const hasSession = () => host.sessions.list().length > 0;
  await expect.poll(hasSession, { timeout: 30_000 }).toBe(true);
  const service = host.latestService();
  await service.openJournal({ path });
  await page.reload();
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  return service;
}

/** axe-core over the page as it is: no serious or critical WCAG 2.1 A/AA violation, each one named with where. */
export async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `${screen}:\n${serious.join('\n')}`).toEqual([]);
}

/**
 * The page at 1440×900 and at 900×700, each in light and dark, as `visit` looks at it; then back to light. The
 * viewport stays at the last size: a spec that goes on sets its own.
 */
export async function inEachLook(page: Page, visit: (look: { width: number; height: number; scheme: 'light' | 'dark' }) => Promise<void>): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [900, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await visit({ width, height, scheme });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export function writeJournal(folder: string, name: string, events: object[]): string {
  const path = join(folder, name);
  writeFileSync(path, events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  return path;
}

/** An NDJSON journal of `count` events, about 200 bytes each; `seed` makes two journals differ. */
export function writeLargeJournal(folder: string, name: string, count: number, seed: number): string {
  const path = join(folder, name);
  const fd = openSync(path, 'w');
  try {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let from = 0; from < count; from += 10_000) {
      let chunk = '';
      for (let i = from; i < Math.min(count, from + 10_000); i++) {
        const account = i % 5000;
        chunk +=
          JSON.stringify({
            stream: `account-${seed}-${account}`,
            version: Math.floor(i / 5000) + 1,
            type: i % 3 === 0 ? 'money_deposited' : 'money_withdrawn',
            time: new Date(start + i * 1000).toISOString(),
            data: { amount: (i * 7919) % 1000, note: `transfer ${i} of batch ${seed}` },
            metadata: { correlation: `c-${seed}-${i}`, user: `user-${i % 97}` },
          }) + '\n';
      }
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

const intercepting = new WeakSet<Page>();

/**
 * Runs `trigger` until the page asks for a file, and returns the chooser. Retried because Chromium only reports
 * the chooser once Playwright's interception is set up, which can lose a race on a busy machine.
 */
export async function expectFileChooser(page: Page, trigger: () => Promise<void>): Promise<FileChooser> {
  // A standing listener keeps the interception on between calls; the round trip after it lets it take effect.
  if (!intercepting.has(page)) {
    intercepting.add(page);
    page.on('filechooser', () => {});
    await page.evaluate(() => 0);
  }
  let chooser: FileChooser | undefined;
  await expect(async () => {
    const waiting = page.waitForEvent('filechooser', { timeout: 3000 });
    await trigger();
    chooser = await waiting;
  }).toPass({ timeout: 20_000 });
  return chooser!;
}

/**
 * Selects a stream in the virtual Streams list: the filter brings it on screen, the click picks it, and the filter is
 * cleared again (the selection stays).
 */
export async function pickStream(page: Page, stream: string): Promise<void> {
  const filter = page.getByRole('searchbox', { name: 'Filter streams' });
  await filter.fill(stream);
  await page.getByRole('listbox', { name: 'Stream list' }).getByRole('option', { name: stream, exact: true }).click();
  await filter.fill('');
}

/** Sets the Events area's type filter to exactly these types, with the multi-select. */
export async function pickTypes(page: Page, types: string[]): Promise<void> {
  await page.getByRole('button', { name: /^Event types/ }).click();
  const picker = page.getByRole('group', { name: 'Event types' });
  const all = picker.getByRole('button', { name: 'All types' });
  if (await all.isEnabled()) await all.click();
  for (const type of types) await picker.getByRole('checkbox', { name: type, exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
}

/** The line under the events table once `total` events match: "rows 1–N of TOTAL" (N is what fits on screen). */
export function rowsOf(page: Page, total: string): ReturnType<Page['getByText']> {
  return page.getByText(new RegExp(`^rows 1–[\\d,]+ of ${total}$`));
}

/** Cells of one column (1-based) in the event rows drawn, leaving out rows still loading. */
export function eventCells(page: Page, column: number): ReturnType<Page['locator']> {
  return page.getByRole('grid', { name: 'Events' }).locator(`[role="row"][data-index]:not([aria-busy]) [role="gridcell"]:nth-child(${column})`);
}

/** A file of the team's corpus of real exports, beside the checkout (read-only). */
export function corpusFile(path: string): string {
  return fileURLToPath(new URL(`../../../shared/corpus/${path}`, import.meta.url));
}

/** Opens a journal the way a person does in the browser: "Open journal…", then the file; waits with a margin for load. */
export async function openJournalFile(page: Page, url: string, path: string): Promise<void> {
  await page.goto(url);
  const chooser = await expectFileChooser(page, () => page.getByRole('button', { name: 'Open journal…' }).click());
  await chooser.setFiles(path);
  await expect(page.getByRole('listbox', { name: 'Stream list' }).getByRole('option').first()).toBeVisible({ timeout: 30_000 });
}
