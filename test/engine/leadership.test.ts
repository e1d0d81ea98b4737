// Several Job Managers over one (simulated) cluster, as replicas of the kubernetes backend: only the
// leading one writes Jobs and statuses, another takes over where it stopped; a batch's payload
// Secrets exist before any Job mounts them, and a batch whose creator died before writing them is
// removed; the reconciler's bounded parallel Job creation.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/common/rng.js';
import type { ClusterPort, Kind, KindMap } from '../../src/cluster/port.js';
import { ClusterError } from '../../src/cluster/port.js';
import { JobManager } from '../../src/engine/jobManager.js';
import { profileByName } from '../../src/engine/profile.js';
import { ANNOTATION_INCOMPLETE } from '../../src/cluster/radixBatch.js';
import { INCOMPLETE_BATCH_GRACE_MS } from '../../src/engine/reconciler.js';
import { isDormant } from '../../src/engine/dormantBatches.js';
import { defaultComponent } from '../../src/engine/types.js';
import { simEngineClock } from '../../src/runtime/simEngineClock.js';
import { Simulator } from '../../src/sim/simulator.js';

const NS = 'default';

/**
 * A port that counts what it writes and can hold or fail some requests. `copies`: its watches hand
 * over copies of the objects, as a replica on a cluster decodes objects of its own (the simulator
 * hands every watcher the one object its store holds).
 */
function recordingPort(inner: ClusterPort, copies = false) {
  const writes: string[] = [];
  const hooks: {
    beforeCreate?: (kind: Kind, obj: KindMap[Kind]) => Promise<void> | void;
  } = {};
  const port: ClusterPort = {
    namespace: inner.namespace,
    ...(inner.passiveInStep !== undefined ? { passiveInStep: inner.passiveInStep } : {}),
    async create<K extends Kind>(kind: K, obj: KindMap[K]) {
      await hooks.beforeCreate?.(kind, obj);
      writes.push(`create ${kind}`);
      return inner.create(kind, obj);
    },
    get: (kind, name) => inner.get(kind, name),
    list: (kind, selector) => inner.list(kind, selector),
    update(kind, obj) {
      writes.push(`update ${kind}`);
      return inner.update(kind, obj);
    },
    updateStatus(kind, obj) {
      writes.push(`updateStatus ${kind}`);
      return inner.updateStatus(kind, obj);
    },
    delete(kind, name, propagation) {
      writes.push(`delete ${kind}`);
      return inner.delete(kind, name, propagation);
    },
    watch: (kind, handler, selector, options) => inner.watch(kind, copies ? (e) => handler({ type: e.type, object: structuredClone(e.object) }) : handler, selector, options),
    watchPodEvents: (handler) => inner.watchPodEvents(handler),
  };
  return { port, writes, hooks };
}

async function replicas(n: number, opts: { concurrency?: number; copies?: boolean } = {}) {
  const sim = new Simulator({ seed: 1 });
  const clock = simEngineClock(sim);
  const errors: unknown[] = [];
  const out = [];
  for (let i = 0; i < n; i++) {
    const rec = recordingPort(sim.port(NS), opts.copies);
    const manager = new JobManager({
      port: rec.port,
      clock,
      random: new SeededRandom(`replica-${i}`),
      profile: profileByName('documented'),
      component: defaultComponent(),
      leading: i === 0,
      ...(opts.concurrency ? { createConcurrency: opts.concurrency } : {}),
      onError: (err) => errors.push(err),
    });
    await manager.start();
    out.push({ manager, ...rec });
  }
  return { sim, replicas: out, errors };
}

const jobs = (n: number, extra: (i: number) => object = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ jobId: `j${i}`, variables: { WORKLOAD_SECONDS: String(5 + (i % 4) * 5) }, ...extra(i) }));

describe('replicas of one Job Manager', () => {
  it('only the leader writes Jobs and statuses; after a hand-over the new leader finishes the batch', async () => {
    const { sim, replicas: [a, b], errors } = await replicas(2);
    const batch = await b!.manager.createBatch({ jobScheduleDescriptions: jobs(20) });
    expect(b!.writes).toEqual(['create RadixBatch']);
    await sim.advance(10);
    expect(a!.writes.filter((w) => w === 'create Job')).toHaveLength(20);
    expect(b!.writes).toEqual(['create RadixBatch']);
    const partly = await b!.manager.getBatch(batch.name);
    expect(partly.jobStatuses!.filter((j) => j.status === 'Succeeded').length).toBeGreaterThan(0);
    expect(partly.status).toBe('Running');

    // A stop asked of the replica that does not lead is recorded; the leader carries it out.
    const running = partly.jobStatuses!.find((j) => j.status === 'Running')!;
    await b!.manager.stopBatchJob(batch.name, running.name);

    a!.manager.setLeading(false);
    b!.manager.setLeading(true);
    const aWrites = a!.writes.length;
    await sim.runUntilIdle();
    expect(a!.writes.length, 'writes by the replica that stepped down').toBe(aWrites);
    for (const r of [a!, b!]) {
      const done = await r.manager.getBatch(batch.name);
      expect(done.status).toBe('Stopped');
      expect(done.jobStatuses!.filter((j) => j.status === 'Stopped').map((j) => j.name)).toEqual([running.name]);
      expect(done.jobStatuses!.filter((j) => j.status === 'Succeeded')).toHaveLength(19);
    }
    expect(b!.writes.filter((w) => w === 'create Job')).toHaveLength(0);
    expect(b!.writes).toContain('delete Job');
    expect(await sim.port(NS).list('Job')).toHaveLength(19);
    expect(errors).toEqual([]);
  });

  it("a new leader creates exactly the Jobs the old one had not created", async () => {
    const { sim, replicas: [a, b], errors } = await replicas(2);
    // The leader stops leading after its 7th Job creation.
    let created = 0;
    a!.hooks.beforeCreate = (kind) => {
      if (kind === 'Job' && ++created === 7) a!.manager.setLeading(false);
    };
    const batch = await a!.manager.createBatch({ jobScheduleDescriptions: jobs(30) });
    await sim.advance(1);
    expect(a!.writes.filter((w) => w === 'create Job')).toHaveLength(7);
    b!.manager.setLeading(true);
    await sim.runUntilIdle();
    expect(b!.writes.filter((w) => w === 'create Job')).toHaveLength(23);
    const names = (await sim.port(NS).list('Job')).map((j) => j.metadata.name);
    expect(new Set(names).size).toBe(30);
    expect((await b!.manager.getBatch(batch.name)).status).toBe('Succeeded');
    expect(errors).toEqual([]);
  });
});

describe('a finished batch on a replica that does not lead', () => {
  it('sleeps too (dormantBatches.ts), and it answers as the leader does', async () => {
    const { sim, replicas: [a, b], errors } = await replicas(2, { copies: true });
    const batch = await a!.manager.createBatch({ jobScheduleDescriptions: jobs(600) });
    await sim.runUntilIdle();
    const objectsOf = (r: typeof a) => r!.manager.cache.batchObjects(r!.manager.cache.batch(batch.name)!);
    expect(objectsOf(b).length).toBeGreaterThan(1);
    // Copies of its own, not the leader's objects.
    expect(objectsOf(b)[0]).not.toBe(objectsOf(a)[0]);
    for (const r of [a, b]) expect(objectsOf(r).map((o) => isDormant(o))).toEqual(objectsOf(r).map(() => true));
    const answer = await b!.manager.getBatch(batch.name);
    expect(answer.status).toBe('Succeeded');
    expect(answer.jobStatuses).toHaveLength(600);
    expect(answer).toEqual(await a!.manager.getBatch(batch.name));
    expect(b!.writes).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("a batch's payload Secrets", () => {
  it('exist before any Job that mounts them is created', async () => {
    const { sim, replicas: [a], errors } = await replicas(1);
    const port = sim.port(NS);
    const missing: string[] = [];
    a!.hooks.beforeCreate = async (kind, obj) => {
      if (kind !== 'Job') return;
      const volumes = (obj as KindMap['Job']).spec.template.spec.volumes ?? [];
      for (const v of volumes) if (v.secret && !(await port.get('Secret', v.secret.secretName))) missing.push(v.secret.secretName);
    };
    const batch = await a!.manager.createBatch({ jobScheduleDescriptions: jobs(600, (i) => ({ payload: `{"n": ${i}}` })) });
    await sim.runUntilIdle();
    expect(a!.writes.filter((w) => w === 'create Job')).toHaveLength(600);
    expect(missing).toEqual([]);
    const head = await port.get('RadixBatch', batch.name);
    expect(head?.metadata.annotations?.[ANNOTATION_INCOMPLETE]).toBeUndefined();
    expect((await a!.manager.getBatch(batch.name)).status).toBe('Succeeded');
    expect(errors).toEqual([]);
  });

  it('a batch whose creator died before writing its Secrets never runs, and is deleted after the grace period', async () => {
    const { sim, replicas: [leader, creator], errors } = await replicas(2);
    // The creator "dies" as it starts writing the Secrets: that request never returns.
    creator!.hooks.beforeCreate = (kind) => (kind === 'Secret' ? new Promise<void>(() => undefined) : undefined);
    void creator!.manager.createBatch({ jobScheduleDescriptions: jobs(5, (i) => ({ payload: `p${i}` })) });
    await sim.advance(1);
    const heads = await sim.port(NS).list('RadixBatch');
    expect(heads).toHaveLength(1);
    expect(heads[0]!.metadata.annotations?.[ANNOTATION_INCOMPLETE]).toBe('true');
    await sim.advance(INCOMPLETE_BATCH_GRACE_MS / 1000 - 5);
    expect(await sim.port(NS).list('Job')).toEqual([]);
    expect(await sim.port(NS).list('RadixBatch')).toHaveLength(1);
    await sim.advance(10);
    expect(await sim.port(NS).list('RadixBatch')).toEqual([]);
    expect(await sim.port(NS).list('Job')).toEqual([]);
    expect(leader!.writes.filter((w) => w !== 'delete RadixBatch')).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("the reconciler's parallel Job creation", () => {
  for (const concurrency of [1, 8]) {
    it(`keeps at most ${concurrency} creation(s) under way and creates each Job once, a failed one retried`, async () => {
      const { sim, replicas: [a], errors } = await replicas(1, { concurrency });
      let inFlight = 0;
      let most = 0;
      let failedOnce = false;
      a!.hooks.beforeCreate = async (kind) => {
        if (kind !== 'Job') return;
        inFlight++;
        most = Math.max(most, inFlight);
        // A round trip: the next task of the event loop.
        await new Promise((r) => setImmediate(r));
        inFlight--;
        if (!failedOnce && most === concurrency) {
          failedOnce = true;
          throw new ClusterError(500, 'InternalError', 'etcd leader changed');
        }
      };
      const batch = await a!.manager.createBatch({ jobScheduleDescriptions: jobs(100) });
      await sim.runUntilIdle();
      expect(most).toBe(concurrency);
      expect(failedOnce).toBe(true);
      expect(errors.map(String)).toEqual(['ClusterError: etcd leader changed']);
      const names = (await sim.port(NS).list('Job')).map((j) => j.metadata.name);
      expect(names).toHaveLength(100);
      expect(new Set(names).size).toBe(100);
      expect((await a!.manager.getBatch(batch.name)).status).toBe('Succeeded');
    });
  }
});
