// On a cluster (a port whose pods may arrive after their Job's changes), a pod's end that its Job
// has not counted yet waits for the Job change that counts it, as the reference's batch controller
// (woken by Job changes only) shows it; it still wakes the job if that change never comes, and at
// once if the pod's event is the late one.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/common/rng.js';
import type { ClusterPort, WatchEvent } from '../../src/cluster/port.js';
import type { Job, KubeObject, Pod } from '../../src/cluster/types.js';
import type { RadixBatch } from '../../src/cluster/radixBatch.js';
import { JobManager } from '../../src/engine/jobManager.js';
import { profileByName } from '../../src/engine/profile.js';
import { POD_WAKE_GRACE_MS } from '../../src/engine/reconciler.js';
import { defaultComponent } from '../../src/engine/types.js';
import { simEngineClock } from '../../src/runtime/simEngineClock.js';
import { Simulator } from '../../src/sim/simulator.js';

type Filter = (kind: string, event: WatchEvent<KubeObject>, deliver: () => void) => boolean;

/** The simulator's port as a cluster's: pods not in step with Jobs; `filter` may hold or drop events. */
function clusterLikePort(inner: ClusterPort, filter: Filter = () => true): ClusterPort {
  return {
    namespace: inner.namespace,
    passiveInStep: false,
    create: (kind, obj) => inner.create(kind, obj),
    get: (kind, name) => inner.get(kind, name),
    list: (kind, selector) => inner.list(kind, selector),
    update: (kind, obj) => inner.update(kind, obj),
    updateStatus: (kind, obj) => inner.updateStatus(kind, obj),
    delete: (kind, name, propagation) => inner.delete(kind, name, propagation),
    watch: (kind, handler, selector, options) =>
      inner.watch(
        kind,
        (e) => {
          if (filter(kind, e as WatchEvent<KubeObject>, () => handler(e))) handler(e);
        },
        selector,
        options,
      ),
    watchPodEvents: (handler) => inner.watchPodEvents(handler),
  };
}

/** Runs one failing job (one attempt) and returns when (virtual ms) things happened. */
async function failingJob(filter?: Filter) {
  const sim = new Simulator({ seed: 1 });
  const manager = new JobManager({
    port: clusterLikePort(sim.port('default'), filter),
    clock: simEngineClock(sim),
    random: new SeededRandom('pod-wakes'),
    profile: profileByName('radix'),
    component: defaultComponent(),
    onError: (err) => {
      throw err;
    },
  });
  await manager.start();
  const at: { podFailed?: number; jobCounted?: number; jobFailed?: number; statusShowsPod?: number; statusFailed?: number } = {};
  sim.store.watch('Pod', ({ object }) => {
    if ((object as Pod).status?.phase === 'Failed') at.podFailed ??= sim.now();
  });
  sim.store.watch('Job', ({ object }) => {
    const st = (object as Job).status;
    if ((st?.failed ?? 0) > 0) at.jobCounted ??= sim.now();
    if (st?.conditions?.some((c) => c.type === 'Failed')) at.jobFailed ??= sim.now();
  });
  sim.store.watch('RadixBatch', ({ object }) => {
    const status = (object as RadixBatch).status?.jobStatuses?.[0];
    if (status?.podStatuses?.[0]?.phase === 'Failed') at.statusShowsPod ??= sim.now();
    if (status?.phase === 'Failed') at.statusFailed ??= sim.now();
  });
  await manager.createJob({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '2', WORKLOAD_EXIT_CODE: '1' } });
  await sim.advance(30);
  manager.stop();
  return at;
}

describe('on a cluster, a pod that ended wakes its job when its Job counts it', () => {
  it('shows the failed attempt with the Job change that counts it, not when the pod ends', async () => {
    const at = await failingJob();
    expect(at.podFailed).toBeDefined();
    // The Job controller counts the failure a batch period (~1 s) after the pod's end.
    expect(at.jobCounted! - at.podFailed!).toBeGreaterThanOrEqual(900);
    // The job's status shows the failed pod from that count on (its watch a few ms later), not before.
    expect(at.statusShowsPod!).toBeGreaterThanOrEqual(at.jobCounted!);
    expect(at.statusShowsPod! - at.jobCounted!).toBeLessThan(200);
    expect(at.statusFailed!).toBeGreaterThanOrEqual(at.jobFailed!);
  });

  it('a Job change that never reaches the engine: the pod\'s end wakes the job after the grace', async () => {
    // Every Job change after the pod's end is lost (a Job watch that broke).
    let podEnded = false;
    const at = await failingJob((kind, e) => {
      if (kind === 'Pod' && (e.object as Pod).status?.phase === 'Failed') podEnded = true;
      return !(kind === 'Job' && podEnded);
    });
    expect(at.statusShowsPod! - at.podFailed!).toBeGreaterThanOrEqual(POD_WAKE_GRACE_MS);
    expect(at.statusShowsPod! - at.podFailed!).toBeLessThan(POD_WAKE_GRACE_MS + 500);
  });

  it('a pod event that arrives after the Job counted it wakes the job at once', async () => {
    // The failed pod's event is held until the Job's change that counts it has been delivered.
    let held: (() => void) | undefined;
    let wasHeld = false;
    const at = await failingJob((kind, e, deliver) => {
      if (kind === 'Pod' && (e.object as Pod).status?.phase === 'Failed' && !wasHeld) {
        wasHeld = true;
        held = deliver;
        return false;
      }
      if (kind === 'Job' && ((e.object as Job).status?.failed ?? 0) > 0 && held) {
        const release = held;
        held = undefined;
        // After the Job's own delivery: the pod arrives late.
        queueMicrotask(release);
      }
      return true;
    });
    expect(wasHeld).toBe(true);
    expect(held).toBeUndefined();
    // Shown with the count (the reconcile of the Job's change read the stale pod; the late pod
    // event woke it again at once, not a grace later).
    expect(at.statusShowsPod! - at.jobCounted!).toBeLessThan(200);
  });
});
