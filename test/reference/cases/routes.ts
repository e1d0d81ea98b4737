// Every route, on servers with nothing on them (these cases list and stop everything, so they
// run alone): empty lists, stop-all with nothing to stop, then lists and stop-all with a single
// job and a batch running.
import type { Case } from '../support/cases.js';
import { callList, json, jobNamesOf, nameOf, workload } from './helpers.js';

export const routeCases: Case[] = [
  {
    id: 'routes/empty-lists',
    group: 'routes',
    exclusive: true,
    async run(c) {
      await c.call('GET /jobs', 'GET', '/api/v1/jobs');
      await c.call('GET /batches', 'GET', '/api/v1/batches');
    },
  },
  {
    id: 'routes/stop-all-with-nothing-to-stop',
    group: 'routes',
    exclusive: true,
    async run(c) {
      await c.call('POST /jobs/stop', 'POST', '/api/v1/jobs/stop');
      await c.call('POST /batches/stop', 'POST', '/api/v1/batches/stop');
    },
  },
  {
    id: 'routes/lists-and-stop-all',
    group: 'routes',
    exclusive: true,
    async run(c) {
      const job = nameOf(await c.call('create job', 'POST', '/api/v1/jobs', json({ jobId: 'single', variables: workload(600) })));
      const created = await c.call('create batch', 'POST', '/api/v1/batches', json({ batchId: 'list', jobScheduleDescriptions: [{ jobId: 'a', variables: workload(600) }, { jobId: 'b', variables: workload(600) }] }));
      const batch = nameOf(created);
      const batchJobs = jobNamesOf(created);
      for (const n of [job, batch, ...batchJobs]) c.follow(n);
      await c.until(job, ['Running'], 60_000);
      for (const j of batchJobs) await c.until(j, ['Running'], 60_000);
      await c.until(batch, ['Running'], 60_000);
      const kind = (n: string) => (n === job ? 'single job' : n.startsWith(`${batch}-`) ? 'job of the batch' : n);
      await callList(c, 'GET /jobs', '/api/v1/jobs', kind);
      await callList(c, 'GET /batches', '/api/v1/batches');
      await c.call('POST /jobs/stop', 'POST', '/api/v1/jobs/stop');
      await c.until(job, ['Stopped', 'Failed'], 60_000);
      await c.call('POST /batches/stop', 'POST', '/api/v1/batches/stop');
      for (const j of batchJobs) await c.until(j, ['Stopped', 'Failed'], 60_000);
      await c.until(batch, ['Succeeded', 'Failed', 'Completed'], 60_000, true);
      c.settle('single job', job);
      c.settle('batch', batch);
      batchJobs.forEach((j, i) => c.settle(`batch job ${i}`, j));
      await callList(c, 'GET /jobs after stop-all', '/api/v1/jobs', kind);
      await callList(c, 'GET /batches after stop-all', '/api/v1/batches');
      await c.call('POST /jobs/stop again', 'POST', '/api/v1/jobs/stop');
      await c.call('POST /batches/stop again', 'POST', '/api/v1/batches/stop');
    },
  },
];
