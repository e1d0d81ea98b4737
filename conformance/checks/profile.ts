// Profile differences (COMPATIBILITY.md lists them): the same request, the answer the chosen profile
// expects. Each difference the kit can observe is judged here and only here; every other check accepts
// either profile's answer, so a server of the other profile fails exactly the checks naming the differences.
import { allowedBatchStatuses } from '../kit/batchStatus.js';
import { SkipCheck, ensure, ensureErrorShape, ensureStatus, fail } from '../kit/failure.js';
import { follow, isOver, isSet, LAG_TEXT, LagTolerance, statusTrail } from '../kit/follow.js';
import { names, type BatchStatus, type ErrorBody, type JobStatus } from '../kit/jobApi.js';
import type { Response } from '../kit/http.js';
import { PROFILES, type ProfileExpectations } from '../kit/profiles.js';
import type { Check, CheckContext, Exchange } from '../kit/types.js';

/** The profile the run was not asked for. */
const otherProfile = (ctx: CheckContext): ProfileExpectations => Object.values(PROFILES).find((p) => p.name !== ctx.profile.name)!;

const secs = <T>(ctx: CheckContext, virtual: T, real: T): T => (ctx.time.virtual ? virtual : real);

export const profileChecks: Check[] = [
  {
    id: 'profile.unset-times',
    tags: ['profile'],
    guarantee: 'Unset `started`/`ended` are "" (documented) or null with a `DeploymentName` key (radix: the reference\'s Go field has no JSON tag).',
    async run(ctx) {
      const res = await ctx.api.createJob({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1' } });
      ensureStatus(res.ex, 200, 'creating a job');
      const want = ctx.profile.unsetTime;
      ensure(res.body.ended === want, `unset \`ended\` is ${JSON.stringify(res.body.ended)}`, { expected: `${JSON.stringify(want)} (${ctx.profile.name} profile)`, exchange: res.ex });
      if (res.body.status === 'Waiting') ensure(res.body.started === want, `unset \`started\` is ${JSON.stringify(res.body.started)}`, { expected: JSON.stringify(want), exchange: res.ex });
      const hasKey = 'DeploymentName' in res.body;
      ensure(hasKey === ctx.profile.deploymentNameKey, `the DeploymentName key is ${hasKey ? 'present' : 'absent'}`, { expected: `${ctx.profile.deploymentNameKey ? 'present' : 'absent'} (${ctx.profile.name} profile)`, exchange: res.ex });
    },
  },
  {
    id: 'profile.malformed-json',
    tags: ['profile', 'negative'],
    guarantee: 'A body that is not JSON is rejected with 400 (documented) or 422 (radix: the reference\'s `payload is invalid`) and the error shape.',
    async run(ctx) {
      const res = await ctx.api.createJobRaw('{"jobId": ');
      ensureStatus(res.ex, ctx.profile.malformedJsonStatus, `malformed JSON (${ctx.profile.name} profile)`);
      ensureErrorShape(res.ex, res.body, 'malformed JSON');
    },
  },
  {
    id: 'profile.batch-job-fields',
    tags: ['profile', 'batch'],
    guarantee: 'A batch\'s job statuses carry `batchName` (documented) or not (radix: the reference sets it only in webhook bodies).',
    async run(ctx) {
      const res = await ctx.api.createBatch({ jobScheduleDescriptions: [{ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1' } }] });
      ensureStatus(res.ex, 200, 'creating a batch');
      const got = await ctx.api.getBatch(res.body.name);
      for (const j of got.body.jobStatuses ?? []) {
        if (ctx.profile.batchNameOnBatchJobs) ensure(j.batchName === res.body.name, `batchName is ${JSON.stringify(j.batchName)}`, { expected: `"${res.body.name}" (documented)`, exchange: got.ex });
        else ensure(!('batchName' in j), 'batchName is present on a batch job', { expected: 'absent (radix)', exchange: got.ex });
      }
    },
  },
  {
    id: 'profile.jobs-list-scope',
    tags: ['profile'],
    guarantee: 'GET /jobs lists single jobs only (documented) or also the jobs of batches (radix).',
    async run(ctx) {
      const res = await ctx.api.createBatch({ jobScheduleDescriptions: [{ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1' } }] });
      ensureStatus(res.ex, 200, 'creating a batch');
      const jobName = res.body.jobStatuses?.[0]?.name ?? '';
      const list = await ctx.api.listJobs();
      const listed = names(list.body).includes(jobName);
      ensure(listed === ctx.profile.listBatchJobsInJobs, `a batch's job is ${listed ? '' : 'not '}listed by GET /jobs`, { expected: ctx.profile.listBatchJobsInJobs ? 'listed (radix)' : 'not listed (documented)', exchange: list.ex });
    },
  },
  {
    id: 'profile.missing-batch-job',
    tags: ['profile', 'negative'],
    guarantee: 'A job name missing from an existing batch answers 404 (documented) or 500 "not found" (radix).',
    async run(ctx) {
      const res = await ctx.api.createBatch({ jobScheduleDescriptions: [{ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1' } }] });
      ensureStatus(res.ex, 200, 'creating a batch');
      const got = await ctx.api.getBatchJob(res.body.name, `${res.body.name}-nosuchjb`);
      ensureStatus(got.ex, ctx.profile.missingBatchJobStatus, `a missing job of an existing batch (${ctx.profile.name} profile)`);
      ensureErrorShape(got.ex, got.body, 'missing batch job');
    },
  },
  {
    id: 'profile.name-errors',
    tags: ['profile', 'negative'],
    guarantee:
      'A name the server cannot look up answers 404 with the error shape (documented) or the reference\'s 500 (radix): `job <name> is not a valid job name` for a job name ' +
      'without a batch part, client-go\'s `invalid resource name "<name>": [may not contain \'%\']` for a name holding `%`.',
    async run(ctx) {
      const cases: [string, () => Promise<Response<ErrorBody>>][] = [
        ['GET of a job name without a batch part', () => ctx.api.getJob('nosuchjob')],
        ['GET of a batch name holding %', () => ctx.api.getBatch('conformance-no%such')],
      ];
      for (const [what, call] of cases) {
        const res = await call();
        const want = ctx.profile.nameError;
        ensureStatus(res.ex, want.status, `${what} (${ctx.profile.name} profile)`);
        ensureErrorShape(res.ex, res.body, what);
        if (want.status === 500) ensure(want.message.test(String(res.body?.message)), `${what}: message ${JSON.stringify(res.body?.message)}`, { expected: `a message matching ${want.message} (the reference's)`, exchange: res.ex });
      }
    },
  },
  {
    id: 'profile.stop-message',
    tags: ['profile', 'stop'],
    guarantee: 'Stopping a job answers 200 with `job <name> successfully stopped` (documented) or `job <name> was successfully stopped` (radix).',
    async run(ctx) {
      const job = await ctx.api.createJob({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '3600' } });
      ensureStatus(job.ex, 200, 'creating a job');
      const stop = await ctx.api.stopJob(job.body.name);
      ensureStatus(stop.ex, 200, 'stopping a job that has not ended');
      const want = ctx.profile.stopMessage(job.body.name);
      ensure(want.test(String(stop.body?.message)), `stop message ${JSON.stringify(stop.body?.message)}`, { expected: `a message matching ${want} (${ctx.profile.name} profile)`, exchange: stop.ex });
    },
  },
  {
    id: 'profile.failed-between-retries',
    tags: ['profile', 'lifecycle'],
    guarantee:
      'Between a failed attempt and the next one (the backoff of 10 s, then 20 s) a job reads as its recorded phase, not Failed (documented), or Failed with `ended` unset (radix: the ' +
      'reference reads Failed while every pod so far failed). The job has two retries, so that a server whose status trails by more than one backoff still shows a read between attempts.',
    advancesClock: true,
    async run(ctx) {
      const limit = 2;
      const job = await ctx.api.createJob({ backoffLimit: limit, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '1' } });
      ensureStatus(job.ex, 200, 'creating a job');
      // between attempts: not over, every pod so far failed, and a retry still due
      const between = (j: JobStatus) => {
        const pods = j.podStatuses ?? [];
        return !isSet(j.ended) && pods.length >= 1 && pods.length <= limit && pods.every((p) => p.replicaStatus?.status === 'Failed');
      };
      const samples = await follow(ctx, () => ctx.api.getJob(job.body.name), { backoffLimit: limit, maxSeconds: secs(ctx, 120, 90), until: (j) => isOver(j) || between(j) });
      const last = samples.at(-1)!;
      if (!between(last.job)) fail('no read fell between two attempts', { expected: 'a read during a backoff before a retry', actual: statusTrail(samples), exchange: last.ex });
      if (ctx.profile.failedBetweenRetries) {
        ensure(last.job.status === 'Failed', `between attempts the job reads ${last.job.status}`, { expected: 'Failed with `ended` unset (radix)', actual: statusTrail(samples), exchange: last.ex });
      } else {
        ensure(last.job.status !== 'Failed', 'between attempts the job reads Failed', { expected: 'its recorded phase (Active/Running), not Failed, until it is over (documented)', actual: statusTrail(samples), exchange: last.ex });
      }
    },
  },
  {
    id: 'profile.batch-status',
    tags: ['profile', 'batch', 'lifecycle'],
    guarantee:
      'Where no batchStatusRules decide, a batch reads Waiting/Running, then Failed if a job failed (documented), or its condition Waiting/Active/Completed (radix); ' +
      `checked at every read of a batch of a succeeding and a failing job (a read may trail its jobs for up to ${LAG_TEXT}), and at least one read must be one that ` +
      'only the chosen profile allows. Skipped when no read could tell the profiles apart (e.g. the given rules decided every read but those where both profiles read alike).',
    advancesClock: true,
    async run(ctx) {
      const job = (exit: number) => ({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: String(exit) } });
      const created = await ctx.api.createBatch({ jobScheduleDescriptions: [job(0), job(1)] });
      ensureStatus(created.ex, 200, 'creating a batch');
      const lag = new LagTolerance(ctx);
      const other = otherProfile(ctx);
      // reads that only one profile allows: the only ones that tell the profiles apart
      const telling = { chosen: 0, other: [] as string[] };
      let lastEx = created.ex;
      const judge = async (batch: BatchStatus, ex: Exchange) => {
        const jobs = batch.jobStatuses ?? [];
        const status = String(batch.status);
        const { allowed } = allowedBatchStatuses(jobs, ctx.batchStatusRules, ctx.profile.batchStatusFor);
        const otherAllowed = allowedBatchStatuses(jobs, ctx.batchStatusRules, other.batchStatusFor).allowed;
        if (allowed.includes(status) && !otherAllowed.includes(status)) telling.chosen++;
        if (!allowed.includes(status) && otherAllowed.includes(status)) telling.other.push(`${status} with job statuses [${jobs.map((j) => j.status).join(', ')}]`);
        lastEx = ex;
        lag.check(await ctx.time.now(), isSet(batch.ended), () =>
          ensure(allowed.includes(status), `batch status ${batch.status} with job statuses [${jobs.map((j) => j.status).join(', ')}]`, {
            expected: `one of ${allowed.join(', ')} (${ctx.profile.name} profile${ctx.batchStatusRules?.length ? ', after the given batchStatusRules' : ''})`,
            exchange: ex,
          }),
        );
      };
      await judge(created.body, created.ex);
      const start = await ctx.time.now();
      for (;;) {
        await ctx.time.pace();
        const got = await ctx.api.getBatch(created.body.name);
        ensureStatus(got.ex, 200, 'reading the batch');
        await judge(got.body, got.ex);
        if (isSet(got.body.ended)) break;
        if ((await ctx.time.now()) - start > 60_000) fail(`the batch did not end within 60 ${ctx.time.virtual ? 'virtual ' : ''}seconds`, { actual: `batch ${got.body.status}`, exchange: got.ex });
        await ctx.time.advance(ctx.time.pollSeconds);
      }
      if (telling.chosen === 0 && telling.other.length > 0) {
        fail(`every read that told the profiles apart is the ${other.name} profile's`, { expected: `at least one read only the ${ctx.profile.name} profile allows`, actual: telling.other.join('; '), exchange: lastEx });
      }
      if (telling.chosen === 0) {
        throw new SkipCheck(`no read of the batch told the profiles apart (${ctx.batchStatusRules?.length ? 'the given batchStatusRules decided every other read' : 'every read is one both profiles allow'}), so the profile's own batch status was not observable`);
      }
    },
  },
  {
    id: 'profile.empty-list',
    tags: ['profile'],
    guarantee: 'An empty list is [] (documented) or null (radix).',
    exclusive: true,
    async run(ctx) {
      const res = await ctx.api.listBatches();
      ensureStatus(res.ex, 200, 'listing batches');
      if (Array.isArray(res.body) && res.body.length > 0) throw new SkipCheck('the server has batches, so an empty list cannot be observed (run against a fresh server, or with --reset-sim on a simulator)');
      ensure(res.text.trim() === ctx.profile.emptyList, `an empty list is ${res.text.trim()}`, { expected: `${ctx.profile.emptyList} (${ctx.profile.name} profile)`, exchange: res.ex });
    },
  },
];
