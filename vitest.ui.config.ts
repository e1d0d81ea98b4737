// The browser suite: the dashboard and the simulation report's page in Debian's chromium (test/ui). scripts/test.mjs runs it after the
// unit suites, one file at a time: a 100,000-job batch and a browser share 2 cores with nothing else.
// Each file skips its tests, with the reason in their names, when no browser can be started.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/ui/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
