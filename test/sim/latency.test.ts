// The latency model: its parameters (presets, files, scenario sections), the seeded sampler, and the
// timeline it gives the simulated control plane (times are virtual milliseconds).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../src/cluster/types.js';
import { SeededRandom } from '../../src/common/rng.js';
import { Latency, LATENCY_CLUSTER, LATENCY_OFF, LatencyError, parseLatencyOption, validateLatency, type LatencyModel } from '../../src/sim/latency.js';
import { parseScenario, ScenarioError } from '../../src/sim/scenario.js';
import type { Simulator } from '../../src/sim/simulator.js';
import { condition, createJob, job, newSim, NS, podsOf } from './support.js';

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobsim-latency-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Every change of the store, as (virtual ms since start, type, kind, name, resourceVersion). */
function trace(sim: Simulator): string[] {
  const out: string[] = [];
  for (const kind of ['Job', 'Pod']) {
    sim.store.watch(kind, (e) => out.push(`${sim.now() - sim.config.startTime} ${e.type} ${kind} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`), NS);
  }
  return out;
}

/** Virtual ms (since start) at which `test` first held for a store object, watched from now on. */
function firstTime(sim: Simulator, kind: string, test: (obj: KubeObject) => boolean): () => number | undefined {
  let at: number | undefined;
  sim.store.watch(kind, (e) => {
    if (at === undefined && test(e.object)) at = sim.now() - sim.config.startTime;
  }, NS);
  return () => at;
}

describe('latency parameters', () => {
  it('has the presets off and cluster; a mapping overrides steps of a base (cluster unless told)', () => {
    expect(validateLatency('off')).toEqual(LATENCY_OFF);
    expect(validateLatency('cluster')).toEqual(LATENCY_CLUSTER);
    expect(validateLatency({ watch: 0.2 })).toEqual({ ...LATENCY_CLUSTER, watch: 0.2 });
    expect(validateLatency({ base: 'off', podStartup: { median: 2, p95: 5, max: 30 } })).toEqual({ ...LATENCY_OFF, podStartup: { median: 2, p95: 5, max: 30 } });
  });

  it('has a tick, 10 ms for cluster, which a mapping may change (whole milliseconds up to a second)', () => {
    expect(LATENCY_CLUSTER.resolution).toBe(0.01);
    expect(LATENCY_OFF.resolution).toBeUndefined();
    expect(validateLatency({ resolution: 0.001 })).toEqual({ ...LATENCY_CLUSTER, resolution: 0.001 });
    expect(validateLatency({ base: 'off', resolution: 0.05, watch: 0.2 })).toEqual({ ...LATENCY_OFF, resolution: 0.05, watch: 0.2 });
    expect(validateLatency({ resolution: 1 }).resolution).toBe(1);
    for (const bad of [0, 0.0005, 0.0015, 1.5, -0.01, '10ms', null]) {
      expect(() => validateLatency({ resolution: bad }), String(bad)).toThrow('latency.resolution: must be a whole number of milliseconds from 0.001 to 1 second');
    }
    expect(() => validateLatency({ tick: 0.01 })).toThrow('latency: unknown step tick (base, resolution, podScheduling, podStartup, jobSync, jobSyncBatch, watch)');
  });

  it('refuses what is not a model, naming the step and the problem', () => {
    const bad: [unknown, RegExp][] = [
      ['fast', /latency: unknown preset fast \(off, cluster\)/],
      [{ wach: 1 }, /latency: unknown step wach/],
      [{ watch: -1 }, /latency\.watch: must be a number of seconds between 0 and 3600/],
      [{ watch: { median: 0.5 } }, /latency\.watch: needs median and p95/],
      [{ watch: { median: 0.5, p95: 0.1 } }, /latency\.watch: p95 must not be below median/],
      [{ watch: { median: 0, p95: 0.1 } }, /latency\.watch: median must be above 0/],
      [{ watch: { median: 0.1, p95: 0.2, min: 1, max: 0.5 } }, /latency\.watch: min must not be above max/],
      [{ watch: { median: 0.1, p95: 0.2, mode: 1 } }, /latency\.watch: unknown key mode/],
      [{ base: 'slow' }, /latency\.base: must be off or cluster/],
      [[1], /latency: must be off, cluster or a mapping/],
    ];
    for (const [doc, message] of bad) expect(() => validateLatency(doc), JSON.stringify(doc)).toThrow(message);
  });

  it('--latency takes a preset or a YAML/JSON file (the model itself, or a scenario-style latency: key)', () => {
    expect(parseLatencyOption('off')).toBe(LATENCY_OFF);
    expect(parseLatencyOption('cluster')).toBe(LATENCY_CLUSTER);
    expect(parseLatencyOption(file('slow.yaml', 'podStartup: {median: 3, p95: 8}\n'))).toEqual({ ...LATENCY_CLUSTER, podStartup: { median: 3, p95: 8 } });
    expect(parseLatencyOption(file('l.json', JSON.stringify({ latency: { base: 'off', jobSyncBatch: 1 } })))).toEqual({ ...LATENCY_OFF, jobSyncBatch: 1 });
    expect(() => parseLatencyOption('/nonexistent/latency.yaml')).toThrow('--latency: not off, cluster or a readable file: /nonexistent/latency.yaml: no such file');
    // Not read for ever: a device or a folder, or a file of more than a model could hold.
    expect(() => parseLatencyOption('/dev/zero')).toThrow('--latency: not off, cluster or a readable file: /dev/zero: not a regular file');
    expect(() => parseLatencyOption('/tmp')).toThrow('/tmp: is a directory, not a file');
    expect(() => parseLatencyOption(file('huge.yaml', `# ${'x'.repeat(1024 * 1024)}\n`))).toThrow(/bytes, more than the 1048576 read$/);
    const bad = file('bad.yaml', 'watch: [1, 2]\n');
    expect(() => parseLatencyOption(bad)).toThrow(LatencyError);
    expect(() => parseLatencyOption(bad)).toThrow(`${bad}.watch: must be a number of seconds or a mapping`);
  });

  it('a scenario file may carry the same section', () => {
    expect(parseScenario('latency: off\n').latency).toEqual(LATENCY_OFF);
    expect(parseScenario('latency: {watch: 0.5}\n').latency).toEqual({ ...LATENCY_CLUSTER, watch: 0.5 });
    expect(() => parseScenario('latency: {watch: fast}\n')).toThrow(ScenarioError);
    expect(() => parseScenario('latency: {watch: fast}\n')).toThrow(/latency\.watch: must be a number of seconds or a mapping/);
  });
});

describe('the latency sampler', () => {
  const model = (over: Partial<LatencyModel>): LatencyModel => ({ ...LATENCY_OFF, ...over });

  it('draws nothing for a step that takes no time; a fixed step is that many ms', () => {
    const random = new SeededRandom(1);
    const l = new Latency(model({ jobSyncBatch: 1, podStartup: { median: 0.5, p95: 0.5 } }), random);
    expect(l.on('watch')).toBe(false);
    expect(l.ms('watch')).toBe(0);
    expect(l.ms('jobSyncBatch')).toBe(1000);
    expect(l.ms('podStartup')).toBe(500);
    // None of these used the random source: its next draw is the seed's first.
    expect(random.next()).toBe(new SeededRandom(1).next());
  });

  it('is log-normal with the given median and 95th percentile, clamped to [min, max]', () => {
    const l = new Latency(model({ watch: { median: 0.04, p95: 0.1 }, podStartup: { median: 0.53, p95: 0.6, min: 0.5 }, jobSync: { median: 1, p95: 10, max: 2 } }), new SeededRandom('q'));
    const draws = (step: 'watch' | 'podStartup' | 'jobSync') => Array.from({ length: 20_000 }, () => l.ms(step)).sort((a, b) => a - b);
    const watch = draws('watch');
    expect(watch[10_000]!).toBeGreaterThanOrEqual(38);
    expect(watch[10_000]!).toBeLessThanOrEqual(42);
    expect(watch[19_000]!).toBeGreaterThanOrEqual(95);
    expect(watch[19_000]!).toBeLessThanOrEqual(105);
    expect(watch.every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
    const startup = draws('podStartup');
    expect(startup[0]).toBe(500);
    expect(startup[10_000]!).toBeGreaterThanOrEqual(525);
    expect(startup[10_000]!).toBeLessThanOrEqual(535);
    expect(draws('jobSync').at(-1)).toBe(2000);
  });

  it('rounds every duration up to whole ticks: never shorter than drawn, and nothing stays nothing', () => {
    const steps = { watch: { median: 0.04, p95: 0.1 }, podScheduling: { median: 0.01, p95: 0.05 }, jobSync: 0.025, jobSyncBatch: 1 } as const;
    const fine = new Latency(model({ ...steps }), new SeededRandom('t'));
    const ticked = new Latency(model({ ...steps, resolution: 0.01 }), new SeededRandom('t'));
    // The same draws from the same stream, each rounded up to 10 ms.
    for (let i = 0; i < 5_000; i++) {
      const step = i % 2 === 0 ? 'watch' : 'podScheduling';
      const ms = fine.ms(step);
      const tick = ticked.ms(step);
      expect(tick % 10, `${step} ${tick}`).toBe(0);
      expect(tick).toBe(Math.ceil(ms / 10) * 10);
      expect(tick).toBeGreaterThan(0);
    }
    // Fixed steps too; a step that takes no time still takes none.
    expect(fine.ms('jobSync')).toBe(25);
    expect(ticked.ms('jobSync')).toBe(30);
    expect(ticked.ms('jobSyncBatch')).toBe(1000);
    // 4.03 * 1000 is 4030.0000000000005 in floating point: still 403 ticks, not 404.
    expect(new Latency(model({ jobSync: 4.03, resolution: 0.01 }), new SeededRandom(1)).ms('jobSync')).toBe(4030);
    expect(ticked.on('podStartup')).toBe(false);
    expect(ticked.ms('podStartup')).toBe(0);
  });

  it('gives the same durations for the same seed, others for another', () => {
    const seq = (seed: string) => {
      const l = new Latency(LATENCY_CLUSTER, new SeededRandom(seed));
      return Array.from({ length: 50 }, () => l.ms('watch'));
    };
    expect(seq('a')).toEqual(seq('a'));
    expect(seq('a')).not.toEqual(seq('b'));
  });
});

describe('the simulated control plane with the cluster model', () => {
  it('is the default', () => {
    expect(newSim().config.latency).toEqual(LATENCY_CLUSTER);
  });

  it('creates the pod a sync after the Job, binds it a scheduling cycle later, runs it after the start-up, and records the Job ready a batch period after the pod appeared', async () => {
    const sim = newSim();
    const podCreated = firstTime(sim, 'Pod', () => true);
    const bound = firstTime(sim, 'Pod', (p) => !!(p as Pod).spec.nodeName);
    const creating = firstTime(sim, 'Pod', (p) => (p as { status?: { containerStatuses?: { state: { waiting?: { reason?: string } } }[] } }).status?.containerStatuses?.[0]?.state.waiting?.reason === 'ContainerCreating');
    const running = firstTime(sim, 'Pod', (p) => (p as { status?: { phase?: string } }).status?.phase === 'Running');
    const jobActive = firstTime(sim, 'Job', (j) => ((j as { status?: { active?: number } }).status?.active ?? 0) > 0);
    const jobReady = firstTime(sim, 'Job', (j) => ((j as { status?: { ready?: number } }).status?.ready ?? 0) > 0);
    createJob(sim, 'one', { env: { WORKLOAD_SECONDS: '10' } });
    await sim.advance(3);
    const t = { podCreated: podCreated()!, bound: bound()!, creating: creating()!, running: running()!, jobActive: jobActive()!, jobReady: jobReady()! };
    // The Job's first sync (jobSync) creates the pod and writes `active` in the same instant.
    expect(t.podCreated).toBeGreaterThan(0);
    expect(t.podCreated).toBeLessThan(500);
    expect(t.jobActive).toBe(t.podCreated);
    // Bound a scheduling cycle later, ContainerCreating from then, Running after >= 0.5 s of start-up.
    expect(t.bound).toBeGreaterThanOrEqual(t.podCreated);
    expect(t.creating).toBe(t.bound);
    expect(t.running - t.bound).toBeGreaterThanOrEqual(500);
    expect(t.running - t.bound).toBeLessThan(1000);
    // The pod's creation queued a batched sync: `ready` is written 1 s (+ the sync's work) after it.
    expect(t.jobReady - t.podCreated).toBeGreaterThanOrEqual(1000);
    expect(t.jobReady - t.podCreated).toBeLessThan(1500);
  });

  it('syncs a pod event in the batch period after a Job\'s status write at the time that write asked for', async () => {
    // Kubernetes queues a Job a batch period after each of its status writes; a pod change before
    // then waits for that sync, not a batch period of its own.
    const sim = newSim();
    const ready = firstTime(sim, 'Job', (j) => ((j as { status?: { ready?: number } }).status?.ready ?? 0) > 0);
    const ended = firstTime(sim, 'Pod', (p) => (p as { status?: { phase?: string } }).status?.phase === 'Succeeded');
    const met = firstTime(sim, 'Job', (j) => !!condition(j as never, 'SuccessCriteriaMet'));
    // A run of 1 s ends inside the batch period after `ready` is written.
    createJob(sim, 'short', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    expect(ended()!).toBeGreaterThan(ready()!);
    expect(ended()! - ready()!).toBeLessThan(1000);
    expect(met()! - ready()!).toBeGreaterThanOrEqual(1000);
    expect(met()! - ready()!).toBeLessThan(1000 + 500);
    expect(met()! - ended()!).toBeLessThan(1000);
  });

  it('queues no sync for the pods the garbage collector deletes after their Job', async () => {
    const sim = newSim();
    createJob(sim, 'gone', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    expect(podsOf(sim, 'gone')).toHaveLength(1);
    sim.store.delete('Job', NS, 'gone');
    // The collector's pass is the one task: the pod's deletion queues no sync of a Job gone.
    expect(sim.pendingEvents).toBe(1);
    await sim.advance(0);
    expect(podsOf(sim, 'gone')).toHaveLength(0);
    expect(sim.pendingEvents).toBe(0);
  });

  it('records SuccessCriteriaMet a batched sync after the pod ended, then Complete a sync later', async () => {
    const sim = newSim();
    const ended = firstTime(sim, 'Pod', (p) => (p as { status?: { phase?: string } }).status?.phase === 'Succeeded');
    const met = firstTime(sim, 'Job', (j) => !!condition(j as never, 'SuccessCriteriaMet'));
    const complete = firstTime(sim, 'Job', (j) => !!condition(j as never, 'Complete'));
    createJob(sim, 'two', { env: { WORKLOAD_SECONDS: '2' } });
    await sim.runUntilIdle();
    expect(met()! - ended()!).toBeGreaterThanOrEqual(0);
    expect(met()! - ended()!).toBeLessThanOrEqual(1500);
    expect(complete()!).toBeGreaterThan(met()!);
    expect(complete()! - met()!).toBeLessThan(1000);
    const done = job(sim, 'two')!;
    expect(done.status?.conditions?.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(done.status?.completionTime).toBe(condition(done, 'Complete')?.lastTransitionTime);
  });

  it('fails a Job with FailureTarget first; the replacement of a failed pod still waits the 10 s backoff from its finish', async () => {
    const sim = newSim();
    createJob(sim, 'bad', { backoffLimit: 1, env: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '1' } });
    await sim.runUntilIdle();
    const [first, second] = podsOf(sim, 'bad');
    const finished = Date.parse(first!.status!.containerStatuses![0]!.state.terminated!.finishedAt!);
    const replaced = Date.parse(second!.metadata.creationTimestamp!);
    // Kubernetes counts the backoff from the finish time it reads, in whole seconds.
    expect(replaced - finished).toBeGreaterThanOrEqual(10_000);
    expect(replaced - finished).toBeLessThanOrEqual(11_000);
    const conditions = job(sim, 'bad')!.status!.conditions!;
    expect(conditions.map((c) => [c.type, c.reason])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded'],
      ['Failed', 'BackoffLimitExceeded'],
    ]);
  });

  it('gives the same run, to the millisecond, for the same seed; another seed draws other times', async () => {
    const run = async (seed: number) => {
      const sim = newSim({ seed });
      const changes = trace(sim);
      createJob(sim, 'a', { env: { WORKLOAD_SECONDS: '2' } });
      createJob(sim, 'b', { backoffLimit: 1, env: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '1' } });
      await sim.runUntilIdle();
      return { changes, log: sim.log.linesSince(0) };
    };
    const first = await run(7);
    expect(first.changes.length).toBeGreaterThan(20);
    // Every change at a whole tick (10 ms) from the start: the jobs' runs are whole seconds.
    expect(first.changes.filter((c) => Number(c.split(' ')[0]) % 10 !== 0)).toEqual([]);
    expect(await run(7)).toEqual(first);
    const other = await run(8);
    expect(other.changes.map((c) => c.split(' ')[0])).not.toEqual(first.changes.map((c) => c.split(' ')[0]));
  });
});

describe("the cluster port's watches", () => {
  it("hand each change over the model's watch latency later, in order; a stopped watch gets nothing more", async () => {
    const sim = newSim({ latency: { ...LATENCY_OFF, watch: { median: 0.05, p95: 0.2 } } });
    const port = sim.port(NS);
    const seen: [number, string, string][] = [];
    const stop = await port.watch('Job', (e) => seen.push([sim.now(), e.type, e.object.metadata.resourceVersion!]));
    const made: [number, string][] = [];
    sim.store.watch('Job', (e) => made.push([sim.now(), e.object.metadata.resourceVersion!]), NS);
    for (let i = 0; i < 20; i++) {
      createJob(sim, `j${i}`, { env: { WORKLOAD_SECONDS: '1' } });
      await sim.advance(0.01);
    }
    // The changes of this instant (the last Job's) are still on their way.
    expect(seen.length).toBeLessThan(made.length);
    await sim.runUntilIdle();
    // Every change arrives, in the order it was made, later than it was made.
    expect(seen.map((s) => s[2])).toEqual(made.map((m) => m[1]));
    for (let i = 0; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(made[i]![0]);
    expect(seen.some((s, i) => s[0] - made[i]![0] > 10)).toBe(true);
    stop();
    const before = seen.length;
    createJob(sim, 'late', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.runUntilIdle();
    expect(seen).toHaveLength(before);
  });

  it('with the watch step off, hand each change over inside the write that made it', async () => {
    const sim = newSim({ latency: LATENCY_OFF });
    const seen: string[] = [];
    await sim.port(NS).watch('Job', (e) => seen.push(e.object.metadata.name));
    createJob(sim, 'now');
    expect(seen).toEqual(['now']);
  });

  it('hand a passive watch (the engine\'s pods) each change inside the write that made it, the others the watch step later', async () => {
    const sim = newSim({ latency: { ...LATENCY_OFF, watch: { median: 0.05, p95: 0.2 } } });
    const port = sim.port(NS);
    const pods: string[] = [];
    const jobs: string[] = [];
    await port.watch('Pod', (e) => pods.push(`${e.type} ${e.object.metadata.name}`), undefined, { passive: true });
    await port.watch('Job', (e) => jobs.push(`${e.type} ${e.object.metadata.name}`));
    createJob(sim, 'j', { env: { WORKLOAD_SECONDS: '1' } });
    // The Job's first sync creates its pod at this instant (jobSync is off): seen by the passive
    // watch at once, while the Job's creation is still on its way.
    await sim.advance(0);
    // (and bound, the scheduling step being off too)
    expect(pods).toEqual([`ADDED ${podsOf(sim, 'j')[0]!.metadata.name}`, `MODIFIED ${podsOf(sim, 'j')[0]!.metadata.name}`]);
    expect(jobs).toEqual([]);
    await sim.runUntilIdle();
    expect(jobs[0]).toBe('ADDED j');
  });

  it('list what exists at once when a watch starts', async () => {
    const sim = newSim();
    createJob(sim, 'before');
    const seen: string[] = [];
    await sim.port(NS).watch('Job', (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    expect(seen).toEqual(['ADDED before']);
  });
});
