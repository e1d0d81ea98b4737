// Batch checks: a batch's status follows from its jobs' statuses (the component's batchStatusRules when the
// kit is told them, else what either profile derives), its jobs can be stopped one by one, and `ended` is
// set exactly when the batch is done.
import { allowedBatchStatuses } from '../kit/batchStatus.js';
import { ensure, ensureStatus, fail } from '../kit/failure.js';
import { isOver, isSet, LAG_TEXT, LagTolerance } from '../kit/follow.js';
import { shortJobName, type BatchStatus } from '../kit/jobApi.js';
import { anyProfile } from '../kit/profiles.js';
import type { Check, CheckContext, Exchange } from '../kit/types.js';

interface Tracked {
  label: string;
  name: string;
  stopSecond?: boolean;
  stopped?: boolean;
  last?: { batch: BatchStatus; ex: Exchange };
  /** On a real cluster the batch's status is written after its jobs' change (see REAL_LAG_MS, VIRTUAL_LAG_MS). */
  lag?: LagTolerance;
}

/** Why a batch status is allowed: the rules the kit was given, or what either profile derives without them. */
export function batchStatusSource(ctx: CheckContext): string {
  return ctx.batchStatusRules?.length
    ? `the ${ctx.batchStatusRules.length} batchStatusRules given with --batch-status-rules (first match over the jobs' phases), else either profile's derivation`
    : 'either profile\'s derivation without batchStatusRules (documented: Waiting/Running/Stopping, then Failed > Stopped > Succeeded; radix: Waiting/Active/Completed); ' +
        'a server whose job component has batchStatusRules must be given them with --batch-status-rules';
}

/** Judges one sample of a batch: its status follows from its jobs, `ended` is set exactly when all jobs are over. */
export function judgeBatchSample(ctx: CheckContext, label: string, batch: BatchStatus, ex: Exchange): void {
  const jobs = batch.jobStatuses ?? [];
  const { allowed } = allowedBatchStatuses(jobs, ctx.batchStatusRules, anyProfile.batchStatusFor);
  ensure(allowed.includes(String(batch.status)), `${label}: batch status ${batch.status} with job statuses [${jobs.map((j) => j.status).join(', ')}]`, {
    expected: `one of ${allowed.join(', ')} (${batchStatusSource(ctx)})`,
    exchange: ex,
  });
  const done = jobs.length > 0 && jobs.every(isOver);
  ensure(done === isSet(batch.ended), `${label}: batch \`ended\` is ${isSet(batch.ended) ? 'set' : 'unset'} while its jobs are [${jobs.map((j) => `${j.status}${isSet(j.ended) ? '' : ' (not ended)'}`).join(', ')}]`, {
    expected: '`ended` set exactly when every job has ended',
    exchange: ex,
  });
}

export const batchChecks: Check[] = [
  {
    id: 'batch.status-from-jobs',
    tags: ['lifecycle', 'batch'],
    guarantee:
      'A batch\'s status follows from its jobs\' statuses at every sample: by the first of the component\'s batchStatusRules that matches (given with --batch-status-rules), ' +
      'else as either profile derives it (documented: Waiting/Running, then Failed if any job failed, else Stopped if any was stopped, else Succeeded; radix: Waiting/Active/Completed; ' +
      `profile.batch-status judges which); its \`ended\` is set exactly when all jobs ended; one of its jobs can be stopped by its short name. A sample may trail its jobs for up to ${LAG_TEXT}.`,
    advancesClock: true,
    async run(ctx) {
      const v = ctx.time.virtual;
      const job = (seconds: number, exit = 0) => ({ backoffLimit: 0, variables: { WORKLOAD_SECONDS: String(seconds), WORKLOAD_EXIT_CODE: String(exit) } });
      const specs: { label: string; body: unknown; stopSecond?: boolean }[] = [
        { label: 'all succeed', body: { jobScheduleDescriptions: [job(1), job(2)] } },
        { label: 'one fails', body: { jobScheduleDescriptions: [job(1), job(2, 1)] } },
        { label: 'one stopped', body: { jobScheduleDescriptions: [job(1), job(v ? 3600 : 120)] }, stopSecond: true },
      ];
      const tracked: Tracked[] = [];
      const sample = async (t: Tracked, batch: BatchStatus, ex: Exchange) => {
        t.lag ??= new LagTolerance(ctx);
        t.lag.check(await ctx.time.now(), isSet(batch.ended), () => judgeBatchSample(ctx, t.label, batch, ex));
        t.last = { batch, ex };
      };
      for (const s of specs) {
        const res = await ctx.api.createBatch(s.body);
        ensureStatus(res.ex, 200, `creating a batch (${s.label})`);
        const t: Tracked = { label: s.label, name: res.body.name, ...(s.stopSecond ? { stopSecond: true } : {}) };
        tracked.push(t);
        await sample(t, res.body, res.ex);
      }
      const start = await ctx.time.now();
      for (;;) {
        let pending = 0;
        for (const t of tracked.filter((x) => !isSet(x.last?.batch.ended))) {
          await ctx.time.pace();
          const res = await ctx.api.getBatch(t.name);
          ensureStatus(res.ex, 200, `reading batch (${t.label})`);
          await sample(t, res.body, res.ex);
          const jobs = res.body.jobStatuses ?? [];
          if (t.stopSecond && !t.stopped && isOver(jobs[0]) && jobs[1]) {
            const stop = await ctx.api.stopBatchJob(t.name, shortJobName(t.name, jobs[1].name));
            ensureStatus(stop.ex, 200, `stopping a running job of a batch by its short name (${t.label})`);
            t.stopped = true;
          }
          if (!isSet(res.body.ended)) pending++;
        }
        if (pending === 0) break;
        if ((await ctx.time.now()) - start > 90_000) fail(`batches did not finish within 90 ${v ? 'virtual ' : ''}seconds`, { actual: tracked.map((t) => `${t.label}: ${t.last?.batch.status}`).join('; ') });
        await ctx.time.advance(ctx.time.pollSeconds);
      }
    },
  },
];
