// Parts of a Job's spec shared between the jobs of a component (built once, by object): each job
// still gets its own values, in the order the reference gives them.
import { describe, expect, it } from 'vitest';
import { effectiveEnv } from '../../src/engine/kubeJob.js';
import { unrunnable } from '../../src/engine/validation.js';
import type { JobComponent } from '../../src/engine/types.js';
import type { RadixBatchJob } from '../../src/cluster/radixBatch.js';

const component = (over: Partial<JobComponent>): JobComponent => ({ name: 'compute', image: 'img', ...over }) as JobComponent;
const job = (over: Partial<RadixBatchJob> = {}): RadixBatchJob => ({ name: 'j1', ...over }) as RadixBatchJob;

describe("a component's variables in each job's env", () => {
  it('come first in their order, then the job name, for every job of the component', () => {
    const c = component({ variables: { B: '2', A: '1' } });
    const first = effectiveEnv(c, job(), 'batch-j1');
    const second = effectiveEnv(c, job({ name: 'j2' }), 'batch-j2');
    expect(first).toEqual([
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
      { name: 'RADIX_JOB_NAME', value: 'batch-j1' },
    ]);
    expect(second.at(-1)).toEqual({ name: 'RADIX_JOB_NAME', value: 'batch-j2' });
    expect(first.at(-1)).toEqual({ name: 'RADIX_JOB_NAME', value: 'batch-j1' });
  });

  it("a component's own RADIX_JOB_NAME keeps its place and takes the job's name", () => {
    const c = component({ variables: { RADIX_JOB_NAME: 'x', A: '1' } });
    expect(effectiveEnv(c, job(), 'batch-j1')).toEqual([
      { name: 'RADIX_JOB_NAME', value: 'batch-j1' },
      { name: 'A', value: '1' },
    ]);
  });

  it("a job's variables override the component's by key", () => {
    const c = component({ variables: { A: '1', B: '2' } });
    expect(effectiveEnv(c, job({ variables: { B: 'job' } }), 'n')).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'job' },
      { name: 'RADIX_JOB_NAME', value: 'n' },
    ]);
  });
});

describe('unrunnable resources', () => {
  it('names the bad quantity each time it is asked, and passes good ones', () => {
    const bad = component({ resources: { requests: { cpu: 'lots' } } });
    expect(unrunnable(job(), bad)).toBe('resources.requests.cpu: invalid quantity "lots"');
    expect(unrunnable(job({ name: 'j2' }), bad)).toBe('resources.requests.cpu: invalid quantity "lots"');
    const good = component({ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } });
    expect(unrunnable(job(), good)).toBeUndefined();
    expect(unrunnable(job({ resources: { limits: { memory: '-1Gi' } } }), good)).toBe('resources.limits.memory: invalid quantity "-1Gi"');
  });
});
