import { defineConfig } from 'vitest/config';

// Unit and contract tests run in Node against the TypeScript sources; the browser suites are Playwright's.
export default defineConfig({
  test: {
    root: '.',
    include: ['test/unit/**/*.test.ts', 'test/contract/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
