import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit and contract tests run in Node against the TypeScript sources; the browser suites are Playwright's.
export default defineConfig({
  test: {
    root: '.',
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Fixture writers load better-sqlite3 before any reader does; the readers need URI filenames (immutable=1).
    // Cache files of journals opened by tests (and the CLI they spawn) go to a scratch folder, not the user's cache.
    env: { SQLITE_USE_URI: '1', XDG_CACHE_HOME: join(tmpdir(), 'eventlens-test-cache') },
  },
});
