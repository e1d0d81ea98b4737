// The http benchmark runs end to end on a small scale: three servers answer the load, the batch is
// accepted over HTTP and read back whole (the figures themselves are for bench/README.md, not asserted).
import { describe, expect, it } from 'vitest';
import { httpBench } from '../../bench/http.js';

describe('bench: http scenario', () => {
  it('measures raw node:http, bare Express and jobsim, a batch accept and a batch GET', async () => {
    const r = await httpBench({ seconds: 1, connections: 2, batch: 500 });
    for (const kind of ['raw', 'express', 'jobsim'] as const) expect(r.createJob[kind]!.requests).toBeGreaterThan(0);
    expect(r.batch.jobs).toBe(500);
    expect(r.batch.httpAcceptMs).toBeGreaterThan(0);
    expect(r.batch.httpRunsMs).toHaveLength(3);
    expect(r.batch.engineRunsMs).toHaveLength(3);
    expect(r.getBatch.status).toBe(200);
    // 500 jobs, each with its name and a pod status: well over 100 bytes a job.
    expect(r.getBatch.bytes).toBeGreaterThan(500 * 100);
  }, 120_000);
});
