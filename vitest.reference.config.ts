// The reference suite: jobsim's radix profile against the running reference (scripts/reference/
// up.sh). scripts/test.mjs runs it after the cluster suite. It finds the reference through
// scripts/reference's run dir (instance $JOBSIM_REFERENCE_INSTANCE, default dev) and skips its
// tests, with the reason in their names, when the reference or the control plane does not answer.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reference/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
