// bench/chainCounts.mjs counts what each job costs the simulator (writes, watch deliveries, queue
// tasks, Map operations); bench/history.md quotes it. This runs it on 20 virtual minutes of the month scenario and
// checks the counts against what that scenario must do (it runs the compiled CLI: dist/).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Count {
  total: number;
  perJob: number;
}

interface Counted {
  jobs: number;
  instants: number;
  latency?: string;
  perJob: Record<string, number>;
  jobSyncs: { ran: number; wroteNothing: number };
  writes: Record<string, Count>;
  deliveries: Record<string, Count>;
  tasks: Record<string, Count>;
  newMaps: Record<string, Count>;
}

/** 20 virtual minutes of the month scenario, with the latency model given (else its own). */
function counted(...latency: string[]): Counted {
  const run = spawnSync(process.execPath, ['bench/chainCounts.mjs', 'examples/scenarios/month.yaml', '20m', ...latency], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Counted;
}

/** The scenario's own model, run once for both tests. */
let plain: Counted | undefined;
const withOwnModel = () => (plain ??= counted());

describe('bench/chainCounts.mjs', () => {
  it('counts one Job created per job, its status writes, deliveries and tasks', () => {
    const out = withOwnModel();
    // Five every-minute cron components for 20 minutes: ~100 single-job batches.
    expect(out.jobs).toBeGreaterThan(80);
    expect(out.jobs).toBeLessThanOrEqual(100);
    // Every job's Job is created once (a job still waiting at the horizon may have none yet).
    expect(out.writes['create Job']!.total).toBeLessThanOrEqual(out.jobs);
    expect(out.writes['create Job']!.total).toBeGreaterThan(out.jobs - 6);
    expect(out.writes['create RadixBatch']!.total).toBe(out.writes['create Job']!.total);
    // Each batch's status is written several times (Waiting, Active, Running, done) and every
    // write reaches its own component's Job Manager only (each watches its component's batches).
    expect(out.writes['update RadixBatch/status']!.perJob).toBeGreaterThan(3);
    expect(out.deliveries['RadixBatch MODIFIED']!.total).toBe(out.writes['update RadixBatch/status']!.total + (out.writes['update RadixBatch']?.total ?? 0));
    expect(out.perJob.tasks).toBeGreaterThan(5);
    // The Job controller syncs a job at least to create its pod, to write `ready` and to mark it
    // finished; the syncs its own status writes queue are skipped when nothing changed since, so
    // few of those that run write nothing (1.85 a job did before that).
    expect(out.jobSyncs.ran).toBeGreaterThanOrEqual(3);
    expect(out.jobSyncs.wroteNothing).toBeLessThan(0.5);
    // Every store write looks its kind's table up, and the engine and the cluster's controllers
    // look up far more (names, owners, due syncs): Map operations outnumber the writes.
    expect(out.perJob.mapOps).toBeGreaterThan(out.perJob.writes! * 5);
    // Maps made during the run, named by the place that makes them: the reconciler queues each
    // dirty batch object's jobs in a Map of its own (one a job at least: each of these jobs is its
    // own batch), and the counts per place add up to the total. This slice made 15.5 a job at
    // 1bcac78 (17.9 before: a map per shared value in SimContext.sharedBy).
    const places = Object.entries(out.newMaps);
    expect(places.find(([place]) => place.startsWith('engine/reconciler.js'))?.[1].perJob).toBeGreaterThanOrEqual(1);
    const made = places.reduce((n, [, c]) => n + c.total, 0);
    expect(Math.abs(made / out.jobs - out.perJob.newMaps!)).toBeLessThanOrEqual(0.005);
    expect(out.perJob.newMaps).toBeLessThan(17);
  }, 60_000);

  it('counts the instants, fewer with the latency model off (each chain runs at its cron tick)', () => {
    const cluster = withOwnModel();
    const off = counted('off');
    expect(off.latency).toBe('off');
    expect(cluster.latency).toBeUndefined();
    // Off: a job's whole chain runs at its minute's tick, and the Job's TTL or a retry's backoff
    // at a few more instants; the model spreads each step over milliseconds of its own.
    expect(off.instants).toBeGreaterThanOrEqual(20);
    expect(off.instants).toBeLessThan(cluster.instants / 4);
    // An instant is a millisecond at which at least one task ran (tasks a job is rounded to 0.01).
    expect(cluster.instants).toBeLessThanOrEqual((cluster.perJob.tasks! + 0.01) * cluster.jobs);
  }, 60_000);
});
