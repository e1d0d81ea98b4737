// The reference suite: jobsim against the reference implementation (radix-operator v1.126.1) on the
// local control plane (scripts/reference/). scripts/test.mjs runs it after the cluster suite. The
// differential test finds the reference through scripts/reference's run dir (instance
// $JOBSIM_REFERENCE_INSTANCE, default dev); the cron test starts the instances it needs. Tests skip,
// with the reason in their names, when the reference or the control plane does not answer. Files
// run one after another; the main suite (vitest.config.ts) leaves test/reference out.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reference/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
