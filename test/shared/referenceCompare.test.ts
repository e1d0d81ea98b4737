// The reference suite's normalisation and comparison (test/reference/support), checked without a
// reference: what is replaced, what is tolerated and what is still a difference.
import { describe, expect, it } from 'vitest';
import { compareHooks, compareTimelines, controllerLag } from '../reference/support/compare.js';
import type { CaseRecord, HookStep, Timeline } from '../reference/support/cases.js';
import { Normalizer } from '../reference/support/normalize.js';
import { structuralDiff } from '../reference/support/structuralDiff.js';

const B = 'batch-computeabcd12345-20261204201145-vknh5hnt';

describe('Normalizer', () => {
  it('numbers names in the order met, in any case, and replaces times, namespaces and deployments', () => {
    const n = new Normalizer({ deployment: 'dev-reference', namespace: 'myapp-dev' });
    expect(n.normalize({ name: `${B}-w9cho89g`, created: '2026-12-04T19:40:36Z', DeploymentName: 'dev-reference' })).toEqual({ name: '<B1>-<J1>', created: '<time>', DeploymentName: '<deployment>' });
    expect(n.text(`radixbatches ${B.toUpperCase()} not found`)).toBe('radixbatches <B1^> not found');
    expect(n.text(`pod myapp-dev/${B}-w9cho89g-x7k2p failed`)).toBe('pod <namespace>/<B1>-<J1>-<pod> failed');
    expect(n.text('job w9cho89g in the batch x')).toBe('job <J1> in the batch x');
    expect(n.text(`radixbatches ${B.slice(0, B.lastIndexOf('-'))} not found`)).toBe('radixbatches <B1 without its last part> not found');
  });

  it('compares several apiserver errors as a set, image ids without their runtime, start-up events as one', () => {
    const n = new Normalizer();
    const a = n.text('b is invalid: [spec.jobs[0].b: x, spec.jobs[0].a: y]');
    expect(a).toBe(n.text('b is invalid: [spec.jobs[0].a: y, spec.jobs[0].b: x]'));
    expect(n.normalize({ imageId: 'kwok://compute:latest' })).toEqual(n.normalize({ imageId: `compute@sha256:${'a'.repeat(64)}` }));
    expect(n.text('Started container (kwok)')).toBe(n.text('Successfully assigned ns/pod to kwok-node-0'));
    expect(n.text('Back-off restarting failed container')).toBe('Back-off restarting failed container');
  });

  it('reads the stop race (a Failed job whose pods all exited 143) as Stopped, and nothing else', () => {
    const n = new Normalizer();
    const raced = { status: 'Failed', podStatuses: [{ exitCode: 143, reason: 'Error', endTime: 't', replicaStatus: { status: 'Failed' } }] };
    expect(n.normalize(raced)).toEqual({ status: 'Stopped', podStatuses: [{ exitCode: 0, replicaStatus: { status: 'Stopped' } }] });
    const failed = { status: 'Failed', podStatuses: [{ exitCode: 1, replicaStatus: { status: 'Failed' } }] };
    expect(n.normalize(failed)).toEqual(failed);
  });
});

describe('structuralDiff', () => {
  it('tells absent from null, and names the path', () => {
    expect(structuralDiff({ a: null }, {})).toEqual(['.a: null → (absent)']);
    expect(structuralDiff({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toEqual(['.a[1].b: "x" → "y"']);
    expect(structuralDiff([1, 2], [1, 2])).toEqual([]);
  });
});

const timeline = (...s: [string, number, number][]): Timeline => ({ segments: s.map(([status, at, samples]) => ({ status, at, samples })) });
const step = (at: number, status: string, jobs: Record<string, string> = {}, event = 'Update'): HookStep => ({ at, event, status, jobs, body: {} });

describe('timelines', () => {
  const timing = { timing: true };
  it('lets a one-sample status or a leading Waiting be missing, not a lasting one', () => {
    expect(compareTimelines('t', timeline(['Waiting', 0, 3], ['Active', 1, 1], ['Running', 2, 3], ['Succeeded', 5, 1]), timeline(['Running', 0, 3], ['Succeeded', 5, 1]), timing)).toEqual([]);
    expect(compareTimelines('t', timeline(['Running', 0, 3], ['Failed', 2, 4], ['Succeeded', 5, 1]), timeline(['Running', 0, 3], ['Succeeded', 5, 1]), timing)).toHaveLength(1);
  });

  it('reads a status again after a skipped blip as no change', () => {
    const ref = timeline(['Running', 0, 9], ['Failed', 19, 1]);
    expect(compareTimelines('t', ref, timeline(['Running', 0, 6], ['Active', 14, 1], ['Running', 15, 3], ['Failed', 20, 1]), timing)).toEqual([]);
  });

  it('compares when the last status is reached within 4 s or 40%, and not at all under load', () => {
    const ref = timeline(['Running', 0, 3], ['Succeeded', 20, 1]);
    expect(compareTimelines('t', ref, timeline(['Running', 0, 3], ['Succeeded', 13, 1]), timing)).toEqual([]);
    expect(compareTimelines('t', ref, timeline(['Running', 0, 3], ['Succeeded', 2, 1]), timing)[0]).toMatch(/end with Succeeded after 20\.0 s → 2\.0 s/);
    expect(compareTimelines('t', ref, timeline(['Running', 0, 3], ['Succeeded', 2, 1]), { timing: false })).toEqual([]);
  });

  it('compares when a status was reached, between the poll before and the one that saw it, not the polls\' phases', () => {
    // A run of stop-delete/stop-one-job-of-a-batch: batches are polled every 4 s; jobsim's end was
    // first seen 3.9 s after the reference's, with its poll before at 7.9 s (the reference's poll
    // before is taken here as 5.7 s).
    const polled = (at: number, since: number, runningAt: number) => ({ segments: [{ status: 'Running', at: runningAt, samples: 2 }, { status: 'Succeeded', at, samples: 1, since }] });
    expect(compareTimelines('t', polled(7.987, 5.7, 1.63), polled(11.913, 7.913, 3.913), timing)).toEqual([]);
    expect(compareTimelines('t', polled(7.987, 5.7, 1.63), polled(12.1, 7.913, 3.913), timing)).toEqual([]);
    // Without the poll before, the times first seen are all there is.
    expect(compareTimelines('t', timeline(['Running', 1.63, 2], ['Succeeded', 7.987, 1]), timeline(['Running', 3.913, 2], ['Succeeded', 12.1, 1]), timing)).toHaveLength(1);
    // Reached 10 s later than the reference, whatever the polls: a difference, naming both polls.
    expect(compareTimelines('t', polled(7.987, 5.7, 1.63), polled(22, 18, 3.913), timing)).toEqual([
      't: polled statuses end with Succeeded after 8.0 s → 22.0 s (± 4 s or 40%, the polls before at 5.7 s → 18.0 s)',
    ]);
    expect(compareTimelines('t', polled(20, 18, 1.63), polled(7.987, 5.7, 3.913), timing)).toHaveLength(1);
  });

  it('compares webhook events per job and for the batch, whatever their grouping', () => {
    const ref = [step(0, 'Waiting', {}, 'Create'), step(1, 'Running', { j1: 'Running', j2: 'Running' }), step(4, 'Succeeded', { j1: 'Succeeded', j2: 'Succeeded' })];
    const other = [step(0, 'Waiting', {}, 'Create'), step(1, 'Running', { j1: 'Running' }), step(1.2, 'Running', { j2: 'Running' }), step(4.5, 'Succeeded', { j1: 'Succeeded', j2: 'Succeeded' })];
    expect(compareHooks('w', ref, other, timing)).toEqual([]);
    const wrong = [...other.slice(0, 3), step(4.5, 'Failed', { j1: 'Succeeded', j2: 'Failed' })];
    expect(compareHooks('w', ref, wrong, timing).map((d) => d.split(':')[0])).toEqual(['w (batch)', 'w (j2)']);
  });

  it('pairs brief steps on either side in whichever way pairs them all', () => {
    // The reference's first batch event came after a job was Active; jobsim's a moment before. Skipping
    // the reference's brief Running first would leave jobsim's Running (3 s) without a partner.
    const ref = [step(0, 'Succeeded', {}, 'Create'), step(0.7, 'Running', { j1: 'Active' }), step(3.2, 'Succeeded', { j1: 'Stopped' })];
    const other = [step(0, 'Succeeded', {}, 'Create'), step(0, 'Waiting', { j1: 'Waiting' }), step(0.1, 'Running', { j1: 'Active' }), step(3.1, 'Succeeded', { j1: 'Stopped' })];
    expect(compareHooks('w', ref, other, timing)).toEqual([]);
    const lasting = [step(0, 'Succeeded', {}, 'Create'), step(0, 'Waiting', { j1: 'Waiting' }), step(3.5, 'Running', { j1: 'Active' }), step(7, 'Succeeded', { j1: 'Stopped' })];
    // A job may wait as long as its start takes; the batch's Waiting after its Create lasted 3.5 s.
    expect(compareHooks('w', ref, lasting, timing).map((d) => d.split(':')[0])).toEqual(['w (batch)']);
  });

  it('measures the controller lag from Create to the first job statuses', () => {
    const rec = (lag: number): CaseRecord => ({ observations: [], polled: {}, hooks: { webhooks: [step(0, 'Waiting', {}, 'Create'), step(lag, 'Waiting', { j: 'Waiting' })] } });
    expect(controllerLag([rec(0.2), rec(0.4), rec(9)])).toBe(0.4);
    expect(controllerLag([])).toBeUndefined();
  });
});
