import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'conformance/**/*.test.ts'],
    // Cluster and reference tests need a running control plane (and reference), browser tests a
    // browser and the machine to themselves; scripts/test.mjs runs them separately.
    exclude: ['**/node_modules/**', 'test/cluster/**', 'test/reference/**', 'test/ui/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
