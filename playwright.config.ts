import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// The browser host runs inside the test process: its cache files go to a scratch folder of this run, not the user's
// cache, and the folder goes when the run ends (test/e2e/global-teardown.ts): big journals leave big caches. Set
// once, in the runner; its workers inherit it.
if (!process.env.XDG_CACHE_HOME) {
  process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'eventlens-test-cache-'));
  process.env.EVENTLENS_TEST_CACHE = process.env.XDG_CACHE_HOME;
}

// Browser specs drive Debian's Chromium against the browser host; never a downloaded browser.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The list reporter shows a skipped spec as a bare dash: say why here, so whoever reads the CI log sees it.
if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !process.env.TEST_WORKER_INDEX) {
  console.log('Electron specs: skipped, no Electron binary on this machine (set ELECTRON_OVERRIDE_DIST_PATH to an Electron dist).');
}

export default defineConfig({
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  globalTeardown: './test/e2e/global-teardown.ts',
  projects: [
    {
      name: 'browser',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
    },
  ],
});
