// What a client polling the API sees with the simulator's default latency model (cluster), radix
// profile, manual clock: the phases the reference shows on a cluster (docs/simulator-timing.md),
// with phase lengths inside the ranges measured there (bench/README.md and bench/history.md, "Simulator timing").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type ServeOptions, type Serving } from '../../src/cli/serve.js';
import { LATENCY_CLUSTER, LATENCY_OFF } from '../../src/sim/latency.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.stop());

interface Seen {
  /** virtual ms since the job was created */
  at: number;
  status: string;
  ended: boolean;
}

/** Polls `path` every `stepMs` (default 20) of virtual time until `done`; the changes of (status, ended set). */
async function timeline(path: string, done: (s: Seen) => boolean, opts: { stepMs?: number; maxMs?: number; onPoll?: (s: Seen) => Promise<void> } = {}): Promise<Seen[]> {
  const step = opts.stepMs ?? 20;
  const start = h.sim.now();
  const seen: Seen[] = [];
  for (let t = 0; t <= (opts.maxMs ?? 60_000); t += step) {
    const body = (await h.http.get(path)).body as { status: string; ended?: string | null };
    const s = { at: h.sim.now() - start, status: body.status, ended: !!body.ended };
    const last = seen[seen.length - 1];
    if (!last || last.status !== s.status || last.ended !== s.ended) seen.push(s);
    if (done(s)) return seen;
    await opts.onPoll?.(s);
    await h.advance(step / 1000);
  }
  throw new Error(`${path}: not done after ${opts.maxMs ?? 60_000} ms: ${JSON.stringify(seen)}`);
}

const first = (seen: Seen[], test: (s: Seen) => boolean) => seen.find(test)?.at;
/** Records when each pod ends (the kubelet writes its end at the workload's end): job name -> ms. */
function podEnds(): Map<string, number> {
  const ends = new Map<string, number>();
  h.sim.store.watch('Pod', (e) => {
    const phase = (e.object as { status?: { phase?: string } }).status?.phase;
    const job = e.object.metadata.labels?.['job-name'];
    if (job && (phase === 'Succeeded' || phase === 'Failed')) ends.set(job, h.sim.now());
  });
  return ends;
}

describe('a client of the simulator with the default latency model (radix profile)', () => {
  it('uses the cluster model by default', async () => {
    h = await startHarness({ profile: 'radix' });
    expect(h.sim.config.latency).toEqual(LATENCY_CLUSTER);
  });

  it('sees Waiting, Active while the pod starts, Running, and the result a moment after the workload ends', async () => {
    h = await startHarness({ profile: 'radix' });
    const ends = podEnds();
    const start = h.sim.now();
    const job = await h.createJob({ variables: { WORKLOAD_SECONDS: '2' } });
    const seen = await timeline(`/api/v1/jobs/${job.name}`, (s) => s.status === 'Succeeded' && s.ended);
    expect(seen.map((s) => s.status)).toEqual(['Waiting', 'Active', 'Running', 'Succeeded']);
    const active = first(seen, (s) => s.status === 'Active')!;
    const running = first(seen, (s) => s.status === 'Running')!;
    const result = first(seen, (s) => s.status === 'Succeeded')!;
    // Measured on the control plane (watch timelines): Waiting 0.07-0.35 s, Active 0.81-1.13 s, a
    // 2 s job's result 1.04-1.54 s after its workload ended; the model is checked within those, widened.
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThan(500);
    expect(running - active).toBeGreaterThanOrEqual(700);
    expect(running - active).toBeLessThanOrEqual(1500);
    // A batched sync (1 s) after the pod ended, plus the sync's work and the watch's delivery.
    const lag = result - (ends.get(job.name)! - start);
    expect(lag).toBeGreaterThanOrEqual(1000);
    expect(lag).toBeLessThanOrEqual(1600);
    expect(h.errors).toEqual([]);
  });

  it('sees Stopping after a stop until the job is Stopped (the Job deleted, the deletion seen)', async () => {
    h = await startHarness({ profile: 'radix' });
    const job = await h.createJob({ variables: { WORKLOAD_SECONDS: '60' } });
    let stoppedAt: number | undefined;
    const seen = await timeline(`/api/v1/jobs/${job.name}`, (s) => s.status === 'Stopped', {
      onPoll: async (s) => {
        if (s.status === 'Running' && stoppedAt === undefined) {
          stoppedAt = s.at;
          expect((await h.http.post(`/api/v1/jobs/${job.name}/stop`)).status).toBe(200);
          // The stop request is answered before the Job is gone.
          expect((await h.http.get(`/api/v1/jobs/${job.name}`)).body.status).toBe('Stopping');
        }
      },
    });
    expect(seen.map((s) => s.status)).toEqual(['Waiting', 'Active', 'Running', 'Stopping', 'Stopped']);
    const stopping = first(seen, (s) => s.status === 'Stopped')! - first(seen, (s) => s.status === 'Stopping')!;
    // Measured: 0.01-0.46 s from the stop's answer to Stopped on the reference.
    expect(stopping).toBeGreaterThan(0);
    expect(stopping).toBeLessThan(500);
    expect(seen.at(-1)!.ended).toBe(true);
  });

  it('sees Failed without ended after the last attempt failed only until the Job is recorded failed, as the reference', async () => {
    // The reference reads a job's pods when its Job changes: the Job's FailureTarget shows the
    // failed pod, its Failed condition (a Job sync later) ends the job. Measured on the local control
    // plane: 0.01-0.11 s between them, or none seen. Six seeds: each window within that (widened),
    // and the window seen by most.
    const windows: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      h = await startHarness({ profile: 'radix', seed });
      const job = await h.createJob({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '2', WORKLOAD_EXIT_CODE: '1' } });
      // Its pod ends ~2.6 s in, the Job controller sees it a batch period (1 s) later: polled
      // closely from 3 s in.
      await h.advance(3);
      const seen = await timeline(`/api/v1/jobs/${job.name}`, (s) => s.status === 'Failed' && s.ended, { stepMs: 2 });
      const statuses = seen.map((s) => `${s.status}${s.ended ? ' ended' : ''}`);
      expect(statuses.filter((s) => s !== 'Failed')).toEqual(['Running', 'Failed ended']);
      const failed = first(seen, (s) => s.status === 'Failed') ?? first(seen, (s) => s.ended);
      windows.push(first(seen, (s) => s.ended)! - failed!);
      h.stop();
    }
    for (const w of windows) expect(w).toBeLessThanOrEqual(200);
    expect(windows.filter((w) => w > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('sees Failed without ended between an attempt that failed and its retry (the pod-failure backoff)', async () => {
    h = await startHarness({ profile: 'radix' });
    const job = await h.createJob({ backoffLimit: 1, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODES: '1,0' } });
    const seen = await timeline(`/api/v1/jobs/${job.name}`, (s) => s.status === 'Succeeded' && s.ended, { stepMs: 50 });
    const statuses = seen.map((s) => `${s.status}${s.ended ? ' ended' : ''}`);
    expect(statuses.slice(0, 4)).toEqual(['Waiting', 'Active', 'Running', 'Failed']);
    expect(statuses.at(-1)).toBe('Succeeded ended');
    const failed = seen.findIndex((s) => s.status === 'Failed');
    const retryWindow = seen[failed + 1]!.at - seen[failed]!.at;
    // Measured: 8.6-10.0 s (the 10 s backoff, counted from the failed pod's finish second).
    expect(retryWindow).toBeGreaterThan(8500);
    expect(retryWindow).toBeLessThanOrEqual(10_500);
  });

  it('sees a pod the scheduler found no node for as Unschedulable, also when the verdict comes after the Job changed', async () => {
    // The reference shows the verdict while the job is Active (the differential's
    // lifecycle/node-gpu-unschedulable). Seeds 41, 51 and 79 draw the scheduler's verdict after
    // the Job's active count reaches the engine (no Job change follows it): 25 seeds of 1-400 did.
    for (const seed of [1, 2, 41, 51, 79]) {
      h = await startHarness({ profile: 'radix', seed });
      const job = await h.createJob({ variables: { WORKLOAD_SECONDS: '1' }, node: { gpu: 'nvidia-v100, -k80', gpuCount: '1' } });
      await h.advance(3);
      const body = (await h.http.get(`/api/v1/jobs/${job.name}`)).body as { status: string; podStatuses?: { reason?: string; statusMessage?: string }[] };
      expect({ seed, status: body.status, reason: body.podStatuses?.[0]?.reason }).toEqual({ seed, status: 'Active', reason: 'Unschedulable' });
      expect(body.podStatuses![0]!.statusMessage).toMatch(/^0\/\d+ nodes are available/);
      h.stop();
    }
  });

  it('gives a client the same timeline for the same seed', async () => {
    const run = async () => {
      h = await startHarness({ profile: 'radix', seed: 3 });
      const job = await h.createJob({ variables: { WORKLOAD_SECONDS: '1' } });
      const seen = await timeline(`/api/v1/jobs/${job.name}`, (s) => s.status === 'Succeeded' && s.ended, { stepMs: 5 });
      h.stop();
      return seen;
    };
    const a = await run();
    expect(a.length).toBe(4);
    expect(await run()).toEqual(a);
  });
});

describe('jobsim serve --latency', () => {
  const BASE: ServeOptions = { port: 0, host: '127.0.0.1', seed: '1', clock: 'manual', compat: 'radix', component: 'compute', bodyLimit: '1mb', backoffCap: 600, workloadSeconds: 5 };
  const log = pino({ level: 'silent' });
  let serving: Serving | undefined;
  afterEach(async () => {
    await serving?.close();
    serving = undefined;
  });
  const scenario = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'jobsim-timing-')), 'scenario.yaml');
    writeFileSync(path, text);
    return path;
  };

  it('is cluster by default, else the scenario\'s; the flag wins over the scenario', async () => {
    serving = await serve(BASE, log);
    expect(serving.runtime.sim.config.latency).toEqual(LATENCY_CLUSTER);
    await serving.close();
    serving = await serve({ ...BASE, latency: 'off' }, log);
    expect(serving.runtime.sim.config.latency).toEqual(LATENCY_OFF);
    await serving.close();
    const file = scenario('latency: {watch: 0.5}\n');
    serving = await serve({ ...BASE, scenario: file }, log);
    expect(serving.runtime.sim.config.latency).toEqual({ ...LATENCY_CLUSTER, watch: 0.5 });
    await serving.close();
    serving = await serve({ ...BASE, scenario: file, latency: 'off' }, log);
    expect(serving.runtime.sim.config.latency).toEqual(LATENCY_OFF);
  });

  it('refuses a model it cannot read, saying why, and serves nothing', async () => {
    await expect(serve({ ...BASE, latency: 'quick' }, log)).rejects.toThrow('--latency: not off, cluster or a readable file: quick: no such file');
    await expect(serve({ ...BASE, latency: scenario('watch: {median: 1}\n') }, log)).rejects.toThrow(/\.watch: needs median and p95/);
  });

  it('is refused with the kubernetes backend (a usage error: exit 2)', () => {
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--backend', 'kubernetes', '--latency', 'off', '--port', '0'], { encoding: 'utf8', timeout: 80_000 });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('jobsim serve: --latency applies to the simulator only');
  }, 90_000);
});
