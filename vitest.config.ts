import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'conformance/**/*.test.ts'],
    // Cluster and reference tests need a running control plane (and reference); scripts/test.mjs runs them separately.
    exclude: ['**/node_modules/**', 'test/cluster/**', 'test/reference/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
