// The Job Manager routes, the reference's fourteen. Handlers only translate HTTP to engine calls.
import type { Express, Request, RequestHandler, Response } from 'express';
import type { JobManager } from '../engine/jobManager.js';
import type { BatchViewParts } from '../engine/views.js';
import type { BatchScheduleDescription, JobScheduleDescription } from '../engine/types.js';
import { ListedAnswer, sendJson } from './jsonStream.js';

type Handler = (manager: JobManager, req: Request) => unknown;

/** A big batch's job views are built as they are sent, not all at once. */
function listed({ view, jobStatuses }: BatchViewParts): unknown {
  return jobStatuses ? new ListedAnswer(view, 'jobStatuses', jobStatuses) : view;
}

/**
 * Adds the routes to the app itself (a Router of their own would be one more dispatch per request);
 * `before` runs ahead of each handler (the simulator's clock catching up), when it returns a promise.
 */
export function jobRoutes(r: Express, manager: () => JobManager, before: () => Promise<void> | undefined): void {
  const h =
    (fn: Handler): RequestHandler =>
    async (req: Request, res: Response) => {
      const pending = before();
      if (pending) await pending;
      await sendJson(res, 200, await fn(manager(), req));
    };
  const p = (req: Request, name: string) => String(req.params[name]);
  r.post('/api/v1/jobs', h((m, req) => m.createJob(req.body as JobScheduleDescription | undefined)));
  r.get('/api/v1/jobs', h((m) => m.listJobs()));
  r.post('/api/v1/jobs/stop', h((m) => m.stopAllJobs()));
  r.get('/api/v1/jobs/:jobName', h((m, req) => m.getJob(p(req, 'jobName'))));
  r.delete('/api/v1/jobs/:jobName', h((m, req) => m.deleteJob(p(req, 'jobName'))));
  r.post('/api/v1/jobs/:jobName/stop', h((m, req) => m.stopJob(p(req, 'jobName'))));
  r.post('/api/v1/batches', h(async (m, req) => listed(await m.createBatchParts(req.body as BatchScheduleDescription | undefined))));
  r.get('/api/v1/batches', h((m) => m.listBatches()));
  r.post('/api/v1/batches/stop', h((m) => m.stopAllBatches()));
  r.get(
    '/api/v1/batches/:batchName',
    h(async (m, req) => listed(await m.getBatchParts(p(req, 'batchName')))),
  );
  r.delete('/api/v1/batches/:batchName', h((m, req) => m.deleteBatch(p(req, 'batchName'))));
  r.post('/api/v1/batches/:batchName/stop', h((m, req) => m.stopBatch(p(req, 'batchName'))));
  r.get('/api/v1/batches/:batchName/jobs/:jobName', h((m, req) => m.getBatchJob(p(req, 'batchName'), p(req, 'jobName'))));
  r.post('/api/v1/batches/:batchName/jobs/:jobName/stop', h((m, req) => m.stopBatchJob(p(req, 'batchName'), p(req, 'jobName'))));
}
