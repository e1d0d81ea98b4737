import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'conformance/**/*.test.ts'],
    // Cluster tests need a running control plane; scripts/test.mjs runs them separately.
    exclude: ['**/node_modules/**', 'test/cluster/**', 'test/reference/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
