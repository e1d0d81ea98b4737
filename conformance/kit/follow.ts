// Follows one job over time (stepwise on the virtual clock, by paced polling in real time) and checks the
// invariants that hold at every sample in either profile: legal transitions, `ended` exactly on terminal
// states (but for the reference's `Failed` of a job that is not over yet), `failed <= backoffLimit + 1`,
// one pod status per attempt.
import { CheckFailure, ensure } from './failure.js';
import type { Response } from './http.js';
import type { JobStatus } from './jobApi.js';
import { anyProfile, TERMINAL_JOB } from './profiles.js';
import type { CheckContext, Exchange } from './types.js';

export interface Sample {
  /** Time of the sample (virtual or wall ms). */
  t: number;
  job: JobStatus;
  ex: Exchange;
}

export interface FollowOptions {
  backoffLimit: number;
  /** Give up after this many (virtual or real) seconds. */
  maxSeconds: number;
  /** The job may have pods that failed without counting (failurePolicy Ignore). */
  ignoredFailures?: boolean;
  /** The job was stopped: a pod the stop killed (exit code 143, SIGTERM) fails without counting in `failed`. */
  stopped?: boolean;
  /** Stop following when this holds (default: the job is terminal for good). */
  until?: (job: JobStatus) => boolean;
}

/**
 * On a real cluster, counters and derived statuses are written by controllers some time after the facts
 * they summarise (the Job controller counts a failed pod in `failed` ~1 s after the pod failed; a batch's
 * status is written after its jobs' change; the reference's RadixBatch controller, shared by every
 * job-scheduler of a cluster, was seen 5-10 s behind when other users loaded it). In real time a sample may
 * trail like that for up to this long before it is a failure (on the virtual clock see VIRTUAL_LAG_MS); on a
 * final sample never. A lasting disagreement is a failure however long the allowance: the final sample is judged strictly.
 */
export const REAL_LAG_MS = 15_000;
/**
 * The same allowance on a virtual clock, in virtual time: a simulator that plays a cluster's latencies
 * (jobsim's default `--latency cluster`: the Job controller's 1 s batch period, plus its sync and the
 * watch) trails by about a second; an exact one (`--latency off`) not at all. A final sample never.
 */
export const VIRTUAL_LAG_MS = 3_000;

/** Tolerates a consistency failure that lasts less than REAL_LAG_MS in real time, VIRTUAL_LAG_MS in virtual time. */
export class LagTolerance {
  private since: number | undefined;
  constructor(private readonly ctx: CheckContext) {}

  check(t: number, final: boolean, judge: () => void): void {
    try {
      judge();
      this.since = undefined;
    } catch (err) {
      if (!(err instanceof CheckFailure) || final) throw err;
      const allowance = this.ctx.time.virtual ? VIRTUAL_LAG_MS : REAL_LAG_MS;
      this.since ??= t;
      if (t - this.since < allowance) return;
      throw new CheckFailure({ ...err.detail, message: `${err.detail.message} (for ${((t - this.since) / 1000).toFixed(1)} s, longer than the ${allowance / 1000} s a controller may trail)` });
    }
  }
}

export const isTerminal = (s: string | undefined) => (TERMINAL_JOB as readonly (string | undefined)[]).includes(s);
export const isSet = (v: unknown) => typeof v === 'string' && v.length > 0;
/** The job is over: a terminal status with `ended` set (the reference reads Failed before it is over). */
export const isOver = (j: { status?: unknown; ended?: unknown } | undefined) => !!j && isTerminal(String(j.status)) && isSet(j.ended);

/** Whether the job may still start another pod (radix shows Failed between attempts). */
export function retriesLeft(job: JobStatus, backoffLimit: number): boolean {
  return (job.failed ?? 0) <= backoffLimit && !isSet(job.ended);
}

export async function follow(ctx: CheckContext, get: () => Promise<Response<JobStatus>>, opts: FollowOptions): Promise<Sample[]> {
  const samples: Sample[] = [];
  const start = await ctx.time.now();
  const done = opts.until ?? isOver;
  const lag = { failed: new LagTolerance(ctx), ended: new LagTolerance(ctx) };
  for (;;) {
    await ctx.time.pace();
    const res = await get();
    if (res.status !== 200) throw new CheckFailure({ message: `reading the job failed with HTTP ${res.status}`, expected: 'HTTP 200', exchange: res.ex });
    const t = await ctx.time.now();
    const sample = { t, job: res.body, ex: res.ex };
    // only a job that is over must be consistent at once; one followed until something else may still trail
    checkSample(ctx, samples.at(-1), sample, opts, lag, isOver(res.body));
    samples.push(sample);
    if (done(res.body)) return samples;
    if (t - start > opts.maxSeconds * 1000) {
      throw new CheckFailure({
        message: `the job did not reach the expected state within ${opts.maxSeconds} ${ctx.time.virtual ? 'virtual ' : ''}seconds`,
        actual: `statuses seen: ${statusTrail(samples)}`,
        exchange: res.ex,
      });
    }
    await ctx.time.advance(ctx.time.pollSeconds);
  }
}

export function statusTrail(samples: Sample[]): string {
  const out: string[] = [];
  for (const s of samples) if (out.at(-1) !== s.job.status) out.push(String(s.job.status));
  return out.join(' -> ');
}

function checkSample(ctx: CheckContext, prev: Sample | undefined, cur: Sample, opts: FollowOptions, lag: { failed: LagTolerance; ended: LagTolerance }, final: boolean): void {
  const job = cur.job;
  const status = String(job.status);
  const left = retriesLeft(job, opts.backoffLimit);
  if (prev) {
    const from = String(prev.job.status);
    const prevLeft = retriesLeft(prev.job, opts.backoffLimit);
    ensure(anyProfile.transitionAllowed(from, status, prevLeft), `illegal status transition ${from} -> ${status}`, {
      expected:
        'a transition either profile allows: Waiting -> Active/Running -> Succeeded/Failed; Stopping -> Stopped; terminal states are final, ' +
        'except that a Failed job whose `ended` is unset and has retries left may run again, and Stopping may end Failed (the reference reads Failed while every pod so far failed)',
      actual: `${from} -> ${status}`,
      exchange: cur.ex,
    });
  }
  const terminal = isTerminal(status);
  const ended = isSet(job.ended);
  if (terminal && !ended) {
    // The reference reads Failed with `ended` unset while every pod so far failed: between attempts (retries
    // left), and after the last attempt until its controller has recorded the Job's failure (under a second
    // there; tolerated up to REAL_LAG_MS in real time, VIRTUAL_LAG_MS in virtual time, never on a final sample).
    const unsetEnded = () => {
      throw new CheckFailure({
        message: `status ${status} is terminal but \`ended\` is not set`,
        expected: `\`ended\` set on Succeeded, Failed and Stopped (a Failed job with retries left may leave it unset; after its last attempt for at most ${REAL_LAG_MS / 1000} s in real time, while the controller records the failure)`,
        actual: `ended: ${JSON.stringify(job.ended)}, failed: ${job.failed ?? 0}, backoffLimit: ${opts.backoffLimit}`,
        exchange: cur.ex,
      });
    };
    if (status !== 'Failed') unsetEnded();
    else if (!left) lag.ended.check(cur.t, final, unsetEnded);
  } else lag.ended.check(cur.t, final, () => {});
  if (!terminal && ended) {
    throw new CheckFailure({ message: `status ${status} is not terminal but \`ended\` is set`, expected: '`ended` unset until the job is Succeeded, Failed or Stopped', actual: `ended: ${JSON.stringify(job.ended)}`, exchange: cur.ex });
  }
  const failed = job.failed ?? 0;
  ensure(failed <= opts.backoffLimit + 1, `failed = ${failed} exceeds backoffLimit + 1 = ${opts.backoffLimit + 1}`, { expected: `failed <= ${opts.backoffLimit + 1}`, actual: `failed: ${failed}`, exchange: cur.ex });
  const pods = job.podStatuses ?? [];
  if (!opts.ignoredFailures) {
    ensure(pods.length <= opts.backoffLimit + 1, `${pods.length} pod statuses for at most ${opts.backoffLimit + 1} attempts`, { expected: 'one pod status per attempt', actual: `${pods.length} podStatuses`, exchange: cur.ex });
    const failedPods = pods.filter((p) => p.replicaStatus?.status === 'Failed' && !(opts.stopped && p.exitCode === 143)).length;
    if (pods.length > 0) {
      // `failed` is the Job controller's count: on a real cluster it trails the pods' phases
      lag.failed.check(cur.t, final, () => ensure(failedPods === failed, `${failedPods} pod statuses are Failed but \`failed\` is ${failed}`, { expected: '`failed` equals the number of failed attempts', actual: `failed: ${failed}, failed pods: ${failedPods}`, exchange: cur.ex }));
    }
  }
}

/** Pod statuses in attempt order (by start time; radix orders them by name). */
export function attempts(job: JobStatus) {
  return [...(job.podStatuses ?? [])].sort((a, b) => String(a.startTime ?? a.created).localeCompare(String(b.startTime ?? b.created)));
}
