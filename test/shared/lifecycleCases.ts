// The lifecycle cases every backend runs (simulator: test/shared/lifecycle.sim.test.ts; real
// control plane: test/cluster/lifecycle.cluster.test.ts), and the scenarios of the differential
// test (test/cluster/differential.cluster.test.ts), which runs each case on both and compares
// the outcomes. A case drives the HTTP API only, records an Outcome, and checks it against the
// documented behaviour with a time tolerance (0 s on the simulator's manual clock).
import { expect } from 'vitest';
import { dedupe, type Backend } from './backend.js';

export { dedupe };

export interface PodOutcome {
  state: string;
  exitCode: number;
  reason?: string;
  /** Seconds after the job's creation. */
  created?: number;
  ended?: number;
}

export interface JobOutcome {
  /** API statuses seen, consecutive duplicates removed, starting with the create response. */
  sequence: string[];
  status: string;
  failed?: number;
  message?: string;
  /** Messages seen while the job was Active (e.g. the scheduler's). */
  activeMessages: string[];
  pods: PodOutcome[];
  /** Seconds from creation to started, and from started to ended. */
  startDelay?: number;
  runTime?: number;
}

export interface Outcome {
  jobs: Record<string, JobOutcome>;
  batch?: { sequence: string[]; status: string };
}

export interface Tolerance {
  /** Allowed difference of any time, seconds. */
  seconds: number;
}

/**
 * The tolerance of a control plane's times (the real one, and the simulator's latency model): Job
 * status trails pod phases by ~1 s, a pod starts ~0.5-1 s after creation on kwok, and API
 * timestamps have 1 s resolution.
 */
export const CLUSTER_TOLERANCE: Tolerance = { seconds: 2.5 };

export interface LifecycleCase {
  id: string;
  title: string;
  /** Capabilities the case needs, each with the reason (printed when a backend lacks it). */
  needs?: { virtualClock?: string; exitCodesPerAttempt?: string };
  run(b: Backend): Promise<Outcome>;
  check(o: Outcome, tol: Tolerance): void;
}

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped', 'Completed']);
const secs = (from: string | undefined | null, to: string | undefined | null) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : undefined;

interface ApiJob {
  name: string;
  status: string;
  created?: string;
  started?: string;
  ended?: string;
  failed?: number;
  message?: string;
  podStatuses?: { created?: string; endTime?: string; exitCode: number; reason?: string; replicaStatus: { status: string } }[];
}

function jobOutcome(sequence: string[], activeMessages: string[], j: ApiJob): JobOutcome {
  return {
    sequence: dedupe(sequence),
    status: j.status,
    ...(j.failed !== undefined ? { failed: j.failed } : {}),
    ...(j.message ? { message: j.message } : {}),
    activeMessages: [...new Set(activeMessages)],
    pods: (j.podStatuses ?? []).map((p) => ({
      state: p.replicaStatus.status,
      exitCode: p.exitCode,
      ...(p.reason ? { reason: p.reason } : {}),
      ...(secs(j.created, p.created) !== undefined ? { created: secs(j.created, p.created)! } : {}),
      ...(secs(j.created, p.endTime) !== undefined ? { ended: secs(j.created, p.endTime)! } : {}),
    })),
    ...(secs(j.created, j.started) !== undefined ? { startDelay: secs(j.created, j.started)! } : {}),
    ...(secs(j.started, j.ended) !== undefined ? { runTime: secs(j.started, j.ended)! } : {}),
  };
}

async function createJob(b: Backend, body: object): Promise<ApiJob> {
  const res = await b.http.post('/api/v1/jobs').send(body);
  if (res.status !== 200) throw new Error(`POST /api/v1/jobs -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ApiJob;
}

async function getJob(b: Backend, name: string): Promise<ApiJob | undefined> {
  const res = await b.http.get(`/api/v1/jobs/${name}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET /api/v1/jobs/${name} -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ApiJob;
}

/** Follows single jobs until `done` (default: all terminal), recording every status seen. */
async function traceJobs(
  b: Backend,
  jobs: Record<string, ApiJob>,
  timeoutSeconds: number,
  done: (views: Record<string, ApiJob | undefined>) => boolean = (v) => Object.values(v).every((j) => j && TERMINAL.has(j.status)),
): Promise<{ views: Record<string, ApiJob | undefined>; seqs: Record<string, string[]>; active: Record<string, string[]> }> {
  const seqs: Record<string, string[]> = {};
  const active: Record<string, string[]> = {};
  for (const [label, j] of Object.entries(jobs)) {
    seqs[label] = [j.status];
    active[label] = [];
  }
  const views = await b.until(
    async () => {
      const v: Record<string, ApiJob | undefined> = {};
      for (const [label, j] of Object.entries(jobs)) {
        const cur = await getJob(b, j.name);
        v[label] = cur;
        seqs[label]!.push(cur ? cur.status : 'Deleted');
        if (cur?.status === 'Active' && cur.message) active[label]!.push(cur.message);
      }
      return done(v) ? v : undefined;
    },
    timeoutSeconds,
    `jobs ${Object.keys(jobs).join(', ')} done`,
  );
  return { views, seqs, active };
}

async function single(b: Backend, body: object, timeoutSeconds: number): Promise<Outcome> {
  const job = await createJob(b, body);
  const { views, seqs, active } = await traceJobs(b, { job }, timeoutSeconds);
  return { jobs: { job: jobOutcome(seqs.job!, active.job!, views.job!) } };
}

/**
 * The sequence without 'Active' entries: a pod that is still starting (Pending, ContainerCreating)
 * shows its job as Active for a moment on a real cluster, where the simulator starts it at once.
 * The differential test compares the raw sequences.
 */
export function settled(sequence: string[]): string[] {
  return dedupe(sequence.filter((s) => s !== 'Active' && s !== 'Stopping'));
}

function approx(actual: number | undefined, expected: number, tol: Tolerance, what: string): void {
  expect(actual, what).toBeDefined();
  expect(Math.abs(actual! - expected), `${what}: ${actual} s, expected ${expected} s ± ${tol.seconds} s`).toBeLessThanOrEqual(tol.seconds);
}

const ws = (seconds: number, extra: Record<string, string> = {}) => ({ variables: { WORKLOAD_SECONDS: String(seconds), ...extra } });

export const lifecycleCases: LifecycleCase[] = [
  {
    id: 'success',
    title: 'a 2-second job goes Waiting -> Running -> Succeeded and its pod completes with exit code 0',
    run: (b) => single(b, ws(2), 60),
    check(o, tol) {
      const j = o.jobs.job!;
      expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Succeeded']);
      expect(j.pods).toMatchObject([{ state: 'Succeeded', exitCode: 0, reason: 'Completed' }]);
      approx(j.runTime, 2, tol, 'run time');
    },
  },
  {
    id: 'backoff-limit',
    title: 'exit code 3 with backoffLimit 1 fails after two attempts, 10 s of pod-failure backoff apart',
    run: (b) => single(b, { backoffLimit: 1, ...ws(1, { WORKLOAD_EXIT_CODE: '3' }) }, 90),
    check(o, tol) {
      const j = o.jobs.job!;
      // The job stays Running between a failed attempt and its retry (documented profile).
      expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Failed']);
      expect(j).toMatchObject({ status: 'Failed', failed: 2, message: 'Job has reached the specified backoff limit' });
      expect(j.pods.map((p) => [p.state, p.exitCode, p.reason])).toEqual([
        ['Failed', 3, 'Error'],
        ['Failed', 3, 'Error'],
      ]);
      // Attempt 1 runs 0-1 s; backoff 10 s -> attempt 2 at 11-12 s.
      approx(j.pods[1]!.created! - j.pods[0]!.ended!, 10, tol, 'backoff before the retry');
      approx(j.runTime, 12, tol, 'run time');
    },
  },
  {
    id: 'exit-codes-per-attempt',
    title: 'WORKLOAD_EXIT_CODES 1,0 with backoffLimit 1: the retry succeeds',
    needs: { exitCodesPerAttempt: 'kwok stages cannot count attempts of restartPolicy Never pods (scripts/cluster/README.md)' },
    run: (b) => single(b, { backoffLimit: 1, ...ws(5, { WORKLOAD_EXIT_CODES: '1,0' }) }, 90),
    check(o, tol) {
      const j = o.jobs.job!;
      expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Succeeded']);
      expect(j).toMatchObject({ status: 'Succeeded', failed: 1 });
      expect(j.pods.map((p) => p.exitCode)).toEqual([1, 0]);
      approx(j.runTime, 20, tol, 'run time');
    },
  },
  {
    id: 'time-limit',
    title: 'timeLimitSeconds 2 kills a 60-second attempt at 2 s and the job fails',
    run: (b) => single(b, { timeLimitSeconds: 2, backoffLimit: 0, ...ws(60) }, 60),
    check(o, tol) {
      const j = o.jobs.job!;
      expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Failed']);
      expect(j.pods).toHaveLength(1);
      expect(j.pods[0]!.state).toBe('Failed');
      approx(j.runTime, 2, tol, 'run time');
    },
  },
  {
    id: 'failure-policy-failjob',
    title: 'failurePolicy FailJob on exit code 42 fails the job at the first failure despite backoffLimit 3',
    run: (b) =>
      single(b, { backoffLimit: 3, failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] }, ...ws(1, { WORKLOAD_EXIT_CODE: '42' }) }, 60),
    check(o, tol) {
      const j = o.jobs.job!;
      expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Failed']);
      expect(j.pods.map((p) => [p.state, p.exitCode])).toEqual([['Failed', 42]]);
      approx(j.runTime, 1, tol, 'run time');
    },
  },
  {
    id: 'failure-policy-ignore',
    title: 'failurePolicy Ignore on exit code 42: failures are retried without counting; the job runs until stopped',
    async run(b) {
      const job = await createJob(b, { backoffLimit: 0, failurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [42] } }] }, ...ws(1, { WORKLOAD_EXIT_CODE: '42' }) });
      // Until the retry pod runs (not merely exists): a cut at its creation is a sampling instant
      // (Active at once on the simulator, often not yet seen on a polled cluster).
      const first = await traceJobs(b, { job }, 60, (v) => v.job?.status === 'Running' && v.job.podStatuses?.[1]?.replicaStatus.status === 'Running');
      await b.sleep(3);
      const stop = await b.http.post(`/api/v1/jobs/${job.name}/stop`);
      if (stop.status !== 200) throw new Error(`stop -> ${stop.status} ${JSON.stringify(stop.body)}`);
      const { views, seqs, active } = await traceJobs(b, { job: { ...job, status: first.views.job!.status } }, 60);
      return { jobs: { job: jobOutcome([...first.seqs.job!, ...seqs.job!], [...first.active.job!, ...active.job!], views.job!) } };
    },
    check(o) {
      const j = o.jobs.job!;
      // Stopping (documented profile) may be too short-lived to be seen.
      expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Stopped']);
      expect(j.status).toBe('Stopped');
      expect(j.failed ?? 0).toBe(0);
      expect(j.pods.length).toBeGreaterThanOrEqual(2);
      for (const p of j.pods.slice(0, -1)) expect([p.state, p.exitCode]).toEqual(['Failed', 42]);
    },
  },
  {
    id: 'batch-status',
    title: 'a batch of one succeeding and one failing job ends Failed; each job has its own status',
    async run(b) {
      const res = await b.http.post('/api/v1/batches').send({
        batchId: 'diff-1',
        jobScheduleDescriptions: [
          { jobId: 'ok', ...ws(1) },
          { jobId: 'bad', ...ws(2, { WORKLOAD_EXIT_CODE: '1' }) },
        ],
      });
      if (res.status !== 200) throw new Error(`POST /api/v1/batches -> ${res.status} ${JSON.stringify(res.body)}`);
      const name = (res.body as { name: string }).name;
      const seq: string[] = [res.body.status];
      const jobSeq: Record<string, string[]> = { ok: [], bad: [] };
      const final = await b.until(
        async () => {
          const cur = (await b.http.get(`/api/v1/batches/${name}`)).body as { status: string; jobStatuses: (ApiJob & { jobId: string })[] };
          seq.push(cur.status);
          for (const j of cur.jobStatuses) jobSeq[j.jobId]?.push(j.status);
          return TERMINAL.has(cur.status) ? cur : undefined;
        },
        60,
        'batch done',
      );
      const jobs: Record<string, JobOutcome> = {};
      for (const j of final.jobStatuses) {
        const detail = (await b.http.get(`/api/v1/batches/${name}/jobs/${j.name}`)).body as ApiJob;
        jobs[j.jobId] = jobOutcome(['Waiting', ...jobSeq[j.jobId]!], [], detail);
      }
      return { jobs, batch: { sequence: dedupe(seq), status: final.status } };
    },
    check(o, tol) {
      expect(o.batch).toEqual({ sequence: ['Waiting', 'Running', 'Failed'], status: 'Failed' });
      expect(o.jobs.ok!).toMatchObject({ status: 'Succeeded', pods: [{ state: 'Succeeded', exitCode: 0 }] });
      expect(o.jobs.bad!).toMatchObject({ status: 'Failed', pods: [{ state: 'Failed', exitCode: 1, reason: 'Error' }] });
      approx(o.jobs.bad!.runTime, 2, tol, 'run time of the failing job');
    },
  },
  {
    id: 'stop',
    title: 'stopping a running job ends it Stopped',
    async run(b) {
      const job = await createJob(b, ws(30));
      const first = await traceJobs(b, { job }, 30, (v) => v.job?.status === 'Running');
      const stop = await b.http.post(`/api/v1/jobs/${job.name}/stop`);
      if (stop.status !== 200) throw new Error(`stop -> ${stop.status} ${JSON.stringify(stop.body)}`);
      const { views, seqs, active } = await traceJobs(b, { job: { ...job, status: 'Running' } }, 60);
      return { jobs: { job: jobOutcome([...first.seqs.job!, ...seqs.job!], [...first.active.job!, ...active.job!], views.job!) } };
    },
    check(o) {
      const j = o.jobs.job!;
      expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Stopped']);
      expect(j.status).toBe('Stopped');
      expect(j.pods).toHaveLength(1);
    },
  },
  {
    id: 'delete',
    title: 'deleting a running job removes it: GET answers 404',
    async run(b) {
      const job = await createJob(b, ws(30));
      const first = await traceJobs(b, { job }, 30, (v) => v.job?.status === 'Running');
      const del = await b.http.delete(`/api/v1/jobs/${job.name}`);
      if (del.status !== 200) throw new Error(`delete -> ${del.status} ${JSON.stringify(del.body)}`);
      const after = await getJob(b, job.name);
      const seq = [...first.seqs.job!, after ? after.status : 'Deleted'];
      const last = first.views.job!;
      return { jobs: { job: { ...jobOutcome(seq, first.active.job!, last), status: after ? after.status : 'Deleted' } } };
    },
    check(o) {
      expect(settled(o.jobs.job!.sequence)).toEqual(['Waiting', 'Running', 'Deleted']);
    },
  },
  {
    id: 'node-shortage',
    title: 'four 3-cpu jobs on three 4-cpu nodes: one stays Active with the scheduler message, then runs when capacity frees',
    async run(b) {
      const big = { resources: { requests: { cpu: '3', memory: '1Gi' }, limits: { cpu: '3', memory: '1Gi' } }, ...ws(5) };
      const created: Record<string, ApiJob> = {};
      for (let i = 0; i < 4; i++) created[`j${i}`] = await createJob(b, big);
      const { views, seqs, active } = await traceJobs(b, created, 120);
      const outcomes = Object.keys(created).map((k) => jobOutcome(seqs[k]!, active[k]!, views[k]!));
      // Which job waits is up to the scheduler: order by run time so outcomes compare.
      outcomes.sort((a, b2) => (a.runTime ?? 0) - (b2.runTime ?? 0) || a.sequence.join().localeCompare(b2.sequence.join()));
      return { jobs: Object.fromEntries(outcomes.map((o, i) => [`job${i}`, o])) };
    },
    check(o, tol) {
      const all = Object.values(o.jobs);
      expect(all.map((j) => j.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded']);
      for (const j of all) expect(settled(j.sequence)).toEqual(['Waiting', 'Running', 'Succeeded']);
      const waited = all.filter((j) => j.activeMessages.some((m) => m.includes('Insufficient cpu')));
      expect(waited).toHaveLength(1);
      expect(waited[0]!.sequence).toEqual(['Waiting', 'Active', 'Running', 'Succeeded']);
      expect(waited[0]!.activeMessages.join(' | ')).toMatch(/^0\/3 nodes are available: 3 Insufficient cpu\./);
      // The Job starts (status.startTime) at once; its pod runs when a 5-second job has freed a node.
      approx(waited[0]!.runTime, 10, tol, 'run time of the job that waited for capacity');
    },
  },
  {
    id: 'virtual-clock-exact',
    title: 'on the manual clock, times are exact: a 2-second job ends exactly 2 s after it started',
    needs: { virtualClock: 'needs the simulator\'s manual clock; real time has jitter' },
    run: (b) => single(b, ws(2), 60),
    check(o) {
      expect(o.jobs.job!).toMatchObject({ startDelay: 0, runTime: 2 });
    },
  },
];

/** Why a backend cannot run a case, or undefined when it can. */
export function skipReason(c: LifecycleCase, b: { virtualClock: boolean; exitCodesPerAttempt: boolean }): string | undefined {
  if (c.needs?.virtualClock && !b.virtualClock) return c.needs.virtualClock;
  if (c.needs?.exitCodesPerAttempt && !b.exitCodesPerAttempt) return c.needs.exitCodesPerAttempt;
  return undefined;
}
