// A finished batch object's job lists are kept deflated (src/engine/dormantBatches.ts): every
// reader still sees the same values, and the engine stops reading them where nothing can change.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchJobStatus, RadixBatch } from '../../src/cluster/radixBatch.js';
import { DORMANT_MIN_JOBS, isDormant, makeDormant } from '../../src/engine/dormantBatches.js';
import { RecordingSink, startEngine } from './engineHarness.js';

function batchWith(jobs: number): RadixBatch {
  const statuses: BatchJobStatus[] = Array.from({ length: jobs }, (_, i) => ({
    name: `job${i}`,
    phase: i % 7 === 0 ? 'Failed' : 'Succeeded',
    startTime: '2026-03-01T01:00:00Z',
    endTime: `2026-03-01T01:0${i % 10}:00Z`,
    ...(i % 5 === 0 ? { message: 'a "quoted" message, ünïcode' } : {}),
    podStatuses: [{ name: `b-job${i}-x`, phase: 'Succeeded', exitCode: 0, podIndex: 0 }],
  })) as BatchJobStatus[];
  return {
    apiVersion: 'radix.equinor.com/v1',
    kind: 'RadixBatch',
    metadata: { name: 'b', namespace: 'ns', resourceVersion: '7' },
    spec: { radixDeploymentJobRef: { name: 'rd', job: 'compute' }, jobs: statuses.map((s) => ({ name: s.name })) },
    status: { jobStatuses: statuses, condition: { type: 'Completed', activeTime: '2026-03-01T01:00:00Z', completionTime: '2026-03-01T01:09:00Z' } },
  } as unknown as RadixBatch;
}

describe('dormant job lists', () => {
  it('read back equal: JSON, spread copies and repeated reads; small objects stay whole', () => {
    const rb = batchWith(DORMANT_MIN_JOBS + 50);
    const json = JSON.stringify(rb);
    const whole = structuredClone(rb.status!.jobStatuses);
    expect(makeDormant(rb)).toBe(true);
    expect(isDormant(rb)).toBe(true);
    expect(makeDormant(rb)).toBe(false);
    expect(JSON.stringify(rb)).toBe(json);
    expect(rb.status!.jobStatuses).toEqual(whole);
    expect({ ...rb, status: { ...rb.status } }).toEqual(JSON.parse(json));
    expect(Object.keys(rb.status!)).toEqual(['jobStatuses', 'condition']);
    expect(Object.keys(rb.spec)).toEqual(['radixDeploymentJobRef', 'jobs']);
    expect(Object.getOwnPropertyDescriptor(rb.spec, 'jobs')!.get).toBeTypeOf('function');
    expect(rb.spec.jobs.map((j) => j.name)).toEqual(whole!.map((s) => s.name));
    // Another dormant object read in between: each still reads its own statuses.
    const other = batchWith(DORMANT_MIN_JOBS);
    other.status!.jobStatuses![0]!.name = 'other';
    makeDormant(other);
    expect(other.status!.jobStatuses![0]!.name).toBe('other');
    expect(rb.status!.jobStatuses![0]!.name).toBe('job0');

    const small = batchWith(DORMANT_MIN_JOBS - 1);
    expect(makeDormant(small)).toBe(false);
    expect(isDormant(small)).toBe(false);
    expect(Object.getOwnPropertyDescriptor(small.status!, 'jobStatuses')!.value).toHaveLength(DORMANT_MIN_JOBS - 1);
  });
});

describe('a finished batch on the simulator', () => {
  let engine: Awaited<ReturnType<typeof startEngine>> | undefined;
  afterEach(() => engine?.stop());

  it('sleeps once every job has finished, answers the same, and its deletion still carries every status', async () => {
    const sink = new RecordingSink();
    engine = await startEngine({ historyLimit: 1, webhooks: sink, components: [{ notifications: { webhook: 'http://h:1/' } }] });
    const jobs = DORMANT_MIN_JOBS + 20;
    const post = () =>
      engine!.http.post('/api/v1/batches').send({
        jobScheduleDescriptions: Array.from({ length: jobs }, (_, i) => ({ jobId: `j${i}`, variables: { WORKLOAD_SECONDS: String(5 + (i % 4)) } })),
      });
    const first = (await post()).body.name as string;
    await engine.advance(2);
    const manager = engine.manager();
    // Running: whole.
    expect(isDormant(manager.cache.batch(first)!)).toBe(false);
    await engine.idle();
    await engine.advance(5);
    const rb = manager.cache.batch(first)!;
    expect(rb.status?.condition?.type).toBe('Completed');
    expect(isDormant(rb)).toBe(true);
    // The store holds the very object the cache holds (one object, as the simulator hands over).
    expect(engine.runtime.sim.store.get<RadixBatch>('RadixBatch', rb.metadata.namespace, first)).toBe(rb);
    const view = (await engine.http.get(`/api/v1/batches/${first}`)).body as { status: string; jobStatuses: { jobId: string; status: string }[] };
    expect(view.status).toBe('Succeeded');
    expect(view.jobStatuses.map((j) => j.jobId)).toEqual(Array.from({ length: jobs }, (_, i) => `j${i}`));
    expect(new Set(view.jobStatuses.map((j) => j.status))).toEqual(new Set(['Succeeded']));
    // The same answer again (the statuses are parsed again, not changed), also once the Jobs' TTL
    // (a day) has deleted every Job and pod: their events change nothing of a finished object.
    expect((await engine.http.get(`/api/v1/batches/${first}`)).body).toEqual(view);
    await engine.advance(86_400 + 60);
    expect(engine.runtime.sim.store.count('Job')).toBe(0);
    expect((await engine.http.get(`/api/v1/batches/${first}`)).body).toEqual(view);
    expect(isDormant(manager.cache.batch(first)!)).toBe(true);

    // History keeps 1 per group: with a second batch finished, a third an hour later has the first
    // deleted, and the Delete event carries all its job statuses.
    await post();
    await engine.idle();
    await engine.advance(3600);
    await post();
    await engine.advance(2);
    expect(manager.cache.batch(first)).toBeUndefined();
    const deleted = sink.deliveries.map((d) => d.event).find((e) => e.event === 'Delete' && e.name === first);
    expect(deleted?.jobStatuses).toHaveLength(jobs);
    expect(engine.errors).toEqual([]);
  });

  it('a batch of several objects: every part, and the head once its condition says Completed, its whole lists let go', async () => {
    engine = await startEngine();
    const jobs = 1_200;
    const name = (
      await engine.http.post('/api/v1/batches').send({
        jobScheduleDescriptions: Array.from({ length: jobs }, (_, i) => ({ jobId: `j${i}`, variables: { WORKLOAD_SECONDS: '1' } })),
      })
    ).body.name as string;
    const cache = engine.manager().cache;
    // The whole spec lists while the batch runs: once it sleeps, nothing may hold them any more.
    await engine.advance(0.5);
    const running = cache.batchObjects(cache.batch(name)!);
    expect(running.map((o) => isDormant(o))).toEqual(running.map(() => false));
    const specLists = running.map((o) => new WeakRef(o.spec.jobs));
    await engine.idle();
    const head = cache.batch(name)!;
    const objects = cache.batchObjects(head);
    expect(objects.length).toBeGreaterThan(1);
    expect(head.status?.condition?.type).toBe('Completed');
    expect(objects.map((o) => isDormant(o))).toEqual(objects.map(() => true));
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    gc();
    expect(specLists.map((r) => r.deref() === undefined)).toEqual(specLists.map(() => true));
    const view = (await engine.http.get(`/api/v1/batches/${name}`)).body as { jobStatuses: { jobId: string; status: string }[] };
    expect(view.jobStatuses.map((j) => j.jobId)).toEqual(Array.from({ length: jobs }, (_, i) => `j${i}`));
    expect(view.jobStatuses.every((j) => j.status === 'Succeeded')).toBe(true);
    expect(engine.errors).toEqual([]);
  });

  it('finished parts wait for their head: its completion is seen with every object whole, then all sleep', async () => {
    engine = await startEngine();
    // The head and part 1 hold 500 jobs each and finish within seconds; part 2's 200 run a minute.
    const jobs = 1_200;
    const name = (
      await engine.http.post('/api/v1/batches').send({
        jobScheduleDescriptions: Array.from({ length: jobs }, (_, i) => ({ jobId: `j${i}`, variables: { WORKLOAD_SECONDS: i < 1_000 ? '1' : '60' } })),
      })
    ).body.name as string;
    const cache = engine.manager().cache;
    const seenAtCompletion: boolean[][] = [];
    cache.batchListeners.push((_type, rb, previous) => {
      if (rb.metadata.name !== name || rb.status?.condition?.type !== 'Completed' || previous?.status?.condition?.type === 'Completed') return;
      seenAtCompletion.push(cache.batchObjects(rb).map((o) => isDormant(o)));
    });
    const finished = (o: RadixBatch) => (o.status?.jobStatuses ?? []).length === o.spec.jobs.length && o.status!.jobStatuses!.every((s) => s.phase === 'Succeeded');
    for (let s = 0; s < 50 && !cache.batchObjects(cache.batch(name)!).slice(0, 2).every(finished); s++) await engine.advance(1);
    const objects = cache.batchObjects(cache.batch(name)!);
    expect(objects.map(finished)).toEqual([true, true, false]);
    expect(objects.map((o) => isDormant(o))).toEqual([false, false, false]);
    await engine.idle();
    expect(seenAtCompletion).toEqual([[false, false, false]]);
    const done = cache.batchObjects(cache.batch(name)!);
    expect(done.map((o) => isDormant(o))).toEqual([true, true, true]);
    expect(engine.errors).toEqual([]);
  });
});
