// Determinism: the same seed, scenario and request sequence under the manual clock give a
// byte-identical event log (and so the same sha256).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../src/sim/config.js';
import type { FaultRequest } from '../../src/sim/faults.js';
import { createJob, newSim, type JobOptions } from './support.js';

const nodeArb: fc.Arbitrary<Omit<NodeConfig, 'name'>> = fc.record({
  cpu: fc.constantFrom('1', '2', '4'),
  memory: fc.constantFrom('2Gi', '8Gi'),
  pods: fc.integer({ min: 1, max: 5 }),
  at: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
});

const jobArb: fc.Arbitrary<JobOptions & { at: number }> = fc.record({
  at: fc.integer({ min: 0, max: 30 }),
  backoffLimit: fc.integer({ min: 0, max: 3 }),
  env: fc.record({
    WORKLOAD_SECONDS: fc.integer({ min: 0, max: 20 }).map(String),
    WORKLOAD_EXIT_CODES: fc.array(fc.constantFrom(0, 1, 2, 42), { minLength: 1, maxLength: 4 }).map((c) => c.join(',')),
  }),
  requests: fc.record({ cpu: fc.constantFrom('250m', '1', '3'), memory: fc.constantFrom('128Mi', '1Gi', '4Gi') }),
  podActiveDeadlineSeconds: fc.option(fc.integer({ min: 5, max: 30 }), { nil: undefined }),
  rules: fc.option(fc.constant([{ action: 'FailJob' as const, onExitCodes: { operator: 'In' as const, values: [42] } }]), { nil: undefined }),
});

const faultArb: fc.Arbitrary<FaultRequest> = fc.oneof(
  fc.record({ type: fc.constant('nodeLoss' as const), node: fc.constantFrom('n1', 'n2'), at: fc.integer({ min: 0, max: 40 }), durationSeconds: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ type: fc.constant('nodeShortage' as const), cpu: fc.constantFrom('500m', '1'), at: fc.integer({ min: 0, max: 40 }), durationSeconds: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ type: fc.constant('imagePullFailure' as const), image: fc.constant('busybox:*'), at: fc.integer({ min: 0, max: 40 }), durationSeconds: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ type: fc.constant('containerCrash' as const), exitCode: fc.constantFrom(1, 42), afterSeconds: fc.integer({ min: 0, max: 5 }), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('oom' as const), at: fc.integer({ min: 0, max: 40 }), count: fc.integer({ min: 1, max: 2 }) }),
);

const scenarioArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 3 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 6 }),
  faults: fc.array(faultArb, { maxLength: 3 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

async function run(s: Scenario): Promise<{ sha: string; lines: number }> {
  const nodes = s.nodes.map((n, i) => ({ ...n, name: `n${i + 1}`, ...(i === 0 ? { at: undefined } : {}) }));
  const sim = newSim({ seed: s.seed, nodes, faults: s.faults, podStartupSeconds: 1 });
  // Jobs arrive over time, as requests would.
  const byTime = [...s.jobs.entries()].sort(([, a], [, b]) => a.at - b.at);
  for (const [i, { at, ...job }] of byTime) {
    await sim.runUntil(sim.config.startTime + at * 1000);
    createJob(sim, `job-${i}`, job);
  }
  await sim.runUntilIdle();
  return { sha: sim.log.sha256(), lines: sim.log.count };
}

describe('determinism', () => {
  it('100 random scenarios (nodes, jobs, faults) each give the same event-log hash when run twice', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const first = await run(s);
        const second = await run(s);
        expect(second).toEqual(first);
      }),
      { numRuns: 100, seed: 20260101 },
    );
  });

  it('a different seed gives a different log (pod names come from the seeded generator)', async () => {
    const s: Scenario = { seed: 1, nodes: [{ cpu: '4', memory: '8Gi', pods: 5 }], jobs: [{ at: 0, env: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODES: '0' } }], faults: [] };
    expect((await run(s)).sha).not.toBe((await run({ ...s, seed: 2 })).sha);
  });
});
