// The batch/v1 Job controller as Kubernetes' pkg/controller/job implements it.
import { describe, expect, it, vi } from 'vitest';
import { JobController } from '../../src/sim/jobController.js';
import { condition, createJob, job, jobObject, logged, NS, podCreationTimes, podsOf, secondsOf, newSim, EXACT } from './support.js';

describe('Job controller: pod-failure backoff', () => {
  it('waits 10s * 2^(n-1) after the finish of the last failed pod, capped at 600 s (MaxJobPodFailureBackOff)', async () => {
    const sim = newSim({ defaultWorkloadSeconds: 1 });
    createJob(sim, 'flaky', { env: { WORKLOAD_EXIT_CODE: '1', WORKLOAD_SECONDS: '1' }, backoffLimit: 8 });
    await sim.runUntilIdle();
    const created = podCreationTimes(sim, 'flaky');
    // Each attempt runs 1 s; the next pod comes 10, 20, 40 ... s after that failure.
    const waits = created.slice(1).map((t, i) => t - (created[i]! + 1));
    expect(waits).toEqual([10, 20, 40, 80, 160, 320, 600, 600]);
    expect(condition(job(sim, 'flaky'), 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(job(sim, 'flaky')!.status).toMatchObject({ failed: 9, succeeded: 0, active: 0 });
  });

  it('caps the backoff at 360 s with --backoff-cap 360 (the value in the Kubernetes docs)', async () => {
    const sim = newSim({ backoffCapSeconds: 360 });
    createJob(sim, 'flaky', { env: { WORKLOAD_EXIT_CODE: '1', WORKLOAD_SECONDS: '1' }, backoffLimit: 7 });
    await sim.runUntilIdle();
    const created = podCreationTimes(sim, 'flaky');
    expect(created.slice(1).map((t, i) => t - (created[i]! + 1))).toEqual([10, 20, 40, 80, 160, 320, 360]);
  });

  it('counts failures since the last success: a success resets the backoff to 10 s', async () => {
    // Exact times (latency off): the replacement after a success is created in the same instant here; with the cluster model it waits for the batched sync.
    const sim = newSim(EXACT);
    createJob(sim, 'twice', { env: { WORKLOAD_EXIT_CODES: '1,0,1,1,0', WORKLOAD_SECONDS: '1' }, backoffLimit: 5, completions: 2 });
    await sim.runUntilIdle();
    const created = podCreationTimes(sim, 'twice');
    // fail (10 s), success (no wait), fail (10 s, not 20), fail (20 s), success.
    expect(created.slice(1).map((t, i) => t - (created[i]! + 1))).toEqual([10, 0, 10, 20]);
    expect(condition(job(sim, 'twice'), 'Complete')?.status).toBe('True');
    expect(job(sim, 'twice')!.status).toMatchObject({ succeeded: 2, failed: 3 });
  });
});

describe('Job controller: podFailurePolicy', () => {
  it('FailJob on a matching exit code fails the Job at once with reason PodFailurePolicy', async () => {
    const sim = newSim();
    createJob(sim, 'fatal', {
      env: { WORKLOAD_EXIT_CODE: '42' },
      backoffLimit: 6,
      rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }],
    });
    await sim.runUntilIdle();
    const pod = podsOf(sim, 'fatal')[0]!;
    expect(podsOf(sim, 'fatal')).toHaveLength(1);
    expect(condition(job(sim, 'fatal'), 'Failed')).toMatchObject({
      reason: 'PodFailurePolicy',
      message: `Container main for pod ${NS}/${pod.metadata.name} failed with exit code 42 matching FailJob rule at index 0`,
    });
    expect(condition(job(sim, 'fatal'), 'FailureTarget')?.status).toBe('True');
  });

  it('Ignore does not count the failure against backoffLimit; the pod is replaced', async () => {
    const sim = newSim();
    createJob(sim, 'ignored', {
      env: { WORKLOAD_EXIT_CODES: '3,3,0' },
      backoffLimit: 0,
      rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }],
    });
    await sim.runUntilIdle();
    expect(podsOf(sim, 'ignored')).toHaveLength(3);
    expect(job(sim, 'ignored')!.status).toMatchObject({ failed: 0, succeeded: 1 });
    expect(logged(sim, 'PodFailureIgnored', 'ignored')).toHaveLength(2);
  });

  it('Ignore still backs off: the backoff record counts every failed pod since the last success (pkg/controller/job backoff_utils)', async () => {
    const sim = newSim();
    createJob(sim, 'ignored', {
      env: { WORKLOAD_EXIT_CODES: '3,3,3,0', WORKLOAD_SECONDS: '1' },
      backoffLimit: 0,
      rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }],
    });
    await sim.runUntilIdle();
    const created = podCreationTimes(sim, 'ignored');
    // Each attempt runs 1 s; the replacements wait 10, 20, 40 s like counted failures (the cluster
    // created the second pod 10 s after the first ended), yet none counts against backoffLimit 0.
    expect(created.slice(1).map((t, i) => t - (created[i]! + 1))).toEqual([10, 20, 40]);
    expect(job(sim, 'ignored')!.status).toMatchObject({ failed: 0, succeeded: 1 });
    expect(condition(job(sim, 'ignored'), 'Complete')?.status).toBe('True');
  });

  it('Count counts the failure as usual; NotIn matches codes outside the list', async () => {
    const sim = newSim();
    createJob(sim, 'counted', {
      env: { WORKLOAD_EXIT_CODE: '5', WORKLOAD_SECONDS: '1' },
      backoffLimit: 1,
      rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } }],
    });
    await sim.runUntilIdle();
    expect(condition(job(sim, 'counted'), 'Failed')?.reason).toBe('BackoffLimitExceeded');
    expect(job(sim, 'counted')!.status?.failed).toBe(2);
  });

  it('the first matching rule wins', async () => {
    const sim = newSim();
    createJob(sim, 'first', {
      env: { WORKLOAD_EXIT_CODES: '7,0' },
      backoffLimit: 0,
      rules: [
        { action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } },
        { action: 'FailJob', onExitCodes: { operator: 'In', values: [7] } },
      ],
    });
    await sim.runUntilIdle();
    expect(condition(job(sim, 'first'), 'Complete')?.status).toBe('True');
  });

  it('exit code 0 never matches, even a NotIn rule', async () => {
    const sim = newSim();
    createJob(sim, 'ok', { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }] });
    await sim.runUntilIdle();
    expect(condition(job(sim, 'ok'), 'Complete')?.status).toBe('True');
  });
});

describe('Job controller: deadlines, suspend, TTL, status', () => {
  it("the pod's activeDeadlineSeconds applies to each attempt (pod reason DeadlineExceeded)", async () => {
    const sim = newSim();
    createJob(sim, 'slow', { env: { WORKLOAD_SECONDS: '100' }, podActiveDeadlineSeconds: 30, backoffLimit: 1 });
    await sim.runUntilIdle();
    const pods = podsOf(sim, 'slow');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    }
    // Attempt 1: 0-30 s; backoff 10 s; attempt 2: 40-70 s.
    expect(podCreationTimes(sim, 'slow')).toEqual([0, 40]);
    expect(condition(job(sim, 'slow'), 'Failed')?.reason).toBe('BackoffLimitExceeded');
  });

  it("the Job's activeDeadlineSeconds fails the Job with DeadlineExceeded and kills its pod", async () => {
    const sim = newSim();
    createJob(sim, 'late', { env: { WORKLOAD_SECONDS: '100' }, activeDeadlineSeconds: 20 });
    await sim.runUntilIdle();
    expect(condition(job(sim, 'late'), 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(secondsOf(sim, condition(job(sim, 'late'), 'Failed')!.lastTransitionTime)).toBe(20);
    expect(podsOf(sim, 'late')).toHaveLength(0);
  });

  it('a suspended Job creates no pod and has no startTime until resumed (condition Suspended)', async () => {
    const sim = newSim();
    createJob(sim, 'held', { suspend: true });
    await sim.advance(60);
    expect(podsOf(sim, 'held')).toHaveLength(0);
    expect(job(sim, 'held')!.status?.startTime).toBeUndefined();
    expect(condition(job(sim, 'held'), 'Suspended')).toMatchObject({ status: 'True', reason: 'JobSuspended', message: 'Job suspended' });
    const current = job(sim, 'held')!;
    sim.store.update('Job', { ...current, spec: { ...current.spec, suspend: false } });
    await sim.runUntilIdle();
    expect(secondsOf(sim, job(sim, 'held')!.status?.startTime)).toBe(60);
    expect(condition(job(sim, 'held'), 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(condition(job(sim, 'held'), 'Complete')?.status).toBe('True');
  });

  it('suspending a running Job deletes its active pod; resuming resets startTime and the activeDeadlineSeconds clock', async () => {
    // Exact times (latency off): the suspend is synced, and the pod deleted, in the same instant.
    const sim = newSim(EXACT);
    createJob(sim, 'paused', { env: { WORKLOAD_SECONDS: '30' }, activeDeadlineSeconds: 40 });
    await sim.advance(10);
    const running = job(sim, 'paused')!;
    sim.store.update('Job', { ...running, spec: { ...running.spec, suspend: true } });
    await sim.advance(0);
    expect(podsOf(sim, 'paused')).toHaveLength(0);
    expect(job(sim, 'paused')!.status?.active).toBe(0);
    await sim.advance(100);
    expect(condition(job(sim, 'paused'), 'Failed')).toBeUndefined();
    const held = job(sim, 'paused')!;
    sim.store.update('Job', { ...held, spec: { ...held.spec, suspend: false } });
    await sim.runUntilIdle();
    // Resumed at 110 s; the new pod runs 30 s, inside the 40 s deadline counted from the resume.
    expect(secondsOf(sim, job(sim, 'paused')!.status?.startTime)).toBe(110);
    expect(condition(job(sim, 'paused'), 'Complete')?.status).toBe('True');
    expect(secondsOf(sim, job(sim, 'paused')!.status?.completionTime)).toBe(140);
  });

  it('numbers attempts across every way a pod is replaced: deleted while running, suspend and resume, failure', async () => {
    // Most Jobs keep no tracking record (one pod, no failure): the attempt number of each new pod
    // (the workload's annotation, the PodCreated line) must still count every pod created.
    const sim = newSim();
    createJob(sim, 'again', { env: { WORKLOAD_EXIT_CODES: '0,0,1,0', WORKLOAD_SECONDS: '30' }, backoffLimit: 1 });
    await sim.advance(5);
    const first = podsOf(sim, 'again')[0]!;
    sim.store.delete('Pod', NS, first.metadata.name);
    await sim.advance(5);
    const paused = job(sim, 'again')!;
    sim.store.update('Job', { ...paused, spec: { ...paused.spec, suspend: true } });
    await sim.advance(5);
    const held = job(sim, 'again')!;
    sim.store.update('Job', { ...held, spec: { ...held.spec, suspend: false } });
    await sim.runUntilIdle();
    const attempts = logged(sim, 'PodCreated', 'again').map((e) => e.data?.attempt);
    // 0 deleted, 1 deleted by the suspend, 2 fails (exit code 1), 3 succeeds.
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(job(sim, 'again')!.status).toMatchObject({ failed: 1, succeeded: 1 });
    expect(condition(job(sim, 'again'), 'Complete')?.status).toBe('True');
  });

  it('ttlSecondsAfterFinished deletes the finished Job, and garbage collection its pods', async () => {
    // Exact times (latency off): the Job completes at 0 s, so its TTL expires at exactly 30 s.
    const sim = newSim(EXACT);
    createJob(sim, 'short', { ttlSecondsAfterFinished: 30 });
    await sim.advance(34);
    expect(job(sim, 'short')).toBeDefined();
    await sim.advance(2);
    expect(job(sim, 'short')).toBeUndefined();
    await sim.advance(0);
    expect(podsOf(sim, 'short')).toHaveLength(0);
    expect(logged(sim, 'JobTTLExpired', 'short')).toHaveLength(1);
  });

  it('writes status.active/ready/startTime while running and succeeded/completionTime and conditions when complete', async () => {
    // Exact times (latency off): the Job is ready at 1 s and completes at exactly 10 s in one status write; the two-step finish with latency is in latency.test.ts.
    const sim = newSim(EXACT);
    createJob(sim, 'job', { env: { WORKLOAD_SECONDS: '10' } });
    await sim.advance(1);
    expect(job(sim, 'job')!.status).toMatchObject({ active: 1, ready: 1, failed: 0, succeeded: 0, startTime: '2026-01-01T00:00:00Z' });
    await sim.runUntilIdle();
    const done = job(sim, 'job')!;
    expect(done.status).toMatchObject({ active: 0, ready: 0, succeeded: 1, failed: 0, completionTime: '2026-01-01T00:00:10Z' });
    expect(done.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ]);
  });
});

describe('Job controller: its queue of syncs (latency model on)', () => {
  it('lets go of each Job once it has finished or is deleted: nothing is kept per Job after', async () => {
    const sim = newSim();
    for (let i = 0; i < 30; i++) createJob(sim, `job-${i}`, { env: { WORKLOAD_SECONDS: String(1 + (i % 4)), WORKLOAD_EXIT_CODE: i % 5 === 0 ? '1' : '0' }, backoffLimit: 1 });
    // Deleted while it runs: its queued syncs find nothing, and it is let go of too.
    createJob(sim, 'deleted', { env: { WORKLOAD_SECONDS: '30' } });
    await sim.advance(2);
    const queue = (sim as unknown as { jobs: { dueOf: Map<string, Map<string, unknown>> } }).jobs.dueOf;
    expect(queue.get(NS)?.size).toBeGreaterThan(0);
    sim.store.delete('Job', NS, 'deleted');
    await sim.runUntilIdle();
    for (let i = 0; i < 30; i++) expect(condition(job(sim, `job-${i}`)!, i % 5 === 0 ? 'Failed' : 'Complete')).toBeDefined();
    expect(queue.get(NS)?.size ?? 0).toBe(0);
  });
});

describe('Job controller: syncs that would find nothing (latency model on)', () => {
  /** Counts the Job controller's syncs of `name` from now on. */
  function countSyncs(name: string): { count: () => number; restore: () => void } {
    const spy = vi.spyOn(JobController.prototype as unknown as { sync: (ns: string | undefined, n: string) => boolean }, 'sync');
    return { count: () => spy.mock.calls.filter(([, n]) => n === name).length, restore: () => spy.mockRestore() };
  }

  it('skips the sync queued by its own status write when nothing changed since: a plain run takes three', async () => {
    const sim = newSim();
    const syncs = countSyncs('plain');
    try {
      createJob(sim, 'plain', { env: { WORKLOAD_SECONDS: '10' } });
      await sim.runUntilIdle();
      // Creating the pod (writes startTime, active), the pod ready (writes ready), the pod ended
      // (SuccessCriteriaMet). The sync the `ready` write queued finds what that sync left: skipped.
      expect(syncs.count()).toBe(3);
      expect(condition(job(sim, 'plain'), 'Complete')).toBeDefined();
    } finally {
      syncs.restore();
    }
  });

  it("syncs what someone else changed after a sync, even when its own write queued that sync", async () => {
    const sim = newSim();
    createJob(sim, 'poked', { env: { WORKLOAD_SECONDS: '30' } });
    // The pod is ready and the Job's `ready` written well before 5 s; the sync that write queued is skipped.
    await sim.advance(5);
    const before = job(sim, 'poked')!;
    expect(before.status).toMatchObject({ active: 1, ready: 1 });
    // A client's status write (not the controller's own): the next sync must see it and put it right.
    sim.store.replace('Job', { ...before, status: { ...before.status, active: 0, ready: 0 } });
    expect(job(sim, 'poked')!.status).toMatchObject({ active: 0, ready: 0 });
    await sim.advance(3);
    expect(job(sim, 'poked')!.status).toMatchObject({ active: 1, ready: 1 });
    await sim.runUntilIdle();
    expect(condition(job(sim, 'poked'), 'Complete')).toBeDefined();
  });

  it('still fails a Job past its activeDeadlineSeconds when no timer of its own watches it (started before it came)', async () => {
    const sim = newSim();
    // A Job that says it started 3 s ago: this controller sets no deadline timer for a startTime it
    // did not write, so only a sync sees the deadline (at 2 s) pass.
    const started = new Date(sim.now() - 3000).toISOString().replace(/\.\d+Z$/, 'Z');
    sim.store.create('Job', { ...jobObject('late', { activeDeadlineSeconds: 5, env: { WORKLOAD_SECONDS: '30' } }), status: { startTime: started } });
    // The syncs: the first creates the pod, the next (the pod ready, about 1 s) writes `ready`, and
    // the one that write queued (about 2 s) finds the deadline passed: nothing else changed by then.
    await sim.advance(3);
    expect(condition(job(sim, 'late'), 'Failed')?.reason).toBe('DeadlineExceeded');
  });
});

describe('Job controller: pod names', () => {
  it('draws the name again when the one drawn is taken, as generateName does, and leaves that pod alone', async () => {
    const first = newSim();
    createJob(first, 'j', { env: { WORKLOAD_SECONDS: '1' } });
    await first.advance(5);
    const [drawn] = podsOf(first, 'j').map((p) => p.metadata.name);
    expect(drawn).toMatch(/^j-[a-z0-9]{5}$/);
    // The same seed draws the same name first: a pod of that name is there already.
    const sim = newSim();
    sim.store.create('Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: drawn!, namespace: NS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as never);
    createJob(sim, 'j', { env: { WORKLOAD_SECONDS: '1' } });
    await sim.advance(5);
    const pods = podsOf(sim, 'j');
    expect(pods).toHaveLength(1);
    expect(pods[0]!.metadata.name).not.toBe(drawn);
    expect(pods[0]!.metadata.name).toMatch(/^j-[a-z0-9]{5}$/);
    expect(condition(job(sim, 'j'), 'Complete')?.status).toBe('True');
    expect(sim.store.get('Pod', NS, drawn!)?.metadata.ownerReferences).toBeUndefined();
  });
});
