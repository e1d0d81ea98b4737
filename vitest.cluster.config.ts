// The cluster suite: tests against a real control plane (scripts/cluster/up.sh). scripts/test.mjs
// runs it after the other suites. Each file finds the cluster through scripts/cluster's state dir
// ($JOBSIM_CLUSTER_DIR, default ~/.cache/jobsim/cluster) and skips its tests, with the reason in
// their names, when no control plane answers. Files run one after another: the machine is small.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
