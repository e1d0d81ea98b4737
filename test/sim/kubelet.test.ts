// The kubelet: container states and reasons, timestamps, readiness and the Events Kubernetes
// records for a pod; garbage collection of a deleted Job's pods.
import { describe, expect, it } from 'vitest';
import { createJob, eventsAbout, job, logged, NS, podsOf, newSim } from './support.js';

describe('kubelet', () => {
  it('shows ContainerCreating while the image is pulled, then running and ready, then terminated Completed', async () => {
    const sim = newSim({ podStartupSeconds: 2 });
    createJob(sim, 'ok', { env: { WORKLOAD_SECONDS: '10' } });
    await sim.advance(1);
    let pod = podsOf(sim, 'ok')[0]!;
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ ready: false, state: { waiting: { reason: 'ContainerCreating' } } });
    await sim.advance(2);
    pod = podsOf(sim, 'ok')[0]!;
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ ready: true, started: true, state: { running: { startedAt: '2026-01-01T00:00:02Z' } } });
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    await sim.runUntilIdle();
    pod = podsOf(sim, 'ok')[0]!;
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.status?.containerStatuses?.[0]?.state.terminated).toEqual({
      exitCode: 0,
      reason: 'Completed',
      startedAt: '2026-01-01T00:00:02Z',
      finishedAt: '2026-01-01T00:00:12Z',
    });
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const name = pod.metadata.name;
    expect(eventsAbout(sim, name)).toEqual([
      `Scheduled: Successfully assigned ${NS}/${name} to node-1`,
      'Pulling: Pulling image "busybox:1.36"',
      'Pulled: Successfully pulled image "busybox:1.36" in 2s (2s including waiting)',
      'Created: Created container: main',
      'Started: Started container main',
    ]);
  });

  it('a non-zero exit code terminates the container with reason Error and fails the pod', async () => {
    const sim = newSim();
    createJob(sim, 'bad', { env: { WORKLOAD_EXIT_CODE: '3' } });
    await sim.runUntilIdle();
    const pod = podsOf(sim, 'bad')[0]!;
    expect(pod.status?.phase).toBe('Failed');
    expect(pod.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('memory above the limit is OOMKilled with exit code 137', async () => {
    const sim = newSim();
    createJob(sim, 'hungry', { env: { WORKLOAD_MEMORY: '2Gi' }, limits: { memory: '1Gi' } });
    await sim.runUntilIdle();
    expect(podsOf(sim, 'hungry')[0]!.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('a pod past its activeDeadlineSeconds is killed (Killing event, exit 137)', async () => {
    const sim = newSim();
    createJob(sim, 'slow', { env: { WORKLOAD_SECONDS: '60' }, podActiveDeadlineSeconds: 5 });
    await sim.runUntilIdle();
    const pod = podsOf(sim, 'slow')[0]!;
    expect(pod.status?.containerStatuses?.[0]?.state.terminated).toMatchObject({ exitCode: 137, finishedAt: '2026-01-01T00:00:05Z' });
    expect(eventsAbout(sim, pod.metadata.name)).toEqual(
      expect.arrayContaining(['DeadlineExceeded: Pod was active on the node longer than the specified deadline', 'Killing: Stopping container main']),
    );
  });

  it('an image pull failure shows ErrImagePull then ImagePullBackOff, and the pull is retried after the back-off', async () => {
    const sim = newSim();
    const fault = sim.injectFault({ type: 'imagePullFailure', image: 'registry.example/*', durationSeconds: 25 });
    createJob(sim, 'pull', { image: 'registry.example/app:1' });
    await sim.advance(1);
    let pod = podsOf(sim, 'pull')[0]!;
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('ImagePullBackOff');
    expect(eventsAbout(sim, pod.metadata.name)).toEqual(expect.arrayContaining(['Failed: Error: ErrImagePull', 'BackOff: Back-off pulling image "registry.example/app:1"']));
    await sim.runUntilIdle();
    pod = podsOf(sim, 'pull')[0]!;
    // Retries at 10 s and 30 s (10 + 20); the fault ended at 25 s, so the second retry succeeds.
    expect(pod.status?.phase).toBe('Succeeded');
    expect(pod.status?.containerStatuses?.[0]?.state.terminated?.startedAt).toBe('2026-01-01T00:00:30Z');
    expect(logged(sim, 'FaultEffect', fault.id).map((e) => e.message)).toEqual(['ImagePullFailed', 'ImagePullFailed']);
    expect(logged(sim, 'FaultRecovered', fault.id)).toHaveLength(1);
  });

  it('deleting a Job deletes its pods through their ownerReferences (background propagation)', async () => {
    const sim = newSim();
    createJob(sim, 'doomed', { env: { WORKLOAD_SECONDS: '100' } });
    await sim.advance(1);
    const pod = podsOf(sim, 'doomed')[0]!;
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: 'doomed', controller: true });
    sim.store.delete('Job', NS, 'doomed');
    expect(job(sim, 'doomed')).toBeUndefined();
    await sim.advance(0);
    expect(podsOf(sim, 'doomed')).toHaveLength(0);
    expect(logged(sim, 'GarbageCollected', pod.metadata.name)).toHaveLength(1);
    expect(eventsAbout(sim, pod.metadata.name)).toContain('Killing: Stopping container main');
  });
});
