// The engine's cache of Jobs and pods (src/engine/jobPods.ts) once a job's status is final: its Job
// and pods are let go and stay gone however late their events come, the pods' latest Event notes
// stay (while the status has no message of its own) until the pods are deleted, and a new Job of
// the same name is cached again.
import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '../../src/cluster/types.js';
import { JobsAndPods } from '../../src/engine/jobPods.js';

function job(name: string, uid: string, rv: number): Job {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, uid, resourceVersion: String(rv) }, spec: {}, status: {} } as unknown as Job;
}

function pod(name: string, jobName: string, jobUid: string, rv: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, uid: `uid-${name}`, resourceVersion: String(rv), labels: { 'job-name': jobName }, ownerReferences: [{ kind: 'Job', name: jobName, uid: jobUid }] },
    spec: { containers: [] },
  } as unknown as Pod;
}

describe('JobsAndPods once a job is finished', () => {
  it('lets go of its Job and pods, and late events do not bring them back', () => {
    const c = new JobsAndPods();
    c.applyJob('ADDED', job('b-j1', 'u1', 1));
    c.applyPod('ADDED', pod('b-j1-p', 'b-j1', 'u1', 2));
    c.notePodEvent('b-j1-p', 'Started container', '2026-03-01T01:00:01Z');
    const pods: Pod[] = [];
    expect(c.jobAndPods('b-j1', pods)?.metadata.uid).toBe('u1');
    expect(pods).toHaveLength(1);

    c.finished('b-j1', false);
    expect(c.jobAndPods('b-j1', pods)).toBeUndefined();
    expect(pods).toEqual([]);
    // The Job's own completion, and a pod write, arriving after the status was final.
    expect(c.applyJob('MODIFIED', job('b-j1', 'u1', 3))).toBe(false);
    expect(c.applyPod('MODIFIED', pod('b-j1-p', 'b-j1', 'u1', 4))).toBe(false);
    expect(c.job('b-j1')).toBeUndefined();
    // The note stays for the views, and a later Event still moves it on.
    expect(c.latestEventMessageOf('b-j1-p')).toBe('Started container');
    c.notePodEvent('b-j1-p', 'Stopping container', '2026-03-01T01:00:05Z');
    expect(c.latestEventMessageOf('b-j1-p')).toBe('Stopping container');
    // Deleting the pod drops its note.
    expect(c.applyPod('DELETED', pod('b-j1-p', 'b-j1', 'u1', 5))).toBe(false);
    expect(c.latestEventMessageOf('b-j1-p')).toBeUndefined();

    // Once the Job is deleted, a new Job of that name (another uid) is cached as any other.
    c.applyJob('DELETED', job('b-j1', 'u1', 6));
    expect(c.applyJob('ADDED', job('b-j1', 'u2', 7))).toBe(true);
    expect(c.applyPod('ADDED', pod('b-j1-q', 'b-j1', 'u2', 8))).toBe(true);
    expect(c.jobAndPods('b-j1', pods)?.metadata.uid).toBe('u2');
    expect(pods.map((p) => p.metadata.name)).toEqual(['b-j1-q']);
  });

  it('keeps no note when the status has a message of its own', () => {
    const c = new JobsAndPods();
    c.applyJob('ADDED', job('b-j2', 'u2', 1));
    c.applyPod('ADDED', pod('b-j2-p', 'b-j2', 'u2', 2));
    c.notePodEvent('b-j2-p', 'Back-off restarting failed container', '2026-03-01T01:00:01Z');
    c.finished('b-j2', true);
    expect(c.latestEventMessageOf('b-j2-p')).toBeUndefined();
    expect(c.job('b-j2')).toBeUndefined();
  });
});
