// Objects kept per job share their hidden classes (V8 maps). On Node 20 a spread copy given a new
// key (`{ ...job, name }`) gets a map of its own, which costs ~100 B per object and turns every read
// of its fields into a megamorphic miss: at 100,000 jobs that was ~9% of the run. This walks what
// the cluster and the engine keep for a batch and counts the distinct maps at each path.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { LATENCY_CLUSTER, LATENCY_OFF } from '../../src/sim/latency.js';
import { startEngine } from './engineHarness.js';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set, so the natives parse.
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** path -> distinct maps among the objects found there (counting stops at `cap`). */
function mapsByPath(roots: object[], cap = 64): Map<string, number> {
  const reps = new Map<string, object[]>();
  const walk = (o: unknown, path: string, depth: number): void => {
    if (o === null || typeof o !== 'object' || depth > 10) return;
    let seen = reps.get(path);
    if (!seen) reps.set(path, (seen = []));
    if (seen.length < cap && !seen.some((r) => sameMap(r, o))) seen.push(o);
    if (Array.isArray(o)) o.forEach((x) => walk(x, `${path}[]`, depth + 1));
    else for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`, depth + 1);
  };
  for (const r of roots) walk(r, '', 0);
  return new Map([...reps].map(([p, s]) => [p, s.length]));
}

describe('hidden classes of per-job objects', () => {
  // Latency off is what the benchmarks run; the default model (cluster) writes Jobs and pods in
  // more steps (ContainerCreating, SuccessCriteriaMet before Complete), each a shape to keep few.
  it.each([
    ['latency off', LATENCY_OFF, 0],
    ['the cluster latency model', LATENCY_CLUSTER, 0.1],
  ] as const)('stay few per path however many jobs there are (%s)', async (_name, latency, firstStep) => {
    const e = await startEngine({ sim: { latency } });
    try {
      const jobs = 400;
      // Two shapes of job description (with and without variables), in a 3-node cluster that runs
      // 330 pods at once: 70 pods wait unschedulable for a while, and states are read mid-run.
      const descs = Array.from({ length: jobs }, (_, i) => (i % 2 ? { backoffLimit: 0 } : { backoffLimit: 1, variables: { N: String(i) } }));
      await e.manager().createBatch({ jobScheduleDescriptions: descs });
      const store = e.runtime.sim.store;
      const check = (label: string) => {
        for (const kind of ['RadixBatch', 'Job', 'Pod']) {
          const objects = store.list(kind, 'default');
          expect(objects.length, `${label}: ${kind}s`).toBeGreaterThan(0);
          for (const [path, maps] of mapsByPath(objects)) {
            // A handful of shapes per path is normal (optional fields, lifecycle stages); one per
            // object is the defect this guards against.
            expect({ label, kind, path, maps }).toEqual({ label, kind, path, maps: expect.toSatisfy((n: number) => n <= 12) });
          }
        }
      };
      // The first instant (latency off), or the first 100 ms: Jobs and pods created, none running yet.
      await e.runtime.advance(firstStep);
      check('after the first step');
      await e.runtime.advance(2);
      check('while running');
      // Stopping copies each job with `stop: true`.
      const stopped = await e.manager().createBatch({ jobScheduleDescriptions: Array.from({ length: 200 }, () => ({})) });
      await e.runtime.advance(0);
      await e.manager().stopBatch(stopped.name);
      await e.runtime.advance(0);
      check('after a batch was stopped');
      await e.runtime.runUntilIdle();
      check('all finished');
      expect(e.errors).toEqual([]);
    } finally {
      e.stop();
    }
  });
});
