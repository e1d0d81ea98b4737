// Profile differences (COMPATIBILITY.md): the same request, the answer the chosen profile expects.
import { SkipCheck, ensure, ensureErrorShape, ensureStatus } from '../kit/failure.js';
import { names } from '../kit/jobApi.js';
import type { Check } from '../kit/types.js';

export const profileChecks: Check[] = [
  {
    id: 'profile.unset-times',
    tags: ['profile'],
    guarantee: 'Unset `started`/`ended` are "" (documented) or null with a `DeploymentName` key (radix).',
    async run(ctx) {
      const res = await ctx.api.createJob({});
      ensureStatus(res.ex, 200, 'creating a job');
      const want = ctx.profile.unsetTime;
      ensure(res.body.ended === want, `unset \`ended\` is ${JSON.stringify(res.body.ended)}`, { expected: `${JSON.stringify(want)} (${ctx.profile.name} profile)`, exchange: res.ex });
      if (res.body.status === 'Waiting') ensure(res.body.started === want, `unset \`started\` is ${JSON.stringify(res.body.started)}`, { expected: JSON.stringify(want), exchange: res.ex });
      const hasKey = 'DeploymentName' in res.body;
      ensure(hasKey === (ctx.profile.name === 'radix'), `the DeploymentName key is ${hasKey ? 'present' : 'absent'}`, { expected: ctx.profile.name === 'radix' ? 'present' : 'absent', exchange: res.ex });
    },
  },
  {
    id: 'profile.malformed-json',
    tags: ['profile', 'negative'],
    guarantee: 'A body that is not JSON is rejected with 400 (documented) or 422 (radix) and the error shape.',
    async run(ctx) {
      const res = await ctx.api.createJobRaw('{"jobId": ');
      ensureStatus(res.ex, ctx.profile.malformedJsonStatus, `malformed JSON (${ctx.profile.name} profile)`);
      ensureErrorShape(res.ex, res.body, 'malformed JSON');
    },
  },
  {
    id: 'profile.batch-job-fields',
    tags: ['profile', 'batch'],
    guarantee: 'A batch\'s job statuses carry `batchName` (documented) or not (radix).',
    async run(ctx) {
      const res = await ctx.api.createBatch({ jobScheduleDescriptions: [{}] });
      ensureStatus(res.ex, 200, 'creating a batch');
      const got = await ctx.api.getBatch(res.body.name);
      for (const j of got.body.jobStatuses ?? []) {
        if (ctx.profile.batchNameOnBatchJobs) ensure(j.batchName === res.body.name, `batchName is ${JSON.stringify(j.batchName)}`, { expected: `"${res.body.name}"`, exchange: got.ex });
        else ensure(!('batchName' in j), 'batchName is present on a batch job', { expected: 'absent (radix)', exchange: got.ex });
      }
    },
  },
  {
    id: 'profile.jobs-list-scope',
    tags: ['profile'],
    guarantee: 'GET /jobs lists single jobs only (documented) or also the jobs of batches (radix).',
    async run(ctx) {
      const res = await ctx.api.createBatch({ jobScheduleDescriptions: [{}] });
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
      const res = await ctx.api.createBatch({ jobScheduleDescriptions: [{}] });
      ensureStatus(res.ex, 200, 'creating a batch');
      const got = await ctx.api.getBatchJob(res.body.name, `${res.body.name}-nosuchjb`);
      ensureStatus(got.ex, ctx.profile.missingBatchJobStatus, `a missing job of an existing batch (${ctx.profile.name} profile)`);
      ensureErrorShape(got.ex, got.body, 'missing batch job');
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
