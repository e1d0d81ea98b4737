// The reference suite: jobsim against the reference implementation (radix-operator v1.126.1) on the
// local control plane (scripts/reference/). Tests start the reference instances they need and skip,
// saying why, when no control plane answers or the reference cannot be built. Files run one after
// another; the main suite (vitest.config.ts) leaves test/reference out.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reference/**/*.reference.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
