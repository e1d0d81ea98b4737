// The lifecycle examples of the issue, under the manual clock with exact virtual timestamps, and
// the same job under a running (scaled) clock.
import { afterEach, describe, expect, it } from 'vitest';
import { expectContract, startHarness, type Harness, EXACT } from '../support/harness.js';

let h: Harness;
afterEach(() => h?.stop());

const T0 = '2026-01-01T00:00:00Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString().replace('.000Z', 'Z');

describe('job lifecycle on the manual clock', () => {
  it('a 2-second job is Waiting at creation, Running once the cluster acts, Succeeded 2 s later', async () => {
    // Exact times (latency off): Running in the instant the cluster acts, Succeeded exactly 2 s later (the timeline with latency: test/api/timing.test.ts).
    h = await startHarness({ sim: EXACT });
    const job = await h.createJob({ variables: { WORKLOAD_SECONDS: '2' } });
    expect(job.status).toBe('Waiting');

    await h.advance(0);
    let res = await h.http.get(`/api/v1/jobs/${job.name}`);
    expectContract('get', `/api/v1/jobs/${job.name}`, res);
    expect(res.body).toMatchObject({ name: job.name, status: 'Running', created: T0, started: T0, ended: '' });
    expect(res.body.podStatuses).toHaveLength(1);
    expect(res.body.podStatuses[0]).toMatchObject({ replicaStatus: { status: 'Running' }, startTime: T0, podIndex: 0 });

    await h.advance(1.999);
    res = await h.http.get(`/api/v1/jobs/${job.name}`);
    expect(res.body.status).toBe('Running');

    await h.advance(0.001);
    res = await h.http.get(`/api/v1/jobs/${job.name}`);
    expect(res.body).toMatchObject({ status: 'Succeeded', started: T0, ended: at(2) });
    expect(res.body.podStatuses[0]).toMatchObject({ replicaStatus: { status: 'Succeeded' }, exitCode: 0, reason: 'Completed', endTime: at(2) });
    expect(h.errors).toEqual([]);
  });

  it('exit code 3 with backoffLimit 2 fails after three attempts spaced by the pod-failure backoff', async () => {
    // Exact times (latency off): attempts at 0, 15 and 40 s, each 5 s long.
    h = await startHarness({ sim: EXACT });
    const job = await h.createJob({ backoffLimit: 2, variables: { WORKLOAD_EXIT_CODE: '3', WORKLOAD_SECONDS: '5' } });
    await h.idle();
    const res = await h.http.get(`/api/v1/jobs/${job.name}`);
    expectContract('get', `/api/v1/jobs/${job.name}`, res);
    // Attempt 1 runs 0-5 s; backoff 10 s -> attempt 2 at 15-20 s; backoff 20 s -> attempt 3 at 40-45 s.
    expect(res.body).toMatchObject({ status: 'Failed', started: T0, ended: at(45), failed: 3, message: 'Job has reached the specified backoff limit' });
    const pods = res.body.podStatuses as { created: string; startTime: string; endTime: string; exitCode: number; reason: string; replicaStatus: { status: string }; podIndex: number }[];
    expect(pods.map((p) => [p.created, p.endTime, p.exitCode, p.reason, p.replicaStatus.status, p.podIndex])).toEqual([
      [at(0), at(5), 3, 'Error', 'Failed', 0],
      [at(15), at(20), 3, 'Error', 'Failed', 1],
      [at(40), at(45), 3, 'Error', 'Failed', 2],
    ]);
  });

  it('the job stays Running between a failed attempt and its retry (documented profile)', async () => {
    // Exact times (latency off): the second attempt ends at exactly 20 s.
    h = await startHarness({ sim: EXACT });
    const job = await h.createJob({ backoffLimit: 1, variables: { WORKLOAD_EXIT_CODES: '1,0', WORKLOAD_SECONDS: '5' } });
    await h.advance(6);
    expect((await h.http.get(`/api/v1/jobs/${job.name}`)).body.status).toBe('Running');
    await h.idle();
    const res = await h.http.get(`/api/v1/jobs/${job.name}`);
    expect(res.body).toMatchObject({ status: 'Succeeded', ended: at(20), failed: 1 });
    expect(res.body.podStatuses.map((p: { exitCode: number }) => p.exitCode)).toEqual([1, 0]);
  });

  it('timeLimitSeconds applies to each attempt', async () => {
    // Exact times (latency off): the attempts are created at 0 and 13 s and killed at 3 and 16 s.
    h = await startHarness({ sim: EXACT });
    const job = await h.createJob({ timeLimitSeconds: 3, backoffLimit: 1, variables: { WORKLOAD_SECONDS: '60' } });
    await h.idle();
    const res = await h.http.get(`/api/v1/jobs/${job.name}`);
    // Attempt 1 is killed at 3 s, the retry starts after 10 s of backoff and is killed 3 s later.
    expect(res.body).toMatchObject({ status: 'Failed', ended: at(16) });
    expect(res.body.podStatuses.map((p: { created: string; endTime: string }) => [p.created, p.endTime])).toEqual([
      [at(0), at(3)],
      [at(13), at(16)],
    ]);
  });

  it('a batch runs its jobs and reports Succeeded only when all succeeded, Failed if any failed', async () => {
    // Exact times (latency off): the batch is Running in the instant after creation and its 1 s job Succeeded at 1 s.
    h = await startHarness({ sim: EXACT });
    const batch = await h.createBatch({
      batchId: 'b-1',
      jobScheduleDescriptions: [{ jobId: 'ok', variables: { WORKLOAD_SECONDS: '1' } }, { jobId: 'bad', variables: { WORKLOAD_SECONDS: '2', WORKLOAD_EXIT_CODE: '1' } }],
    });
    expect(batch).toMatchObject({ status: 'Waiting', batchId: 'b-1' });
    await h.advance(0);
    expect((await h.http.get(`/api/v1/batches/${batch.name}`)).body).toMatchObject({ status: 'Running', started: T0, ended: '' });
    await h.advance(1);
    const mid = (await h.http.get(`/api/v1/batches/${batch.name}`)).body;
    expect(mid.status).toBe('Running');
    expect(mid.jobStatuses.map((j: { jobId: string; status: string }) => [j.jobId, j.status])).toEqual([
      ['ok', 'Succeeded'],
      ['bad', 'Running'],
    ]);
    await h.idle();
    const res = await h.http.get(`/api/v1/batches/${batch.name}`);
    expectContract('get', `/api/v1/batches/${batch.name}`, res);
    expect(res.body).toMatchObject({ status: 'Failed', ended: at(2), batchId: 'b-1', batchName: batch.name });
  });

  it('a pod that fits no node leaves the job Active with the scheduler message, and it runs once capacity frees', async () => {
    // Exact times (latency off): three pods run in the instant after creation and the fourth starts when one ends at 10 s.
    h = await startHarness({ sim: EXACT });
    const big = { resources: { requests: { cpu: '3', memory: '1Gi' }, limits: { cpu: '3', memory: '1Gi' } }, variables: { WORKLOAD_SECONDS: '10' } };
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(await h.createJob(big));
    await h.advance(0);
    const statuses = await Promise.all(jobs.map(async (j) => (await h.http.get(`/api/v1/jobs/${j.name}`)).body));
    expect(statuses.map((s) => s.status).sort()).toEqual(['Active', 'Running', 'Running', 'Running']);
    const waiting = statuses.find((s) => s.status === 'Active')!;
    // kube-scheduler 1.36's words: no node has room, and preemption finds no pod of lower priority to evict.
    const message = '0/3 nodes are available: 3 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(waiting.podStatuses[0]).toMatchObject({ replicaStatus: { status: 'Pending' }, reason: 'Unschedulable', statusMessage: message });
    expect(waiting.message).toBe(message);
    await h.advance(10);
    expect((await h.http.get(`/api/v1/jobs/${waiting.name}`)).body).toMatchObject({ status: 'Running', started: T0 });
    await h.idle();
    expect((await h.http.get(`/api/v1/jobs/${waiting.name}`)).body).toMatchObject({ status: 'Succeeded', ended: at(20) });
  });
});

describe('job lifecycle on a running clock', () => {
  it('a job created under a scaled clock succeeds without anyone advancing time', async () => {
    h = await startHarness({ clock: 'scaled:1000' });
    const job = await h.createJob({ variables: { WORKLOAD_SECONDS: '2' } });
    let status = '';
    for (let i = 0; i < 200 && status !== 'Succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = (await h.http.get(`/api/v1/jobs/${job.name}`)).body.status;
    }
    expect(status).toBe('Succeeded');
    const clock = await h.http.get('/sim/v1/clock');
    expect(clock.body).toMatchObject({ mode: 'scaled', scale: 1000 });
  });
});
