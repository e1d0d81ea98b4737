// The order of the engine's work on the simulator: within one virtual instant the cluster's own work
// comes first, and the engine reconciles one batch object per task, so the cluster's work for one
// batch object runs before the engine takes up the next (a large batch is processed part by part).
import { describe, expect, it } from 'vitest';
import { startEngine, EXACT } from './engineHarness.js';

describe('reconcile order on the simulator', () => {
  it('creates the Jobs of one batch part, lets the cluster schedule them, then takes up the next part', async () => {
    // Latency off: this checks the order of work within one instant; with latency the Job controller syncs each Job a moment after its creation.
    const e = await startEngine({ sim: EXACT });
    try {
      // 1,200 jobs: a head and 3 parts of at most 500 jobs (the radix operator's part size).
      await e.manager().createBatch({ jobScheduleDescriptions: Array.from({ length: 1200 }, () => ({})) });
      await e.runtime.sim.runUntil(e.runtime.sim.now());
      const lines = e.runtime.sim.log.events(0);
      const jobCreated = lines.filter((l) => l.type === 'Created' && l.kind === 'Job').map((l) => l.seq);
      const podCreated = lines.filter((l) => l.type === 'PodCreated').map((l) => l.seq);
      expect(jobCreated).toHaveLength(1200);
      expect(podCreated).toHaveLength(1200);
      // The first part's 500 Jobs are created, then the Job controller creates their pods, before
      // the 501st Job is created: parts alternate with the cluster's work.
      expect(podCreated.slice(0, 500).every((seq) => seq > jobCreated[499]!)).toBe(true);
      expect(podCreated[499]!).toBeLessThan(jobCreated[500]!);
      expect(jobCreated[500]!).toBeLessThan(podCreated[500]!);
      expect(e.errors).toEqual([]);
    } finally {
      e.stop();
    }
  });
});
