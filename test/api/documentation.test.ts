// Every request body in the public documentation is accepted as written, and what comes back has
// the documented shape (the documented profile).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectContract, startHarness, type Harness } from '../support/harness.js';

interface Fixture {
  file: string;
  kind: 'request' | 'response';
  method: string;
  path: string;
  schema: string;
}
const dir = new URL('../fixtures/documentation/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { fixtures: Fixture[] };
const requests = manifest.fixtures.filter((f) => f.kind === 'request');

let h: Harness;
afterEach(() => h?.stop());

describe('documentation request examples', () => {
  it('covers every request example of the documentation', () => {
    expect(requests.map((f) => f.file).sort()).toEqual([
      'create-batch-request-defaults.json',
      'create-batch-request-full.json',
      'create-batch-request-job-ids.json',
      'create-batch-request-payloads.json',
      'create-job-request-full.json',
      'create-job-request-job-id.json',
      'create-job-request-payload.json',
    ]);
  });

  for (const fixture of requests) {
    it(`accepts ${fixture.file} and runs it to a terminal state`, async () => {
      h = await startHarness();
      const body = JSON.parse(readFileSync(new URL(fixture.file, dir), 'utf8'));
      const res = await h.http.post(fixture.path).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expectContract(fixture.method, fixture.path, res);
      const isBatch = fixture.path.endsWith('/batches');
      const ids = isBatch ? (body.jobScheduleDescriptions as { jobId?: string }[]).map((j) => j.jobId) : [body.jobId];
      const jobs = isBatch ? (res.body.jobStatuses as { jobId?: string }[]) : [res.body];
      expect(jobs.map((j) => j.jobId)).toEqual(ids);
      if (isBatch && body.batchId) expect(res.body.batchId).toBe(body.batchId);

      // The documentation asks for the node type memory-optimized-2-v1: give the cluster such a node.
      h.sim.addNode({
        name: 'memory-optimized-1',
        cpu: '8',
        memory: '64Gi',
        labels: { 'radix-nodetype': 'memory-optimized-2-v1', 'kubernetes.io/arch': 'amd64' },
        taints: [{ key: 'radix-nodetype', value: 'memory-optimized-2-v1', effect: 'NoSchedule' }],
      });
      await h.idle();
      const path = isBatch ? `/api/v1/batches/${res.body.name}` : `/api/v1/jobs/${res.body.name}`;
      const after = await h.http.get(path);
      expectContract('get', path, after);
      expect(['Succeeded', 'Failed', 'Stopped']).toContain(after.body.status);
      expect(after.body.ended).not.toBe('');
      expect(h.errors).toEqual([]);
      // Payloads went into Secrets owned by the batch.
      if (JSON.stringify(body).includes('payload')) expect(h.sim.store.count('Secret')).toBeGreaterThan(0);
    });
  }
});
