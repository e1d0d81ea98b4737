// Lifecycle checks: how a job moves through its states, retries, time limits, failure policies and stop.
// Exact on the simulator's manual clock; against real time they use short workloads and bounded, paced
// polling. Every job states its backoffLimit (and its workload), so no server default decides an outcome.
import { ensure, ensureStatus, fail } from '../kit/failure.js';
import { attempts, follow, isOver, isSet, statusTrail } from '../kit/follow.js';
import type { JobStatus } from '../kit/jobApi.js';
import { anyProfile } from '../kit/profiles.js';
import type { Check, CheckContext } from '../kit/types.js';

/** Workload seconds: exact and roomy on the virtual clock, short in real time. */
const secs = <T>(ctx: CheckContext, virtual: T, real: T): T => (ctx.time.virtual ? virtual : real);
const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
/** Tolerance in seconds for a duration measured from second-precision timestamps. */
const tolerance = (ctx: CheckContext) => (ctx.time.virtual ? { below: 0, above: 0 } : { below: 1, above: 5 });

async function createJob(ctx: CheckContext, body: Record<string, unknown>): Promise<JobStatus> {
  const res = await ctx.api.createJob(body);
  ensureStatus(res.ex, 200, 'creating a job');
  ensure(typeof res.body?.name === 'string', 'the create response has no job name', { exchange: res.ex });
  return res.body;
}

function followJob(ctx: CheckContext, name: string, backoffLimit: number, maxSeconds: number, extra: { ignoredFailures?: boolean; stopped?: boolean } = {}) {
  return follow(ctx, () => ctx.api.getJob(name), { backoffLimit, maxSeconds, ...extra });
}

function within(ctx: CheckContext, actual: number, expected: number, what: string, job: JobStatus, ex: import('../kit/types.js').Exchange) {
  const tol = tolerance(ctx);
  if (actual < expected - tol.below || actual > expected + tol.above) {
    fail(`${what}: ${actual}s`, {
      expected: tol.above === 0 ? `exactly ${expected}s (virtual clock)` : `${expected}s (between ${expected - tol.below}s and ${expected + tol.above}s in real time)`,
      actual: `${actual}s; pods: ${JSON.stringify(attempts(job).map((p) => ({ start: p.startTime, end: p.endTime, status: p.replicaStatus?.status, exitCode: p.exitCode })))}`,
      exchange: ex,
    });
  }
}

export const lifecycleChecks: Check[] = [
  {
    id: 'lifecycle.success',
    tags: ['lifecycle'],
    guarantee: 'A job whose workload exits 0 goes Waiting -> Active/Running -> Succeeded with one Succeeded pod, and `ended` is set exactly when it ends.',
    advancesClock: true,
    async run(ctx) {
      const w = secs(ctx, 3, 1);
      const job = await createJob(ctx, { jobId: 'conformance-success', backoffLimit: 0, variables: { WORKLOAD_SECONDS: String(w), WORKLOAD_EXIT_CODE: '0' } });
      const samples = await followJob(ctx, job.name, 0, secs(ctx, 60, 60));
      const last = samples.at(-1)!;
      ensure(last.job.status === 'Succeeded', `the job ended ${last.job.status}`, { expected: 'Succeeded', actual: statusTrail(samples), exchange: last.ex });
      ensure((last.job.failed ?? 0) === 0, `failed = ${last.job.failed} on a successful first attempt`, { expected: 'failed absent or 0', exchange: last.ex });
      const pods = attempts(last.job);
      ensure(pods.length === 1 && pods[0]!.replicaStatus?.status === 'Succeeded', 'expected exactly one Succeeded pod status', { actual: JSON.stringify(pods), exchange: last.ex });
      ensure(last.job.jobId === 'conformance-success', 'jobId is not echoed back', { expected: 'jobId "conformance-success"', actual: JSON.stringify(last.job.jobId), exchange: last.ex });
      const run = (ms(pods[0]!.endTime) - ms(pods[0]!.startTime)) / 1000;
      within(ctx, run, w, 'the attempt ran (pod endTime - startTime)', last.job, last.ex);
    },
  },
  {
    id: 'lifecycle.retries',
    tags: ['lifecycle'],
    guarantee: 'A job that always fails is attempted exactly backoffLimit + 1 times, ends Failed with `failed` = backoffLimit + 1 and one Failed pod status (with the exit code) per attempt.',
    advancesClock: true,
    async run(ctx) {
      const limit = secs(ctx, 2, 1);
      // two samples per attempt at least (virtual: 1 s steps), so a regression between attempts is seen
      const job = await createJob(ctx, { backoffLimit: limit, variables: { WORKLOAD_SECONDS: secs(ctx, '3', '1'), WORKLOAD_EXIT_CODE: '3' } });
      const samples = await followJob(ctx, job.name, limit, secs(ctx, 200, 60));
      const last = samples.at(-1)!;
      ensure(last.job.status === 'Failed', `the job ended ${last.job.status}`, { expected: 'Failed', actual: statusTrail(samples), exchange: last.ex });
      ensure(last.job.failed === limit + 1, `failed = ${last.job.failed}`, { expected: `failed = backoffLimit + 1 = ${limit + 1}`, exchange: last.ex });
      const pods = attempts(last.job);
      ensure(pods.length === limit + 1, `${pods.length} pod statuses`, { expected: `${limit + 1} (one per attempt)`, exchange: last.ex });
      const wrong = pods.filter((p) => p.replicaStatus?.status !== 'Failed' || p.exitCode !== 3);
      ensure(wrong.length === 0, 'a failed attempt is not shown as Failed with exit code 3', { actual: JSON.stringify(wrong), exchange: last.ex });
    },
  },
  {
    id: 'lifecycle.backoff-delays',
    tags: ['lifecycle', 'timing'],
    guarantee: 'After the n-th failed attempt the next pod starts 10 s * 2^(n-1) later (10 s, 20 s, 40 s ...), as the Kubernetes Job controller does.',
    advancesClock: true,
    async run(ctx) {
      const limit = secs(ctx, 3, 1);
      const job = await createJob(ctx, { backoffLimit: limit, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '1' } });
      const samples = await followJob(ctx, job.name, limit, secs(ctx, 300, 60));
      const last = samples.at(-1)!;
      const pods = attempts(last.job);
      ensure(pods.length === limit + 1, `${pods.length} attempts`, { expected: `${limit + 1}`, exchange: last.ex });
      for (let n = 1; n < pods.length; n++) {
        const gap = (ms(pods[n]!.startTime) - ms(pods[n - 1]!.endTime)) / 1000;
        within(ctx, gap, Math.min(10 * 2 ** (n - 1), 600), `delay between failed attempt ${n} and attempt ${n + 1}`, last.job, last.ex);
      }
    },
  },
  {
    id: 'lifecycle.time-limit-per-attempt',
    tags: ['lifecycle', 'timing'],
    guarantee: 'timeLimitSeconds bounds each attempt (the pod\'s activeDeadlineSeconds): every attempt is killed after the limit and a retry gets a fresh limit.',
    advancesClock: true,
    async run(ctx) {
      const limitSeconds = secs(ctx, 5, 2);
      const job = await createJob(ctx, { timeLimitSeconds: limitSeconds, backoffLimit: 1, variables: { WORKLOAD_SECONDS: String(secs(ctx, 100, 60)) } });
      const samples = await followJob(ctx, job.name, 1, secs(ctx, 200, 60));
      const last = samples.at(-1)!;
      ensure(last.job.status === 'Failed', `the job ended ${last.job.status}`, { expected: 'Failed (both attempts exceed the limit)', actual: statusTrail(samples), exchange: last.ex });
      const pods = attempts(last.job);
      ensure(pods.length === 2 && last.job.failed === 2, `${pods.length} attempts, failed = ${last.job.failed}`, { expected: '2 attempts, failed = 2: the limit applies per attempt, not to the whole job', exchange: last.ex });
      pods.forEach((p, i) => within(ctx, (ms(p.endTime) - ms(p.startTime)) / 1000, limitSeconds, `attempt ${i + 1} ran`, last.job, last.ex));
    },
  },
  {
    id: 'lifecycle.failure-policy-first-match',
    tags: ['lifecycle', 'failure-policy'],
    guarantee: 'The first failurePolicy rule matching the exit code decides: FailJob ends the job at once, Count counts against backoffLimit, Ignore retries without counting.',
    advancesClock: true,
    async run(ctx) {
      const base = { variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '3' } };
      const rule = (action: string, values: number[]) => ({ action, onExitCodes: { operator: 'In', values } });
      const failFirst = await createJob(ctx, { ...base, backoffLimit: 1, failurePolicy: { rules: [rule('FailJob', [3]), rule('Count', [3])] } });
      const countFirst = await createJob(ctx, { ...base, backoffLimit: 1, failurePolicy: { rules: [rule('Count', [3]), rule('FailJob', [3])] } });
      const ignore = await createJob(ctx, { backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODES: '5,0' }, failurePolicy: { rules: [rule('Ignore', [5]), rule('FailJob', [5])] } });
      const max = secs(ctx, 200, 60);
      const a = (await followJob(ctx, failFirst.name, 1, max)).at(-1)!;
      ensure(a.job.status === 'Failed' && a.job.failed === 1, `[FailJob In 3, Count In 3], exit 3, backoffLimit 1: ended ${a.job.status} with failed = ${a.job.failed}`, { expected: 'Failed after the first attempt (failed = 1): the first rule, FailJob, decides', exchange: a.ex });
      const b = (await followJob(ctx, countFirst.name, 1, max)).at(-1)!;
      ensure(b.job.status === 'Failed' && b.job.failed === 2, `[Count In 3, FailJob In 3], exit 3, backoffLimit 1: ended ${b.job.status} with failed = ${b.job.failed}`, { expected: 'Failed after two attempts (failed = 2): the first rule, Count, decides', exchange: b.ex });
      // A runtime that cannot give each attempt its own exit code (kwok's pod stages: a retry of a NonIndexed
      // Job is a new pod with no attempt number, so every attempt exits 5) retries the ignored failure for
      // ever: there, a second attempt that also failed, ignored, with the job still going, is the proof.
      // Whether the job is still going is read from `ended`, not `status`: the reference reads Failed while
      // every pod so far failed, also while the job goes on.
      const secondIgnored = (j: JobStatus) => (j.podStatuses ?? []).filter((p) => p.replicaStatus?.status === 'Failed').length >= 2;
      const c = (await follow(ctx, () => ctx.api.getJob(ignore.name), { backoffLimit: 0, maxSeconds: max, ignoredFailures: true, until: (j) => isOver(j) || secondIgnored(j) })).at(-1)!;
      if (!isSet(c.job.ended) && secondIgnored(c.job)) {
        ensure((c.job.failed ?? 0) === 0, `[Ignore In 5, FailJob In 5], exit code 5 on every attempt, backoffLimit 0: failed = ${c.job.failed} after two ignored failures`, { expected: 'failed = 0: ignored failures do not count', exchange: c.ex });
      } else {
        ensure(c.job.status === 'Succeeded', `[Ignore In 5, FailJob In 5], exit codes 5 then 0, backoffLimit 0: ended ${c.job.status}`, { expected: 'Succeeded: the ignored failure does not count and the second attempt succeeds', exchange: c.ex });
      }
    },
  },
  {
    id: 'lifecycle.stop-running',
    tags: ['lifecycle', 'stop'],
    guarantee:
      'Stopping a running job answers 200 with a stop message (either profile\'s wording: profile.stop-message judges which), the job goes (Stopping ->) Stopped with `ended` set ' +
      '(or Failed with every pod Failed, as the reference reads a job whose pod the stop killed; that pod, exit code 143, need not count in `failed`), and stopping it again changes nothing.',
    advancesClock: true,
    async run(ctx) {
      const job = await createJob(ctx, { backoffLimit: 0, variables: { WORKLOAD_SECONDS: String(secs(ctx, 3600, 120)), WORKLOAD_EXIT_CODE: '0' } });
      await follow(ctx, () => ctx.api.getJob(job.name), { backoffLimit: 0, maxSeconds: 60, until: (j) => j.status === 'Running' || j.status === 'Active' });
      const stop = await ctx.api.stopJob(job.name);
      ensureStatus(stop.ex, 200, 'stopping a running job');
      ensure(anyProfile.stopMessage(job.name).test(String(stop.body?.message)), `unexpected stop message ${JSON.stringify(stop.body?.message)}`, { expected: `message matching ${anyProfile.stopMessage(job.name)}`, exchange: stop.ex });
      const samples = await followJob(ctx, job.name, 0, 60, { stopped: true });
      const last = samples.at(-1)!;
      const killed = last.job.status === 'Failed' && (last.job.podStatuses ?? []).length > 0 && (last.job.podStatuses ?? []).every((p) => p.replicaStatus?.status === 'Failed');
      ensure(last.job.status === 'Stopped' || killed, `after stop the job ended ${last.job.status}`, { expected: 'Stopped (or Failed with every pod Failed: the reference reads a job whose pod the stop killed so)', actual: statusTrail(samples), exchange: last.ex });
      const again = await ctx.api.stopJob(job.name);
      ensureStatus(again.ex, [200, 400], 'stopping a stopped job again');
      await ctx.time.advance(secs(ctx, 30, 1));
      const after = await ctx.api.getJob(job.name);
      ensure(after.body?.status === last.job.status && after.body.ended === last.job.ended, `a second stop changed the job: ${after.body?.status}, ended ${after.body?.ended}`, { expected: `still ${last.job.status}, ended ${last.job.ended}`, exchange: after.ex });
    },
  },
  {
    id: 'lifecycle.stop-finished-refused',
    tags: ['lifecycle', 'stop'],
    guarantee: 'Stopping a job that already ended is refused with 400 and the error shape, and the job keeps its final status.',
    advancesClock: true,
    async run(ctx) {
      const job = await createJob(ctx, { backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '0' } });
      const last = (await followJob(ctx, job.name, 0, 60)).at(-1)!;
      ensure(last.job.status === 'Succeeded', `the job ended ${last.job.status}`, { expected: 'Succeeded', exchange: last.ex });
      const stop = await ctx.api.stopJob(job.name);
      ensureStatus(stop.ex, 400, 'stopping a Succeeded job');
      ensure(stop.body?.status === 'Failure' && stop.body.code === 400 && typeof stop.body.message === 'string', 'the refusal does not have the error shape', { expected: '{status:"Failure", message, reason, code: 400}', exchange: stop.ex });
      const after = await ctx.api.getJob(job.name);
      ensure(after.body?.status === 'Succeeded' && after.body.ended === last.job.ended, `the refused stop changed the job to ${after.body?.status}`, { expected: 'still Succeeded with the same `ended`', exchange: after.ex });
    },
  },
];

