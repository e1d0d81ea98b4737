// Proof that the kit can fail: each deliberately broken jobsim is caught by the check meant for it,
// and the same check passes against the correct server (so the failure is the fault's, not the check's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobsim, type JobsimProcess } from '../../test/support/jobsimProcess.js';
import { ALL_CHECKS } from '../checks/index.js';
import { profileExpectations } from '../kit/profiles.js';
import { runChecks } from '../kit/runner.js';
import type { Outcome } from '../kit/types.js';
import { startMutatingProxy, type Breaker, type ProxyRequest } from './mutatingProxy.js';

type Json = Record<string, unknown>;
const isJobGet = (r: ProxyRequest) => r.method === 'GET' && /^\/api\/v1\/jobs\/[^/]+$/.test(r.path);
const mapJobs = (body: unknown, f: (j: Json) => Json): unknown => {
  if (Array.isArray(body)) return body.map((b) => mapJobs(b, f));
  if (!body || typeof body !== 'object') return body;
  const j = body as Json;
  return f(Array.isArray(j.jobStatuses) ? { ...j, jobStatuses: j.jobStatuses.map((x) => f(x as Json)) } : j);
};

interface Variant {
  fault: string;
  check: string;
  /** Also run these checks (their traffic is what the check judges). */
  with?: string[];
  breaker?: Breaker;
  /** Simulator settings of a broken jobsim (a scenario file's `simulator`). */
  simulator?: Record<string, number>;
}

const deletedJobs = new Set<string>();

const variants: Variant[] = [
  {
    fault: 'the batch list carries a stray key the contract does not declare',
    check: 'schema.every-response',
    with: ['api.created-readable'],
    breaker: { response: (req, res) => (req.method === 'GET' && req.path === '/api/v1/batches' && Array.isArray(res.body) ? { ...res, body: res.body.map((b) => ({ ...(b as Json), batchname: 'typo' })) } : res) },
  },
  {
    fault: 'a failed job is reported Succeeded',
    check: 'lifecycle.retries',
    breaker: { response: (req, res) => (isJobGet(req) ? { ...res, body: mapJobs(res.body, (j) => (j.status === 'Failed' ? { ...j, status: 'Succeeded' } : j)) } : res) },
  },
  {
    fault: 'the job status omits the required `status` field',
    check: 'schema.operations',
    breaker: { response: (req, res) => (isJobGet(req) && res.status === 200 ? { ...res, body: { ...(res.body as Json), status: undefined } } : res) },
  },
  {
    fault: 'a body that is not an object gives 500',
    check: 'api.no-5xx-bodies',
    breaker: {
      request: (req) =>
        req.method === 'POST' && /^\/api\/v1\/(jobs|batches)$/.test(req.path) && req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
          ? { status: 500, body: { status: 'Failure', message: 'boom', reason: 'InternalError', code: 500 } }
          : undefined,
    },
  },
  {
    fault: 'stop answers 200 but does not stop the job',
    check: 'lifecycle.stop-running',
    breaker: {
      request: (req) => {
        const m = /^\/api\/v1\/jobs\/([^/]+)\/stop$/.exec(req.path);
        return req.method === 'POST' && m ? { status: 200, body: { status: 'Success', message: `job ${decodeURIComponent(m[1]!)} successfully stopped`, code: 200 } } : undefined;
      },
    },
  },
  { fault: 'the pod-failure backoff starts at 5 s instead of 10 s', check: 'lifecycle.backoff-delays', simulator: { backoffBaseSeconds: 5 } },
  {
    fault: '`ended` is missing on Succeeded jobs',
    check: 'lifecycle.success',
    breaker: { response: (req, res) => (isJobGet(req) ? { ...res, body: mapJobs(res.body, (j) => (j.status === 'Succeeded' ? { ...j, ended: '' } : j)) } : res) },
  },
  {
    fault: 'a retrying job goes back to Waiting (illegal transition)',
    check: 'lifecycle.retries',
    breaker: { response: (req, res) => (isJobGet(req) ? { ...res, body: mapJobs(res.body, (j) => (j.status === 'Running' && Number(j.failed ?? 0) > 0 ? { ...j, status: 'Waiting' } : j)) } : res) },
  },
  {
    fault: 'a batch with a failed job reports Succeeded',
    check: 'batch.status-from-jobs',
    breaker: { response: (req, res) => (req.method === 'GET' && req.path.startsWith('/api/v1/batches/') && (res.body as Json)?.status === 'Failed' ? { ...res, body: { ...(res.body as Json), status: 'Succeeded' } } : res) },
  },
  {
    fault: 'a deleted job can still be read (stale cache)',
    check: 'api.delete-then-404',
    breaker: {
      response: (req, res) => {
        const name = decodeURIComponent(req.path.split('/').pop() ?? '');
        if (req.method === 'DELETE' && res.status === 200) deletedJobs.add(name);
        if (isJobGet(req) && deletedJobs.has(name)) return { status: 200, body: { name, status: 'Succeeded', created: '', started: '', ended: '', updated: '' } };
        return res;
      },
    },
  },
  {
    fault: 'an invalid body is rejected but a job is created anyway',
    check: 'api.invalid-rejected',
    breaker: {
      response: async (req, res, upstream) => {
        if (req.method === 'POST' && req.path === '/api/v1/jobs' && res.status === 422) {
          await fetch(`${upstream}/api/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        }
        return res;
      },
    },
  },
  {
    fault: 'the last matching failurePolicy rule wins',
    check: 'lifecycle.failure-policy-first-match',
    breaker: {
      request: (req) => {
        const rules = (req.body as { failurePolicy?: { rules?: unknown[] } } | undefined)?.failurePolicy?.rules;
        return req.method === 'POST' && req.path === '/api/v1/jobs' && rules ? { forward: { ...(req.body as Json), failurePolicy: { rules: [...rules].reverse() } } } : undefined;
      },
    },
  },
  {
    fault: 'GET /batches keeps listing deleted batches',
    check: 'model.random-sequences',
    breaker: {
      response: (req, res) => {
        if (req.method === 'DELETE' && res.status === 200) deletedJobs.add(decodeURIComponent(req.path.split('/').pop() ?? ''));
        if (req.method === 'GET' && req.path === '/api/v1/batches' && Array.isArray(res.body)) {
          return { ...res, body: [...res.body, ...[...deletedJobs].filter((n) => !n.includes('nosuch')).map((name) => ({ name, status: 'Succeeded', created: '', started: '', ended: '', updated: '' }))] };
        }
        return res;
      },
    },
  },
];

async function runOnly(baseUrl: string, check: string, others: string[] = []): Promise<Outcome> {
  const result = await runChecks(ALL_CHECKS, { baseUrl, profile: profileExpectations('documented'), seed: 42, only: [check, ...others], timeoutMs: 60_000, concurrency: 1 });
  const outcome = result.outcomes.find((o) => o.id === check);
  if (!outcome) throw new Error(`check ${check} did not run`);
  return outcome;
}

describe('the kit catches deliberately broken servers', () => {
  let correct: JobsimProcess;
  beforeAll(async () => {
    correct = await startJobsim();
  });
  afterAll(async () => {
    await correct?.close();
  });

  for (const v of variants) {
    it(`${v.check} catches: ${v.fault}`, async () => {
      deletedJobs.clear();
      const upstream = v.simulator ? await startJobsim({ simulator: v.simulator }) : correct;
      const proxy = await startMutatingProxy(upstream.baseUrl, v.breaker ?? {});
      try {
        const broken = await runOnly(proxy.baseUrl, v.check, v.with);
        expect(broken.status, JSON.stringify(broken.failure)).toBe('failed');
        expect(broken.replay).toMatch(/--only \S+/);
        expect(broken.replay).toContain(v.check);
        expect(broken.failure?.message.length).toBeGreaterThan(0);
      } finally {
        await proxy.close();
        if (upstream !== correct) await upstream.close();
      }
      // The same check, same seed, through a faithful proxy: passes, so the failure above is the fault's.
      const faithful = await startMutatingProxy(correct.baseUrl, {});
      try {
        const ok = await runOnly(faithful.baseUrl, v.check, v.with);
        expect(ok.status, JSON.stringify(ok.failure)).toBe('passed');
      } finally {
        await faithful.close();
      }
    }, 120_000);
  }
});
