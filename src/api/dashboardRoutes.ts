// The dashboard's read-only data under /jobsim/v1 (docs/dashboard.md): batch summaries, a batch's
// jobs a page at a time (filtered on the server, so a 100,000-job batch is never sent whole), one
// job's attempts, the cluster's nodes and pending pods, recent events, and the watch stream.
import { Router, type Request, type RequestHandler } from 'express';
import { ApiError } from '../engine/errors.js';
import type { JobManager } from '../engine/jobManager.js';
import { parseJobName } from '../engine/names.js';
import { isHead, type RadixBatch } from '../cluster/radixBatch.js';
import { componentHeads, summarize } from './batchSummary.js';
import type { DashboardInfo, JobDetail, JobPage } from './dashboardTypes.js';
import type { ChangeFeed } from './changeFeed.js';
import { readClusterState, type ClusterReader } from './clusterState.js';
import { jobRow, type JobRow } from './jobRows.js';
import { watchHandler } from './watchRoute.js';

export const DASHBOARD_API_PREFIX = '/jobsim/v1';

export interface DashboardDataOptions {
  manager: () => JobManager;
  backend: 'simulator' | 'kubernetes';
  cluster: ClusterReader;
  feed: ChangeFeed;
  /** The engine's clock, ms (virtual on the simulator). */
  now: () => number;
  /** Brings the simulator's clock up to date before a read (real and scaled clocks). */
  before: RequestHandler;
  /** Paths of the other extension routes, for the info document. */
  links: Record<string, string>;
}

const MAX_PAGE = 1000;

function intParam(req: Request, name: string, fallback: number, max: number): number {
  const raw = req.query[name];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > max) throw new ApiError(400, `query parameter ${name} must be an integer from 0 to ${max}`, 'BadRequest');
  return n;
}

function stringParam(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new ApiError(400, `query parameter ${name} must be given once`, 'BadRequest');
  return raw;
}

export function dashboardRoutes(o: DashboardDataOptions): Router {
  const r = Router();
  const p = DASHBOARD_API_PREFIX;
  const head = (manager: JobManager, name: string): RadixBatch => {
    const h = manager.cache.batch(name);
    if (!h || !isHead(h) || h.spec.radixDeploymentJobRef.job !== manager.component.name) throw new ApiError(404, `batch ${name} not found`, 'NotFound');
    return h;
  };

  r.get(`${p}/watch`, watchHandler(o.feed));
  r.use(p, o.before);

  r.get(`${p}/info`, (_req, res) => {
    const m = o.manager();
    res.json({
      component: m.component.name,
      profile: m.profile.name,
      backend: o.backend,
      // The simulator can be driven and broken from the page; a real cluster is only watched.
      controls: o.backend === 'simulator',
      maxBatchSize: m.maxBatchSize,
      now: new Date(o.now()).toISOString(),
      links: o.links,
    } satisfies DashboardInfo);
  });

  r.get(`${p}/batches`, (req, res) => {
    const m = o.manager();
    const limit = intParam(req, 'limit', 500, 10_000);
    const heads = componentHeads(m);
    res.json({ total: heads.length, batches: heads.slice(0, limit).map((h) => summarize(m, h)) });
  });

  r.get(`${p}/batches/:batchName/jobs`, (req, res) => {
    const m = o.manager();
    const h = head(m, String(req.params.batchName));
    const offset = intParam(req, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(req, 'limit', 200, MAX_PAGE);
    const status = stringParam(req, 'status');
    const q = stringParam(req, 'q')?.toLowerCase();
    const jobs: JobRow[] = [];
    let matched = 0;
    let total = 0;
    for (const j of m.views.jobsOf(h)) {
      total++;
      if (status && m.views.jobApiStatus(j.spec, j.status) !== status) continue;
      if (q && !`${h.metadata.name}-${j.spec.name}`.toLowerCase().includes(q) && !(j.spec.jobId ?? '').toLowerCase().includes(q)) continue;
      if (matched >= offset && jobs.length < limit) jobs.push(jobRow(m, h, j));
      matched++;
    }
    res.json({ batch: summarize(m, h), total, matched, offset, jobs } satisfies JobPage);
  });

  r.get(`${p}/jobs/:jobName`, (req, res) => {
    const m = o.manager();
    const full = String(req.params.jobName);
    const parsed = parseJobName(full);
    const h = parsed ? m.cache.batch(parsed.batch) : undefined;
    if (!parsed || !h || !isHead(h) || h.spec.radixDeploymentJobRef.job !== m.component.name) throw new ApiError(404, `job ${full} not found`, 'NotFound');
    let found;
    for (const j of m.views.jobsOf(h)) {
      if (j.spec.name === parsed.job) {
        found = j;
        break;
      }
    }
    if (!found) throw new ApiError(404, `job ${full} not found`, 'NotFound');
    const { spec, status } = found;
    res.json({
      batch: summarize(m, h),
      job: jobRow(m, h, found),
      // As the Kubernetes Job is built (kubeJob.ts): the request's value, else the component's.
      timeLimitSeconds: spec.timeLimitSeconds ?? m.component.timeLimitSeconds,
      backoffLimit: spec.backoffLimit ?? m.component.backoffLimit ?? 0,
      stop: spec.stop === true,
      now: new Date(o.now()).toISOString(),
      attempts: (status?.podStatuses ?? []).map((pod, i) => ({
        pod: pod.name,
        index: pod.podIndex ?? i,
        phase: pod.phase,
        created: pod.creationTime ?? null,
        started: pod.startTime ?? null,
        ended: pod.endTime ?? null,
        exitCode: pod.exitCode,
        ...(pod.reason ? { reason: pod.reason } : {}),
        ...(pod.message ? { message: pod.message } : {}),
      })),
    } satisfies JobDetail);
  });

  r.get(`${p}/cluster`, async (_req, res) => {
    res.json(await readClusterState(o.cluster));
  });

  r.get(`${p}/events`, async (req, res) => {
    const limit = intParam(req, 'limit', 200, 5000);
    res.json({ source: o.cluster.source, events: await o.cluster.events(limit) });
  });
  return r;
}
