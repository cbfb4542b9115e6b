import { defineConfig } from 'vitest/config';

// Unit and contract tests run in Node against the TypeScript sources; the browser suites are Playwright's.
export default defineConfig({
  test: {
    root: '.',
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Fixture writers load better-sqlite3 before any reader does; the readers need URI filenames (immutable=1).
    env: { SQLITE_USE_URI: '1' },
  },
});
