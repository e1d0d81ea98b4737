// Jobs and batches from creation to their end: what the API shows over time (polled), the webhook
// events and their bodies, and the final status. Workloads are seconds long and retries few, so
// that the whole group runs in about a minute with its cases side by side.
import { inSendOrder, type Case, type CaseContext } from '../support/cases.js';
import { json, jobNamesOf, nameOf, workload } from './helpers.js';

const ENDED = ['Succeeded', 'Failed', 'Stopped'];
const batchOf = (job: string) => job.slice(0, job.lastIndexOf('-'));

/** Webhook events end with the job's last status; give late ones (the reference sends each from its own goroutine) a moment. */
async function settleHooks(c: CaseContext, batch: string, last: string[]): Promise<void> {
  if (!c.target.hooks) return;
  await c.hookUntil(batch, (b) => b.event !== 'Create' && last.includes(String(b.status)), 30_000);
  await c.sleep(2500);
  c.hooks('webhooks', batch);
}

function singleJob(id: string, body: Record<string, unknown>, end: string[] = ENDED, timeoutMs = 90_000): Case {
  return {
    id: `lifecycle/${id}`,
    group: 'lifecycle',
    needsHooks: true,
    async run(c) {
      const job = nameOf(await c.call('create', 'POST', '/api/v1/jobs', json(body)));
      c.mark();
      c.follow(job);
      await c.until(job, end, timeoutMs);
      c.settle('timeline', job);
      await settleHooks(c, batchOf(job), end);
      await c.call('GET when ended', 'GET', `/api/v1/jobs/${job}`);
      await c.call('GET its batch', 'GET', `/api/v1/batches/${batchOf(job)}`);
    },
  };
}

/**
 * A job that cannot run: what the API says once it shows `settled` (and `seconds` later, so a
 * slow controller has had its turn), then it is deleted.
 */
function stuckJob(id: string, body: Record<string, unknown>, settled: string, seconds: number): Case {
  return {
    id: `lifecycle/${id}`,
    group: 'lifecycle',
    needsHooks: true,
    async run(c) {
      const job = nameOf(await c.call('create', 'POST', '/api/v1/jobs', json(body)));
      c.mark();
      c.follow(job);
      await c.until(job, [settled], 60_000);
      await c.sleep(seconds * 1000);
      c.settle('timeline', job);
      await c.call(`GET when ${settled}`, 'GET', `/api/v1/jobs/${job}`);
      await c.call('delete', 'DELETE', `/api/v1/jobs/${job}`);
      if (c.target.hooks) {
        await c.hookUntil(batchOf(job), (b) => b.event === 'Delete', 30_000);
        await c.sleep(1500);
        c.hooks('webhooks', batchOf(job));
      }
    },
  };
}

export const lifecycleCases: Case[] = [
  singleJob('single-job-succeeds', { jobId: 'ok', variables: workload(2) }),
  singleJob('single-job-with-payload', { jobId: 'payload', payload: '{"x": 1}', variables: workload(3) }),
  singleJob('single-job-fails-no-retry', { variables: workload(3, 3), backoffLimit: 0 }),
  singleJob('single-job-retries-then-fails', { variables: workload(3, 1), backoffLimit: 1 }, ENDED, 120_000),
  singleJob('single-job-time-limit', { variables: workload(30), timeLimitSeconds: 2, backoffLimit: 0 }),
  singleJob('failure-policy-fail-job', { variables: workload(3, 42) }),
  {
    id: 'lifecycle/batch-succeeds',
    group: 'lifecycle',
    needsHooks: true,
    async run(c) {
      const r = await c.call('create', 'POST', '/api/v1/batches', json({ batchId: 'nightly', jobScheduleDescriptions: [{ jobId: 'a', variables: workload(2) }, { jobId: 'b', variables: workload(4) }] }));
      c.mark();
      const batch = nameOf(r);
      const jobs = jobNamesOf(r);
      for (const n of [batch, ...jobs]) c.follow(n);
      for (const j of jobs) await c.until(j, ENDED, 90_000);
      await c.until(batch, ['Succeeded', 'Failed'], 30_000, true);
      c.settle('batch timeline', batch);
      jobs.forEach((j, i) => c.settle(`job ${i} timeline`, j));
      await settleHooks(c, batch, ['Succeeded', 'Failed']);
      await c.call('GET when ended', 'GET', `/api/v1/batches/${batch}`);
      await c.call('GET job 1', 'GET', `/api/v1/batches/${batch}/jobs/${jobs[1]}`);
      await c.call('delete', 'DELETE', `/api/v1/batches/${batch}`);
      if (c.target.hooks) {
        await c.hookUntil(batch, (b) => b.event === 'Delete', 30_000);
        const del = c.target.hooks.about(batch).find((e) => (e.body as { event?: string }).event === 'Delete');
        c.note('Delete event body', del?.body);
      }
    },
  },
  {
    id: 'lifecycle/batch-one-job-fails',
    group: 'lifecycle',
    needsHooks: true,
    async run(c) {
      const r = await c.call('create', 'POST', '/api/v1/batches', json({ defaultRadixJobComponentConfig: { backoffLimit: 0 }, jobScheduleDescriptions: [{ variables: workload(3) }, { variables: workload(4, 5) }] }));
      c.mark();
      const batch = nameOf(r);
      const jobs = jobNamesOf(r);
      for (const n of [batch, ...jobs]) c.follow(n);
      for (const j of jobs) await c.until(j, ENDED, 90_000);
      await c.until(batch, ['Failed'], 30_000, true);
      c.settle('batch timeline', batch);
      jobs.forEach((j, i) => c.settle(`job ${i} timeline`, j));
      await settleHooks(c, batch, ['Failed']);
      await c.call('GET when ended', 'GET', `/api/v1/batches/${batch}`);
    },
  },
  {
    id: 'lifecycle/stop-running-job',
    group: 'lifecycle',
    needsHooks: true,
    async run(c) {
      const job = nameOf(await c.call('create', 'POST', '/api/v1/jobs', json({ variables: workload(600) })));
      c.mark();
      c.follow(job);
      await c.until(job, ['Running'], 60_000);
      await c.call('stop', 'POST', `/api/v1/jobs/${job}/stop`);
      await c.until(job, ['Stopped', 'Failed'], 60_000);
      c.settle('timeline', job);
      await settleHooks(c, batchOf(job), ['Stopped', 'Failed']);
      await c.call('GET when ended', 'GET', `/api/v1/jobs/${job}`);
    },
  },
  {
    id: 'lifecycle/stop-running-batch',
    group: 'lifecycle',
    needsHooks: true,
    async run(c) {
      const r = await c.call('create', 'POST', '/api/v1/batches', json({ jobScheduleDescriptions: [{ variables: workload(600) }, { variables: workload(600) }] }));
      c.mark();
      const batch = nameOf(r);
      const jobs = jobNamesOf(r);
      for (const n of [batch, ...jobs]) c.follow(n);
      for (const j of jobs) await c.until(j, ['Running'], 60_000);
      await c.call('stop', 'POST', `/api/v1/batches/${batch}/stop`);
      for (const j of jobs) await c.until(j, ['Stopped', 'Failed'], 60_000);
      await c.until(batch, ['Succeeded', 'Failed', 'Completed'], 60_000, true);
      c.settle('batch timeline', batch);
      jobs.forEach((j, i) => c.settle(`job ${i} timeline`, j));
      await settleHooks(c, batch, ['Succeeded', 'Failed', 'Completed']);
      await c.call('GET when ended', 'GET', `/api/v1/batches/${batch}`);
    },
  },
  stuckJob('unschedulable-resources', { variables: workload(1), resources: { requests: { cpu: '100' }, limits: { cpu: '100' } } }, 'Active', 3),
  // A GPU node (the control plane has none): the pod stays Pending on both sides.
  stuckJob('node-gpu-unschedulable', { variables: workload(1), node: { gpu: 'nvidia-v100, -k80', gpuCount: '1' } }, 'Active', 3),
  stuckJob('invalid-quantity-stays-waiting', { variables: workload(1), resources: { limits: { memory: '32Mx' } } }, 'Waiting', 5),
  stuckJob('failure-policy-in-zero-stays-waiting', { variables: workload(1), failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0] } }] } }, 'Waiting', 5),
  {
    id: 'webhooks/create-event-body',
    group: 'webhooks',
    needsHooks: true,
    async run(c) {
      const batch = nameOf(await c.call('create', 'POST', '/api/v1/batches', json({ batchId: 'hooked', jobScheduleDescriptions: [{ jobId: 'x', variables: workload(3) }] })));
      await c.hookUntil(batch, (b) => b.event === 'Create', 30_000);
      const create = c.target.hooks!.about(batch).find((e) => (e.body as { event?: string }).event === 'Create');
      c.note('Create event body', create?.body);
      await c.hookUntil(batch, (b) => (b.jobStatuses as { status?: string }[] | undefined)?.[0]?.status === 'Succeeded', 60_000);
      await c.sleep(2000);
      const updates = inSendOrder(c.target.hooks!.about(batch)).filter((e) => (e.body as { event?: string }).event === 'Update');
      c.note('last Update event body', updates.at(-1)?.body);
    },
  },
];
