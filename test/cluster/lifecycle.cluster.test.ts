// The shared lifecycle cases (test/shared/lifecycleCases.ts) against the real control plane:
// kube-apiserver, the real Job controller and scheduler, kwok nodes running the workload protocol.
// Times are checked within 2.5 s: Job status trails pod phases by ~1 s, a pod starts ~0.5-1 s after
// creation on kwok, and API timestamps have 1 s resolution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_TOLERANCE, lifecycleCases, skipReason } from '../shared/lifecycleCases.js';
import { clusterBackend, type ClusterBackend } from './support/clusterBackend.js';
import { detectCluster } from './support/clusterEnv.js';

const env = await detectCluster();
if (!env.ok) process.stdout.write(`cluster suite skipped: ${env.reason}\n`);
const caps = { virtualClock: false, exitCodesPerAttempt: false };

describe.skipIf(!env.ok)(`shared lifecycle cases on the control plane${env.ok ? '' : ` (skipped: ${env.reason})`}`, () => {
  let b: ClusterBackend;
  beforeAll(async () => {
    b = await clusterBackend(env);
  });
  afterAll(async () => {
    await b?.close();
  });

  for (const c of lifecycleCases) {
    const reason = skipReason(c, caps);
    it.skipIf(reason !== undefined)(`${c.id}: ${c.title}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
      const outcome = await c.run(b);
      c.check(outcome, CLUSTER_TOLERANCE);
      expect(b.errors).toEqual([]);
    });
  }
});
