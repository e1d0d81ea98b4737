// Generic API properties: no 5xx for any input, invalid input rejected without a trace, created
// resources readable and listed, 404 after delete and for unknown names.
import fc from 'fast-check';
import { ensure, ensureErrorShape, ensureStatus, fail } from '../kit/failure.js';
import { names } from '../kit/jobApi.js';
import { checkProperty } from '../kit/property.js';
import type { Check, CheckContext } from '../kit/types.js';
import { anyBody, anyName, invalidBodies } from './inputs.js';

const RUNS = 25;

/** The reference's own 500 answers (bad job names, a job missing from its batch, payload errors): radix only. */
const RADIX_500 = /is not a valid job name|stop of this job is not supported|^not found$|missing an expected payload path/;

async function snapshot(ctx: CheckContext) {
  const jobs = await ctx.api.listJobs();
  const batches = await ctx.api.listBatches();
  ensureStatus(jobs.ex, 200, 'listing jobs');
  ensureStatus(batches.ex, 200, 'listing batches');
  return { jobs: names(jobs.body), batches: names(batches.body) };
}

function no5xx(ctx: CheckContext, ex: import('../kit/types.js').Exchange, body: unknown, what: string) {
  if (ex.status < 500) return;
  const message = (body as { message?: unknown } | undefined)?.message;
  if (ctx.profile.name === 'radix' && ex.status === 500 && RADIX_500.test(String(message))) return;
  fail(`${what}: HTTP ${ex.status}`, { expected: 'a 2xx or 4xx answer: a server error for a client input is a bug', exchange: ex });
}

export const apiChecks: Check[] = [
  {
    id: 'api.no-5xx-bodies',
    tags: ['api', 'negative'],
    guarantee: 'No generated request body (random JSON, wrong types, random values under the known keys) makes POST /jobs or POST /batches answer 5xx.',
    async run(ctx) {
      await checkProperty(
        ctx,
        fc.asyncProperty(fc.constantFrom('job' as const, 'batch' as const), anyBody, async (route, body) => {
          const res = route === 'job' ? await ctx.api.createJob(body) : await ctx.api.createBatch(body);
          no5xx(ctx, res.ex, res.body, `POST /api/v1/${route === 'job' ? 'jobs' : 'batches'} with a generated body`);
        }),
        RUNS * 2,
      );
    },
  },
  {
    id: 'api.no-5xx-names',
    tags: ['api', 'negative'],
    guarantee: 'No generated job or batch name makes a get, stop or delete answer 5xx (radix profile: except the reference\'s documented 500s).',
    async run(ctx) {
      await checkProperty(
        ctx,
        fc.asyncProperty(fc.integer({ min: 0, max: 7 }), anyName, anyName, async (op, a, b) => {
          const api = ctx.api;
          const res = await [
            () => api.getJob(a),
            () => api.getBatch(a),
            () => api.getBatchJob(a, b),
            () => api.stopJob(a),
            () => api.stopBatch(a),
            () => api.stopBatchJob(a, b),
            () => api.deleteJob(`conformance-${a}`),
            () => api.deleteBatch(`conformance-${a}`),
          ][op]!();
          no5xx(ctx, res.ex, res.body, 'a generated name');
          ensure(res.status === 404 || res.status === 500 || res.status === 400 || res.status === 422, `an unknown name was answered ${res.status}`, { expected: 'HTTP 404 (or 400/422 for a name that cannot be valid)', exchange: res.ex });
        }),
        RUNS * 2,
      );
    },
  },
  {
    id: 'api.invalid-rejected',
    tags: ['api', 'negative'],
    guarantee: 'Every invalid request body is rejected with 400 or 422 and the error shape, and creates nothing (the job and batch lists are unchanged).',
    exclusive: true,
    async run(ctx) {
      const before = await snapshot(ctx);
      const samples = fc.sample(invalidBodies, { seed: ctx.seed, numRuns: RUNS });
      samples.push({ route: 'job', why: 'the body is not valid JSON', body: undefined }, { route: 'batch', why: 'the body is not valid JSON', body: undefined });
      for (const s of samples) {
        const res = s.body === undefined ? (s.route === 'job' ? await ctx.api.createJobRaw('{"jobId": ') : await ctx.api.createBatchRaw('{"jobScheduleDescriptions": [')) : s.route === 'job' ? await ctx.api.createJob(s.body) : await ctx.api.createBatch(s.body);
        ensure(res.status === 400 || res.status === 422, `an invalid body (${s.why}) was answered ${res.status}`, { expected: 'HTTP 400 or 422', exchange: res.ex });
        ensureErrorShape(res.ex, res.body, `invalid body (${s.why})`);
      }
      const after = await snapshot(ctx);
      const extraJobs = after.jobs.filter((n) => !before.jobs.includes(n));
      const extraBatches = after.batches.filter((n) => !before.batches.includes(n));
      ensure(extraJobs.length === 0 && extraBatches.length === 0, 'rejected requests left jobs or batches behind', { expected: 'no new job or batch', actual: `new jobs: ${extraJobs.join(', ') || '-'}; new batches: ${extraBatches.join(', ') || '-'}` });
    },
  },
  {
    id: 'api.created-readable',
    tags: ['api'],
    guarantee: 'A created job and a created batch (and each of its jobs) can be read back by name with what was sent, and appear in their lists.',
    async run(ctx) {
      const job = await ctx.api.createJob({ jobId: 'conformance-readable' });
      ensureStatus(job.ex, 200, 'creating a job');
      const got = await ctx.api.getJob(job.body.name);
      ensureStatus(got.ex, 200, 'reading the created job');
      ensure(got.body.name === job.body.name && got.body.jobId === 'conformance-readable', 'the job read back differs', { expected: `name ${job.body.name}, jobId conformance-readable`, exchange: got.ex });
      const jobs = await ctx.api.listJobs();
      ensure(names(jobs.body).includes(job.body.name), 'the created job is not in GET /jobs', { exchange: jobs.ex });
      const batch = await ctx.api.createBatch({ batchId: 'conformance-readable', jobScheduleDescriptions: [{ jobId: 'a' }, { jobId: 'b' }] });
      ensureStatus(batch.ex, 200, 'creating a batch');
      const b = await ctx.api.getBatch(batch.body.name);
      ensureStatus(b.ex, 200, 'reading the created batch');
      ensure(b.body.batchId === 'conformance-readable' && (b.body.jobStatuses ?? []).length === 2, 'the batch read back differs', { expected: 'batchId conformance-readable with 2 jobStatuses', exchange: b.ex });
      ensure((b.body.jobStatuses ?? []).map((j) => j.jobId).join() === 'a,b', 'the batch\'s jobs are not in request order', { expected: 'jobIds a, b in request order', exchange: b.ex });
      for (const j of b.body.jobStatuses ?? []) {
        const viaBatch = await ctx.api.getBatchJob(batch.body.name, j.name);
        ensureStatus(viaBatch.ex, 200, 'reading a batch job through GET /batches/{batch}/jobs/{job}');
        const viaJobs = await ctx.api.getJob(j.name);
        ensureStatus(viaJobs.ex, 200, 'reading a batch job through GET /jobs/{job}');
      }
      const batches = await ctx.api.listBatches();
      ensure(names(batches.body).includes(batch.body.name), 'the created batch is not in GET /batches', { exchange: batches.ex });
    },
  },
  {
    id: 'api.delete-then-404',
    tags: ['api'],
    guarantee: 'After DELETE a job or batch (and the batch\'s jobs) answers 404 with the error shape, a second DELETE answers 404, and it is gone from the lists.',
    async run(ctx) {
      const job = await ctx.api.createJob({});
      ensureStatus(job.ex, 200, 'creating a job');
      const del = await ctx.api.deleteJob(job.body.name);
      ensureStatus(del.ex, 200, 'deleting a job');
      for (const res of [await ctx.api.getJob(job.body.name), await ctx.api.deleteJob(job.body.name), await ctx.api.stopJob(job.body.name)]) {
        ensureStatus(res.ex, 404, `${res.ex.method} of a deleted job`);
        ensureErrorShape(res.ex, res.body, 'deleted job');
      }
      const jobs = await ctx.api.listJobs();
      ensure(!names(jobs.body).includes(job.body.name), 'the deleted job is still listed', { exchange: jobs.ex });
      const batch = await ctx.api.createBatch({ jobScheduleDescriptions: [{}] });
      ensureStatus(batch.ex, 200, 'creating a batch');
      const jobName = batch.body.jobStatuses?.[0]?.name ?? '';
      ensureStatus((await ctx.api.deleteBatch(batch.body.name)).ex, 200, 'deleting a batch');
      for (const res of [await ctx.api.getBatch(batch.body.name), await ctx.api.deleteBatch(batch.body.name), await ctx.api.getBatchJob(batch.body.name, jobName), await ctx.api.getJob(jobName)]) {
        ensureStatus(res.ex, 404, `${res.ex.method} after the batch was deleted`);
        ensureErrorShape(res.ex, res.body, 'deleted batch');
      }
      const batches = await ctx.api.listBatches();
      ensure(!names(batches.body).includes(batch.body.name), 'the deleted batch is still listed', { exchange: batches.ex });
    },
  },
  {
    id: 'api.unknown-404',
    tags: ['api', 'negative'],
    guarantee: 'Reading, stopping or deleting a job or batch that never existed answers 404 with the error shape.',
    async run(ctx) {
      const job = 'batch-conformance-00000000000000-nosuchbt-nosuchjb';
      const batch = 'batch-conformance-00000000000000-nosuchbt';
      const api = ctx.api;
      for (const res of [await api.getJob(job), await api.stopJob(job), await api.deleteJob(job), await api.getBatch(batch), await api.stopBatch(batch), await api.deleteBatch(batch), await api.getBatchJob(batch, job)]) {
        ensureStatus(res.ex, 404, `${res.ex.method} of a name that never existed`);
        ensureErrorShape(res.ex, res.body, 'unknown name');
      }
    },
  },
];
