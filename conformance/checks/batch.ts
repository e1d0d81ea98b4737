// Batch checks: a batch's status follows from its jobs' statuses (per profile), its jobs can be stopped
// one by one, and `ended` is set exactly when the batch is done.
import { ensure, ensureStatus, fail } from '../kit/failure.js';
import { isSet, isTerminal, LagTolerance } from '../kit/follow.js';
import { shortJobName, type BatchStatus } from '../kit/jobApi.js';
import type { Check, CheckContext, Exchange } from '../kit/types.js';

interface Tracked {
  label: string;
  name: string;
  expectFinal: (ctx: CheckContext) => string[];
  last?: { batch: BatchStatus; ex: Exchange };
  /** On a real cluster the batch's status is written after its jobs' change (see REAL_LAG_MS). */
  lag?: LagTolerance;
}

function checkBatchSample(ctx: CheckContext, t: Tracked, batch: BatchStatus, ex: Exchange, now: number): void {
  t.lag ??= new LagTolerance(ctx);
  t.lag.check(now, isSet(batch.ended), () => judgeBatchSample(ctx, t, batch, ex));
}

function judgeBatchSample(ctx: CheckContext, t: Tracked, batch: BatchStatus, ex: Exchange): void {
  const jobs = (batch.jobStatuses ?? []).map((j) => String(j.status));
  const allowed = ctx.profile.batchStatusFor(jobs);
  ensure(allowed.includes(String(batch.status)), `${t.label}: batch status ${batch.status} with job statuses [${jobs.join(', ')}]`, {
    expected: `one of ${allowed.join(', ')} (${ctx.profile.name} profile, no batchStatusRules)`,
    exchange: ex,
  });
  const done = jobs.length > 0 && jobs.every(isTerminal);
  ensure(done === isSet(batch.ended), `${t.label}: batch \`ended\` is ${isSet(batch.ended) ? 'set' : 'unset'} while its jobs are [${jobs.join(', ')}]`, {
    expected: '`ended` set exactly when every job has ended',
    exchange: ex,
  });
}

export const batchChecks: Check[] = [
  {
    id: 'batch.status-from-jobs',
    tags: ['lifecycle', 'batch'],
    guarantee: 'A batch\'s status is derived from its jobs\' statuses at every sample (documented: Waiting/Running, then Failed if any job failed, else Stopped if any was stopped, else Succeeded; radix: Waiting/Active/Completed), and its `ended` is set exactly when all jobs ended.',
    advancesClock: true,
    async run(ctx) {
      const v = ctx.time.virtual;
      const job = (seconds: number, exit = 0) => ({ variables: { WORKLOAD_SECONDS: String(seconds), WORKLOAD_EXIT_CODE: String(exit) } });
      const specs: { label: string; body: unknown; final: string[]; stopSecond?: boolean }[] = [
        { label: 'all succeed', body: { jobScheduleDescriptions: [job(1), job(2)] }, final: ['Succeeded'] },
        { label: 'one fails', body: { jobScheduleDescriptions: [job(1), job(2, 1)] }, final: ['Failed'] },
        { label: 'one stopped', body: { jobScheduleDescriptions: [job(1), job(v ? 3600 : 120)] }, final: ['Stopped'], stopSecond: true },
      ];
      const tracked: (Tracked & { stopSecond?: boolean; stopped?: boolean })[] = [];
      for (const s of specs) {
        const res = await ctx.api.createBatch(s.body);
        ensureStatus(res.ex, 200, `creating a batch (${s.label})`);
        tracked.push({ label: s.label, name: res.body.name, expectFinal: (c) => (c.profile.name === 'radix' ? ['Completed'] : s.final), ...(s.stopSecond ? { stopSecond: true } : {}) });
        checkBatchSample(ctx, tracked.at(-1)!, res.body, res.ex, await ctx.time.now());
      }
      const start = await ctx.time.now();
      for (;;) {
        let pending = 0;
        for (const t of tracked) {
          const res = await ctx.api.getBatch(t.name);
          ensureStatus(res.ex, 200, `reading batch (${t.label})`);
          checkBatchSample(ctx, t, res.body, res.ex, await ctx.time.now());
          t.last = { batch: res.body, ex: res.ex };
          const jobs = res.body.jobStatuses ?? [];
          if (t.stopSecond && !t.stopped && isTerminal(jobs[0]?.status) && jobs[1]) {
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
      for (const t of tracked) {
        const final = t.expectFinal(ctx);
        ensure(final.includes(String(t.last!.batch.status)), `${t.label}: the batch ended ${t.last!.batch.status}`, { expected: final.join(' or '), exchange: t.last!.ex });
      }
    },
  },
  {
    id: 'batch.status-rules',
    tags: ['lifecycle', 'batch'],
    guarantee: 'batchStatusRules configured for the component override the batch status (first matching rule wins).',
    skipIf: () => 'needs a server whose job component is configured with batchStatusRules; the kit cannot configure a server, so this is not checked',
    async run() {},
  },
];
