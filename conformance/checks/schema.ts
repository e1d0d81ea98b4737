// Schema: a tour of the Job Manager operations (successes and errors), each response checked against
// openapi.yaml. Every other check's traffic is checked too; `schema.every-response` reports that.
import { ensure, ensureStatus } from '../kit/failure.js';
import { shortJobName } from '../kit/jobApi.js';
import type { Check } from '../kit/types.js';

export const schemaChecks: Check[] = [
  {
    id: 'schema.operations',
    tags: ['schema'],
    guarantee: 'Every Job Manager operation (except the stop-everything routes) answers with a status, content type and body that openapi.yaml declares, for successes and errors, before and after jobs ran.',
    advancesClock: true,
    async run(ctx) {
      const api = ctx.api;
      await api.listJobs();
      await api.listBatches();
      const job = await api.createJob({ jobId: 'conformance-schema', variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODE: '1' }, backoffLimit: 1 });
      ensureStatus(job.ex, 200, 'creating a job');
      const batch = await api.createBatch({ batchId: 'conformance-schema', jobScheduleDescriptions: [{ backoffLimit: 0, variables: { WORKLOAD_SECONDS: '1' } }, { backoffLimit: 0, variables: { WORKLOAD_SECONDS: '600' } }] });
      ensureStatus(batch.ex, 200, 'creating a batch');
      const [first, second] = batch.body.jobStatuses ?? [];
      ensure(first && second, 'the batch create response lacks its two jobStatuses', { exchange: batch.ex });
      await api.getJob(job.body.name);
      await api.getBatch(batch.body.name);
      // let attempts run and fail, so pod statuses, failures and timestamps appear
      await ctx.time.advance(ctx.time.virtual ? 15 : 2.5);
      await api.getJob(job.body.name);
      await api.listJobs();
      await api.getBatch(batch.body.name);
      await api.listBatches();
      await api.getBatchJob(batch.body.name, first.name);
      await api.stopBatchJob(batch.body.name, shortJobName(batch.body.name, second.name));
      await api.stopJob(job.body.name);
      await api.stopBatch(batch.body.name);
      await ctx.time.advance(ctx.time.virtual ? 5 : 1);
      await api.getBatch(batch.body.name);
      await api.stopJob(job.body.name);
      await api.getBatchJob(batch.body.name, `${batch.body.name}-nosuchjb`);
      await api.createJobRaw('{"jobId": ');
      await api.createJob({ timeLimitSeconds: 'x' });
      await api.createBatch({ jobScheduleDescriptions: [] });
      await api.getJob('batch-conformance-00000000000000-nosuchbt-nosuchjb');
      await api.getBatch('batch-conformance-00000000000000-nosuchbt');
      await api.deleteJob(job.body.name);
      await api.deleteBatch(batch.body.name);
      await api.deleteBatch(batch.body.name);
      const problems = ctx.contractProblems();
      if (problems.length > 0) {
        const first = problems[0]!;
        ensure(false, `${problems.length} response(s) do not match openapi.yaml; first: ${first.problems[0]}`, {
          expected: 'status, content type and body as openapi.yaml declares them',
          actual: problems.map((p) => `${p.ex.method} ${p.ex.url} -> ${p.ex.status}: ${p.problems.join('; ')}`).join('\n'),
          exchange: first.ex,
        });
      }
    },
  },
];
