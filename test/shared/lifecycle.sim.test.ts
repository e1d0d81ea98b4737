// The shared lifecycle cases on the simulator (manual clock, exact times). The same cases run
// against a real control plane in test/cluster/lifecycle.cluster.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { simBackend, type Backend } from './backend.js';
import { lifecycleCases, skipReason } from './lifecycleCases.js';

let b: Backend | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

const caps = { virtualClock: true, exitCodesPerAttempt: true };

describe('shared lifecycle cases on the simulator', () => {
  for (const c of lifecycleCases) {
    const reason = skipReason(c, caps);
    it.skipIf(reason !== undefined)(`${c.id}: ${c.title}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
      b = await simBackend();
      const outcome = await c.run(b);
      c.check(outcome, { seconds: 0 });
      expect(b.errors).toEqual([]);
    });
  }
});
