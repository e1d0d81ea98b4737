// What a simulation counts of each completed batch: the summary of every batch, and the API batches
// one by one, up to a bound, so a report does not grow with a run that posts a batch every minute.
import { describe, expect, it } from 'vitest';
import type { RadixBatch } from '../../src/cluster/radixBatch.js';
import { LABEL_BATCH_CRON } from '../../src/engine/cronLabels.js';
import { LISTED_BATCH_RUNS, SimulationStats } from '../../src/runtime/simulationStats.js';

function head(i: number, cron = false): RadixBatch {
  const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000);
  return {
    apiVersion: 'radix.equinor.com/v1',
    kind: 'RadixBatch',
    metadata: { name: `batch-${i}`, creationTimestamp: created.toISOString(), ...(cron ? { labels: { [LABEL_BATCH_CRON]: 'true' } } : {}) },
    spec: { radixDeploymentJobRef: { name: 'deploy', job: 'compute' }, ...(i % 2 ? { batchId: `night-${i}` } : {}), jobs: [] },
    status: { condition: { type: 'Completed', completionTime: new Date(created.getTime() + 90_500).toISOString() } },
  } as unknown as RadixBatch;
}

describe('simulation statistics', () => {
  it('list API batches one by one with their jobs and failures, and cron batches not at all', () => {
    const stats = new SimulationStats();
    stats.completed(head(1), 'compute', [{ status: { name: 'a', phase: 'Succeeded' } }, { status: { name: 'b', phase: 'Failed', reason: 'BackoffLimitExceeded' } }]);
    stats.completed(head(2), 'compute', [{ status: { name: 'a', phase: 'Succeeded' } }]);
    stats.completed(head(3, true), 'compute', [{ status: { name: 'a', phase: 'Succeeded' } }]);
    expect(stats.apiRuns).toEqual([
      { name: 'batch-1', batchId: 'night-1', component: 'compute', created: '2026-01-01T00:01:00.000Z', completed: '2026-01-01T00:02:30.500Z', durationSeconds: 90.5, jobs: 2, failed: 1 },
      { name: 'batch-2', batchId: null, component: 'compute', created: '2026-01-01T00:02:00.000Z', completed: '2026-01-01T00:03:30.500Z', durationSeconds: 90.5, jobs: 1, failed: 0 },
    ]);
    expect(stats.origins.cron.batches).toBe(1);
    expect(stats.jobsByStatus).toEqual({ Succeeded: 3, Failed: 1 });
  });

  it(`list the first ${LISTED_BATCH_RUNS} API batches and count the rest`, () => {
    const stats = new SimulationStats();
    for (let i = 0; i < LISTED_BATCH_RUNS + 5; i++) stats.completed(head(i), 'compute', []);
    expect(stats.apiRuns).toHaveLength(LISTED_BATCH_RUNS);
    expect(stats.apiRuns.at(-1)!.name).toBe(`batch-${LISTED_BATCH_RUNS - 1}`);
    expect(stats.origins.api.batches).toBe(LISTED_BATCH_RUNS + 5);
    expect(stats.origins.api.duration.count).toBe(LISTED_BATCH_RUNS + 5);
  });
});
