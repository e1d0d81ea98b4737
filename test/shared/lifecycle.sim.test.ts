// The shared lifecycle cases on the simulator: with latency off under the exact-time checks, and
// with the default latency model (cluster) under the tolerance the real control plane gets. The
// same cases run against a real control plane in test/cluster/lifecycle.cluster.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { EXACT } from '../sim/support.js';
import { simBackend, type Backend } from './backend.js';
import { CLUSTER_TOLERANCE, lifecycleCases, skipReason } from './lifecycleCases.js';

let b: Backend | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

const caps = { virtualClock: true, exitCodesPerAttempt: true };

describe('shared lifecycle cases on the simulator, exact times (latency off)', () => {
  for (const c of lifecycleCases) {
    const reason = skipReason(c, caps);
    it.skipIf(reason !== undefined)(`${c.id}: ${c.title}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
      // Exact times: with tolerance 0, every step of the control plane must take no time.
      b = await simBackend({ sim: EXACT });
      const outcome = await c.run(b);
      c.check(outcome, { seconds: 0 });
      expect(b.errors).toEqual([]);
    });
  }
});

describe("shared lifecycle cases on the simulator's default latency model, the control plane's tolerance", () => {
  for (const c of lifecycleCases) {
    // The manual clock's exact-time case asserts exact times: not for a model with latency.
    const reason = c.needs?.virtualClock ? 'asserts exact times' : skipReason(c, caps);
    it.skipIf(reason !== undefined)(`${c.id}: ${c.title}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
      b = await simBackend();
      const outcome = await c.run(b);
      c.check(outcome, CLUSTER_TOLERANCE);
      expect(b.errors).toEqual([]);
    });
  }
});
