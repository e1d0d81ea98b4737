// Kubernetes Job and pods -> the recorded job status (as the reference's batch controller; the operator's
// Test_BatchJobStatus and Test_BatchStatusCondition).
import { describe, expect, it } from 'vitest';
import { nextJobStatus, podStatusOf } from '../../src/engine/jobStatus.js';
import type { BatchJobStatus } from '../../src/cluster/radixBatch.js';
import type { ContainerStatus, Job, Pod } from '../../src/cluster/types.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:00:10Z';
const NOW = '2026-01-01T00:01:00Z';

function pod(state: ContainerStatus['state'] | undefined, extra: Partial<Pod['status']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: T0 },
    spec: { containers: [{ name: 'compute', image: 'compute:1' }] },
    status: { phase: 'Pending', ...(state ? { containerStatuses: [{ name: 'compute', image: 'compute:1', imageID: 'compute@sha256:1', ready: false, restartCount: 0, state }] } : {}), ...extra },
  };
}

function job(status: Job['status']): Job {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'b-j', creationTimestamp: T0 }, spec: { template: { spec: { containers: [] } } }, status } as Job;
}

describe('pod status from the container state', () => {
  it.each([
    ['running', { running: { startedAt: T0 } }, { phase: 'Running', startTime: T0, exitCode: 0 }],
    ['waiting', { waiting: { reason: 'ErrImagePull', message: 'pull failed' } }, { phase: 'Pending', reason: 'ErrImagePull', message: 'pull failed', exitCode: 0 }],
    ['terminated Completed, exit 0', { terminated: { exitCode: 0, reason: 'Completed', startedAt: T0, finishedAt: T1 } }, { phase: 'Succeeded', reason: 'Completed', startTime: T0, endTime: T1, exitCode: 0 }],
    ['terminated Error', { terminated: { exitCode: 3, reason: 'Error', startedAt: T0, finishedAt: T1 } }, { phase: 'Failed', reason: 'Error', exitCode: 3 }],
    ['terminated OOMKilled', { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: T0, finishedAt: T1 } }, { phase: 'Failed', reason: 'OOMKilled', exitCode: 137, message: 'Out of memory.' }],
  ] as const)('%s', (_n, state, expected) => {
    expect(podStatusOf(pod(state as ContainerStatus['state']), 0, false)).toMatchObject({ ...expected, imageID: 'compute@sha256:1', image: 'compute:1', podIndex: 0, creationTime: T0 });
  });

  it('no container status: the latest pod condition and the pod phase', () => {
    const p = pod(undefined, {
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: T0 },
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available', lastTransitionTime: T1 },
      ],
    });
    expect(podStatusOf(p, 1, false)).toMatchObject({ phase: 'Pending', reason: 'Unschedulable', message: '0/3 nodes are available', podIndex: 1 });
  });

  it('a stopped job reports Pending and Running pods as Stopped', () => {
    expect(podStatusOf(pod({ running: { startedAt: T0 } }), 0, true).phase).toBe('Stopped');
    expect(podStatusOf(pod({ terminated: { exitCode: 1, reason: 'Error' } }), 0, true).phase).toBe('Failed');
  });
});

describe('job phase from the Kubernetes Job', () => {
  const spec = { name: 'j' };
  const cond = (type: string, reason: string, message: string) => ({ type, status: 'True' as const, reason, message, lastTransitionTime: T1 });
  const cases: [string, BatchJobStatus | undefined, Job | undefined, Partial<BatchJobStatus>][] = [
    ['no Kubernetes Job yet: Waiting', undefined, undefined, { phase: 'Waiting' }],
    ['active, not ready: Active', undefined, job({ active: 1, startTime: T0 }), { phase: 'Active', startTime: T0, creationTime: T0 }],
    ['active and ready: Running', undefined, job({ active: 1, ready: 1, startTime: T0 }), { phase: 'Running' }],
    ['Complete condition: Succeeded with its time, reason and message', undefined, job({ succeeded: 1, startTime: T0, conditions: [cond('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')] }), { phase: 'Succeeded', endTime: T1, reason: 'CompletionsReached' }],
    ['SuccessCriteriaMet: Succeeded', undefined, job({ conditions: [cond('SuccessCriteriaMet', 'CompletionsReached', '')] }), { phase: 'Succeeded' }],
    ['Failed condition: Failed with its reason and message', undefined, job({ failed: 2, conditions: [cond('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')] }), { phase: 'Failed', failed: 2, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', endTime: T1 }],
    ['PodFailurePolicy', undefined, job({ failed: 1, conditions: [cond('Failed', 'PodFailurePolicy', 'Container compute for pod p failed with exit code 42')] }), { phase: 'Failed', reason: 'PodFailurePolicy' }],
    ['between attempts: the previous phase is kept', { name: 'j', phase: 'Running' }, job({ active: 0, failed: 1 }), { phase: 'Running', failed: 1 }],
    ['terminal statuses are frozen', { name: 'j', phase: 'Succeeded', endTime: T0 }, job({ active: 1 }), { phase: 'Succeeded', endTime: T0 }],
  ];
  it.each(cases)('%s', (_n, prev, kubeJob, expected) => {
    expect(nextJobStatus(prev, spec, kubeJob, [], NOW)).toMatchObject(expected);
  });

  it('stop: Stopped at reconcile time once the Kubernetes Job is gone, keeping start time and failures', () => {
    const prev: BatchJobStatus = { name: 'j', phase: 'Running', startTime: T0, creationTime: T0, failed: 1 };
    expect(nextJobStatus(prev, { name: 'j', stop: true }, job({ active: 1 }), [], NOW).phase).toBe('Running');
    expect(nextJobStatus(prev, { name: 'j', stop: true }, undefined, [], NOW)).toMatchObject({ phase: 'Stopped', endTime: NOW, startTime: T0, failed: 1 });
  });
});
