// Batch status (the reference's pkg/batch/batch_test.go TestGetRadixBatchStatus) and job status
// rules, first as a table over recorded states, then end to end over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterCache } from '../../src/engine/clusterCache.js';
import type { ClusterPort } from '../../src/cluster/port.js';
import { PROFILES } from '../../src/engine/profile.js';
import type { BatchJobStatus, ConditionType, JobPhase, RadixBatch } from '../../src/cluster/radixBatch.js';
import type { BatchStatusRule } from '../../src/engine/types.js';
import { Views } from '../../src/engine/views.js';
import { startEngine, EXACT } from './engineHarness.js';

function batch(phases: JobPhase[], condition?: ConditionType, type: 'batch' | 'job' = 'batch', stop: boolean[] = []): RadixBatch {
  return {
    apiVersion: 'jobsim.io/v1',
    kind: 'RadixBatch',
    metadata: { name: 'b', labels: { 'radix-batch-type': type }, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { radixDeploymentJobRef: { name: 'rd', job: 'compute' }, jobs: phases.map((_, i) => ({ name: `j${i}`, ...(stop[i] ? { stop: true } : {}) })) },
    status: { jobStatuses: phases.map((phase, i) => ({ name: `j${i}`, phase })), ...(condition ? { condition: { type: condition } } : {}) },
  };
}

const cache = new ClusterCache({} as ClusterPort);
const views = (rules?: BatchStatusRule[], profile: 'radix' | 'documented' = 'radix') => new Views(PROFILES[profile], cache, rules);

const rule = (condition: 'All' | 'Any', operator: 'In' | 'NotIn', jobStatuses: JobPhase[], batchStatus: BatchStatusRule['batchStatus']): BatchStatusRule => ({ condition, operator, jobStatuses, batchStatus });

const RULES = [rule('Any', 'In', ['Failed'], 'Failed'), rule('All', 'In', ['Succeeded', 'Stopped'], 'Succeeded'), rule('All', 'NotIn', ['Waiting', 'Stopped', 'Succeeded', 'Failed'], 'Running')];

describe('TestGetRadixBatchStatus', () => {
  it('no rules: the condition type (Waiting when empty)', () => {
    expect(views().batchApiStatus(batch(['Succeeded', 'Failed'], 'Completed'))).toBe('Completed');
    expect(views().batchApiStatus(batch(['Running', 'Waiting'], 'Active'))).toBe('Active');
    expect(views().batchApiStatus(batch(['Waiting']))).toBe('Waiting');
  });

  it.each([
    ['Any In Failed matches first', ['Succeeded', 'Failed', 'Stopped'], 'Failed'],
    ['All In Succeeded/Stopped', ['Succeeded', 'Stopped'], 'Succeeded'],
    ['All NotIn finished/waiting -> Running', ['Running', 'Active'], 'Running'],
    ['no rule matches -> condition', ['Running', 'Waiting'], 'Active'],
  ] as const)('%s', (_n, phases, expected) => {
    expect(views(RULES).batchApiStatus(batch([...phases], 'Active'))).toBe(expected);
  });

  it('first match wins', () => {
    const rules = [rule('Any', 'In', ['Succeeded'], 'Running'), rule('All', 'In', ['Succeeded'], 'Succeeded')];
    expect(views(rules).batchApiStatus(batch(['Succeeded', 'Succeeded'], 'Completed'))).toBe('Running');
  });

  it('Any NotIn and All NotIn', () => {
    expect(views([rule('Any', 'NotIn', ['Succeeded'], 'Failed')]).batchApiStatus(batch(['Succeeded', 'Stopped'], 'Completed'))).toBe('Failed');
    expect(views([rule('Any', 'NotIn', ['Succeeded'], 'Failed')]).batchApiStatus(batch(['Succeeded', 'Succeeded'], 'Completed'))).toBe('Completed');
    expect(views([rule('All', 'NotIn', ['Failed'], 'Succeeded')]).batchApiStatus(batch(['Succeeded', 'Stopped'], 'Completed'))).toBe('Succeeded');
  });

  it('rules see raw phases, not Stopping', () => {
    expect(views([rule('All', 'In', ['Running'], 'Running')]).batchApiStatus(batch(['Running'], 'Active', 'batch', [true]))).toBe('Running');
  });

  it('a single job: its raw phase, no rules (radix)', () => {
    expect(views(RULES).batchApiStatus(batch(['Stopped'], 'Completed', 'job'))).toBe('Stopped');
  });

  it('documented, without rules: Running, then Succeeded / Failed / Stopped', () => {
    const v = views(undefined, 'documented');
    expect(v.batchApiStatus(batch(['Waiting', 'Waiting'], 'Waiting'))).toBe('Waiting');
    expect(v.batchApiStatus(batch(['Running', 'Succeeded'], 'Active'))).toBe('Running');
    expect(v.batchApiStatus(batch(['Succeeded', 'Failed'], 'Completed'))).toBe('Failed');
    expect(v.batchApiStatus(batch(['Succeeded', 'Stopped'], 'Completed'))).toBe('Stopped');
    expect(v.batchApiStatus(batch(['Succeeded', 'Succeeded'], 'Completed'))).toBe('Succeeded');
    expect(views(RULES, 'documented').batchApiStatus(batch(['Running', 'Active'], 'Active'))).toBe('Running');
  });
});

describe('job status from phase, stop and pod statuses', () => {
  const job = { name: 'j0' };
  const pods = (...phases: ('Failed' | 'Running' | 'Pending')[]): BatchJobStatus['podStatuses'] => phases.map((phase, i) => ({ name: `p${i}`, phase, exitCode: phase === 'Failed' ? 1 : 0, podIndex: i }));
  it('Stopping while a stop is pending', () => {
    for (const phase of ['Waiting', 'Active', 'Running'] as const) expect(views().jobApiStatus({ ...job, stop: true }, { name: 'j0', phase })).toBe('Stopping');
    expect(views().jobApiStatus({ ...job, stop: true }, { name: 'j0', phase: 'Succeeded' })).toBe('Succeeded');
  });
  it('radix: every pod failed means Failed, even between retries and when stopped', () => {
    expect(views().jobApiStatus(job, { name: 'j0', phase: 'Active', podStatuses: pods('Failed') })).toBe('Failed');
    expect(views().jobApiStatus(job, { name: 'j0', phase: 'Stopped', podStatuses: pods('Failed', 'Failed') })).toBe('Failed');
    expect(views().jobApiStatus(job, { name: 'j0', phase: 'Running', podStatuses: pods('Failed', 'Running') })).toBe('Running');
  });
  it('documented: the phase as recorded', () => {
    expect(views(undefined, 'documented').jobApiStatus(job, { name: 'j0', phase: 'Active', podStatuses: pods('Failed') })).toBe('Active');
  });
});

type Engine = Awaited<ReturnType<typeof startEngine>>;
let e: Engine | undefined;
afterEach(() => e?.stop());

describe('status over HTTP', () => {
  it('batchStatusRules from the component configuration apply to GET /batches/{B} (radix)', async () => {
    // Exact times (latency off): the statuses are read at exact instants of the jobs' runs.
    e = await startEngine({ sim: EXACT, profile: 'radix', components: [{ batchStatusRules: RULES }] });
    const b = (await e.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{ variables: { WORKLOAD_SECONDS: '10' } }, { variables: { WORKLOAD_SECONDS: '20', WORKLOAD_EXIT_CODE: '2' } }] })).body;
    await e.advance(1);
    expect((await e.http.get(`/api/v1/batches/${b.name}`)).body.status).toBe('Running');
    await e.advance(10);
    expect((await e.http.get(`/api/v1/batches/${b.name}`)).body.status).toBe('Active');
    await e.idle();
    const done = (await e.http.get(`/api/v1/batches/${b.name}`)).body;
    expect(done.status).toBe('Failed');
    expect(done.started).toBe('2026-01-01T00:00:00Z');
    expect(done.ended).toBe('2026-01-01T00:00:20Z');
  });

  it('retries: one pod status per attempt with exit code and reason; failed counts them; message from the condition', async () => {
    e = await startEngine({ profile: 'documented' });
    const job = (await e.http.post('/api/v1/jobs').send({ backoffLimit: 1, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODES: '3,4' } })).body;
    await e.idle();
    const got = (await e.http.get(`/api/v1/jobs/${job.name}`)).body;
    expect(got).toMatchObject({ status: 'Failed', failed: 2, message: 'Job has reached the specified backoff limit' });
    expect(got.podStatuses.map((p: { exitCode: number; podIndex: number; replicaStatus: { status: string }; reason: string }) => [p.podIndex, p.exitCode, p.replicaStatus.status, p.reason])).toEqual([
      [0, 3, 'Failed', 'Error'],
      [1, 4, 'Failed', 'Error'],
    ]);
    expect(got.ended).toBeTruthy();
  });

  it('radix: an attempt that failed shows Failed before the retry starts; podIndex 0 is omitted', async () => {
    // Exact times (latency off): the first attempt has failed by 1 s (with latency the window opens a batched sync later: test/api/timing.test.ts).
    e = await startEngine({ sim: EXACT, profile: 'radix' });
    const job = (await e.http.post('/api/v1/jobs').send({ backoffLimit: 1, variables: { WORKLOAD_SECONDS: '1', WORKLOAD_EXIT_CODES: '3,0' } })).body;
    await e.advance(1);
    const between = (await e.http.get(`/api/v1/jobs/${job.name}`)).body;
    expect(between.status).toBe('Failed');
    expect(between.podStatuses[0].podIndex).toBeUndefined();
    await e.idle();
    expect((await e.http.get(`/api/v1/jobs/${job.name}`)).body.status).toBe('Succeeded');
  });

  it('message from the pod\'s latest Event while the job has no condition message', async () => {
    e = await startEngine({ profile: 'radix' });
    const job = (await e.http.post('/api/v1/jobs').send({ variables: { WORKLOAD_SECONDS: '100' } })).body;
    // Running once the Job controller's batched sync (1 s after the pod appeared) has seen it ready.
    await e.advance(2);
    const got = (await e.http.get(`/api/v1/jobs/${job.name}`)).body;
    expect(got.status).toBe('Running');
    expect(typeof got.message).toBe('string');
    expect(got.message.length).toBeGreaterThan(0);
    // Not on the batch-job route (nor there in the reference).
    const B = job.name.slice(0, job.name.lastIndexOf('-'));
    expect((await e.http.get(`/api/v1/batches/${B}/jobs/${job.name}`)).body.message).toBeUndefined();
  });
});

describe('radix: a spec Kubernetes would refuse is accepted and the job stays Waiting', () => {
  it('an invalid quantity or failurePolicy In 0', async () => {
    e = await startEngine({ profile: 'radix' });
    const bad = [
      { resources: { limits: { memory: '32Mx' } } },
      { failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 1] } }] } },
    ];
    const names: string[] = [];
    for (const body of bad) {
      const res = await e.http.post('/api/v1/jobs').send(body);
      expect(res.status).toBe(200);
      names.push(res.body.name);
    }
    const good = (await e.http.post('/api/v1/jobs').send({})).body.name as string;
    await e.idle();
    for (const name of names) expect((await e.http.get(`/api/v1/jobs/${name}`)).body.status).toBe('Waiting');
    expect((await e.http.get(`/api/v1/jobs/${good}`)).body.status).toBe('Succeeded');
  });

  it('documented: refused with 422 naming the field', async () => {
    e = await startEngine({ profile: 'documented' });
    const res = await e.http.post('/api/v1/jobs').send({ resources: { limits: { memory: '32Mx' } } });
    expect(res.status).toBe(422);
    expect(res.body.message).toContain('resources.limits.memory "32Mx" is not a valid Kubernetes quantity');
  });
});
